package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.Symbol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Lookups by file offset compared with nm and readelf on programs compiled here and on this machine's binaries. */
class ElfModuleSymbolsTest {

    static final String PROGRAM = """
            #include <stdio.h>
            static int square(int x) { return x * x; }
            __attribute__((noinline)) int sum_squares(int n) {
                int s = 0;
                for (int i = 0; i < n; i++) s += square(i) ^ (s >> 3);
                return s;
            }
            __attribute__((noinline)) static long fold(const char *p) {
                long h = 1469598103;
                while (*p) h = (h ^ *p++) * 1099511628211L;
                return h;
            }
            __attribute__((weak, noinline)) int weak_hook(int v) { return v + 7; }
            __attribute__((noinline)) int alias_target(int v) { return v * 11 + sum_squares(v); }
            int alias_name(int v) __attribute__((alias("alias_target")));
            int aw(int v) __attribute__((weak, alias("alias_target")));
            static int al(int v) __attribute__((alias("alias_target"), used));
            int main(int argc, char **argv) {
                printf("%d %ld %d %d\\n", sum_squares(argc * 100), fold(argv[0]), weak_hook(argc), alias_name(argc));
                return 0;
            }
            """;

    static final Path LIBC = Path.of("/lib/x86_64-linux-gnu/libc.so.6");

    @TempDir
    static Path dir;
    static Path pie;
    static Path nonPie;
    static Path sharedObject;

    @BeforeAll
    static void compile() throws IOException {
        pie = Tools.compile(dir, "prog_pie", PROGRAM, "-O1", "-g0", "-fPIE", "-pie", "-Wl,--build-id");
        nonPie = Tools.compile(dir, "prog_nopie", PROGRAM, "-O1", "-g0", "-fno-pie", "-no-pie", "-Wl,--build-id");
        sharedObject = Tools.compile(dir, "libprog.so", PROGRAM, "-O1", "-g0", "-fPIC", "-shared", "-Wl,--build-id");
    }

    @Test
    void pieExecutableNamesEveryNmFunctionAtItsStartMiddleAndLastByte() throws IOException {
        int checked = assertAgreesWith(pie, ReferenceSymbols.fromNm(pie, false), 2000, false);
        assertThat(checked).isGreaterThan(2000);
    }

    @Test
    void nonPieExecutableNamesEveryNmFunctionAtItsStartMiddleAndLastByte() throws IOException {
        assertThat(ReadElf.loads(nonPie).get(0).address()).as("a non-PIE links at a fixed base").isNotZero();
        assertAgreesWith(nonPie, ReferenceSymbols.fromNm(nonPie, false), 2000, false);
    }

    @Test
    void sharedObjectNamesEveryNmFunction() throws IOException {
        assertAgreesWith(sharedObject, ReferenceSymbols.fromNm(sharedObject, false), 2000, false);
    }

    @Test
    void compiledProgramsNameTheFunctionsOfTheSource() throws IOException {
        for (Path program : List.of(pie, nonPie)) {
            ElfModuleSymbols symbols = read(program);
            List<ReadElf.Load> loads = ReadElf.loads(program);
            for (ReadElf.Sym s : ReadElf.symbols(program)) {
                if (List.of("sum_squares", "fold", "weak_hook", "main").contains(s.name())) {
                    long offset = ReadElf.fileOffset(loads, s.value() + s.size() - 1);
                    assertThat(symbols.lookup(offset)).map(Symbol::name).as(program + " " + s).contains(s.name());
                }
            }
        }
    }

    /**
     * alias_target, alias_name (global), aw (weak) and al (local) share one address: global beats weak beats local,
     * then the shorter name wins.
     */
    @Test
    void aliasesResolveToTheGlobalNameThenTheShortest() throws IOException {
        ElfModuleSymbols symbols = read(pie);
        ReadElf.Sym target = ReadElf.symbols(pie).stream().filter(s -> s.name().equals("alias_target")).findFirst()
                .orElseThrow();
        long offset = ReadElf.fileOffset(ReadElf.loads(pie), target.value());
        assertThat(symbols.lookup(offset)).map(Symbol::name).contains("alias_name");
        assertThat(symbols.lookup(offset + target.size() - 1))
                .contains(new Symbol("alias_name", target.value(), target.size()));
    }

