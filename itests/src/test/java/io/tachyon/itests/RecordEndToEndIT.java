package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.compile;
import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records real processes through the built distribution's bin/tachyon and checks the reports. */
class RecordEndToEndIT {

    @TempDir
    static Path dir;

    @BeforeAll
    static void kernel() throws Exception {
        requireKernelRecording();
    }

    @Test
    void hotFunctionsShowTheirKnownCpuSplit() throws Exception {
        Path program = compile("hot_functions.c", dir);
        Path capture = dir.resolve("hot.tcap");

        Tachyon.Result record = tachyon("record", "-F", "4000", "-g", "-o", capture.toString(), "--",
                program.toString(), "1500000000");
        assertThat(record.exitStatus()).as(record.toString()).isZero();
        assertThat(Files.size(capture)).isPositive();

        Tachyon.Result report = tachyon("report", capture.toString(), "top", "--limit", "50");
        assertThat(report.exitStatus()).as(report.toString()).isZero();
        Map<String, TopReport.Row> rows = TopReport.parse(report.stdout());
        assertThat(rows).as(report.stdout()).containsKeys("hot_fifty", "hot_thirty", "hot_twenty");
        assertThat(rows.get("hot_fifty").selfPercent()).as(report.stdout()).isCloseTo(50.0, within(3.0));
        assertThat(rows.get("hot_thirty").selfPercent()).as(report.stdout()).isCloseTo(30.0, within(3.0));
        assertThat(rows.get("hot_twenty").selfPercent()).as(report.stdout()).isCloseTo(20.0, within(3.0));
        assertThat(rows.get("main").totalPercent()).as(report.stdout()).isGreaterThan(95.0);

        // The names travel with the capture: with the program moved away they are still there.
        Files.move(program, dir.resolve("moved-away"));
        Tachyon.Result moved = tachyon("report", capture.toString(), "top", "--limit", "50");
        assertThat(moved.exitStatus()).as(moved.toString()).isZero();
        assertThat(TopReport.parse(moved.stdout())).as(moved.stdout())
                .containsKeys("hot_fifty", "hot_thirty", "hot_twenty", "main");
    }

    @Test
    void kernelFramesAppearUnderTheSyscallHeavyFunction() throws Exception {
        Path program = compile("syscall_heavy.c", dir);
        Path capture = dir.resolve("syscalls.tcap");

        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--", program.toString(), "3000000");
        assertThat(record.exitStatus()).as(record.toString()).isZero();
        Tachyon.Result stacks = tachyon("report", capture.toString(), "stacks");
        assertThat(stacks.exitStatus()).as(stacks.toString()).isZero();

        long underWriteMany = 0;
        long withKernelFrames = 0;
        Set<String> kernelFunctions = new TreeSet<>();
        for (String line : stacks.stdout().lines().toList()) {
            int space = line.lastIndexOf(' ');
            List<String> frames = List.of(line.substring(0, space).split(";"));
            long samples = Long.parseLong(line.substring(space + 1));
            int caller = frames.indexOf("write_many");
            if (caller < 0) {
                continue;
            }
            underWriteMany += samples;
            List<String> callees = frames.subList(caller + 1, frames.size());
            int firstKernel = indexOfKernelFrame(callees);
            if (firstKernel >= 0) {
                List<String> kernelPart = callees.subList(firstKernel, callees.size());
                assertThat(kernelPart).as("once a stack enters the kernel, every deeper frame is kernel: " + line)
                        .allMatch(f -> f.endsWith("_[k]"));
                withKernelFrames += samples;
                kernelPart.forEach(f -> kernelFunctions.add(f.substring(0, f.length() - "_[k]".length())));
            }
        }
        assertThat(underWriteMany).as(stacks.stdout()).isGreaterThan(100);
        assertThat(withKernelFrames).as("samples in write_many that reached the kernel")
                .isGreaterThan(underWriteMany / 2);
        assertThat(kernelFunctions).as("kernel functions under write_many")
                .anyMatch(f -> f.contains("write"));
        Set<String> kallsyms = new HashSet<>();
        for (String line : Files.readAllLines(Path.of("/proc/kallsyms"))) {
            kallsyms.add(line.split("\\s+")[2]);
        }
        assertThat(kallsyms).as("kernel frames are named from /proc/kallsyms").containsAll(kernelFunctions);
    }

    private static int indexOfKernelFrame(List<String> frames) {
        for (int i = 0; i < frames.size(); i++) {
            if (frames.get(i).endsWith("_[k]")) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void aCommandThatDoesNotExistIsAnErrorNamingIt() throws Exception {
        Path capture = dir.resolve("none.tcap");
        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--", "/no/such/program", "arg");
        assertThat(record.exitStatus()).as(record.toString()).isNotZero();
        assertThat(record.stderr()).contains("/no/such/program").containsIgnoringCase("not found");
    }

    @Test
    void aPidThatDoesNotExistIsAnErrorNamingIt() throws Exception {
        int pid = 4_194_000;
        while (Files.exists(Path.of("/proc/" + pid))) {
            pid++;
        }
        Tachyon.Result record = tachyon("record", "-o", dir.resolve("pid.tcap").toString(), "-p", String.valueOf(pid));
        assertThat(record.exitStatus()).as(record.toString()).isNotZero();
        assertThat(record.stderr()).contains(String.valueOf(pid)).containsIgnoringCase("no process");
    }

    @Test
    void anUnknownTachyonCommandIsAUsageError() throws Exception {
        Tachyon.Result result = tachyon("recrod", "-o", "x.tcap");
        assertThat(result.exitStatus()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("unknown command 'recrod'").contains("record");
    }
}
