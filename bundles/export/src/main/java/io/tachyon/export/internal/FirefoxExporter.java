package io.tachyon.export.internal;

import com.google.gson.stream.JsonWriter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.export.Exporter;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Gecko profile format (version {@value #GECKO_VERSION}), which the Firefox Profiler imports and upgrades to
 * its processed format: a thread per captured thread with its samples (stack, time, and the CPU time since the
 * previous sample as {@code threadCPUDelta} in nanoseconds), frames categorised User or Kernel, and each wait as
 * an interval marker of type {@code Wait} with its state, the innermost frames of its wait stack and its waker.
 * Names are already resolved ({@code presymbolicated}). Times are milliseconds from the start of the exported
 * window, whose wall-clock time is {@code meta.startTime}.
 */
@Component(service = Exporter.class, property = Exporter.FORMAT_PROPERTY + "=" + FirefoxExporter.FORMAT)
public final class FirefoxExporter implements Exporter {

    static final String FORMAT = "firefox";
    static final int GECKO_VERSION = 27;

    private static final int USER_CATEGORY = 0;
    private static final int KERNEL_CATEGORY = 1;
    private static final int WAIT_CATEGORY = 2;
    /** How many innermost frames of a wait stack a marker names. */
    private static final int REASON_FRAMES = 3;

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileExtension() {
        return ".json";
    }

    @Override
    public void export(CaptureModel model, OutputStream out) throws IOException {
        SamplesByThread samples = new SamplesByThread(model);
        Map<Long, ThreadStates> states = new LinkedHashMap<>();
        for (ThreadStates thread : model.threadStates()) {
            states.put(((long) thread.thread().pid() << 32) | (thread.thread().tid() & 0xFFFF_FFFFL), thread);
        }
        JsonWriter json = Json.writer(out);
        json.beginObject();
        meta(json, model);
        json.name("libs").beginArray().endArray();
        json.name("threads").beginArray();
        for (ThreadSummary thread : model.threads()) {
            ThreadStates life = states.get(((long) thread.pid() << 32) | (thread.tid() & 0xFFFF_FFFFL));
            new ThreadWriter(json, model, thread).write(samples.of(thread.pid(), thread.tid()),
                    life == null ? model.startTime() : life.aliveStart(),
                    life == null ? model.endTime() : life.aliveEnd());
        }
        json.endArray();
        json.name("processes").beginArray().endArray();
        json.name("pausedRanges").beginArray().endArray();
        json.endObject();
        json.flush();
    }

    private static void meta(JsonWriter json, CaptureModel model) throws IOException {
        CaptureMetadata metadata = model.metadata();
        json.name("meta").beginObject();
        json.name("version").value(GECKO_VERSION);
        json.name("startTime");
        Json.millis(json, PprofExporter.wallClock(model, model.startTime()));
        json.name("shutdownTime").nullValue();
        json.name("interval");
        Json.millis(json, model.sampleCount() == 0 ? 1_000_000 : model.sampledNanos() / model.sampleCount());
        json.name("stackwalk").value(1);
        json.name("debug").value(0);
        json.name("gcpoison").value(0);
        json.name("asyncstack").value(0);
        json.name("processType").value(0);
        json.name("presymbolicated").value(true);
        json.name("product").value("Tachyon: " + (metadata == null ? model.file().getFileName().toString()
                : String.join(" ", metadata.commandLine())));
        json.name("platform").value("Linux");
        json.name("oscpu").value(metadata == null ? "Linux" : "Linux " + metadata.kernelRelease());
        json.name("abi").value(metadata == null ? "" : metadata.architecture());
        json.name("misc").value("");
        json.name("toolkit").value("");
        if (metadata != null) {
            json.name("logicalCPUs").value(metadata.cpuCount());
            json.name("CPUName").value(metadata.cpuModel());
        }
        json.name("categories").beginArray();
        category(json, "User", "yellow");
        category(json, "Kernel", "orange");
        category(json, "Wait", "blue");
        json.endArray();
        json.name("sampleUnits").beginObject().name("time").value("ms").name("eventDelay").value("ms")
                .name("threadCPUDelta").value("ns").endObject();
        json.name("markerSchema").beginArray().beginObject();
        json.name("name").value("Wait");
        json.name("display").beginArray().value("marker-chart").value("marker-table").value("timeline-overview")
                .endArray();
        json.name("chartLabel").value("{marker.data.state}");
        json.name("tooltipLabel").value("{marker.data.state}: {marker.data.reason}");
        json.name("tableLabel").value("{marker.data.state}: {marker.data.reason}, woken by {marker.data.waker}");
        json.name("data").beginArray();
        field(json, "state", "State");
        field(json, "reason", "Waiting in");
        field(json, "waker", "Woken by");
        json.endArray();
        json.endObject().endArray();
        json.endObject();
    }

    private static void category(JsonWriter json, String name, String color) throws IOException {
        json.beginObject().name("name").value(name).name("color").value(color).name("subcategories").beginArray()
                .value("Other").endArray().endObject();
    }

    private static void field(JsonWriter json, String key, String label) throws IOException {
        json.beginObject().name("key").value(key).name("label").value(label).name("format").value("string")
                .endObject();
    }

    /** One thread's tables: its stacks, frames and strings are its own, as the format wants. */
    private static final class ThreadWriter {

        private final JsonWriter json;
        private final CaptureModel model;
        private final ThreadSummary thread;
        private final StackTrie stacks = new StackTrie();
        private final Map<String, Integer> strings = new LinkedHashMap<>();

        ThreadWriter(JsonWriter json, CaptureModel model, ThreadSummary thread) {
            this.json = json;
            this.model = model;
            this.thread = thread;
        }

        void write(SamplesByThread.Samples samples, long aliveStart, long aliveEnd) throws IOException {
            json.beginObject();
            json.name("name").value(thread.name());
            json.name("processType").value("default");
            json.name("processName").value(thread.processName());
            json.name("pid").value(thread.pid());
            json.name("tid").value(thread.tid());
            json.name("registerTime");
            Json.millis(json, Math.max(0, aliveStart - model.startTime()));
            json.name("unregisterTime");
            if (aliveEnd < model.endTime()) {
                Json.millis(json, aliveEnd - model.startTime());
            } else {
                json.nullValue();
            }

            json.name("samples").beginObject();
            json.name("schema").beginObject().name("stack").value(0).name("time").value(1).name("eventDelay")
                    .value(2).name("threadCPUDelta").value(3).endObject();
            json.name("data").beginArray();
            for (int sample = 0; sample < samples.size(); sample++) {
                int node = stacks.node(model, samples.stack(sample));
                json.beginArray();
                if (node == StackTrie.ROOT) {
                    json.nullValue();
                } else {
                    json.value(node);
                }
                Json.millis(json, samples.time(sample) - model.startTime());
                json.value(0);
                json.value(samples.period(sample));
                json.endArray();
            }
            json.endArray().endObject();

            markers();

            json.name("stackTable").beginObject();
            json.name("schema").beginObject().name("prefix").value(0).name("frame").value(1).endObject();
            json.name("data").beginArray();
            for (int node = 0; node < stacks.nodeCount(); node++) {
                json.beginArray();
                if (stacks.parent(node) == StackTrie.ROOT) {
                    json.nullValue();
                } else {
                    json.value(stacks.parent(node));
                }
                json.value(stacks.frameOf(node));
                json.endArray();
            }
            json.endArray().endObject();

            json.name("frameTable").beginObject();
            json.name("schema").beginObject().name("location").value(0).name("relevantForJS").value(1)
                    .name("innerWindowID").value(2).name("implementation").value(3).name("line").value(4)
                    .name("column").value(5).name("category").value(6).name("subcategory").value(7).endObject();
            json.name("data").beginArray();
            for (StackFrame frame : stacks.frames()) {
                json.beginArray();
                json.value(string(frame.function()));
                json.value(false).value(0).nullValue().nullValue().nullValue();
                json.value(frame.kernel() ? KERNEL_CATEGORY : USER_CATEGORY).value(0);
                json.endArray();
            }
            json.endArray().endObject();

            json.name("stringTable").beginArray();
            for (String text : strings.keySet()) {
                json.value(text);
            }
            json.endArray();
            json.endObject();
        }

        private void markers() throws IOException {
            json.name("markers").beginObject();
            json.name("schema").beginObject().name("name").value(0).name("startTime").value(1).name("endTime")
                    .value(2).name("phase").value(3).name("category").value(4).name("data").value(5).endObject();
            json.name("data").beginArray();
            if (model.hasThreadStates()) {
                int name = string("Wait");
                for (Wait wait : model.waits(thread.pid(), thread.tid(), model.startTime(), model.endTime())) {
                    json.beginArray();
                    json.value(name);
                    Json.millis(json, Math.max(wait.start(), model.startTime()) - model.startTime());
                    Json.millis(json, Math.min(wait.end(), model.endTime()) - model.startTime());
                    json.value(1).value(WAIT_CATEGORY);
                    json.beginObject();
                    json.name("type").value("Wait");
                    json.name("state").value(StateNames.of(wait.state()));
                    json.name("reason").value(reason(wait.stack()));
                    json.name("waker").value(wait.waker() == null ? "(no wake-up recorded)"
                            : wait.waker().name() + " (tid " + wait.waker().tid() + ")");
                    json.endObject();
                    json.endArray();
                }
            }
            json.endArray().endObject();
        }

        private int string(String text) {
            return strings.computeIfAbsent(text, key -> strings.size());
        }
    }

    /** The innermost frames of a wait stack, innermost first: what the thread waited in. */
    static String reason(List<StackFrame> stack) {
        if (stack.isEmpty()) {
            return FrameText.NO_FRAMES;
        }
        StringBuilder reason = new StringBuilder();
        for (int i = stack.size() - 1; i >= Math.max(0, stack.size() - REASON_FRAMES); i--) {
            if (!reason.isEmpty()) {
                reason.append(" \u2190 ");
            }
            reason.append(stack.get(i).function());
        }
        return reason.toString();
    }
}
