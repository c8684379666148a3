package io.tachyon.web.internal;

import static io.tachyon.web.internal.TestCapture.MS;
import static io.tachyon.web.internal.TestCapture.START;
import static io.tachyon.web.internal.TestCapture.at;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every endpoint of the API over a real capture (see {@link TestCapture} for what happens in it, in ms). */
class ViewerApiTest {

    @TempDir
    static Path dir;

    private static ViewerApi api;
    private static final List<Findings.Analyzer> ANALYZERS = new CopyOnWriteArrayList<>();
    private static ExecutorService executor;

    @BeforeAll
    static void serve() throws IOException {
        Path file = dir.resolve("app.tcap");
        ServedCaptures captures = new ServedCaptures(TestCapture.write(file), dir.resolve("memory/served.txt"));
        captures.serve(List.of(file));
        executor = Executors.newFixedThreadPool(2);
        api = new ViewerApi(captures, new Findings(() -> List.copyOf(ANALYZERS), executor));
    }

    @AfterAll
    static void stop() {
        executor.shutdownNow();
    }

    @Test
    void listsTheServedCaptures() throws Exception {
        JsonArray list = get("/captures").getAsJsonArray();
        assertThat(list).hasSize(1);
        JsonObject capture = list.get(0).getAsJsonObject();
        assertThat(capture.get("id").getAsString()).isEqualTo("0");
        assertThat(capture.get("name").getAsString()).isEqualTo("app.tcap");
        assertThat(capture.get("startTime").getAsLong()).isEqualTo(START);
        assertThat(capture.get("endTime").getAsLong()).isEqualTo(at(20));
        assertThat(capture.get("sampleCount").getAsLong()).isEqualTo(28);
        assertThat(get("/captures/")).isEqualTo(list);
    }

    @Test
    void summaryGivesTheCaptureAndItsThreadsByCpuTime() throws Exception {
        JsonObject summary = get("/captures/0/summary").getAsJsonObject();
        assertThat(summary.get("name").getAsString()).isEqualTo("app.tcap");
        assertThat(summary.get("sampleCount").getAsLong()).isEqualTo(28);
        assertThat(summary.get("sampledNanos").getAsLong()).isEqualTo(28 * MS);
        assertThat(summary.get("lostRecords").getAsLong()).isZero();
        assertThat(summary.get("hasThreadStates").getAsBoolean()).isTrue();
        assertThat(summary.get("cpuCount").getAsInt()).isEqualTo(2);
        assertThat(summary.get("commandLine").toString()).isEqualTo("[\"/opt/app/bin/app\",\"--fast\"]");
        assertThat(summary.get("settings").toString()).isEqualTo("{\"frequency\":\"1000\"}");
        assertThat(summary.getAsJsonArray("warnings")).isEmpty();
        JsonArray processes = summary.getAsJsonArray("processes");
        assertThat(processes).hasSize(1);
        JsonObject process = processes.get(0).getAsJsonObject();
        assertThat(process.get("pid").getAsInt()).isEqualTo(100);
        assertThat(process.get("name").getAsString()).isEqualTo("app");
        JsonArray threads = process.getAsJsonArray("threads");
        assertThat(threads).hasSize(2);
        JsonObject main = threads.get(0).getAsJsonObject();
        assertThat(main.get("tid").getAsInt()).isEqualTo(100);
        assertThat(main.get("name").getAsString()).isEqualTo("app");
        assertThat(main.get("samples").getAsLong()).isEqualTo(14);
        assertThat(main.get("cpuNanos").getAsLong()).isEqualTo(14 * MS);
        JsonObject mainStates = main.getAsJsonObject("states");
        assertThat(mainStates.get("RUNNING").getAsLong()).isEqualTo(14 * MS);
        assertThat(mainStates.get("SLEEPING").getAsLong()).isEqualTo(5 * MS);
        assertThat(mainStates.get("RUNNABLE").getAsLong()).isEqualTo(1 * MS);
        assertThat(mainStates.get("BLOCKED_IO").getAsLong()).isZero();
        JsonObject worker = threads.get(1).getAsJsonObject();
        assertThat(worker.get("tid").getAsInt()).isEqualTo(101);
        assertThat(worker.get("name").getAsString()).isEqualTo("worker");
        assertThat(worker.get("cpuNanos").getAsLong()).isEqualTo(14 * MS);
        assertThat(worker.getAsJsonObject("states").get("RUNNING").getAsLong()).isEqualTo(14 * MS);
        assertThat(worker.getAsJsonObject("states").get("SLEEPING").getAsLong()).isEqualTo(4 * MS);
    }

