package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Java program that writes its perf map at exit ({@code -XX:+DumpPerfMapAtExit}) is recorded through the
 * distribution's bin/tachyon; the report names its JIT-compiled methods from {@code /tmp/perf-<pid>.map}, which the
 * JVM writes only as the recording ends, so the names must be found when the report is made.
 */
class JitSymbolsEndToEndIT {

    private static final String HOT = """
            public class Hot {
                static volatile long sink;

                public static void main(String[] args) {
                    long end = System.nanoTime() + Long.parseLong(args[0]) * 1_000_000L;
                    while (System.nanoTime() < end) {
                        sink += spin(300_000);
                        sink += churn(60_000);
                    }
                }

                static long spin(int n) {
                    long x = 0;
                    for (int i = 0; i < n; i++) {
                        x = x * 31 + i;
                        x ^= x >>> 7;
                    }
                    return x;
                }

                static long churn(int n) {
                    long x = 1;
                    for (int i = 0; i < n; i++) {
                        x += Long.rotateLeft(x, 13) ^ i;
                    }
                    return x;
                }
            }
            """;

    @TempDir
    static Path dir;

    private static FileTime started;

    @BeforeAll
    static void kernel() throws Exception {
        requireKernelRecording();
        started = FileTime.fromMillis(System.currentTimeMillis() - 1000);
    }

    @AfterAll
    static void removePerfMaps() throws IOException {
        // The JVM leaves /tmp/perf-<pid>.map behind; remove the ones the recorded program wrote.
        try (Stream<Path> maps = Files.list(Path.of("/tmp"))) {
            for (Path map : maps.filter(p -> p.getFileName().toString().matches("perf-\\d+\\.map")).toList()) {
                if (started != null && Files.getLastModifiedTime(map).compareTo(started) >= 0
                        && Files.readString(map).contains("Hot.spin")) {
                    Files.deleteIfExists(map);
                }
            }
        }
    }

    @Test
    void hotJavaMethodsAreNamedFromThePerfMapWrittenAtExit() throws Exception {
        Path classes = compileHot();
        Path capture = dir.resolve("jit.tcap");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--", java,
                "-XX:+UnlockDiagnosticVMOptions", "-XX:+DumpPerfMapAtExit", "-cp", classes.toString(), "Hot", "3000");
        assertThat(record.exitStatus()).as(record.toString()).isZero();

        Tachyon.Result report = tachyon("report", capture.toString(), "top", "--limit", "40");
        assertThat(report.exitStatus()).as(report.toString()).isZero();
        Map<String, TopReport.Row> rows = TopReport.parse(report.stdout());
        double spin = selfPercent(rows, "Hot.spin(int)");
        double churn = selfPercent(rows, "Hot.churn(int)");
        assertThat(spin).as(report.stdout()).isGreaterThan(40.0);
        assertThat(churn).as(report.stdout()).isGreaterThan(3.0);
        assertThat(spin).as(report.stdout()).isGreaterThan(churn);
        assertThat(rows.keySet()).as("no JIT frame left as a bare address\n" + report.stdout())
                .noneMatch(function -> function.startsWith("[unknown]") && rows.get(function).selfPercent() > 10);
    }

    /** The summed self share of the rows naming {@code method} (C1 and C2 compile it to separate code). */
    private static double selfPercent(Map<String, TopReport.Row> rows, String method) {
        List<TopReport.Row> named = rows.values().stream().filter(row -> row.function().contains(method)).toList();
        assertThat(named).as("a row for " + method + " in\n" + rows.keySet()).isNotEmpty();
        return named.stream().mapToDouble(TopReport.Row::selfPercent).sum();
    }

    private static Path compileHot() throws IOException {
        Path source = dir.resolve("Hot.java");
        Files.writeString(source, HOT);
        Path classes = Files.createDirectories(dir.resolve("classes"));
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        assertThat(javac).as("a JDK with javac runs the tests").isNotNull();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, null, errors, "-d", classes.toString(), source.toString());
        assertThat(status).as(errors.toString()).isZero();
        return classes;
    }
}
