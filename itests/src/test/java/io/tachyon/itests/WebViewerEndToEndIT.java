package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records the demo program, serves the capture with {@code bin/tachyon view} from a copy of the distribution, and
 * reads the page and every JSON endpoint over real HTTP; requests for anything outside the served captures and the
 * page (path traversal, absolute paths, encoded dots, unknown ids) get a 4xx and never a file's content; SIGTERM
 * ends the viewer.
 */
class WebViewerEndToEndIT {

    private static final Pattern URL = Pattern.compile("Tachyon viewer: (http://127\\.0\\.0\\.1:(\\d+)/)");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @TempDir
    static Path dir;

    private static Process viewer;
    private static Path output;
    private static String base;
    private static int port;

    @BeforeAll
    static void recordAndServe() throws Exception {
        requireKernelRecording();
        Path home = Tachyon.copyOfDistribution(dir.resolve("tachyon"));
        Path capture = dir.resolve("demo.tcap");
        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--",
                Tachyon.home().resolve("demo/hotspots").toString(), "0.5");
        assertThat(record.exitStatus()).as(record.toString()).isZero();

        output = dir.resolve("view.out");
        viewer = new ProcessBuilder(home.resolve("bin/tachyon").toString(), "view", capture.toString())
                .redirectOutput(output.toFile()).redirectError(dir.resolve("view.err").toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (base == null) {
            Matcher matcher = URL.matcher(Files.readString(output));
            if (matcher.find()) {
                base = matcher.group(1);
                port = Integer.parseInt(matcher.group(2));
            } else {
                assertThat(viewer.isAlive()).as("bin/tachyon view ended early: " + log()).isTrue();
                assertThat(System.nanoTime()).as("no viewer URL within 60 s: " + log()).isLessThan(deadline);
                Thread.sleep(100);
            }
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (viewer != null && viewer.isAlive()) {
            viewer.destroyForcibly();
        }
    }

    @Test
    void servesThePageAndEveryEndpointThenStopsOnSigterm() throws Exception {
        HttpResponse<String> page = get("");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(page.body()).containsIgnoringCase("<html");
        HttpResponse<String> css = get("viewer.css");
        assertThat(css.statusCode()).isEqualTo(200);
        assertThat(css.headers().firstValue("Content-Type").orElse("")).startsWith("text/css");

        JsonArray captures = json("api/captures").getAsJsonArray();
        assertThat(captures).hasSize(1);
        JsonObject capture = captures.get(0).getAsJsonObject();
        assertThat(capture.get("name").getAsString()).isEqualTo("demo.tcap");
        long samples = capture.get("sampleCount").getAsLong();
        assertThat(samples).isPositive();
        long start = capture.get("startTime").getAsLong();
        long end = capture.get("endTime").getAsLong();

        JsonObject summary = json("api/captures/0/summary").getAsJsonObject();
        assertThat(summary.get("sampleCount").getAsLong()).isEqualTo(samples);
        assertThat(summary.get("hasThreadStates").getAsBoolean()).isTrue();
        JsonObject thread = summary.getAsJsonArray("processes").get(0).getAsJsonObject().getAsJsonArray("threads")
                .get(0).getAsJsonObject();
        int pid = thread.get("pid").getAsInt();
        int tid = thread.get("tid").getAsInt();
        assertThat(thread.get("cpuNanos").getAsLong()).isPositive();

        JsonObject timeline = json("api/captures/0/timeline?width=100").getAsJsonObject();
        assertThat(timeline.get("from").getAsLong()).isEqualTo(start);
        assertThat(timeline.get("to").getAsLong()).isEqualTo(end);
        long resolution = timeline.get("resolution").getAsLong();
        assertThat(resolution).isEqualTo((end - start) / 100);
        int states = timeline.getAsJsonArray("states").size();
        assertThat(timeline.getAsJsonArray("states").get(0).getAsString()).isEqualTo("RUNNING");
        for (JsonElement element : timeline.getAsJsonArray("threads")) {
            JsonObject row = element.getAsJsonObject();
            int intervals = row.getAsJsonArray("gaps").size();
            assertThat(intervals).as("intervals of " + row).isBetween(1, 202);
            assertThat(row.getAsJsonArray("lengths")).hasSize(intervals);
            assertThat(row.getAsJsonArray("cpus")).hasSize(intervals);
            for (JsonElement state : row.getAsJsonArray("states")) {
                assertThat(state.getAsInt()).isBetween(0, states - 1);
            }
            assertThat(endOf(start, row)).as("the last interval of " + row).isBetween(start, end);
        }
        JsonArray cpus = timeline.getAsJsonArray("cpus");
        assertThat(cpus).isNotEmpty();
        for (JsonElement element : cpus) {
            JsonObject row = element.getAsJsonObject();
            int intervals = row.getAsJsonArray("gaps").size();
            assertThat(intervals).as("intervals of " + row).isBetween(1, 100);
            assertThat(row.getAsJsonArray("pids")).hasSize(intervals);
            assertThat(row.getAsJsonArray("tids")).hasSize(intervals);
            assertThat(endOf(start, row)).as("the last interval of " + row).isBetween(start, end);
        }
        JsonObject someThreads = json("api/captures/0/timeline?width=100&cpus=false&threads=" + pid + ":" + tid)
                .getAsJsonObject();
        assertThat(someThreads.getAsJsonArray("threads")).hasSize(1);
        assertThat(someThreads.has("cpus")).isFalse();

        JsonObject ticks = json("api/captures/0/samples?width=100&threads=" + pid + ":" + tid).getAsJsonObject();
        assertThat(ticks.get("from").getAsLong()).isEqualTo(start);
        JsonArray gaps = ticks.getAsJsonArray("threads").get(0).getAsJsonObject().getAsJsonArray("gaps");
        assertThat(gaps.size()).isBetween(1, 100);
        long tick = start;
        for (JsonElement gap : gaps) {
            assertThat(gap.getAsLong()).as("ticks in time order").isNotNegative();
            tick += gap.getAsLong();
        }
        assertThat(tick).as("the last tick").isBetween(start, end);
        JsonObject tree = json("api/captures/0/calltree").getAsJsonObject();
        assertThat(tree.get("totalSamples").getAsLong()).isEqualTo(samples);
        assertThat(tree.getAsJsonObject("root").getAsJsonArray("children")).isNotEmpty();
        JsonObject bottomUp = json("api/captures/0/calltree?inverted=true").getAsJsonObject();
        assertThat(bottomUp.get("totalSamples").getAsLong()).isEqualTo(samples);
        JsonArray functions = json("api/captures/0/functions?q=parse").getAsJsonObject().getAsJsonArray("functions");
        assertThat(functions).extracting(f -> f.getAsJsonObject().get("name").getAsString()).contains("parse_input");
        JsonArray waits = json("api/captures/0/waits?pid=" + pid + "&tid=" + tid).getAsJsonObject()
                .getAsJsonArray("waits");
        for (JsonElement wait : waits) {
            JsonObject w = wait.getAsJsonObject();
            long middle = (w.get("start").getAsLong() + w.get("end").getAsLong()) / 2;
            if (w.get("end").getAsLong() > w.get("start").getAsLong()) {
                JsonObject one = json("api/captures/0/wait?pid=" + pid + "&tid=" + tid + "&time=" + middle)
                        .getAsJsonObject();
                assertThat(one.get("start").getAsLong()).isLessThanOrEqualTo(middle);
                break;
            }
        }
        assertThat(get("api/captures/0/wait?pid=" + pid + "&tid=" + tid + "&time=" + (start - 1)).statusCode())
                .isEqualTo(404);
        assertThat(json("api/captures/0/findings").getAsJsonObject().getAsJsonArray("findings")).isNotNull();

        for (String path : List.of("/../../../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd", "/..%2f..%2fetc%2fpasswd",
                "/api/captures/../../etc/passwd", "/api/captures/%2e%2e/%2e%2e/etc/passwd", "//etc/passwd",
                "/api/captures/1/summary", "/api/captures/-1/summary", "/etc/passwd", "/js/",
                "/OSGI-INF/metatype/io.tachyon.web.internal.WebConfig.xml", "/viewer/index.html",
                "/api/captures/0/summary/../../../../../etc/passwd", "/" + dir.resolve("demo.tcap"),
                "/api/captures/" + dir.resolve("demo.tcap"), "/%00/etc/passwd", "/.%2e/.%2e/etc/passwd")) {
            String answer = rawGet(path, "127.0.0.1:" + port);
            int status = Integer.parseInt(answer.substring(9, 12));
            assertThat(status).as(path + " -> " + answer).isBetween(400, 499);
            assertThat(answer).as(path).doesNotContain("root:x:0:0").doesNotContain("TCAP");
        }
        assertThat(rawGet("/api/captures", "attacker.example.com").substring(9, 12))
                .as("a request addressed to another host name (DNS rebinding)").isEqualTo("403");
        assertThat(rawGet("/api/captures", "localhost:8080").substring(9, 12))
                .as("through an SSH tunnel's local port").isEqualTo("200");

        viewer.destroy();
        assertThat(viewer.waitFor(30, TimeUnit.SECONDS)).as("bin/tachyon view ends on SIGTERM").isTrue();
        try (Socket socket = new Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 2000);
            throw new AssertionError("still listening on " + port + " after SIGTERM");
        } catch (IOException expected) {
            // Nothing listens any more.
        }
    }

    /** The end of a row's last interval: its gaps and lengths added up from {@code from}. */
    private static long endOf(long from, JsonObject row) {
        long end = from;
        JsonArray lengths = row.getAsJsonArray("lengths");
        for (int i = 0; i < lengths.size(); i++) {
            end += row.getAsJsonArray("gaps").get(i).getAsLong() + lengths.get(i).getAsLong();
        }
        return end;
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonElement json(String path) throws IOException, InterruptedException {
        HttpResponse<String> response = get(path);
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        return JsonParser.parseString(response.body());
    }

    /** A request sent byte for byte as written: no client normalizes its path. */
    private static String rawGet(String path, String host) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    private static String log() throws IOException {
        return Files.readString(output) + Files.readString(dir.resolve("view.err"));
    }
}
