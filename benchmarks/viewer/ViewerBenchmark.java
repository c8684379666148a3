import com.google.gson.Gson;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Measures the web viewer in headless Chromium: serves a capture with bin/tachyon view, then drives Debian's
 * chromedriver through the W3C WebDriver protocol (plain HTTP + JSON, no client library) and reads the
 * figures the page takes with performance.now() and requestAnimationFrame:
 * - time to first complete render: navigation start to the first painted frame with the timeline (states, CPU
 *   rows, sample ticks) and the call tree of the whole capture, on the first load (navigated to as soon as
 *   bin/tachyon view prints its URL, the browser already running) and on reloads; the health findings, which load
 *   beside them, are timed on their own;
 * - frame time per zoom step: a wheel event at the middle of the timeline to the end of the frame that shows
 *   the new zoom (drawn from the data at hand), and the time until the server's refined answer for the new
 *   window is drawn.
 *
 * Usage: java -cp gson.jar ViewerBenchmark.java TACHYON_HOME CAPTURE [ZOOM_STEPS [RUNS]]
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

    /** Figures of all runs; the first load and the server's start once per run. */
    private static final class Figures {
        final List<Double> serverReady = new ArrayList<>();
        final List<Double> firstComplete = new ArrayList<>();
        final List<Double> firstTimeline = new ArrayList<>();
        final List<Double> reloadComplete = new ArrayList<>();
        final List<Double> reloadTimeline = new ArrayList<>();
        final List<Double> findings = new ArrayList<>();
        final List<Double> frames = new ArrayList<>();
        final List<Double> draws = new ArrayList<>();
        final List<Double> refined = new ArrayList<>();
        JsonObject summary;
    }

    public static void main(String[] args) throws Exception {
        Path home = Path.of(args[0]);
        Path capture = Path.of(args[1]);
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 24;
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 3;
        int driverPort = freePort();
        Process driver = new ProcessBuilder("/usr/bin/chromedriver", "--port=" + driverPort)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String session = null;
        String webDriver = "http://127.0.0.1:" + driverPort;
        try {
            await(webDriver + "/status", 30);
            session = newSession(webDriver);
            String base = webDriver + "/session/" + session;
            call("POST", base + "/timeouts", Map.of("script", 300_000, "pageLoad", 300_000));
            Figures figures = new Figures();
            for (int run = 1; run <= runs; run++) {
                measure(home, capture, base, steps, figures);
                System.err.printf("run %d: view ready %.1f s, first load %.0f ms, reloads %s ms%n", run,
                        last(figures.serverReady), last(figures.firstComplete),
                        figures.reloadComplete.subList(figures.reloadComplete.size() - RELOADS,
                                figures.reloadComplete.size()).stream().map(d -> String.format("%.0f", d)).toList());
            }
            report(capture, runs, figures);
        } finally {
            if (session != null) {
                call("DELETE", webDriver + "/session/" + session, null);
            }
            driver.destroy();
        }
    }

    private static final int RELOADS = 5;

    /** One run: a new bin/tachyon view, the first load as soon as it prints its URL, reloads, zoom steps. */
    private static void measure(Path home, Path capture, String base, int steps, Figures figures) throws Exception {
        int port = freePort();
        long serverStart = System.nanoTime();
        Process server = new ProcessBuilder(home.resolve("bin/tachyon").toString(), "view", capture.toString(),
                "--port", String.valueOf(port)).redirectErrorStream(true)
                .redirectInput(new File("/dev/null")).start();
        try {
            String url = awaitUrl(server, 180);
            figures.serverReady.add((System.nanoTime() - serverStart) / 1e9);
            for (int load = 0; load <= RELOADS; load++) {
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
                (load == 0 ? figures.firstComplete : figures.reloadComplete)
                        .add(perf.get("firstCompleteRenderMs").getAsDouble());
                (load == 0 ? figures.firstTimeline : figures.reloadTimeline)
                        .add(perf.get("firstTimelineRenderMs").getAsDouble());
                if (load > 0) {
                    figures.findings.add(perf.get("findingsRenderMs").getAsDouble());
                } else {
                    // Where the first load's time goes, request by request (on stderr, beside the table).
                    System.err.println("first load: " + execute(base, """
                            const done = arguments[arguments.length - 1];
                            done(performance.getEntriesByType('resource').map(e => e.name.replace(/^.*:[0-9]+\\//, '')
                              + ' ' + Math.round(e.startTime) + '-' + Math.round(e.responseEnd) + ' ms').join('; '));""",
                            List.of()));
                }
            }
            figures.summary = JsonParser.parseString(execute(base, """
                    const done = arguments[arguments.length - 1];
                    const width = Math.round(document.getElementById('timeline').clientWidth);
                    const size = path => fetch(path).then(r => r.text()).then(t => t.length);
                    Promise.all([fetch('api/captures/0/summary').then(r => r.json()),
                        size('api/captures/0/timeline?width=' + width), size('api/captures/0/samples?width=' + width)])
                      .then(([s, timelineBytes, samplesBytes]) => done(JSON.stringify({
                        threads: s.processes.reduce((n, p) => n + p.threads.length, 0), samples: s.sampleCount,
                        duration: s.endTime - s.startTime, width, timelineBytes, samplesBytes})));""",
                    List.of())).getAsJsonObject();
            JsonElement zoom = JsonParser.parseString(execute(base, ZOOM_SCRIPT, List.of(steps)));
            if (zoom.isJsonObject()) {
                throw new IllegalStateException("zooming failed: " + zoom);
            }
            for (JsonElement step : zoom.getAsJsonArray()) {
                figures.frames.add(step.getAsJsonObject().get("frame").getAsDouble());
                figures.draws.add(step.getAsJsonObject().get("draw").getAsDouble());
                figures.refined.add(step.getAsJsonObject().get("refined").getAsDouble());
            }
        } finally {
            server.descendants().forEach(ProcessHandle::destroy);
            server.destroy();
            server.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static double last(List<Double> values) {
        return values.get(values.size() - 1);
    }

    /** The URL bin/tachyon view prints once its captures are ready; its output is drained from then on. */
    private static String awaitUrl(Process server, int seconds) throws Exception {
        BufferedReader lines = new BufferedReader(new InputStreamReader(server.getInputStream(),
                StandardCharsets.UTF_8));
        CompletableFuture<String> url = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (!url.isDone() && line.startsWith("Tachyon viewer: ")) {
                        url.complete(line.substring("Tachyon viewer: ".length()).trim());
                    }
                }
                url.completeExceptionally(new IllegalStateException("bin/tachyon view ended without a URL"));
            } catch (IOException e) {
                url.completeExceptionally(e);
            }
        }, "view-output");
        reader.setDaemon(true);
        reader.start();
        return url.get(seconds, TimeUnit.SECONDS);
    }

    private static void report(Path capture, int runs, Figures f) {
        JsonObject summary = f.summary;
        System.out.printf("Capture %s: %d threads, %,d samples, %.1f s; timeline %d px wide; %d CPUs, Chromium headless;"
                + " %d runs, each a new bin/tachyon view.%n%n", capture.getFileName(), summary.get("threads").getAsInt(),
                summary.get("samples").getAsLong(), summary.get("duration").getAsLong() / 1e9,
                summary.get("width").getAsInt(), Runtime.getRuntime().availableProcessors(), runs);
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        row("bin/tachyon view: start until it prints the URL (capture modelled and prepared)", String.format(
                "median %.1f s (runs: %s)", median(f.serverReady), list(f.serverReady, "%.1f")));
        row("first complete render, first load right after the URL is printed", String.format(
                "median %.0f ms (runs: %s), timeline painted at %.0f ms", median(f.firstComplete),
                list(f.firstComplete, "%.0f"), median(f.firstTimeline)));
        row("first complete render, reloads (" + f.reloadComplete.size() + ")", String.format(
                "median %.0f ms, max %.0f ms, timeline painted at %.0f ms", median(f.reloadComplete),
                max(f.reloadComplete), median(f.reloadTimeline)));
        row("health findings drawn over the timeline (they load beside it), reloads", String.format(
                "median %.0f ms after navigation start", median(f.findings)));
        row("zoom step: wheel event to painted frame (" + f.frames.size() + " steps, in and out)", String.format(
                "median %.1f ms, p90 %.1f ms, max %.1f ms", median(f.frames), percentile(f.frames, 0.9), max(f.frames)));
        row("zoom step: canvas drawing alone", String.format("median %.1f ms, max %.1f ms", median(f.draws),
                max(f.draws)));
        row("zoom step: until the server's level-of-detail answer for the new window is painted", String.format(
                "median %.0f ms, p90 %.0f ms (60 ms of it is the page's debounce)", median(f.refined),
                percentile(f.refined, 0.9)));
        row("whole-capture answers at this width: timeline / samples", String.format("%.0f kB / %.0f kB",
                summary.get("timelineBytes").getAsLong() / 1000.0, summary.get("samplesBytes").getAsLong() / 1000.0));
    }

    private static String list(List<Double> values, String format) {
        return String.join(", ", values.stream().map(v -> String.format(format, v)).toList());
    }

    private static double max(List<Double> values) {
        return values.stream().mapToDouble(d -> d).max().orElse(0);
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
