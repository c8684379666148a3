package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** JIT symbols from perf maps: a real JVM's map written at exit, and the overlap and error rules. */
class PerfMapSymbolsTest {

    private static final String HOT = """
            public class Hot {
                static long spin(int n) { long s = 0; for (int i = 0; i < n; i++) { s += (i * 31L) ^ (s >>> 3); } return s; }
                public static void main(String[] a) { long t = 0; for (int i = 0; i < 20000; i++) t += spin(10000);
                    System.out.println(t); }
            }
            """;

    @TempDir
    Path dir;

    private final RecordingLogger logger = new RecordingLogger();

    @Test
    void namesTheJavaMethodsOfARealJvmFromItsPerfMap() throws Exception {
        Path source = Files.writeString(dir.resolve("Hot.java"), HOT);
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process jvm = new ProcessBuilder(java.toString(), "-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit",
                source.toString()).redirectErrorStream(true).start();
        jvm.getInputStream().readAllBytes();
        assertThat(jvm.waitFor()).isZero();
        Path map = Path.of("/tmp", "perf-" + jvm.pid() + ".map");
        try {
            assertThat(map).exists();
            PerfMapSource perfMaps = new PerfMapSource(Path.of("/tmp"), logger);
            ModuleSymbols symbols = perfMaps.load(new ModuleRef("//anon", null, ModuleRef.Kind.JIT, (int) jvm.pid()))
                    .orElseThrow();
            List<String> lines = Files.readAllLines(map);
            int spins = 0;
            for (String line : lines) {
                String[] f = line.split(" ", 3);
                long start = Long.parseUnsignedLong(f[0].substring(2), 16);
                long size = Long.parseUnsignedLong(f[1].substring(2), 16);
                for (long address : new long[] {start, start + size / 2, start + size - 1}) {
                    assertThat(symbols.lookup(address)).as(line).map(Symbol::name).contains(f[2]);
                }
                spins += f[2].equals("long Hot.spin(int)") ? 1 : 0;
            }
            assertThat(spins).as("compiled versions of Hot.spin").isPositive();
            assertThat(lines).hasSizeGreaterThan(100);
            System.out.println("JVM perf map: " + lines.size() + " entries named, " + spins + " of Hot.spin");
        } finally {
            Files.deleteIfExists(map);
        }
    }

    @Test
    void aLaterEntryReplacesTheCodeItOverlaps() throws IOException {
        Files.writeString(dir.resolve("perf-42.map"), """
                1000 100 old
                1040 20 new
                0x2000 0x10 LazyCompile:*foo /app.js:3
                """);
        ModuleSymbols symbols = new PerfMapSource(dir, logger).load(new ModuleRef("//anon", null, ModuleRef.Kind.JIT, 42))
                .orElseThrow();
        assertThat(symbols.lookup(0x1000)).map(Symbol::name).contains("old");
        assertThat(symbols.lookup(0x1045)).map(Symbol::name).contains("new");
        assertThat(symbols.lookup(0x1060)).map(Symbol::name).contains("old");
        assertThat(symbols.lookup(0x10ff)).map(Symbol::name).contains("old");
        assertThat(symbols.lookup(0x1100)).isEmpty();
        assertThat(symbols.lookup(0x2008)).map(Symbol::name).contains("LazyCompile:*foo /app.js:3");
        assertThat(symbols.lookup(0xfff)).isEmpty();
    }

    @Test
    void onlyJitModulesOfAProcessAreServedAndProblemsAreReportedOnce() throws IOException {
        PerfMapSource source = new PerfMapSource(dir, logger);
        assertThat(source.load(new ModuleRef("//anon", null, ModuleRef.Kind.USER, 42))).isEmpty();
        assertThat(source.load(new ModuleRef("//anon", null, ModuleRef.Kind.JIT))).isEmpty();
        assertThat(source.load(new ModuleRef("//anon", null, ModuleRef.Kind.JIT, 7))).isEmpty();
        assertThat(source.load(new ModuleRef("//anon", null, ModuleRef.Kind.JIT, 7))).isEmpty();
        assertThat(logger.messages(Level.INFO)).hasSize(1).first().asString().contains("perf-7.map");
        Files.writeString(dir.resolve("perf-8.map"), "1000 zz broken\n");
        Optional<ModuleSymbols> broken = source.load(new ModuleRef("//anon", null, ModuleRef.Kind.JIT, 8));
        assertThat(broken).isEmpty();
        assertThat(logger.messages(Level.WARNING)).hasSize(1).first().asString().contains("perf-8.map:1");
    }
}
