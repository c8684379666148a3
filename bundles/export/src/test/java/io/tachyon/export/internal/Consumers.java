package io.tachyon.export.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.junit.jupiter.api.Assumptions;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.fail;

/**
 * The real programs that read exported files: {@code go tool pprof} (Debian golang-go), Chromium (Debian chromium)
 * and the npm packages pprof-format, speedscope and playwright-core, installed into target/npm on first use. A
 * test whose consumer is missing is skipped with the reason printed, except under CI=true, where it fails.
 */
final class Consumers {

    /** The npm packages the tests read files with, pinned so that a run reads with what was checked. */
    static final List<String> NPM_PACKAGES = List.of("pprof-format@2.3.2", "speedscope@1.25.0",
            "playwright-core@1.65.1");
    private static final long TIMEOUT_SECONDS = 300;

    private static Path npm;

    private Consumers() {
    }

    /** A program on the PATH, or the test is skipped (failed under CI=true) naming the package to install. */
    static Path executable(String name, String debianPackage) {
        Optional<Path> found = onPath(name);
        require(found.isPresent(), name + " is not installed (apt-get install " + debianPackage + ")");
        return found.get();
    }

    /** Chromium for the browser checks. */
    static Path chromium() {
        Optional<Path> found = onPath("chromium").or(() -> onPath("chromium-browser"));
        require(found.isPresent(), "Chromium is not installed (apt-get install chromium)");
        return found.get();
    }

    /** The folder the npm packages are installed in, installing them on first use. */
    static synchronized Path npm() {
        executable("node", "nodejs");
        Path npmCommand = executable("npm", "npm");
        if (npm == null) {
            Path folder = Path.of(System.getProperty("tachyon.export.npm", "target/npm")).toAbsolutePath();
            boolean installed = NPM_PACKAGES.stream().allMatch(spec -> Files.isDirectory(folder.resolve(
                    "node_modules").resolve(spec.substring(0, spec.lastIndexOf('@')))));
            if (!installed) {
                List<String> command = new ArrayList<>(List.of(npmCommand.toString(), "install", "--prefix",
                        folder.toString(), "--no-audit", "--no-fund", "--no-save"));
                command.addAll(NPM_PACKAGES);
                Result result = run(command, Map.of());
                require(result.exit == 0, "npm could not install " + NPM_PACKAGES + ": " + result.errors);
            }
            npm = folder;
        }
        return npm;
    }

    /** Runs src/test/js/consumers.mjs COMMAND FILE and returns what it printed. */
    static JsonObject node(String command, Path file) {
        Path npmFolder = npm();
        Path chromium = command.equals("pprof") ? Path.of("") : chromium();
        Path script = Path.of(System.getProperty("tachyon.export.js", "src/test/js")).resolve("consumers.mjs");
        Result result = run(List.of(executable("node", "nodejs").toString(), script.toString(), command,
                file.toString()), Map.of("TACHYON_NPM", npmFolder.toString(), "CHROMIUM", chromium.toString()));
        if (result.exit != 0) {
            fail("node consumers.mjs " + command + " " + file + " failed (" + result.exit + "): " + result.errors);
        }
        return JsonParser.parseString(result.output).getAsJsonObject();
    }

    /** Runs a program to its end; its standard output and error are returned, not inherited. */
    static Result run(List<String> command, Map<String, String> environment) {
        try {
            Path errors = Files.createTempFile("tachyon-consumer", ".err");
            Path output = Files.createTempFile("tachyon-consumer", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(output.toFile())
                        .redirectError(errors.toFile());
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    fail(command + " did not finish within " + TIMEOUT_SECONDS + " s");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8),
                        Files.readString(errors, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(errors);
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    record Result(int exit, String output, String errors) {
    }

    private static void require(boolean present, String reason) {
        if (present) {
            return;
        }
        if ("true".equals(System.getenv("CI"))) {
            fail(reason + " — under CI=true a consumer that cannot run is a failure");
        }
        System.out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    private static Optional<Path> onPath(String name) {
        for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path candidate = Path.of(directory, name);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }
}
