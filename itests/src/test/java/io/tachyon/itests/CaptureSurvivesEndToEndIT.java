package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A recording killed with SIGKILL mid-capture (no shutdown hook runs, nothing is closed) leaves a file that
 * opens, holds what was flushed (at least once a second), and recovers into a clean file; and captures
 * leave through bin/tachyon export in another tool's format.
 */
class CaptureSurvivesEndToEndIT {

    @TempDir
    Path dir;

    @Test
    void aRecordingKilledWithSigkillOpensAndRecoversUpToItsLastFlush() throws Exception {
        requireKernelRecording();
        Path capture = dir.resolve("killed.tcap");
        Path workload = Tachyon.home().resolve("demo/hotspots");
        Process recorder = new ProcessBuilder(Tachyon.home().resolve("bin/tachyon").toString(), "record", "-o",
                capture.toString(), "--", workload.toString(), "20")
                .redirectOutput(dir.resolve("record.out").toFile()).redirectErrorStream(true).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            // Recording for 3 s after the file appears: at least two flushes have happened by then.
            while (!Files.exists(capture) && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
            assertThat(capture).as(Files.readString(dir.resolve("record.out"))).exists();
            Thread.sleep(3000);
        } finally {
            List<ProcessHandle> workloads = recorder.descendants().toList();
            recorder.destroyForcibly().waitFor();
            workloads.forEach(ProcessHandle::destroyForcibly);
        }

        Tachyon.Result top = tachyon("report", capture.toString(), "top", "--limit", "5");
        assertThat(top.exitStatus()).as(top.toString()).isZero();
        assertThat(top.stdout()).contains("not closed cleanly").contains("parse_input");
        long samples = samples(top.stdout());
        assertThat(samples).as("about 2 s of one CPU at 4000 Hz were flushed").isGreaterThan(4000);

        Path clean = dir.resolve("recovered.tcap");
        Tachyon.Result recover = tachyon("recover", capture.toString(), "-o", clean.toString());
        assertThat(recover.exitStatus()).as(recover.toString()).isZero();
        Tachyon.Result recovered = tachyon("report", clean.toString(), "top", "--limit", "5");
        assertThat(recovered.stdout()).doesNotContain("not closed cleanly");
        assertThat(samples(recovered.stdout())).as("every flushed sample survives recovery").isEqualTo(samples);
    }

    @Test
    void aCaptureLeavesInEveryExportFormat() throws Exception {
        requireKernelRecording();
        Path capture = dir.resolve("demo.tcap");
        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--",
                Tachyon.home().resolve("demo/hotspots").toString(), "0.5");
        assertThat(record.exitStatus()).as(record.toString()).isZero();

        Map<String, String> startsWith = Map.of("collapsed", "", "pprof", "\u001f\u008b", "chrome", "{",
                "firefox", "{", "speedscope", "{", "html", "<!DOCTYPE html>");
        for (Map.Entry<String, String> format : startsWith.entrySet()) {
            Path out = dir.resolve("demo." + format.getKey());
            Tachyon.Result export = tachyon("export", "--format", format.getKey(), capture.toString(), "-o",
                    out.toString());
            assertThat(export.exitStatus()).as(format.getKey() + ": " + export).isZero();
            assertThat(Files.size(out)).as(format.getKey()).isPositive();
            byte[] head = Files.readAllBytes(out);
            assertThat(new String(head, 0, Math.min(head.length, 64), java.nio.charset.StandardCharsets.ISO_8859_1))
                    .as(format.getKey()).startsWith(format.getValue());
        }
        Tachyon.Result unknown = tachyon("export", "--format", "nope", capture.toString());
        assertThat(unknown.exitStatus()).isNotZero();
        assertThat(unknown.stderr()).contains("pprof").contains("speedscope");
    }

    private static long samples(String report) {
        for (String line : report.lines().toList()) {
            if (line.startsWith("Samples: ")) {
                return Long.parseLong(line.substring("Samples: ".length()).split("\\s+")[0]);
            }
        }
        throw new AssertionError("no Samples line in\n" + report);
    }
}
