package io.tachyon.unwind.internal;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Running the machine's tools (gcc, nm, readelf) from tests. */
final class Tools {

    private Tools() {
    }

    /** Skips the test when {@code condition} is false, printing why; under CI=true fails it instead. */
    static void require(boolean condition, String reason) {
        if (condition) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            Assertions.fail("CI=true and this test cannot run: " + reason);
        }
        System.out.println("Skipping: " + reason);
        Assumptions.abort(reason);
    }

    static void requireTool(String tool) {
        boolean found = false;
        for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            found |= Files.isExecutable(Path.of(dir, tool));
        }
        require(found, tool + " is not on the PATH");
    }

    static void requireX86_64() {
        require("amd64".equals(System.getProperty("os.arch")) && Files.isReadable(Path.of("/proc/self/maps")),
                "the real-stack tests run x86_64 Linux code; this is " + System.getProperty("os.arch"));
    }

    /** Runs {@code command} and returns its standard output; fails the test when it exits non-zero. */
    static String run(String... command) {
        return run(true, command);
    }

    /**
     * Runs {@code command} whatever its exit status: readelf exits 1 on Debian's libc, whose debug link it
     * cannot follow, after printing all of {@code -wF}.
     */
    static String output(String... command) {
        return run(false, command);
    }

    private static String run(boolean checkStatus, String... command) {
        try {
            Process process = new ProcessBuilder(command).start();
            byte[][] streams = new byte[2][];
            Thread errors = new Thread(() -> streams[1] = readAll(process.getErrorStream()));
            errors.start();
            streams[0] = readAll(process.getInputStream());
            int status = process.waitFor();
            errors.join();
            if (checkStatus && status != 0) {
                Assertions.fail(String.join(" ", command) + " exited with " + status + ": "
                        + new String(streams[1], StandardCharsets.UTF_8));
            }
            return new String(streams[0], StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
