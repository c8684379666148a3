import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Measures the web viewer in headless Chromium: serves a capture with bin/tachyon view, then drives Debian's
 * chromedriver through the W3C WebDriver protocol (plain HTTP + JSON, no client library) and reads the
 * figures the page takes with performance.now() and requestAnimationFrame:
 * - time to first complete render: navigation start to the first painted frame with the timeline (states, CPU
 *   rows, sample ticks) and the call tree of the whole capture, on a cold server and on reloads; the health
 *   findings, which load beside them, are timed on their own;
 * - frame time per zoom step: a wheel event at the middle of the timeline to the end of the frame that shows
 *   the new zoom (drawn from the data at hand), and the time until the server's refined answer for the new
 *   window is drawn.
 *
 * Usage: java -cp gson.jar ViewerBenchmark.java TACHYON_HOME CAPTURE [ZOOM_STEPS]
 */
public final class ViewerBenchmark {

    private static final Gson GSON = new Gson();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Runs in the page: dispatches wheel events and times each until drawn, then until refined data is drawn. */
    private static final String ZOOM_SCRIPT = """
            const [steps, done] = [arguments[0], arguments[arguments.length - 1]];
            const viewer = window.tachyonViewer;
            const canvas = document.getElementById('timeline');
            const rect = canvas.getBoundingClientRect();
            const frame = () => new Promise(resolve => requestAnimationFrame(() => resolve()));
            const idle = async () => { while (!viewer.idle()) await new Promise(r => setTimeout(r, 2)); };
            const results = [];
            (async () => {
              await idle();
              for (let i = 0; i < steps; i++) {
                const zoomIn = i < steps / 2;
                const started = performance.now();
                const drawn = new Promise(resolve => viewer.afterNextDraw(resolve));
                canvas.dispatchEvent(new WheelEvent('wheel', {deltaY: zoomIn ? -300 : 300, deltaMode: 0,
                  clientX: rect.left + rect.width / 2, clientY: rect.top + 40, bubbles: true, cancelable: true}));
                const frameEnd = await drawn;
                const draw = viewer.perf.lastDrawMillis;
                await idle();
                await frame();
                results.push({frame: frameEnd - started, draw, refined: performance.now() - started,
                  span: viewer.view().to - viewer.view().from, refinedDraw: viewer.perf.lastDrawMillis});
              }
              done(JSON.stringify(results));
            })().catch(error => done(JSON.stringify({error: String(error)})));
            """;

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path capture = Path.of(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        int port = freePort();
        Process server = new ProcessBuilder(home.resolve("bin/tachyon").toString(), "view", capture.toString(),
                "--port", String.valueOf(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectInput(new File("/dev/null")).start();
        int driverPort = freePort();
        Process driver = new ProcessBuilder("/usr/bin/chromedriver", "--port=" + driverPort)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String session = null;
        String webDriver = "http://127.0.0.1:" + driverPort;
        try {
            String url = "http://127.0.0.1:" + port + "/";
            long serverStart = System.nanoTime();
            await(url + "api/captures", 120);
            double serverReady = (System.nanoTime() - serverStart) / 1e9;
            await(webDriver + "/status", 30);
            session = newSession(webDriver);
            String base = webDriver + "/session/" + session;
            call("POST", base + "/timeouts", Map.of("script", 300_000, "pageLoad", 300_000));

            List<Double> complete = new ArrayList<>();
            List<Double> timeline = new ArrayList<>();
            List<Double> findings = new ArrayList<>();
            for (int load = 0; load < 6; load++) {
                call("POST", base + "/url", Map.of("url", url));
                JsonObject perf = JsonParser.parseString(execute(base, """
                        const done = arguments[arguments.length - 1];
                        const poll = () => {
                          const v = window.tachyonViewer;
                          if (v && v.error) done(JSON.stringify({error: v.error}));
                          else if (v && v.ready && v.idle()) done(JSON.stringify(v.perf));
                          else setTimeout(poll, 10);
                        };
                        poll();""", List.of())).getAsJsonObject();
                if (perf.has("error")) {
                    throw new IllegalStateException("the page failed: " + perf.get("error"));
                }
                complete.add(perf.get("firstCompleteRenderMs").getAsDouble());
                timeline.add(perf.get("firstTimelineRenderMs").getAsDouble());
                findings.add(perf.get("findingsRenderMs").getAsDouble());
            }
            JsonObject summary = JsonParser.parseString(execute(base, """
                    const done = arguments[arguments.length - 1];
                    fetch('api/captures/0/summary').then(r => r.json()).then(s => done(JSON.stringify({
                      threads: s.processes.reduce((n, p) => n + p.threads.length, 0), samples: s.sampleCount,
                      duration: s.endTime - s.startTime, width: document.getElementById('timeline').clientWidth})));""",
                    List.of())).getAsJsonObject();
            JsonElement zoom = JsonParser.parseString(execute(base, ZOOM_SCRIPT, List.of(steps)));
            if (zoom.isJsonObject()) {
                throw new IllegalStateException("zooming failed: " + zoom);
            }
            report(capture, summary, serverReady, complete, timeline, findings, zoom.getAsJsonArray());
        } finally {
            if (session != null) {
                call("DELETE", webDriver + "/session/" + session, null);
            }
            driver.destroy();
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
        }
    }

    private static void report(Path capture, JsonObject summary, double serverReady, List<Double> complete,
            List<Double> timeline, List<Double> findings, JsonArray zoom) {
        List<Double> frames = new ArrayList<>();
        List<Double> draws = new ArrayList<>();
        List<Double> refined = new ArrayList<>();
        for (JsonElement step : zoom) {
            frames.add(step.getAsJsonObject().get("frame").getAsDouble());
            draws.add(step.getAsJsonObject().get("draw").getAsDouble());
            refined.add(step.getAsJsonObject().get("refined").getAsDouble());
        }
        System.out.printf("Capture %s: %d threads, %,d samples, %.1f s; timeline %d px wide; %d CPUs, Chromium headless.%n%n",
                capture.getFileName(), summary.get("threads").getAsInt(), summary.get("samples").getAsLong(),
                summary.get("duration").getAsLong() / 1e9, summary.get("width").getAsInt(),
                Runtime.getRuntime().availableProcessors());
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        row("bin/tachyon view: start until the API answers", String.format("%.1f s", serverReady));
        row("first complete render, first load (server cold: capture opened and modelled on demand)",
                String.format("%.0f ms (timeline painted at %.0f ms)", complete.get(0), timeline.get(0)));
        List<Double> warm = complete.subList(1, complete.size());
        row("first complete render, reloads (median of " + warm.size() + ")", String.format(
                "%.0f ms (timeline painted at %.0f ms), max %.0f ms", median(warm),
                median(timeline.subList(1, timeline.size())), warm.stream().mapToDouble(d -> d).max().orElse(0)));
        row("health findings drawn over the timeline (they load beside it), reloads", String.format(
                "median %.0f ms after navigation start", median(findings.subList(1, findings.size()))));
        row("zoom step: wheel event to painted frame (" + frames.size() + " steps, in and out)", String.format(
                "median %.1f ms, p90 %.1f ms, max %.1f ms", median(frames), percentile(frames, 0.9),
                frames.stream().mapToDouble(d -> d).max().orElse(0)));
        row("zoom step: canvas drawing alone", String.format("median %.1f ms, max %.1f ms", median(draws),
                draws.stream().mapToDouble(d -> d).max().orElse(0)));
        row("zoom step: until the server's level-of-detail answer for the new window is painted", String.format(
                "median %.0f ms, p90 %.0f ms (60 ms of it is the page's debounce)", median(refined),
                percentile(refined, 0.9)));
    }

    private static void row(String measure, String value) {
        System.out.println("| " + measure + " | " + value + " |");
    }

    private static double median(List<Double> values) {
        return percentile(values, 0.5);
    }

    private static double percentile(List<Double> values, double fraction) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.floor(fraction * sorted.size())));
    }

    private static String newSession(String webDriver) throws Exception {
        Map<String, Object> chrome = Map.of("binary", "/usr/bin/chromium", "args", List.of("--headless=new",
                "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1600,1000",
                "--force-device-scale-factor=1"));
        JsonObject answer = call("POST", webDriver + "/session", Map.of("capabilities",
                Map.of("alwaysMatch", Map.of("browserName", "chrome", "goog:chromeOptions", chrome))));
        return answer.getAsJsonObject("value").get("sessionId").getAsString();
    }

    private static String execute(String base, String script, List<Object> args) throws Exception {
        JsonObject answer = call("POST", base + "/execute/async", Map.of("script", script, "args", args));
        JsonElement value = answer.get("value");
        if (value.isJsonObject() && value.getAsJsonObject().has("error")) {
            throw new IllegalStateException("script failed: " + value);
        }
        return value.getAsString();
    }

    private static JsonObject call(String method, String url, Object body) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofMinutes(6))
                .header("Content-Type", "application/json");
        request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(GSON.toJson(body)));
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(method + " " + url + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return JsonParser.parseString(response.body()).getAsJsonObject();
    }

    private static void await(String url, int seconds) throws Exception {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (System.nanoTime() < deadline) {
            try {
                if (HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding())
                        .statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // Still starting.
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(url + " did not answer within " + seconds + " s");
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
