package io.tachyon.symbols.internal;

import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Running the machine's tools (gcc, nm, readelf) from tests. */
final class Tools {

    private Tools() {
    }

    /**
     * Skips the test with {@code reason} when {@code condition} is false, or fails it when the environment variable
     * CI is "true" (there every test must run).
     */
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

    static void requireFile(Path file) {
        require(Files.isReadable(file), file + " is not readable on this machine");
    }

    /** Runs {@code command} and returns its standard output; fails the test when it exits non-zero. */
    static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.PIPE).start();
            byte[][] streams = new byte[2][];
            Thread errors = new Thread(() -> streams[1] = readAll(process.getErrorStream()));
            errors.start();
            streams[0] = readAll(process.getInputStream());
            int status = process.waitFor();
            errors.join();
            String out = new String(streams[0], StandardCharsets.UTF_8);
            if (status != 0) {
                Assertions.fail(String.join(" ", command) + " exited with " + status + ": "
                        + new String(streams[1], StandardCharsets.UTF_8));
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError("cannot run " + String.join(" ", command), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Compiles {@code source} with gcc and {@code flags} into {@code dir/name}. */
    static Path compile(Path dir, String name, String source, String... flags) throws IOException {
        requireTool("gcc");
        Path c = dir.resolve(name + ".c");
        Files.writeString(c, source);
        Path out = dir.resolve(name);
        List<String> command = new ArrayList<>(List.of("gcc"));
        command.addAll(List.of(flags));
        command.addAll(List.of("-o", out.toString(), c.toString()));
        run(command.toArray(String[]::new));
        return out;
    }

    private static byte[] readAll(InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
