package io.tachyon.export.internal;

import com.google.gson.stream.JsonWriter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.export.Exporter;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * speedscope's file format (https://www.speedscope.app/file-format-schema.json): per thread a {@code sampled}
 * profile (its samples in time order, weighted by their periods in nanoseconds) and, when the capture has thread
 * states, an {@code evented} profile of its states: a frame per state stretch ({@code Running},
 * {@code Sleeping}, ...) with the wait stack nested under each wait, so speedscope's time order view is the
 * thread's timeline. Times are nanoseconds from the start of the exported window.
 */
@Component(service = Exporter.class, property = Exporter.FORMAT_PROPERTY + "=" + SpeedscopeExporter.FORMAT)
public final class SpeedscopeExporter implements Exporter {

    static final String FORMAT = "speedscope";
    static final String SCHEMA = "https://www.speedscope.app/file-format-schema.json";
    /** The "file" of the frames that stand for thread states. */
    static final String STATE_FILE = "thread state";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileExtension() {
        return ".speedscope.json";
    }

    @Override
    public void export(CaptureModel model, OutputStream out) throws IOException {
        Frames frames = new Frames(model);
        SamplesByThread samples = new SamplesByThread(model);
        long end = model.endTime() - model.startTime();
        JsonWriter json = Json.writer(out);
        json.beginObject();
        json.name("$schema").value(SCHEMA);
        json.name("name").value(String.valueOf(model.file().getFileName()));
        json.name("exporter").value("tachyon");
        json.name("activeProfileIndex").value(0);
        json.name("profiles").beginArray();
        for (ThreadSummary thread : model.threads()) {
            SamplesByThread.Samples own = samples.of(thread.pid(), thread.tid());
            if (own.size() > 0) {
                sampled(json, model, frames, thread, own, end);
            }
        }
        if (model.hasThreadStates()) {
            for (ThreadSummary thread : model.threads()) {
                evented(json, model, frames, thread, end);
            }
        }
        json.endArray();
        json.name("shared").beginObject().name("frames").beginArray();
        for (StackFrame frame : frames.all) {
            json.beginObject().name("name").value(frame.function()).name("file").value(frame.module()).endObject();
        }
        json.endArray().endObject();
        json.endObject();
        json.flush();
    }

    private static void sampled(JsonWriter json, CaptureModel model, Frames frames, ThreadSummary thread,
            SamplesByThread.Samples samples, long end) throws IOException {
        json.beginObject();
        json.name("type").value("sampled");
        json.name("name").value(ThreadActivity.label(thread));
        json.name("unit").value("nanoseconds");
        json.name("startValue").value(0);
        json.name("endValue").value(end);
        json.name("samples").beginArray();
        for (int sample = 0; sample < samples.size(); sample++) {
            json.beginArray();
            for (int frame : frames.ofStack(samples.stack(sample))) {
                json.value(frame);
            }
            json.endArray();
        }
        json.endArray();
        json.name("weights").beginArray();
        for (int sample = 0; sample < samples.size(); sample++) {
            json.value(samples.period(sample));
        }
        json.endArray();
        json.endObject();
    }

    private static void evented(JsonWriter json, CaptureModel model, Frames frames, ThreadSummary thread, long end)
            throws IOException {
        json.beginObject();
        json.name("type").value("evented");
        json.name("name").value(ThreadActivity.label(thread) + " states");
        json.name("unit").value("nanoseconds");
        json.name("startValue").value(0);
        json.name("endValue").value(end);
        json.name("events").beginArray();
        for (ThreadActivity.Stretch stretch : ThreadActivity.of(model, thread)) {
            StateInterval interval = stretch.interval();
            long open = interval.start() - model.startTime();
            long close = interval.end() - model.startTime();
            int state = frames.of(new StackFrame(StateNames.of(interval.state()), STATE_FILE, false));
            List<Integer> nested = new ArrayList<>();
            Wait wait = stretch.waitInProgress();
            if (wait != null) {
                for (StackFrame frame : wait.stack()) {
                    nested.add(frames.of(frame));
                }
            }
            event(json, "O", state, open);
            for (int frame : nested) {
                event(json, "O", frame, open);
            }
            for (int i = nested.size() - 1; i >= 0; i--) {
                event(json, "C", nested.get(i), close);
            }
            event(json, "C", state, close);
        }
        json.endArray();
        json.endObject();
    }

    private static void event(JsonWriter json, String type, int frame, long at) throws IOException {
        json.beginObject().name("type").value(type).name("frame").value(frame).name("at").value(at).endObject();
    }

    /** The shared frame list, and each model stack as indexes into it, outermost first. */
    private static final class Frames {

        private final CaptureModel model;
        private final Map<StackFrame, Integer> ids = new LinkedHashMap<>();
        private final List<StackFrame> all = new ArrayList<>();
        private final Map<Integer, int[]> stacks = new HashMap<>();

        Frames(CaptureModel model) {
            this.model = model;
        }

        int[] ofStack(int stack) {
            return stacks.computeIfAbsent(stack, id -> {
                List<StackFrame> frames = model.stack(id);
                if (frames.isEmpty()) {
                    return new int[] {of(new StackFrame(FrameText.NO_FRAMES, "[unknown]", false))};
                }
                int[] indexes = new int[frames.size()];
                for (int i = 0; i < indexes.length; i++) {
                    indexes[i] = of(frames.get(i));
                }
                return indexes;
            });
        }

        int of(StackFrame frame) {
            Integer known = ids.get(frame);
            if (known != null) {
                return known;
            }
            ids.put(frame, all.size());
            all.add(frame);
            return all.size() - 1;
        }
    }
}
