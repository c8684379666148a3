package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records as an unprivileged user (nobody, no CAP_PERFMON) with kernel.perf_event_paranoid at its usual
 * default of 2: the record command must say what is missing and how to fix it, and exit non-zero.
 */
class PermissionEndToEndIT {

    private static final Path PARANOID = Path.of("/proc/sys/kernel/perf_event_paranoid");

    @TempDir
    Path dir;

    @Test
    void recordingWithoutPermissionSaysWhatIsMissingAndHowToFixIt() throws Exception {
        requireKernelRecording();
        String original = readProcFile(PARANOID);
        if (Integer.parseInt(original) < 2) {
            Files.writeString(PARANOID, "2");
        }
        try {
            Path home = Tachyon.copyOfDistribution(dir.resolve("tachyon"));
            makeWorldWritable();
            Tachyon.Result result = Tachyon.run(List.of("setpriv", "--reuid=nobody", "--regid=nogroup",
                    "--clear-groups", "env", "HOME=" + dir, home.resolve("bin/tachyon").toString(), "record",
                    "-o", dir.resolve("denied.tcap").toString(), "--", "/bin/true"), 120);

            assertThat(result.exitStatus()).as(result.toString()).isNotZero();
            assertThat(result.stderr()).as(result.toString())
                    .contains("perf_event_paranoid")
                    .contains("2")
                    .containsIgnoringCase("CAP_PERFMON")
                    .contains("sysctl");
        } finally {
            Files.writeString(PARANOID, original);
        }
    }

    /** A /proc/sys file answers one read; reading on from an offset gives end of file. */
    private static String readProcFile(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            byte[] buffer = new byte[64];
            int length = in.read(buffer);
            return new String(buffer, 0, Math.max(length, 0), java.nio.charset.StandardCharsets.US_ASCII).trim();
        }
    }

    /** The temporary folder is private to root; nobody must be able to run the copy and write the capture. */
    private void makeWorldWritable() throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.toList()) {
                path.toFile().setReadable(true, false);
                path.toFile().setWritable(true, false);
                if (Files.isDirectory(path)) {
                    path.toFile().setExecutable(true, false);
                }
            }
        }
    }
}