    @Test
    void libcNamesEveryDynamicFunctionAndThousandsOfSampledAddresses() throws IOException {
        Tools.requireFile(LIBC);
        ReferenceSymbols nm = ReferenceSymbols.fromNm(LIBC, true);
        assertThat(nm.size()).isGreaterThan(1000);
        int checked = assertAgreesWith(LIBC, nm, 20_000, false);
        assertThat(checked).isGreaterThan(3 * nm.size());
    }

    /** Large binaries with a full .symtab: C++ names, zero-size assembly symbols, nested symbols, aliases. */
    @ParameterizedTest
    @MethodSource("largeBinaries")
    void largeBinariesAgreeWithReadelfIncludingTheAliasRule(Path binary) throws IOException {
        ReferenceSymbols readelf = ReferenceSymbols.fromReadelf(binary);
        assertThat(readelf.size()).isGreaterThan(1000);
        assertAgreesWith(binary, readelf, 20_000, true);
    }

    static Stream<Path> largeBinaries() {
        Path libjvm = Path.of(System.getProperty("java.home"), "lib", "server", "libjvm.so");
        return Stream.of(libjvm, Path.of("/usr/bin/node")).filter(Files::isReadable)
                .map(p -> p.toAbsolutePath().normalize());
    }

    @Test
    void offsetsOutsideLoadableSegmentsAreNotNamed() throws IOException {
        ElfModuleSymbols symbols = read(pie);
        assertThat(symbols.lookup(Files.size(pie) + 4096)).isEmpty();
        assertThat(symbols.lookup(-1)).isEmpty();
    }

    static ElfModuleSymbols read(Path file) throws IOException {
        try (ElfFile elf = ElfFile.open(file)) {
            return ElfModuleSymbols.read(elf);
        }
    }

    /**
     * Looks up every reference symbol's first, middle and last byte, and {@code samples} random addresses of the
     * executable segments (gaps included, where both must say nothing), through file offsets.
     *
     * @return the number of addresses compared
     */
    static int assertAgreesWith(Path file, ReferenceSymbols reference, int samples, boolean checkAliasRule)
            throws IOException {
        ElfModuleSymbols symbols = read(file);
        List<ReadElf.Load> loads = ReadElf.loads(file);
        int checked = 0;
        for (ReferenceSymbols.Group g : reference.groups()) {
            for (long address : new long[] {g.start(), g.start() + (g.end() - g.start()) / 2, g.end() - 1}) {
                checked += check(file, symbols, reference, loads, address, checkAliasRule);
            }
        }
        Random random = new Random(42);
        List<ReadElf.Load> executable = loads.stream().filter(ReadElf.Load::executable).toList();
        for (int i = 0; i < samples; i++) {
            ReadElf.Load load = executable.get(random.nextInt(executable.size()));
            checked += check(file, symbols, reference, loads, load.address() + random.nextLong(load.fileSize()),
                    checkAliasRule);
        }
        return checked;
    }

    private static int check(Path file, ElfModuleSymbols symbols, ReferenceSymbols reference,
            List<ReadElf.Load> loads, long address, boolean checkAliasRule) {
        long offset = ReadElf.fileOffset(loads, address);
        if (offset < 0) {
            return 0;
        }
        Optional<ReferenceSymbols.Group> expected = reference.expected(address);
        Optional<Symbol> actual = symbols.lookup(offset);
        String where = file + " address 0x" + Long.toHexString(address) + " offset 0x" + Long.toHexString(offset);
        if (expected.isEmpty()) {
            // The symbol tables say nothing about PLT stubs; PltSymbolsTest checks their names against objdump.
            assertThat(actual.map(Symbol::rawName).orElse("@plt")).as(where).endsWith("@plt");
            return 1;
        }
        assertThat(actual).as(where + " expected one of " + expected.get().names()).isPresent();
        assertThat(expected.get().names()).as(where).contains(actual.get().rawName());
        assertThat(actual.get().address()).as(where).isEqualTo(expected.get().start());
        if (checkAliasRule) {
            assertThat(actual.get().rawName()).as(where).isEqualTo(expected.get().preferred());
        }
        return 1;
    }
}