    @Test
    void timelineAtOneMillisecondAPixelGivesEveryStateAndWhoRanOnEachCpu() throws Exception {
        JsonObject timeline = get("/captures/0/timeline", "from", at(0), "to", at(20), "width", 20)
                .getAsJsonObject();
        assertThat(timeline.get("from").getAsLong()).isEqualTo(at(0));
        assertThat(timeline.get("to").getAsLong()).isEqualTo(at(20));
        assertThat(timeline.get("resolution").getAsLong()).isEqualTo(MS);
        assertThat(timeline.get("states").toString())
                .isEqualTo("[\"RUNNING\",\"RUNNABLE\",\"SLEEPING\",\"BLOCKED_IO\",\"STOPPED\",\"DEAD\",\"UNKNOWN\"]");
        // The worker starts 1 ns in, runnable: its first gap is 1.
        assertThat(thread(timeline, 101).get("gaps").toString()).isEqualTo("[1,0,0]");
        JsonObject main = thread(timeline, 100);
        // As sent: gaps from the previous end (from 'from' first), lengths, indexes into "states", CPUs.
        assertThat(main.get("gaps").toString()).isEqualTo("[0,0,0,0]");
        assertThat(main.get("lengths").toString()).isEqualTo("[" + 10 * MS + "," + 5 * MS + "," + MS + "," + 4 * MS + "]");
        assertThat(main.get("states").toString()).isEqualTo("[0,2,1,0]");
        assertThat(main.get("cpus").toString()).isEqualTo("[0,-1,-1,0]");
        assertThat(threadIntervals(timeline, 100)).isEqualTo(rows(
                new Object[] {at(0), at(10), "RUNNING", 0}, new Object[] {at(10), at(15), "SLEEPING", -1},
                new Object[] {at(15), at(16), "RUNNABLE", -1}, new Object[] {at(16), at(20), "RUNNING", 0}));
        assertThat(threadIntervals(timeline, 101)).isEqualTo(rows(
                new Object[] {at(0) + 1, at(2), "RUNNABLE", -1}, new Object[] {at(2), at(16), "RUNNING", 1},
                new Object[] {at(16), at(20), "SLEEPING", -1}));
        JsonArray cpus = timeline.getAsJsonArray("cpus");
        assertThat(cpus).hasSize(2);
        JsonObject cpu0 = cpus.get(0).getAsJsonObject();
        assertThat(cpu0.get("cpu").getAsInt()).isZero();
        assertThat(cpu0.get("gaps").toString()).isEqualTo("[0," + 6 * MS + "]");
        assertThat(cpu0.get("lengths").toString()).isEqualTo("[" + 10 * MS + "," + 4 * MS + "]");
        assertThat(cpu0.get("pids").toString()).isEqualTo("[100,100]");
        assertThat(cpu0.get("tids").toString()).isEqualTo("[100,100]");
        assertThat(cpuIntervals(timeline, 0)).isEqualTo(rows(
                new Object[] {at(0), at(10), 100, 100}, new Object[] {at(16), at(20), 100, 100}));
        assertThat(cpus.get(1).getAsJsonObject().get("cpu").getAsInt()).isEqualTo(1);
        assertThat(cpuIntervals(timeline, 1)).isEqualTo(rows(new Object[] {at(2), at(16), 100, 101}));
    }

    @Test
    void timelineMergesWhatIsShorterThanAPixel() throws Exception {
        JsonObject timeline = get("/captures/0/timeline", "from", at(0), "to", at(20), "width", 2,
                "threads", "100:100").getAsJsonObject();
        assertThat(timeline.get("resolution").getAsLong()).isEqualTo(10 * MS);
        assertThat(timeline.getAsJsonArray("threads")).hasSize(1);
        // 10..20 is sleeping 5, runnable 1, running 4: one SLEEPING interval.
        assertThat(threadIntervals(timeline, 100)).isEqualTo(rows(
                new Object[] {at(0), at(10), "RUNNING", 0}, new Object[] {at(10), at(20), "SLEEPING", -1}));
        // Main ran longest in both columns of CPU 0; the worker in both of CPU 1: one interval each.
        assertThat(cpuIntervals(timeline, 0)).isEqualTo(rows(new Object[] {at(0), at(20), 100, 100}));
        assertThat(cpuIntervals(timeline, 1)).isEqualTo(rows(new Object[] {at(2), at(16), 100, 101}));
    }

