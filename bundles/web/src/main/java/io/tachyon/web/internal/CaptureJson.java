package io.tachyon.web.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonNull;
import com.google.gson.JsonObject;
import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.LineCost;
import io.tachyon.api.analysis.FunctionFilter;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.StateTotals;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.analysis.Waker;
import io.tachyon.api.event.ThreadState;
import io.tachyon.web.internal.Query.ThreadId;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The JSON answers of the viewer's API for one capture model (see WEB-CONTRACT in the bundle's README): a model
 * and the request's parameters in, JSON out. Times are nanoseconds on the capture's clock.
 */
final class CaptureJson {

    /** The widest picture a request may ask for, in pixels (columns). */
    static final int MAX_WIDTH = 10_000;
    /** A call tree answer stops growing here, however low minPercent is, to stay a page's worth of JSON. */
    static final int MAX_TREE_NODES = 50_000;
    /** Writes the answers: no HTML escaping (the page never puts JSON into HTML unescaped). */
    static final Gson GSON = new GsonBuilder().disableHtmlEscaping().create();

    private CaptureJson() {
    }

    static JsonObject captureEntry(String id, String name, CaptureModel model) {
        JsonObject entry = new JsonObject();
        entry.addProperty("id", id);
        entry.addProperty("name", name);
        entry.addProperty("startTime", model.startTime());
        entry.addProperty("endTime", model.endTime());
        entry.addProperty("sampleCount", model.sampleCount());
        return entry;
    }

    /** The capture's facts and its processes and threads, busiest (CPU time) first. */
    static JsonObject summary(String name, CaptureModel model) {
        JsonObject summary = new JsonObject();
        summary.addProperty("name", name);
        summary.addProperty("startTime", model.startTime());
        summary.addProperty("endTime", model.endTime());
        summary.addProperty("sampleCount", model.sampleCount());
        summary.addProperty("sampledNanos", model.sampledNanos());
        summary.addProperty("lostRecords", model.lostRecords());
        summary.addProperty("hasThreadStates", model.hasThreadStates());
        summary.addProperty("cpuCount", model.metadata().cpuCount());
        summary.add("commandLine", strings(model.metadata().commandLine()));
        JsonObject settings = new JsonObject();
        new java.util.TreeMap<>(model.metadata().settings()).forEach(settings::addProperty);
        summary.add("settings", settings);
        summary.add("warnings", strings(model.warnings()));

        Map<Integer, List<ThreadStates>> byProcess = new LinkedHashMap<>();
        for (ThreadStates states : model.threadStates()) {
            byProcess.computeIfAbsent(states.thread().pid(), pid -> new ArrayList<>()).add(states);
        }
        List<Map.Entry<Integer, List<ThreadStates>>> processes = new ArrayList<>(byProcess.entrySet());
        processes.sort(Comparator.<Map.Entry<Integer, List<ThreadStates>>>comparingLong(
                e -> -e.getValue().stream().mapToLong(s -> s.thread().cpuNanos()).sum())
                .thenComparing(Map.Entry::getKey));
        JsonArray processArray = new JsonArray();
        for (Map.Entry<Integer, List<ThreadStates>> process : processes) {
            List<ThreadStates> threads = new ArrayList<>(process.getValue());
            threads.sort(Comparator.<ThreadStates>comparingLong(s -> -s.thread().cpuNanos())
                    .thenComparingInt(s -> s.thread().tid()));
            JsonObject processJson = new JsonObject();
            processJson.addProperty("pid", process.getKey());
            processJson.addProperty("name", threads.get(0).thread().processName());
            JsonArray threadArray = new JsonArray();
            for (ThreadStates states : threads) {
                ThreadSummary thread = states.thread();
                JsonObject threadJson = new JsonObject();
                threadJson.addProperty("pid", thread.pid());
                threadJson.addProperty("tid", thread.tid());
                threadJson.addProperty("name", thread.name());
                threadJson.addProperty("samples", thread.samples());
                threadJson.addProperty("cpuNanos", thread.cpuNanos());
                threadJson.add("states", states(states.totals()));
                threadArray.add(threadJson);
            }
            processJson.add("threads", threadArray);
            processArray.add(processJson);
        }
        summary.add("processes", processArray);
        return summary;
    }

