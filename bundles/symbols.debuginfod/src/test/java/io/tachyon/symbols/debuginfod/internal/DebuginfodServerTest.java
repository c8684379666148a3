package io.tachyon.symbols.debuginfod.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolizedFrame;
import io.tachyon.symbols.internal.SymbolFileReaderComponent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The debuginfod source against a real debuginfod server (elfutils, {@code debuginfod -F} over a folder holding a
 * program's debug file) on a free loopback port: a stripped program's functions and lines come back as addr2line
 * gives them from the unstripped one.
 */
class DebuginfodServerTest {

    private static final String PROGRAM = """
            #include <stdio.h>
            __attribute__((noinline)) static long square(long x) { return x * x; }
            __attribute__((noinline)) long sum_squares(int n) { long s = 0; for (int i = 0; i < n; i++) s += square(i); return s; }
            int main(int argc, char **argv) { printf("%ld\\n", sum_squares(argc * 1000)); return 0; }
            """;

    @TempDir
    Path dir;

    private Process server;

    @AfterEach
    void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
    }

    @Test
    void aStrippedProgramIsNamedWithLinesFromARealDebuginfodServer() throws Exception {
        requireTool("debuginfod");
        requireTool("gcc");
        Path served = Files.createDirectories(dir.resolve("served"));
        Path source = Files.writeString(dir.resolve("prog.c"), PROGRAM);
        Path full = dir.resolve("prog");
        run("gcc", "-O1", "-g", "-Wl,--build-id", "-o", full.toString(), source.toString());
        Path debug = served.resolve("prog.debug");
        run("objcopy", "--only-keep-debug", full.toString(), debug.toString());
        Path stripped = dir.resolve("prog.stripped");
        run("objcopy", "--strip-all", full.toString(), stripped.toString());
        String buildId = buildId(full);

        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        server = new ProcessBuilder("debuginfod", "-F", served.toString(), "-p", Integer.toString(port),
                "-d", dir.resolve("db.sqlite").toString(), "-t", "1")
                .redirectErrorStream(true).redirectOutput(dir.resolve("debuginfod.log").toFile()).start();
        URI url = URI.create("http://127.0.0.1:" + port);
        awaitIndexed(url, buildId);

        DebuginfodClient client = new DebuginfodClient(List.of(url), dir.resolve("cache"), Duration.ofSeconds(10),
                System.getLogger("test"));
        DebuginfodModules modules = new DebuginfodModules(client, new SymbolFileReaderComponent());
        ModuleSymbols symbols = modules.load(new ModuleRef(stripped.toString(), buildId, ModuleRef.Kind.USER))
                .orElseThrow(() -> new AssertionError("the debuginfod source did not serve the stripped program"));
        assertThat(dir.resolve("cache").resolve(buildId).resolve("debuginfo")).exists();

        List<String[]> functions = new ArrayList<>();
        for (String line : run("nm", "-S", "--defined-only", full.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && "tT".contains(f[2]) && List.of("main", "sum_squares", "square").contains(f[3])) {
                functions.add(f);
            }
        }
        assertThat(functions).hasSize(3);
        int compared = 0;
        for (String[] f : functions) {
            long start = Long.parseUnsignedLong(f[0], 16);
            long size = Long.parseUnsignedLong(f[1], 16);
            for (long address = start; address < start + size; address++) {
                String[] expected = run("addr2line", "-f", "-C", "-e", full.toString(),
                        "0x" + Long.toHexString(address)).split("\n");
                List<SymbolizedFrame> frames = symbols.symbolize(fileOffset(full, address));
                assertThat(frames).as("0x%x", address).isNotEmpty();
                assertThat(frames.get(0).name()).as("0x%x", address).isEqualTo(expected[0]);
                String location = expected[1].replaceAll(" \\(discriminator \\d+\\)", "");
                if (!location.endsWith(":0") && !location.startsWith("??")) {
                    assertThat(frames.get(0).source()).as("0x%x", address).isNotNull();
                    assertThat(frames.get(0).source().file() + ":" + frames.get(0).source().line())
                            .as("0x%x", address).isEqualTo(location);
                }
                compared++;
            }
        }
        System.out.println("debuginfod: " + compared + " addresses of the stripped program named as addr2line names "
                + "the unstripped one");
    }

    @Test
    void anUnreachableServerDegradesToNothingWithOneWarning() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        RecordingLogger logger = new RecordingLogger();
        DebuginfodClient client = new DebuginfodClient(List.of(URI.create("http://127.0.0.1:" + port)),
                dir.resolve("cache"), Duration.ofSeconds(2), logger);
        assertThat(client.fetch("0123456789abcdef0123456789abcdef01234567", DebuginfodClient.Artifact.DEBUGINFO))
                .isEmpty();
        assertThat(client.fetch("1123456789abcdef0123456789abcdef01234567", DebuginfodClient.Artifact.DEBUGINFO))
                .isEmpty();
        assertThat(logger.warnings).hasSize(1).first().asString().contains("cannot be reached");
        assertThat(client.fetch("../../etc/passwd", DebuginfodClient.Artifact.DEBUGINFO)).isEmpty();
    }

    @Test
    void serverListsAndCacheFollowTheElfutilsConventions() {
        RecordingLogger logger = new RecordingLogger();
        assertThat(DebuginfodClient.serversOf("http://a:8002/ https://b ftp://c", logger))
                .containsExactly(URI.create("http://a:8002"), URI.create("https://b"));
        assertThat(logger.warnings).hasSize(1);
        assertThat(DebuginfodClient.serversOf(null, logger)).isEmpty();
        assertThat(DebuginfodClient.defaultCache(java.util.Map.of("DEBUGINFOD_CACHE_PATH", "/x")))
                .isEqualTo(Path.of("/x"));
        assertThat(DebuginfodClient.defaultCache(java.util.Map.of("XDG_CACHE_HOME", "/y")))
                .isEqualTo(Path.of("/y/debuginfod_client"));
    }

    private static void awaitIndexed(URI url, String buildId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        URI probe = URI.create(url + "/buildid/" + buildId + "/debuginfo");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(probe).GET().build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        Assertions.fail("debuginfod did not serve " + probe + " within 60 s");
    }

    private static long fileOffset(Path file, long address) {
        for (String line : run("readelf", "-lW", file.toString()).split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length >= 8 && f[0].equals("LOAD")) {
                long offset = Long.decode(f[1]);
                long vaddr = Long.decode(f[2]);
                long size = Long.decode(f[4]);
                if (address >= vaddr && address < vaddr + size) {
                    return address - vaddr + offset;
                }
            }
        }
        throw new AssertionError("no segment holds 0x" + Long.toHexString(address));
    }

    private static String buildId(Path file) {
        for (String line : run("readelf", "-n", file.toString()).split("\n")) {
            if (line.contains("Build ID:")) {
                return line.substring(line.indexOf(':') + 1).trim();
            }
        }
        throw new AssertionError("no build-id in " + file);
    }

    private static void requireTool(String tool) {
        boolean found = false;
        for (String d : System.getenv().getOrDefault("PATH", "/usr/bin:/bin").split(":")) {
            found |= Files.isExecutable(Path.of(d, tool));
        }
        if (!found) {
            String reason = tool + " is not on the PATH (install the Debian package debuginfod / gcc)";
            if ("true".equals(System.getenv("CI"))) {
                Assertions.fail("CI=true and this test cannot run: " + reason);
            }
            System.out.println("Skipping: " + reason);
            Assumptions.abort(reason);
        }
    }

    private static String run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.waitFor() != 0) {
                Assertions.fail(String.join(" ", command) + " failed");
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Keeps warnings, for asserting on them. */
    private static final class RecordingLogger implements System.Logger {
        final List<String> warnings = new ArrayList<>();

        @Override
        public String getName() {
            return "test";
        }

        @Override
        public boolean isLoggable(Level level) {
            return true;
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String message, Throwable thrown) {
            if (level == Level.WARNING) {
                warnings.add(message);
            }
        }

        @Override
        public void log(Level level, java.util.ResourceBundle bundle, String format, Object... params) {
            if (level == Level.WARNING) {
                warnings.add(java.text.MessageFormat.format(format, params));
            }
        }
    }
}