    @Test
    void timelineOfSomeThreadsLeavesTheCpuRowsOutWhenAsked() throws Exception {
        JsonObject timeline = get("/captures/0/timeline", "from", at(0), "to", at(20), "width", 20,
                "threads", "100:101", "cpus", "false").getAsJsonObject();
        assertThat(timeline.getAsJsonArray("threads")).hasSize(1);
        assertThat(threadIntervals(timeline, 101)).startsWith("[[" + (at(0) + 1) + "," + at(2) + ",\"RUNNABLE\",-1]");
        assertThat(timeline.has("cpus")).isFalse();
        assertMessage(400, "'cpus'", "/captures/0/timeline", "cpus", "no");
    }

    @Test
    void samplesGiveOneTickAPixelColumnAThread() throws Exception {
        JsonObject all = get("/captures/0/samples", "from", at(0), "to", at(20) + 1, "width", 20).getAsJsonObject();
        JsonObject main = all.getAsJsonArray("threads").get(0).getAsJsonObject();
        assertThat(main.get("tid").getAsInt()).isEqualTo(100);
        // As sent: the first tick's distance from 'from', then each from the one before.
        assertThat(main.get("gaps").toString()).startsWith("[" + MS + "," + MS + ",").endsWith("," + 7 * MS + "," + MS
                + "," + MS + "," + MS + "]");
        assertThat(ticks(all, 100)).containsExactly(at(1), at(2), at(3), at(4), at(5), at(6), at(7), at(8), at(9),
                at(10), at(17), at(18), at(19), at(20));
        assertThat(ticks(all, 101)).hasSize(14).startsWith(at(3)).endsWith(at(16));
        JsonObject coarse = get("/captures/0/samples", "from", at(0), "to", at(20) + 1, "width", 2)
                .getAsJsonObject();
        assertThat(ticks(coarse, 100)).containsExactly(at(1), at(17));
        assertThat(ticks(coarse, 101)).containsExactly(at(3), at(11));
        JsonObject worker = get("/captures/0/samples", "width", 2, "threads", "100:101").getAsJsonObject();
        assertThat(worker.getAsJsonArray("threads")).hasSize(1);
    }

    @Test
    void callTreeTopDownAndBottomUp() throws Exception {
        JsonObject topDown = get("/captures/0/calltree", "minPercent", 0).getAsJsonObject();
        assertThat(topDown.get("totalSamples").getAsLong()).isEqualTo(28);
        assertThat(topDown.get("totalNanos").getAsLong()).isEqualTo(28 * MS);
        JsonObject root = topDown.getAsJsonObject("root");
        assertThat(root.get("name").getAsString()).isEqualTo("(all)");
        assertThat(names(root)).containsExactly("main", "worker_loop");
        JsonObject main = child(root, 0);
        assertThat(main.get("module").getAsString()).isEqualTo("app");
        assertThat(main.get("kernel").getAsBoolean()).isFalse();
        assertThat(main.get("totalSamples").getAsLong()).isEqualTo(14);
        assertThat(main.get("selfNanos").getAsLong()).isZero();
        assertThat(names(main)).containsExactly("compute", "write_out");
        assertThat(child(main, 0).get("totalNanos").getAsLong()).isEqualTo(10 * MS);
        assertThat(child(main, 0).get("selfSamples").getAsLong()).isEqualTo(10);
        assertThat(child(main, 1).get("totalNanos").getAsLong()).isEqualTo(4 * MS);
        assertThat(child(root, 1).get("selfNanos").getAsLong()).isEqualTo(14 * MS);

        JsonObject bottomUp = get("/captures/0/calltree", "inverted", "true", "minPercent", 0).getAsJsonObject()
                .getAsJsonObject("root");
        assertThat(names(bottomUp)).containsExactly("worker_loop", "compute", "write_out");
        assertThat(child(bottomUp, 1).get("totalNanos").getAsLong()).isEqualTo(10 * MS);
        assertThat(names(child(bottomUp, 1))).containsExactly("main");
    }

