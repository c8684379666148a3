package io.tachyon.itests;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/** Runs the built distribution's {@code bin/tachyon} and the tools the end-to-end tests need. */
final class Tachyon {

    private Tachyon() {
    }

    /** The output of a finished process. */
    record Result(int exitStatus, String stdout, String stderr) {
        String all() {
            return stdout + stderr;
        }

        @Override
        public String toString() {
            return "exit " + exitStatus + "\n--- stdout\n" + stdout + "--- stderr\n" + stderr;
        }
    }

    static Path home() {
        Path home = Path.of(System.getProperty("tachyon.distribution", "../distribution/target/tachyon"))
                .toAbsolutePath().normalize();
        if (!Files.isExecutable(home.resolve("bin/tachyon"))) {
            throw new IllegalStateException("the distribution is not built: no " + home.resolve("bin/tachyon"));
        }
        return home;
    }

    /** A copy of the distribution whose configuration a test may change without touching the shared one. */
    static Path copyOfDistribution(Path to) throws IOException {
        Path from = home();
        try (java.util.stream.Stream<Path> paths = Files.walk(from)) {
            for (Path source : paths.toList()) {
                Files.copy(source, to.resolve(from.relativize(source).toString()),
                        java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
            }
        }
        return to;
    }

    static Result tachyon(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(home().resolve("bin/tachyon").toString());
        command.addAll(List.of(args));
        return run(command, 300);
    }

    static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("tachyon-it-", ".out");
        Path err = Files.createTempFile("tachyon-it-", ".err");
        try {
            Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("timed out after " + timeoutSeconds + " s: " + command);
            }
            return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /**
     * Compiles a workload from src/test/resources/workloads with frame pointers, as profilers need, and no
     * tail calls (a tail call replaces the caller's frame). gcc still gives leaf functions no frame, so the
     * workloads keep their measured functions non-leaf.
     */
    static Path compile(String source, Path folder, String... extraFlags) throws IOException, InterruptedException {
        Path c = folder.resolve(source);
        try (InputStream in = Tachyon.class.getResourceAsStream("/workloads/" + source)) {
            Files.copy(in, c);
        }
        Path binary = folder.resolve(source.replace(".c", ""));
        List<String> command = new ArrayList<>(List.of("gcc", "-O1", "-g", "-fno-omit-frame-pointer",
                "-fno-optimize-sibling-calls", "-fno-ipa-icf"));
        command.addAll(List.of(extraFlags));
        command.addAll(List.of("-o", binary.toString(), c.toString()));
        Result result = run(command, 120);
        if (result.exitStatus() != 0) {
            fail("gcc failed: " + result);
        }
        return binary;
    }

    /**
     * Skips (prints why) unless this machine lets us record with perf_event_open as root; under CI=true
     * a missing kernel interface fails instead, because CI runs where it must work.
     */
    static void requireKernelRecording() throws IOException {
        String reason = null;
        if (!"root".equals(System.getProperty("user.name"))) {
            reason = "the end-to-end recording tests run as root (they record with kernel stacks)";
        } else if (!Files.exists(Path.of("/proc/sys/kernel/perf_event_paranoid"))) {
            reason = "this kernel has no perf_event_open (no /proc/sys/kernel/perf_event_paranoid)";
        }
        if (reason != null) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but recording is impossible here: " + reason);
            }
            System.out.println("SKIPPED: " + reason);
            Assumptions.abort(reason);
        }
    }

    static String readString(InputStream in) throws IOException {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
}
