package io.tachyon.export.internal;

import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CapturedModule;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.export.Exporter;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPOutputStream;

/**
 * pprof's profile.proto, gzipped: what {@code go tool pprof}, Grafana Pyroscope and Parca read. Two sample types,
 * {@code cpu/nanoseconds} (the default) and {@code wall/nanoseconds}: a sampled stack counts its periods in both;
 * a wait (off the CPU, sleeping or in IO) counts its time in the window as wall time only, on its wait stack, so
 * the wall view shows where threads spent their time on and off the CPU. Samples carry the labels {@code pid},
 * {@code tid}, {@code thread} and {@code process}, and waits {@code state}. A location is a function (the model
 * names functions, not addresses); each module is a mapping with its path and build-id, marked as already
 * symbolized so that readers do not look for the binaries.
 */
@Component(service = Exporter.class, property = Exporter.FORMAT_PROPERTY + "=" + PprofExporter.FORMAT)
public final class PprofExporter implements Exporter {

    static final String FORMAT = "pprof";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileExtension() {
        return ".pb.gz";
    }

    @Override
    public void export(CaptureModel model, OutputStream out) throws IOException {
        ProtoWriter profile = new Profile(model).build();
        GZIPOutputStream gzip = new GZIPOutputStream(out, 1 << 16);
        profile.writeTo(gzip);
        // finish, not close: the caller owns the stream.
        gzip.finish();
        out.flush();
    }

    /** One profile being built: the tables of profile.proto, filled as samples and waits are added. */
    private static final class Profile {

        private record SampleKey(int pid, int tid, int stack) {
        }

        private record WaitKey(int pid, int tid, List<StackFrame> stack, ThreadState state) {
        }

        private record FunctionKey(String name, String module) {
        }

        private final CaptureModel model;
        private final Map<String, Integer> strings = new LinkedHashMap<>();
        private final Map<FunctionKey, Long> functions = new LinkedHashMap<>();
        private final Set<String> usedModules = new HashSet<>();
        private final Map<String, CapturedModule> modules = new LinkedHashMap<>();
        private final Map<Integer, long[]> locationsByStack = new HashMap<>();
        private final Map<Long, ThreadSummary> threads = new HashMap<>();

        Profile(CaptureModel model) {
            this.model = model;
            string("");
            for (CapturedModule module : model.modules()) {
                modules.put(module.name(), module);
            }
            for (ThreadSummary thread : model.threads()) {
                threads.put(threadKey(thread.pid(), thread.tid()), thread);
            }
        }

        ProtoWriter build() {
            ProtoWriter profile = new ProtoWriter();
            profile.message(1, valueType("cpu", "nanoseconds"));
            profile.message(1, valueType("wall", "nanoseconds"));

            Map<SampleKey, long[]> sampled = new LinkedHashMap<>();
            model.samples(CaptureFilter.ALL, (time, period, cpu, pid, tid, stack) ->
                    sampled.computeIfAbsent(new SampleKey(pid, tid, stack), key -> new long[1])[0] += period);
            for (Map.Entry<SampleKey, long[]> entry : sampled.entrySet()) {
                SampleKey key = entry.getKey();
                long nanos = entry.getValue()[0];
                profile.message(2, sample(locations(key.stack()), nanos, nanos, key.pid(), key.tid(), null));
            }
            for (Map.Entry<WaitKey, long[]> entry : waits().entrySet()) {
                WaitKey key = entry.getKey();
                profile.message(2, sample(locations(key.stack()), 0, entry.getValue()[0], key.pid(), key.tid(),
                        key.state()));
            }

            Map<String, Long> mappings = mappingIds();
            for (Map.Entry<String, Long> mapping : mappings.entrySet()) {
                CapturedModule module = modules.get(mapping.getKey());
                ProtoWriter message = new ProtoWriter().varint(1, mapping.getValue())
                        .optionalVarint(5, string(module == null ? mapping.getKey() : module.path()))
                        .optionalVarint(6, module == null || module.buildId() == null ? 0 : string(module.buildId()))
                        .bool(7, true);
                profile.message(3, message);
            }
            for (Map.Entry<FunctionKey, Long> function : functions.entrySet()) {
                long id = function.getValue();
                profile.message(4, new ProtoWriter().varint(1, id)
                        .varint(2, mappings.get(function.getKey().module()))
                        .message(4, new ProtoWriter().varint(1, id)));
            }
            for (Map.Entry<FunctionKey, Long> function : functions.entrySet()) {
                long name = string(function.getKey().name());
                profile.message(5, new ProtoWriter().varint(1, function.getValue()).varint(2, name).varint(3, name)
                        .optionalVarint(4, string(function.getKey().module())));
            }
            long comment = string("tachyon capture " + model.file().getFileName());
            long cpuType = string("cpu");
            long nanoseconds = string("nanoseconds");
            for (String text : strings.keySet()) {
                profile.string(6, text);
            }
            profile.optionalVarint(9, wallClock(model, model.startTime()));
            profile.varint(10, model.endTime() - model.startTime());
            profile.message(11, new ProtoWriter().varint(1, cpuType).varint(2, nanoseconds));
            profile.optionalVarint(12, model.sampleCount() == 0 ? 0 : model.sampledNanos() / model.sampleCount());
            profile.packed(13, new long[] {comment});
            profile.varint(14, cpuType);
            return profile;
        }