    @Test
    void callTreeFollowsTheSelectionAndPrunesSmallNodes() throws Exception {
        JsonObject pruned = get("/captures/0/calltree", "minPercent", 20).getAsJsonObject().getAsJsonObject("root");
        // 20% of 28 ms is 5.6 ms: write_out (4 ms) goes.
        assertThat(names(child(pruned, 0))).containsExactly("compute");

        JsonObject window = get("/captures/0/calltree", "from", at(0), "to", at(10.5), "minPercent", 0)
                .getAsJsonObject();
        assertThat(window.get("totalSamples").getAsLong()).isEqualTo(18);
        JsonObject worker = get("/captures/0/calltree", "threads", "100:101").getAsJsonObject();
        assertThat(worker.get("totalSamples").getAsLong()).isEqualTo(14);
        assertThat(names(worker.getAsJsonObject("root"))).containsExactly("worker_loop");
        JsonObject focus = get("/captures/0/calltree", "focus", "compute").getAsJsonObject();
        assertThat(focus.get("totalSamples").getAsLong()).isEqualTo(10);
        assertThat(names(focus.getAsJsonObject("root"))).containsExactly("compute");
        JsonObject exclude = get("/captures/0/calltree", "exclude", "compute").getAsJsonObject();
        assertThat(exclude.get("totalSamples").getAsLong()).isEqualTo(18);
    }

    @Test
    void functionsAreSearchedAndFollowTheSelection() throws Exception {
        JsonArray all = get("/captures/0/functions").getAsJsonObject().getAsJsonArray("functions");
        assertThat(all).extracting(f -> f.getAsJsonObject().get("name").getAsString())
                .containsExactly("worker_loop", "compute", "write_out", "main");
        JsonObject compute = all.get(1).getAsJsonObject();
        assertThat(compute.get("module").getAsString()).isEqualTo("app");
        assertThat(compute.get("selfNanos").getAsLong()).isEqualTo(10 * MS);
        assertThat(compute.get("totalSamples").getAsLong()).isEqualTo(10);
        JsonObject main = all.get(3).getAsJsonObject();
        assertThat(main.get("selfSamples").getAsLong()).isZero();
        assertThat(main.get("totalNanos").getAsLong()).isEqualTo(14 * MS);

        JsonArray found = get("/captures/0/functions", "q", "WORK").getAsJsonObject().getAsJsonArray("functions");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("worker_loop");
        assertThat(get("/captures/0/functions", "limit", 1).getAsJsonObject().getAsJsonArray("functions")).hasSize(1);
        JsonArray late = get("/captures/0/functions", "from", at(16.5), "threads", "100:100").getAsJsonObject()
                .getAsJsonArray("functions");
        assertThat(late.get(0).getAsJsonObject().get("name").getAsString()).isEqualTo("compute");
        assertThat(late.get(0).getAsJsonObject().get("selfSamples").getAsLong()).isEqualTo(4);
    }

    @Test
    void linesGiveEachSampledInstructionsLineAndFollowTheSelection() throws Exception {
        JsonObject answer = get("/captures/0/lines").getAsJsonObject();
        JsonArray all = answer.getAsJsonArray("lines");
        assertThat(answer.get("lineCount").getAsInt()).isEqualTo(all.size());
        Map<String, Long> functions = new java.util.HashMap<>();
        for (JsonElement f : get("/captures/0/functions").getAsJsonObject().getAsJsonArray("functions")) {
            functions.put(f.getAsJsonObject().get("name").getAsString(), f.getAsJsonObject().get("selfNanos").getAsLong());
        }
        // Each function of the app is one line, so the lines are the functions with self time, by self time.
        for (JsonElement element : all) {
            JsonObject line = element.getAsJsonObject();
            String function = line.get("function").getAsString();
            assertThat(line.get("file").getAsString()).isEqualTo(TestCapture.APP_SOURCE);
            assertThat(line.get("line").getAsInt()).isEqualTo(TestCapture.APP_LINES.get(function));
            assertThat(line.get("selfNanos").getAsLong()).as(function).isEqualTo(functions.get(function));
        }
        assertThat(all).extracting(line -> line.getAsJsonObject().get("function").getAsString())
                .containsExactlyElementsOf(functions.entrySet().stream().filter(f -> f.getValue() > 0)
                        .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).map(Map.Entry::getKey).toList());
        assertThat(all.get(1).getAsJsonObject().get("samples").getAsLong()).isEqualTo(10);