    /**
     * Each wanted thread's states and each CPU's threads in the window, with a level of detail of
     * {@code (to - from) / width}: no interval is shorter than that, so every row has at most about
     * {@code width} intervals whatever the capture's size. Rows are parallel arrays (see {@link IntervalTimes});
     * a thread's states are indexes into the answer's {@code "states"}.
     */
    static JsonObject timeline(CaptureModel model, CpuRuns cpuRuns, Query query) throws ApiException {
        long[] window = query.pictureWindow(model.startTime(), model.endTime());
        int width = query.intValue("width", 1000, 1, MAX_WIDTH);
        long resolution = Math.max(1, (window[1] - window[0]) / width);
        Set<ThreadId> wanted = query.threads();
        JsonObject timeline = new JsonObject();
        timeline.addProperty("from", window[0]);
        timeline.addProperty("to", window[1]);
        timeline.addProperty("resolution", resolution);
        JsonArray legend = new JsonArray();
        for (ThreadState state : ThreadState.values()) {
            legend.add(state.name());
        }
        timeline.add("states", legend);
        JsonArray threads = new JsonArray();
        Set<ThreadId> found = new HashSet<>();
        for (ThreadSummary thread : model.threads()) {
            ThreadId id = new ThreadId(thread.pid(), thread.tid());
            found.add(id);
            // The idle task (tid 0, in the summary when it was sampled) has no states to show.
            if (thread.tid() == 0 || !(wanted.isEmpty() || wanted.contains(id))) {
                continue;
            }
            IntervalTimes times = new IntervalTimes(window[0]);
            JsonArray states = new JsonArray();
            JsonArray cpus = new JsonArray();
            for (StateInterval interval : model.timeline(thread.pid(), thread.tid(), window[0], window[1],
                    resolution).intervals()) {
                times.add(interval.start(), interval.end());
                states.add(interval.state().ordinal());
                cpus.add(interval.cpu());
            }
            JsonObject threadJson = new JsonObject();
            threadJson.addProperty("pid", thread.pid());
            threadJson.addProperty("tid", thread.tid());
            times.addTo(threadJson);
            threadJson.add("states", states);
            threadJson.add("cpus", cpus);
            threads.add(threadJson);
        }
        for (ThreadId id : wanted) {
            if (!found.contains(id)) {
                throw ApiException.notFound("no thread " + id.pid() + ":" + id.tid() + " in this capture");
            }
        }
        timeline.add("threads", threads);
        if (query.booleanValue("cpus", true)) {
            timeline.add("cpus", cpuRuns.rows(window[0], window[1], width));
        }
        return timeline;
    }

    /**
     * Sample times per thread, at most one per pixel column of {@code (to - from) / width}: {@code "gaps"}, each
     * tick minus the one before (minus {@code from} for the first).
     */
    static JsonObject samples(CaptureModel model, Query query) throws ApiException {
        long[] window = query.pictureWindow(model.startTime(), model.endTime() + 1);
        int width = query.intValue("width", 1000, 1, MAX_WIDTH);
        CaptureFilter filter = query.captureFilter(window[0], window[1]);
        Set<ThreadId> wanted = query.threads();
        long span = Math.max(1, window[1] - window[0]);
        Map<ThreadId, Ticks> ticks = new LinkedHashMap<>();
        model.samples(filter, (time, period, cpu, pid, tid, stack) -> {
            ThreadId id = new ThreadId(pid, tid);
            if (!wanted.isEmpty() && !wanted.contains(id)) {
                return;
            }
            ticks.computeIfAbsent(id, k -> new Ticks(window[0])).add(time,
                    (long) ((double) (time - window[0]) / span * width));
        });
        JsonArray threads = new JsonArray();
        ticks.forEach((id, row) -> {
            JsonObject thread = new JsonObject();
            thread.addProperty("pid", id.pid());
            thread.addProperty("tid", id.tid());
            thread.add("gaps", row.gaps);
            threads.add(thread);
        });
        JsonObject samples = new JsonObject();
        samples.addProperty("from", window[0]);
        samples.addProperty("to", window[1]);
        samples.add("threads", threads);
        return samples;
    }

    /** One thread's ticks: the first sample of each pixel column it has samples in. */
    private static final class Ticks {

        private final JsonArray gaps = new JsonArray();
        private long previous;
        private long lastColumn = -1;