        /** The waits of every thread in the window, by thread, wait stack and state: their time in the window. */
        private Map<WaitKey, long[]> waits() {
            Map<WaitKey, long[]> waits = new LinkedHashMap<>();
            if (!model.hasThreadStates()) {
                return waits;
            }
            for (ThreadSummary thread : model.threads()) {
                for (Wait wait : model.waits(thread.pid(), thread.tid(), model.startTime(), model.endTime())) {
                    long nanos = Math.min(wait.end(), model.endTime()) - Math.max(wait.start(), model.startTime());
                    if (nanos > 0) {
                        waits.computeIfAbsent(new WaitKey(thread.pid(), thread.tid(), wait.stack(), wait.state()),
                                key -> new long[1])[0] += nanos;
                    }
                }
            }
            return waits;
        }

        private ProtoWriter sample(long[] locations, long cpu, long wall, int pid, int tid, ThreadState state) {
            ProtoWriter sample = new ProtoWriter().packed(1, locations).packed(2, new long[] {cpu, wall});
            sample.message(3, new ProtoWriter().varint(1, string("pid")).varint(3, pid));
            sample.message(3, new ProtoWriter().varint(1, string("tid")).varint(3, tid));
            ThreadSummary thread = threads.get(threadKey(pid, tid));
            if (thread != null) {
                sample.message(3, new ProtoWriter().varint(1, string("thread")).varint(2, string(thread.name())));
                sample.message(3, new ProtoWriter().varint(1, string("process"))
                        .varint(2, string(thread.processName())));
            }
            if (state != null) {
                sample.message(3, new ProtoWriter().varint(1, string("state")).varint(2, string(state.name())));
            }
            return sample;
        }

        /** The locations of a sampled stack, leaf first as pprof wants them. */
        private long[] locations(int stack) {
            return locationsByStack.computeIfAbsent(stack, id -> locations(model.stack(id)));
        }

        private long[] locations(List<StackFrame> frames) {
            if (frames.isEmpty()) {
                return new long[] {function(new FunctionKey(FrameText.NO_FRAMES, "[unknown]"))};
            }
            long[] locations = new long[frames.size()];
            for (int i = 0; i < locations.length; i++) {
                StackFrame frame = frames.get(frames.size() - 1 - i);
                locations[i] = function(new FunctionKey(frame.function(), frame.module()));
            }
            return locations;
        }

        /**
         * The mapping id of each module used: user modules in the order the capture mapped them, so the program
         * itself (mapped first) is mapping 1, which pprof takes for the main binary; then modules the capture did
         * not list; the kernel last.
         */
        private Map<String, Long> mappingIds() {
            List<String> order = new ArrayList<>();
            for (CapturedModule module : modules.values()) {
                if (!module.kernel() && usedModules.contains(module.name())) {
                    order.add(module.name());
                }
            }
            usedModules.stream().filter(name -> !modules.containsKey(name)).sorted().forEach(order::add);
            for (CapturedModule module : modules.values()) {
                if (module.kernel() && usedModules.contains(module.name())) {
                    order.add(module.name());
                }
            }
            Map<String, Long> ids = new LinkedHashMap<>();
            for (String module : order) {
                ids.put(module, (long) ids.size() + 1);
            }
            return ids;
        }

        /** The id of a function, which is also the id of its one location. */
        private long function(FunctionKey key) {
            usedModules.add(key.module());
            return functions.computeIfAbsent(key, function -> (long) functions.size() + 1);
        }

        private ProtoWriter valueType(String type, String unit) {
            return new ProtoWriter().varint(1, string(type)).varint(2, string(unit));
        }

        private int string(String text) {
            return strings.computeIfAbsent(text, key -> strings.size());
        }

        private static long threadKey(int pid, int tid) {
            return ((long) pid << 32) | (tid & 0xFFFF_FFFFL);
        }
    }

    /** Nanoseconds since the Unix epoch at {@code time} on the capture's clock; 0 when the capture does not say. */
    static long wallClock(CaptureModel model, long time) {
        CaptureMetadata metadata = model.metadata();
        return metadata == null || metadata.startWallClockNanos() == 0 ? 0
                : metadata.startWallClockNanos() + (time - metadata.startTime());
    }
}
