package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The vDSO named from this process's image, checked against nm and readelf on a copy of that image. */
class VdsoSymbolResolverTest {

    @TempDir
    Path dir;
    private final VdsoSymbolResolver resolver = new VdsoSymbolResolver();

    @AfterEach
    void deactivate() throws IOException {
        resolver.deactivate();
    }

    @Test
    void everyVdsoFunctionIsNamedAsNmNamesItWhenTheBuildIdIsThisKernels() throws Exception {
        Path image = copyOfThisProcessesVdso();
        String notes = Tools.run("readelf", "-n", image.toString());
        String buildId = notes.lines().filter(line -> line.contains("Build ID:")).findFirst()
                .map(line -> line.substring(line.indexOf("Build ID:") + 9).trim()).orElseThrow();
        Map<String, Long> functions = new LinkedHashMap<>();
        for (String line : Tools.run("nm", "-D", "--defined-only", image.toString()).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length == 3 && (fields[1].equals("T") || fields[1].equals("W"))) {
                functions.putIfAbsent(fields[2].replaceAll("@.*", ""), Long.parseLong(fields[0], 16));
            }
        }
        assertThat(functions).as("nm -D of the vDSO").containsKey("__vdso_clock_gettime");

        ModuleSymbols symbols = resolver.load(new ModuleRef("[vdso]", buildId, ModuleRef.Kind.USER)).orElseThrow();
        for (Map.Entry<String, Long> function : functions.entrySet()) {
            // Aliases (clock_gettime, __vdso_clock_gettime) share an address: the one the ranking prefers names it.
            assertThat(symbols.lookup(function.getValue() + 1)).map(Symbol::address).as(function.getKey())
                    .contains(function.getValue());
        }
        assertThat(symbols.lookup(functions.get("__vdso_clock_gettime") + 4)).map(Symbol::name)
                .hasValueSatisfying(name -> assertThat(name).endsWith("clock_gettime"));
    }

    @Test
    void anotherBuildIdNoBuildIdOrAnotherPathIsNotServed() throws Exception {
        assertThat(resolver.load(new ModuleRef("[vdso]", "00112233445566778899aabbccddeeff00112233",
                ModuleRef.Kind.USER))).as("another kernel's vDSO").isEmpty();
        assertThat(resolver.load(new ModuleRef("[vdso]", null, ModuleRef.Kind.USER))).as("no build-id").isEmpty();
        assertThat(resolver.load(new ModuleRef("/usr/lib/x86_64-linux-gnu/libc.so.6", null, ModuleRef.Kind.USER)))
                .isEmpty();
    }

    @Test
    void aProcessWithoutVdsoGivesEmpty() throws Exception {
        Path maps = Files.writeString(dir.resolve("maps"),
                "55d0c0a00000-55d0c0a01000 r-xp 00000000 08:01 123 /usr/bin/true\n");
        VdsoSymbolResolver none = new VdsoSymbolResolver(maps, dir.resolve("mem"));
        assertThat(none.load(new ModuleRef("[vdso]", "00112233445566778899aabbccddeeff00112233",
                ModuleRef.Kind.USER))).isEmpty();
    }

    private Path copyOfThisProcessesVdso() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/maps"))) {
            if (line.endsWith(" [vdso]")) {
                String[] range = line.substring(0, line.indexOf(' ')).split("-");
                long start = Long.parseUnsignedLong(range[0], 16);
                byte[] image = new byte[(int) (Long.parseUnsignedLong(range[1], 16) - start)];
                try (RandomAccessFile memory = new RandomAccessFile("/proc/self/mem", "r")) {
                    memory.seek(start);
                    memory.readFully(image);
                }
                return Files.write(dir.resolve("vdso.so"), image);
            }
        }
        throw new AssertionError("this process maps no [vdso]");
    }
}
