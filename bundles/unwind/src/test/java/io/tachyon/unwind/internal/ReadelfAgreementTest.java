package io.tachyon.unwind.internal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every row of every FDE of real files, as {@code readelf -wF} interprets them, against this parser and
 * interpreter: the FDE found for the row's address, the CFA rule and the rules of all sixteen registers and the
 * return address.
 */
class ReadelfAgreementTest {

    private static final Pattern FDE = Pattern.compile(
            "^[0-9a-f]+ [0-9a-f]+ [0-9a-f]+ FDE cie=[0-9a-f]+ pc=([0-9a-f]+)\\.\\.([0-9a-f]+)");
    private static final List<String> REGISTER_NAMES = List.of("rax", "rdx", "rcx", "rbx", "rsi", "rdi", "rbp",
            "rsp", "r8", "r9", "r10", "r11", "r12", "r13", "r14", "r15", "ra");

    static Stream<Path> files() {
        return Stream.of(Path.of("/lib/x86_64-linux-gnu/libc.so.6"), Path.of("/lib64/ld-linux-x86-64.so.2"),
                Path.of(System.getProperty("java.home"), "lib/server/libjvm.so"));
    }

    @ParameterizedTest
    @MethodSource("files")
    void everyRowAgreesWithReadelf(Path file) throws IOException {
        Tools.requireX86_64();
        Tools.requireTool("readelf");
        Tools.require(Files.isReadable(file), file + " is not on this machine");
        ModuleUnwindTables tables = ModuleUnwindTables.read(file, ElfUnwindImage.EM_X86_64);
        CfiInterpreter interpreter = new CfiInterpreter(X86_64HybridUnwinder.REGISTERS);

        String[] lines = Tools.output("readelf", "-wF", file.toString()).split("\n");
        long fdeStart = -1;
        List<String> columns = List.of();
        int rows = 0;
        int fdes = 0;
        List<String> disagreements = new ArrayList<>();
        boolean inEhFrame = false;
        for (String line : lines) {
            if (line.startsWith("Contents of the ")) {
                inEhFrame = line.startsWith("Contents of the .eh_frame section");
                fdeStart = -1;
                continue;
            }
            if (line.contains(" CIE ") || !inEhFrame) {
                fdeStart = -1;
                continue;
            }
            Matcher fde = FDE.matcher(line);
            if (fde.find()) {
                fdeStart = Long.parseUnsignedLong(fde.group(1), 16);
                fdes++;
                continue;
            }
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 2 && fields[0].equals("LOC")) {
                columns = List.of(fields);
                continue;
            }
            if (fdeStart < 0 || fields.length != columns.size() || !fields[0].matches("[0-9a-f]{16}")) {
                continue;
            }
            long location = Long.parseUnsignedLong(fields[0], 16);
            EhFrame.Fde found = tables.fdeFor(location);
            if (found == null || found.pcBegin() != fdeStart) {
                disagreements.add("0x" + Long.toHexString(location) + ": FDE " + found);
                continue;
            }
            CfiRow row = interpreter.rowAt(tables.ehFrame(), found, location);
            rows++;
            check(disagreements, location, "CFA", fields[1], cfa(row));
            for (int column = 2; column < columns.size(); column++) {
                int register = REGISTER_NAMES.indexOf(columns.get(column));
                if (register >= 0 && !fields[column].equals("u")) {
                    check(disagreements, location, columns.get(column), fields[column], rule(row, register));
                }
            }
        }
        System.out.printf("%s: %d FDEs, %d rows agree with readelf -wF%n", file, fdes, rows);
        assertThat(disagreements).isEmpty();
        assertThat(rows).isGreaterThan(1000);
    }

    @ParameterizedTest
    @MethodSource("files")
    void headerTableMatchesAScanOfEhFrame(Path file) throws IOException {
        Tools.requireX86_64();
        Tools.require(Files.isReadable(file), file + " is not on this machine");
        ElfUnwindImage image = ElfUnwindImage.read(file, ElfUnwindImage.EM_X86_64);
        EhFrame ehFrame = new EhFrame(file + " .eh_frame", image.ehFrame().bytes(), image.ehFrame().address());
        FdeTable header = FdeTable.fromHeader(new SectionReader(file + " .eh_frame_hdr", image.ehFrameHdr().bytes(),
                image.ehFrameHdr().address()), ehFrame);
        FdeTable scanned = FdeTable.byScanning(ehFrame);
        assertThat(header.size()).isEqualTo(scanned.size()).isGreaterThan(100);
        List<Long> starts = new ArrayList<>();
        ehFrame.forEachFde((fde, offset) -> starts.add(fde.pcBegin()));
        for (long start : starts) {
            assertThat(header.candidateFor(start)).isEqualTo(scanned.candidateFor(start));
        }
    }

    @Test
    void readsTheBuildIdAndSegmentsOfACompiledProgram(@TempDir Path dir) throws IOException {
        StackCaptureHarness harness = StackCaptureHarness.run(dir);
        ElfUnwindImage image = ElfUnwindImage.read(harness.program, ElfUnwindImage.EM_X86_64);
        Matcher id = Pattern.compile("Build ID: ([0-9a-f]+)")
                .matcher(Tools.run("readelf", "-n", harness.program.toString()));
        assertThat(id.find()).isTrue();
        assertThat(image.buildId()).isEqualTo(id.group(1));
        assertThat(image.loadSegments()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(image.ehFrameHdr().present()).isTrue();
    }

    private static void check(List<String> disagreements, long location, String column, String expected,
            String actual) {
        if (!expected.equals(actual)) {
            disagreements.add("0x" + Long.toHexString(location) + " " + column + ": readelf " + expected
                    + ", here " + actual);
        }
    }

    private static String cfa(CfiRow row) {
        if (row.cfaIsExpression()) {
            return "exp";
        }
        return REGISTER_NAMES.get(row.cfaRegister) + (row.cfaOffset >= 0 ? "+" : "") + row.cfaOffset;
    }

    private static String rule(CfiRow row, int register) {
        long value = row.ruleValues[register];
        return switch (row.ruleKinds[register]) {
            case CfiRow.OFFSET -> "c" + (value >= 0 ? "+" : "") + value;
            case CfiRow.VAL_OFFSET -> "v" + (value >= 0 ? "+" : "") + value;
            case CfiRow.REGISTER -> REGISTER_NAMES.get((int) value);
            case CfiRow.EXPRESSION -> "exp";
            case CfiRow.VAL_EXPRESSION -> "vexp";
            case CfiRow.UNDEFINED -> "u";
            default -> "s";
        };
    }
}