        Ticks(long from) {
            this.previous = from;
        }

        void add(long time, long column) {
            if (column != lastColumn) {
                lastColumn = column;
                gaps.add(time - previous);
                previous = time;
            }
        }
    }

    /**
     * The call tree (top-down, or bottom-up with {@code inverted=true}) of the samples in the window and threads,
     * narrowed by {@code focus} and {@code exclude} (comma-separated function names, {@code name*} for a prefix);
     * nodes below {@code minPercent} of the root's time are left out.
     */
    static JsonObject callTree(CaptureModel model, Query query) throws ApiException {
        CaptureModel samples = model.filtered(query.captureFilter(Long.MIN_VALUE, Long.MAX_VALUE));
        FunctionFilter functions;
        try {
            functions = new FunctionFilter(query.list("focus"), query.list("exclude"), List.of());
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("parameter 'focus' or 'exclude': " + e.getMessage());
        }
        CallTree tree = samples.filtered(functions).callTree(query.booleanValue("inverted"));
        double minPercent = query.doubleValue("minPercent", 0.1);
        long rootNanos = tree.totalNanos(CallTree.ROOT);
        long minNanos = (long) Math.ceil(rootNanos * minPercent / 100.0);
        int[] budget = {MAX_TREE_NODES};
        JsonObject json = new JsonObject();
        json.addProperty("totalNanos", rootNanos);
        json.addProperty("totalSamples", tree.totalSamples(CallTree.ROOT));
        json.add("root", node(tree, CallTree.ROOT, minNanos, budget));
        json.addProperty("truncated", budget[0] <= 0);
        return json;
    }

    private static JsonObject node(CallTree tree, int node, long minNanos, int[] budget) {
        budget[0]--;
        StackFrame frame = tree.frame(node);
        JsonObject json = new JsonObject();
        json.addProperty("name", frame == null ? "(all)" : frame.function());
        json.addProperty("module", frame == null ? "" : frame.module());
        json.addProperty("kernel", frame != null && frame.kernel());
        json.addProperty("selfNanos", tree.selfNanos(node));
        json.addProperty("totalNanos", tree.totalNanos(node));
        json.addProperty("selfSamples", tree.selfSamples(node));
        json.addProperty("totalSamples", tree.totalSamples(node));
        JsonArray children = new JsonArray();
        for (int child : tree.children(node)) {
            // Children come by total time, highest first: the first one too small ends the list.
            if (tree.totalNanos(child) < minNanos || tree.totalNanos(child) == 0 || budget[0] <= 0) {
                break;
            }
            children.add(node(tree, child, minNanos, budget));
        }
        json.add("children", children);
        return json;
    }

    /** Functions of the window and threads whose name contains {@code q} (any case), by self time. */
    static JsonObject functions(CaptureModel model, Query query) throws ApiException {
        CaptureModel samples = model.filtered(query.captureFilter(Long.MIN_VALUE, Long.MAX_VALUE));
        String needle = query.string("q", "").toLowerCase(Locale.ROOT);
        int limit = query.intValue("limit", 200, 1, 100_000);
        JsonArray functions = new JsonArray();
        for (FunctionCost function : samples.functions()) {
            if (functions.size() >= limit) {
                break;
            }
            if (needle.isEmpty() || function.function().toLowerCase(Locale.ROOT).contains(needle)) {
                JsonObject json = new JsonObject();
                json.addProperty("name", function.function());
                json.addProperty("module", function.module());
                json.addProperty("selfNanos", function.selfNanos());
                json.addProperty("totalNanos", function.totalNanos());
                json.addProperty("selfSamples", function.selfSamples());
                json.addProperty("totalSamples", function.totalSamples());
                functions.add(json);
            }
        }
        JsonObject json = new JsonObject();
        json.add("functions", functions);
        return json;
    }

