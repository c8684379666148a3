package io.tachyon.export.internal;

import com.google.gson.stream.JsonWriter;
import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.export.Exporter;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The Trace Event Format (JSON object form) that chrome://tracing and Perfetto open: process and thread names as
 * metadata events, each thread's states as complete ({@code X}) slices in category {@code thread_state} (a wait's
 * slice carries its wait stack and who woke it), and the samples in {@code samples} pointing into
 * {@code stackFrames}. Times are microseconds from the start of the exported window.
 */
@Component(service = Exporter.class, property = Exporter.FORMAT_PROPERTY + "=" + ChromeTraceExporter.FORMAT)
public final class ChromeTraceExporter implements Exporter {

    static final String FORMAT = "chrome";

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
        JsonWriter json = Json.writer(out);
        StackTrie stacks = new StackTrie();
        json.beginObject();
        json.name("traceEvents").beginArray();
        Set<Integer> namedProcesses = new HashSet<>();
        for (ThreadSummary thread : model.threads()) {
            if (namedProcesses.add(thread.pid())) {
                nameEvent(json, "process_name", thread.pid(), thread.pid(), thread.processName());
            }
            nameEvent(json, "thread_name", thread.pid(), thread.tid(), thread.name());
        }
        for (ThreadSummary thread : model.threads()) {
            for (ThreadActivity.Stretch stretch : ThreadActivity.of(model, thread)) {
                if (model.hasThreadStates() || stretch.interval().state() != ThreadState.UNKNOWN) {
                    slice(json, model, thread, stretch);
                }
            }
        }
        json.endArray();

        json.name("samples").beginArray();
        try {
            model.samples(CaptureFilter.ALL, (time, period, cpu, pid, tid, stack) -> {
                try {
                    json.beginObject();
                    json.name("cpu").value(cpu);
                    json.name("pid").value(pid);
                    json.name("tid").value(tid);
                    json.name("ts");
                    Json.micros(json, time - model.startTime());
                    json.name("name").value("cpu-clock");
                    int node = stacks.node(model, stack);
                    json.name("sf").value(String.valueOf(node == StackTrie.ROOT ? noFrames(stacks) : node));
                    json.endObject();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        json.endArray();

        json.name("stackFrames").beginObject();
        for (int node = 0; node < stacks.nodeCount(); node++) {
            StackFrame frame = stacks.frames().get(stacks.frameOf(node));
            json.name(String.valueOf(node)).beginObject();
            json.name("name").value(frame.function());
            json.name("category").value(frame.module());
            if (stacks.parent(node) != StackTrie.ROOT) {
                json.name("parent").value(String.valueOf(stacks.parent(node)));
            }
            json.endObject();
        }
        json.endObject();

        json.name("displayTimeUnit").value("ms");
        json.name("otherData").beginObject();
        json.name("capture").value(String.valueOf(model.file()));
        CaptureMetadata metadata = model.metadata();
        if (metadata != null) {
            json.name("command").value(String.join(" ", metadata.commandLine()));
            json.name("host").value(metadata.host());
            json.name("kernel").value(metadata.kernelRelease());
        }
        json.name("startNanos").value(model.startTime());
        json.endObject();
        json.endObject();
        json.flush();
    }

    private static int noFrames(StackTrie stacks) {
        return stacks.child(StackTrie.ROOT, stacks.frame(new StackFrame(FrameText.NO_FRAMES, "[unknown]", false)));
    }

    private static void nameEvent(JsonWriter json, String kind, int pid, int tid, String name) throws IOException {
        json.beginObject();
        json.name("name").value(kind);
        json.name("ph").value("M");
        json.name("pid").value(pid);
        json.name("tid").value(tid);
        json.name("args").beginObject().name("name").value(name).endObject();
        json.endObject();
    }

    private static void slice(JsonWriter json, CaptureModel model, ThreadSummary thread,
            ThreadActivity.Stretch stretch) throws IOException {
        StateInterval interval = stretch.interval();
        json.beginObject();
        json.name("name").value(StateNames.of(interval.state()));
        json.name("cat").value("thread_state");
        json.name("ph").value("X");
        json.name("pid").value(thread.pid());
        json.name("tid").value(thread.tid());
        json.name("ts");
        Json.micros(json, interval.start() - model.startTime());
        json.name("dur");
        Json.micros(json, interval.duration());
        json.name("args").beginObject();
        json.name("state").value(interval.state().name());
        if (interval.cpu() >= 0) {
            json.name("cpu").value(interval.cpu());
        }
        Wait wait = stretch.waitInProgress();
        if (wait != null) {
            stack(json, "wait_stack", wait.stack());
            if (wait.waker() != null) {
                json.name("woken_by").value(wait.waker().name() + " (tid " + wait.waker().tid() + ")");
                stack(json, "waker_stack", wait.waker().stack());
            }
        }
        json.endObject();
        json.endObject();
    }

    /** A stack as an argument: innermost frame first, as people read a wait's reason. */
    private static void stack(JsonWriter json, String name, List<StackFrame> frames) throws IOException {
        json.name(name).beginArray();
        for (int i = frames.size() - 1; i >= 0; i--) {
            json.value(frames.get(i).function());
        }
        json.endArray();
    }
}