        JsonArray late = get("/captures/0/lines", "from", at(16.5), "threads", "100:100").getAsJsonObject()
                .getAsJsonArray("lines");
        assertThat(late).hasSize(1);
        assertThat(late.get(0).getAsJsonObject().get("line").getAsInt()).isEqualTo(20);
        assertThat(late.get(0).getAsJsonObject().get("samples").getAsLong()).isEqualTo(4);
        assertThat(get("/captures/0/lines", "limit", 1).getAsJsonObject().getAsJsonArray("lines")).hasSize(1);
    }

    @Test
    void waitsGiveTheStateStackAndWaker() throws Exception {
        JsonArray waits = get("/captures/0/waits", "pid", 100, "tid", 100).getAsJsonObject().getAsJsonArray("waits");
        assertThat(waits).hasSize(1);
        JsonObject wait = waits.get(0).getAsJsonObject();
        assertThat(wait.get("name").getAsString()).isEqualTo("app");
        assertThat(wait.get("start").getAsLong()).isEqualTo(at(10));
        assertThat(wait.get("end").getAsLong()).isEqualTo(at(15));
        assertThat(wait.get("state").getAsString()).isEqualTo("SLEEPING");
        assertThat(wait.get("stack").toString()).isEqualTo("[{\"name\":\"main\",\"module\":\"app\",\"kernel\":false},"
                + "{\"name\":\"wait_for_work\",\"module\":\"app\",\"kernel\":false},"
                + "{\"name\":\"futex_wait\",\"module\":\"[kernel.kallsyms]\",\"kernel\":true}]");
        JsonObject waker = wait.getAsJsonObject("waker");
        assertThat(waker.get("tid").getAsInt()).isEqualTo(101);
        assertThat(waker.get("name").getAsString()).isEqualTo("worker");
        assertThat(waker.get("time").getAsLong()).isEqualTo(at(15));
        assertThat(waker.get("cpu").getAsInt()).isEqualTo(1);
        assertThat(waker.getAsJsonArray("stack")).extracting(f -> f.getAsJsonObject().get("name").getAsString())
                .containsExactly("worker_loop", "notify", "try_to_wake_up");

        JsonArray workerWaits = get("/captures/0/waits", "pid", 100, "tid", 101).getAsJsonObject()
                .getAsJsonArray("waits");
        assertThat(workerWaits).hasSize(1);
        assertThat(workerWaits.get(0).getAsJsonObject().get("start").getAsLong()).isEqualTo(at(16));
        assertThat(workerWaits.get(0).getAsJsonObject().get("waker").isJsonNull()).isTrue();
        assertThat(get("/captures/0/waits", "pid", 100, "tid", 100, "from", at(0), "to", at(9)).getAsJsonObject()
                .getAsJsonArray("waits")).isEmpty();
    }

    @Test
    void theWaitAtATimeIsTheOneCoveringIt() throws Exception {
        JsonObject wait = get("/captures/0/wait", "pid", 100, "tid", 100, "time", at(12)).getAsJsonObject();
        assertThat(wait.get("start").getAsLong()).isEqualTo(at(10));
        assertThat(wait.getAsJsonObject("waker").get("tid").getAsInt()).isEqualTo(101);
        assertStatus(404, "/captures/0/wait", "pid", 100, "tid", 100, "time", at(15));
        assertStatus(404, "/captures/0/wait", "pid", 100, "tid", 100, "time", at(5));
        assertStatus(404, "/captures/0/wait", "pid", 100, "tid", 999, "time", at(5));
    }

    @Test
    void findingsComeFromEveryAnalyzerOnceAndAFailingOneIsReported() throws Exception {
        ANALYZERS.clear();
        AtomicInteger gapRuns = new AtomicInteger();
        ANALYZERS.add(new Findings.Analyzer(11, analyzer("gaps", model -> {
            gapRuns.incrementAndGet();
            return List.of(new Finding("gaps", Finding.Severity.WARNING, "no samples", model.startTime() + MS,
                    model.startTime() + 2 * MS));
        })));
        ANALYZERS.add(new Findings.Analyzer(12, analyzer("broken", model -> {
            throw new IllegalStateException("out of cheese");
        })));
        try {
            JsonArray findings = get("/captures/0/findings").getAsJsonObject().getAsJsonArray("findings");
            assertThat(findings).hasSize(2);
            JsonObject gap = findings.get(0).getAsJsonObject();
            assertThat(gap.get("analyzer").getAsString()).isEqualTo("gaps");
            assertThat(gap.get("severity").getAsString()).isEqualTo("WARNING");
            assertThat(gap.get("summary").getAsString()).isEqualTo("no samples");
            assertThat(gap.get("startTime").getAsLong()).isEqualTo(at(1));
            assertThat(gap.get("endTime").getAsLong()).isEqualTo(at(2));
            JsonObject broken = findings.get(1).getAsJsonObject();
            assertThat(broken.get("analyzer").getAsString()).isEqualTo("broken");
            assertThat(broken.get("severity").getAsString()).isEqualTo("ERROR");
            assertThat(broken.get("summary").getAsString()).contains("out of cheese");

            // Asked again: the same findings, not computed again; an analyzer service that arrives is run.
            ANALYZERS.add(new Findings.Analyzer(13, analyzer("late", model -> List.of(new Finding("late",
                    Finding.Severity.INFO, "arrived later", model.startTime(), model.endTime())))));
            JsonArray again = get("/captures/0/findings").getAsJsonObject().getAsJsonArray("findings");
            assertThat(again).extracting(f -> f.getAsJsonObject().get("analyzer").getAsString())
                    .containsExactly("gaps", "broken", "late");
            assertThat(again.get(2).getAsJsonObject().get("endTime").getAsLong()).isEqualTo(at(20));
            assertThat(gapRuns).hasValue(1);
        } finally {
            ANALYZERS.clear();
        }
        assertThat(get("/captures/0/findings").getAsJsonObject().getAsJsonArray("findings")).isEmpty();
    }

    @Test
    void badParametersAre400AndNameTheParameter() {
        assertMessage(400, "'from'", "/captures/0/timeline", "from", "yesterday");
        assertMessage(400, "'width'", "/captures/0/timeline", "width", 0);
        assertMessage(400, "'to'", "/captures/0/timeline", "from", at(5), "to", at(1));
        assertMessage(400, "'threads'", "/captures/0/samples", "threads", "100");
        assertMessage(400, "'inverted'", "/captures/0/calltree", "inverted", "maybe");
        assertMessage(400, "'minPercent'", "/captures/0/calltree", "minPercent", "-1");
        assertMessage(400, "'pid'", "/captures/0/waits", "tid", 100);
        assertMessage(400, "'time'", "/captures/0/wait", "pid", 100, "tid", 100);
        assertMessage(400, "'limit'", "/captures/0/functions", "limit", "lots");
    }

    @Test
    void unknownCapturesThreadsAndPathsAre404() {
        assertMessage(404, "'7'", "/captures/7/summary");
        assertMessage(404, "100:999", "/captures/0/timeline", "threads", "100:999");
        assertMessage(404, "no thread", "/captures/0/waits", "pid", 100, "tid", 999);
        assertStatus(404, "/captures/0/everything");
        assertStatus(404, "/captures/../../etc/passwd");
        assertStatus(404, "/captures/0/../../../etc/passwd");
        assertStatus(404, "/../etc/passwd");
        assertStatus(404, "/etc/passwd");
        assertStatus(404, "//etc/passwd");
        assertStatus(404, "/captures/%2e%2e/summary");
        assertStatus(404, "/captures//etc/passwd/summary");
        assertStatus(404, "");
        assertStatus(404, null);
    }

    private static JsonElement get(String path, Object... parameters) throws ApiException {
        Map<String, String> map = new HashMap<>();
        for (int i = 0; i < parameters.length; i += 2) {
            map.put((String) parameters[i], String.valueOf(parameters[i + 1]));
        }
        // Through text, as a browser sees it.
        return JsonParser.parseString(api.answer(path, map).toString());
    }

    private static void assertStatus(int status, String path, Object... parameters) {
        assertThatThrownBy(() -> get(path, parameters)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status()).as(e.getMessage()).isEqualTo(status));
    }

    private static void assertMessage(int status, String named, String path, Object... parameters) {
        assertThatThrownBy(() -> get(path, parameters)).isInstanceOfSatisfying(ApiException.class, e -> {
            assertThat(e.status()).as(e.getMessage()).isEqualTo(status);
            assertThat(e.getMessage()).contains(named);
        });
    }

    private static JsonObject thread(JsonObject timeline, int tid) {
        for (JsonElement thread : timeline.getAsJsonArray("threads")) {
            if (thread.getAsJsonObject().get("tid").getAsInt() == tid) {
                return thread.getAsJsonObject();
            }
        }
        throw new AssertionError("no thread " + tid + " in " + timeline);
    }

    /** The ticks of a thread, each the one before plus its gap (the first: the answer's 'from' plus its gap). */
    private static List<Long> ticks(JsonObject samples, int tid) {
        for (JsonElement thread : samples.getAsJsonArray("threads")) {
            if (thread.getAsJsonObject().get("tid").getAsInt() == tid) {
                List<Long> ticks = new ArrayList<>();
                long time = samples.get("from").getAsLong();
                for (JsonElement gap : thread.getAsJsonObject().getAsJsonArray("gaps")) {
                    time += gap.getAsLong();
                    ticks.add(time);
                }
                return ticks;
            }
        }
        return List.of();
    }

    /** A thread's row as {@code [[start,end,"STATE",cpu],...]}, added up from its gaps and lengths. */
    private static String threadIntervals(JsonObject timeline, int tid) {
        JsonObject row = thread(timeline, tid);
        JsonArray legend = timeline.getAsJsonArray("states");
        List<long[]> times = times(timeline.get("from").getAsLong(), row);
        JsonArray intervals = new JsonArray();
        for (int i = 0; i < times.size(); i++) {
            JsonArray interval = new JsonArray();
            interval.add(times.get(i)[0]);
            interval.add(times.get(i)[1]);
            interval.add(legend.get(row.getAsJsonArray("states").get(i).getAsInt()));
            interval.add(row.getAsJsonArray("cpus").get(i));
            intervals.add(interval);
        }
        return intervals.toString();
    }

    /** A CPU's row as {@code [[start,end,pid,tid],...]}. */
    private static String cpuIntervals(JsonObject timeline, int cpu) {
        for (JsonElement element : timeline.getAsJsonArray("cpus")) {
            JsonObject row = element.getAsJsonObject();
            if (row.get("cpu").getAsInt() != cpu) {
                continue;
            }
            List<long[]> times = times(timeline.get("from").getAsLong(), row);
            JsonArray intervals = new JsonArray();
            for (int i = 0; i < times.size(); i++) {
                JsonArray interval = new JsonArray();
                interval.add(times.get(i)[0]);
                interval.add(times.get(i)[1]);
                interval.add(row.getAsJsonArray("pids").get(i));
                interval.add(row.getAsJsonArray("tids").get(i));
                intervals.add(interval);
            }
            return intervals.toString();
        }
        throw new AssertionError("no CPU " + cpu + " in " + timeline);
    }

    private static List<long[]> times(long from, JsonObject row) {
        JsonArray gaps = row.getAsJsonArray("gaps");
        JsonArray lengths = row.getAsJsonArray("lengths");
        assertThat(lengths).hasSameSizeAs(gaps);
        List<long[]> times = new ArrayList<>();
        long end = from;
        for (int i = 0; i < gaps.size(); i++) {
            long start = end + gaps.get(i).getAsLong();
            end = start + lengths.get(i).getAsLong();
            times.add(new long[] {start, end});
        }
        return times;
    }

    private static String rows(Object[]... rows) {
        JsonArray array = new JsonArray();
        for (Object[] row : rows) {
            JsonArray json = new JsonArray();
            for (Object value : row) {
                if (value instanceof String s) {
                    json.add(s);
                } else {
                    json.add((Number) value);
                }
            }
            array.add(json);
        }
        return array.toString();
    }

    private static List<String> names(JsonObject node) {
        List<String> names = new ArrayList<>();
        node.getAsJsonArray("children").forEach(c -> names.add(c.getAsJsonObject().get("name").getAsString()));
        return names;
    }

    private static JsonObject child(JsonObject node, int index) {
        return node.getAsJsonArray("children").get(index).getAsJsonObject();
    }

    private static CaptureAnalyzer analyzer(String id, java.util.function.Function<CaptureModel, List<Finding>> f) {
        return new CaptureAnalyzer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<Finding> analyze(CaptureModel model) {
                return f.apply(model);
            }
        };
    }
}