    /**
     * The source lines of the selection by self time (see {@link CaptureModel#lines}), hottest first, up to
     * {@code limit}; a line no debug information gave has no file.
     */
    static JsonObject lines(CaptureModel model, Query query) throws ApiException {
        CaptureModel samples = model.filtered(query.captureFilter(Long.MIN_VALUE, Long.MAX_VALUE));
        int limit = query.intValue("limit", 200, 1, 100_000);
        List<LineCost> all = samples.lines();
        JsonArray lines = new JsonArray();
        for (LineCost line : all.subList(0, Math.min(limit, all.size()))) {
            JsonObject json = new JsonObject();
            if (line.file() != null) {
                json.addProperty("file", line.file());
                json.addProperty("line", line.line());
            }
            json.addProperty("function", line.function());
            json.addProperty("module", line.module());
            json.addProperty("selfNanos", line.selfNanos());
            json.addProperty("samples", line.samples());
            lines.add(json);
        }
        JsonObject json = new JsonObject();
        json.addProperty("lineCount", all.size());
        json.addProperty("sampledNanos", samples.sampledNanos());
        json.add("lines", lines);
        return json;
    }

    /** A thread's waits overlapping the window, in time order. */
    static JsonObject waits(CaptureModel model, Query query) throws ApiException {
        int pid = query.requiredInt("pid");
        int tid = query.requiredInt("tid");
        long[] window = query.window(model.startTime(), model.endTime());
        JsonArray waits = new JsonArray();
        for (Wait wait : threadWaits(model, pid, tid, window[0], window[1])) {
            waits.add(wait(wait));
        }
        JsonObject json = new JsonObject();
        json.add("waits", waits);
        return json;
    }

    /** The wait of a thread that covers {@code time}. */
    static JsonObject waitAt(CaptureModel model, Query query) throws ApiException {
        int pid = query.requiredInt("pid");
        int tid = query.requiredInt("tid");
        long time = query.requiredLong("time");
        for (Wait wait : threadWaits(model, pid, tid, time, time)) {
            if (wait.start() <= time && time < wait.end()) {
                return wait(wait);
            }
        }
        throw ApiException.notFound("thread " + pid + ":" + tid + " was not waiting at " + time);
    }

    private static List<Wait> threadWaits(CaptureModel model, int pid, int tid, long from, long to)
            throws ApiException {
        try {
            return model.waits(pid, tid, from, to);
        } catch (IllegalArgumentException e) {
            throw ApiException.notFound("no thread " + pid + ":" + tid + " in this capture");
        }
    }

    /** The findings of every analyzer, in the order the analyzers are known. */
    static JsonObject findings(List<Finding> found) {
        JsonArray findings = new JsonArray();
        for (Finding finding : found) {
            JsonObject json = new JsonObject();
            json.addProperty("analyzer", finding.analyzerId());
            json.addProperty("severity", finding.severity().name());
            json.addProperty("summary", finding.summary());
            json.addProperty("startTime", finding.startTime());
            json.addProperty("endTime", finding.endTime());
            findings.add(json);
        }
        JsonObject json = new JsonObject();
        json.add("findings", findings);
        return json;
    }

    private static JsonObject wait(Wait wait) {
        JsonObject json = new JsonObject();
        json.addProperty("pid", wait.pid());
        json.addProperty("tid", wait.tid());
        json.addProperty("name", wait.name());
        json.addProperty("start", wait.start());
        json.addProperty("end", wait.end());
        json.addProperty("state", wait.state().name());
        json.add("stack", stack(wait.stack()));
        Waker waker = wait.waker();
        if (waker == null) {
            json.add("waker", JsonNull.INSTANCE);
        } else {
            JsonObject wakerJson = new JsonObject();
            wakerJson.addProperty("pid", waker.pid());
            wakerJson.addProperty("tid", waker.tid());
            wakerJson.addProperty("name", waker.name());
            wakerJson.addProperty("time", waker.time());
            wakerJson.addProperty("cpu", waker.cpu());
            wakerJson.add("stack", stack(waker.stack()));
            json.add("waker", wakerJson);
        }
        return json;
    }

    private static JsonArray stack(List<StackFrame> frames) {
        JsonArray stack = new JsonArray();
        for (StackFrame frame : frames) {
            JsonObject json = new JsonObject();
            json.addProperty("name", frame.function());
            json.addProperty("module", frame.module());
            json.addProperty("kernel", frame.kernel());
            stack.add(json);
        }
        return stack;
    }

    private static JsonObject states(StateTotals totals) {
        JsonObject states = new JsonObject();
        for (ThreadState state : ThreadState.values()) {
            if (state != ThreadState.DEAD) {
                states.addProperty(state.name(), totals.nanos(state));
            }
        }
        return states;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray array = new JsonArray();
        values.forEach(array::add);
        return array;
    }
}
