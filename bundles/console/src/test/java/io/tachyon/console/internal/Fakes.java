package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.analysis.CpuUsage;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.StateTotals;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.ThreadTimeline;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.analysis.WaitGroup;
import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.collect.CaptureSession;
import io.tachyon.api.collect.Collector;
import io.tachyon.api.collect.CollectorException;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.collect.CollectorInfo.Capability;
import io.tachyon.api.collect.EventSink;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingStatus;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadState;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** In-test implementations of the api contracts the console speaks. */
final class Fakes {

    static final long PERIOD_NANOS = 250_000;

    private Fakes() {
    }

    static CollectorInfo available(String id, Capability... capabilities) {
        return new CollectorInfo(id, "test collector " + id, "x86_64", Set.of(capabilities), true, "");
    }

    static CollectorInfo unavailable(String id, String reason) {
        return new CollectorInfo(id, "test collector " + id, "x86_64", EnumSet.allOf(Capability.class), false, reason);
    }

    /** How a fake session behaves once started. */
    interface SessionScript {
        FakeSession begin(EventSink sink);
    }

    static final class FakeCollector implements Collector {
        final CollectorInfo info;
        private final SessionScript script;
        private final CollectorException failure;
        final List<RecordingRequest> requests = new ArrayList<>();
        volatile FakeSession session;

        FakeCollector(CollectorInfo info, SessionScript script) {
            this.info = info;
            this.script = script;
            this.failure = null;
        }

        FakeCollector(CollectorInfo info, CollectorException failure) {
            this.info = info;
            this.script = null;
            this.failure = failure;
        }

        @Override
        public CollectorInfo describe() {
            return info;
        }

        @Override
        public CaptureSession start(RecordingRequest request, EventSink sink) throws CollectorException {
            requests.add(request);
            if (failure != null) {
                throw failure;
            }
            session = script.begin(sink);
            return session;
        }
    }

    /**
     * A session that delivers {@code samples} samples and {@code lost} lost records, then either ends after
     * {@code waitsBeforeEnd} waits or runs until stopped.
     */
    static final class FakeSession implements CaptureSession {
        private final EventSink sink;
        private final OptionalInt exitStatus;
        private final CountDownLatch ended = new CountDownLatch(1);
        final CountDownLatch waiting = new CountDownLatch(1);
        private int waitsBeforeEnd;
        private long samples;
        private long lost;
        volatile boolean stopped;
        volatile boolean closed;

        private FakeSession(EventSink sink, OptionalInt exitStatus) {
            this.sink = sink;
            this.exitStatus = exitStatus;
            sink.metadata(new CaptureMetadata("fake", "1", "host", "6.1", "x86_64", "cpu", 2, List.of("true"),
                    "CLOCK_MONOTONIC", 0, 0, Map.of()));
        }

        /** Delivers its events at once, then reports "still running" for {@code waitsBeforeEnd} waits. */
        static SessionScript finishing(int samples, int lost, int waitsBeforeEnd, OptionalInt exitStatus) {
            return sink -> {
                FakeSession session = new FakeSession(sink, exitStatus);
                session.deliver(samples, lost);
                session.waitsBeforeEnd = waitsBeforeEnd;
                return session;
            };
        }

        /** Delivers {@code samples} samples, then runs until stopped; stopping it delivers one last sample. */
        static SessionScript untilStopped(int samples) {
            return sink -> {
                FakeSession session = new FakeSession(sink, OptionalInt.empty());
                session.deliver(samples, 0);
                session.waitsBeforeEnd = -1;
                return session;
            };
        }

        private void deliver(int count, int lostCount) {
            for (int i = 0; i < count; i++) {
                sink.accept(new Sample(i * PERIOD_NANOS, 0, 100, 100, PERIOD_NANOS, new long[0],
                        new long[] {0x401000 + i}));
                samples++;
            }
            if (lostCount > 0) {
                sink.accept(new LostRecords(count * PERIOD_NANOS, 0, lostCount));
                lost += lostCount;
            }
        }

        @Override
        public synchronized RecordingStatus status() {
            return new RecordingStatus(samples * PERIOD_NANOS, samples, samples + lost, lost, ended.getCount() == 0);
        }

        @Override
        public synchronized void stop() {
            stopped = true;
            if (ended.getCount() > 0) {
                deliver(1, 0);
                ended.countDown();
            }
        }

        @Override
        public boolean awaitEnd(Duration timeout) throws InterruptedException {
            waiting.countDown();
            synchronized (this) {
                if (waitsBeforeEnd == 0) {
                    ended.countDown();
                } else if (waitsBeforeEnd > 0) {
                    waitsBeforeEnd--;
                    return false;
                }
            }
            return ended.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
        }

        @Override
        public OptionalInt targetExitStatus() {
            return exitStatus;
        }

        @Override
        public void close() {
            stop();
            closed = true;
        }
    }

    /** Writes one line per event to a real file, so the file and its size are real. */
    static final class FakeStore implements CaptureStore {
        final List<FakeWriter> writers = new ArrayList<>();

        @Override
        public CaptureWriter create(Path file) throws IOException {
            FakeWriter writer = new FakeWriter(file);
            writers.add(writer);
            return writer;
        }

        @Override
        public CaptureReader open(Path file) {
            throw new UnsupportedOperationException("the console never reads captures through the store");
        }
    }

    static final class FakeWriter implements CaptureWriter {
        final Path file;
        private final BufferedWriter out;
        final List<CaptureEvent> events = new ArrayList<>();
        final List<EmbeddedSymbols> embedded = new ArrayList<>();
        private long bytes;
        boolean closed;

        FakeWriter(Path file) throws IOException {
            this.file = file;
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        }

        @Override
        public synchronized void metadata(CaptureMetadata metadata) {
            write(metadata.toString());
        }

        @Override
        public synchronized void accept(CaptureEvent event) {
            events.add(event);
            write(event.toString());
        }

        private void write(String line) {
            try {
                out.write(line);
                out.newLine();
                bytes += line.length() + 1;
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public synchronized long bytesWritten() {
            return bytes;
        }

        @Override
        public synchronized void flush() throws IOException {
            out.flush();
        }

        /** Embedding after close would be lost, as with a real capture. */
        @Override
        public synchronized void embedSymbols(EmbeddedSymbols symbols) {
            if (closed) {
                throw new IllegalStateException("symbols embedded after the capture " + file + " was closed");
            }
            embedded.add(symbols);
            write(symbols.toString());
        }

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            out.close();
        }
    }

    /**
     * A model with given summaries. Thread states are given per thread as intervals (by tid), from which the
     * fake works out totals and buckets; wait groups are given as they are and kept when one of their threads
     * passes the filter.
     */
    static final class FakeModel implements CaptureModel {
        private final Path file;
        private final CaptureMetadata metadata;
        private final long startTime;
        private final long endTime;
        private final long sampleCount;
        private final long sampledNanos;
        private final long lostRecords;
        private final List<String> warnings;
        private final List<ThreadSummary> threads;
        private final List<FunctionCost> functions;
        private final List<StackCost> stacks;
        boolean hasThreadStates = true;
        List<EmbeddedSymbols> symbolsToEmbed = List.of();
        final Map<Integer, List<StateInterval>> intervals = new HashMap<>();
        final List<WaitGroup> waitGroups = new ArrayList<>();
        final List<LostRecords> lostRecordEvents = new ArrayList<>();

        FakeModel(Path file, CaptureMetadata metadata, long startTime, long endTime, long sampleCount,
                long sampledNanos, long lostRecords, List<String> warnings, List<ThreadSummary> threads,
                List<FunctionCost> functions, List<StackCost> stacks) {
            this.file = file;
            this.metadata = metadata;
            this.startTime = startTime;
            this.endTime = endTime;
            this.sampleCount = sampleCount;
            this.sampledNanos = sampledNanos;
            this.lostRecords = lostRecords;
            this.warnings = warnings;
            this.threads = threads;
            this.functions = functions;
            this.stacks = stacks;
        }

        @Override
        public Path file() {
            return file;
        }

        @Override
        public CaptureMetadata metadata() {
            return metadata;
        }

        @Override
        public long startTime() {
            return startTime;
        }

        @Override
        public long endTime() {
            return endTime;
        }

        @Override
        public long sampleCount() {
            return sampleCount;
        }

        @Override
        public long sampledNanos() {
            return sampledNanos;
        }

        @Override
        public long lostRecords() {
            return lostRecords;
        }

        @Override
        public List<String> warnings() {
            return warnings;
        }

        @Override
        public List<ThreadSummary> threads() {
            return threads;
        }

        @Override
        public List<FunctionCost> functions() {
            return functions;
        }

        @Override
        public List<StackCost> stacks() {
            return stacks;
        }

        @Override
        public List<LostRecords> lostRecordEvents() {
            return lostRecordEvents;
        }

        @Override
        public SortedMap<Integer, Long> lostRecordsByCpu() {
            SortedMap<Integer, Long> byCpu = new TreeMap<>();
            lostRecordEvents.forEach(lost -> byCpu.merge(lost.cpu(), lost.count(), Long::sum));
            return byCpu;
        }

        @Override
        public boolean hasThreadStates() {
            return hasThreadStates;
        }

        @Override
        public List<ThreadStates> threadStates() {
            return threads.stream().map(thread -> {
                List<StateInterval> own = intervals.getOrDefault(thread.tid(), List.of());
                long start = own.isEmpty() ? startTime : own.get(0).start();
                long end = own.isEmpty() ? endTime : own.get(own.size() - 1).end();
                long waits = waitGroups.stream().flatMap(group -> group.threads().stream())
                        .filter(cost -> cost.tid() == thread.tid()).mapToLong(WaitGroup.ThreadCost::count).sum();
                return new ThreadStates(thread, start, end, hasThreadStates,
                        stateBuckets(thread.pid(), thread.tid(), startTime, endTime, 1).get(0), waits);
            }).toList();
        }

        @Override
        public ThreadTimeline timeline(int pid, int tid, long from, long to, long resolution) {
            throw new UnsupportedOperationException("the console draws timelines from buckets");
        }

        @Override
        public List<StateTotals> stateBuckets(int pid, int tid, long from, long to, int buckets) {
            List<StateTotals> totals = new ArrayList<>();
            for (int i = 0; i < buckets; i++) {
                long bucketStart = from + (to - from) * i / buckets;
                long bucketEnd = from + (to - from) * (i + 1) / buckets;
                long[] nanos = new long[ThreadState.values().length];
                for (StateInterval interval : intervals.getOrDefault(tid, List.of())) {
                    long overlap = Math.min(bucketEnd, interval.end()) - Math.max(bucketStart, interval.start());
                    nanos[interval.state().ordinal()] += Math.max(0, overlap);
                }
                totals.add(new StateTotals(nanos[0], nanos[1], nanos[2], nanos[3], nanos[4], nanos[6]));
            }
            return totals;
        }

        @Override
        public List<Wait> waits(int pid, int tid, long from, long to) {
            throw new UnsupportedOperationException("the console shows wait groups");
        }

        @Override
        public List<WaitGroup> waitGroups(Predicate<ThreadSummary> accepted, long from, long to) {
            return waitGroups.stream().filter(group -> group.threads().stream().anyMatch(cost -> accepted.test(
                    new ThreadSummary(cost.pid(), cost.tid(), cost.name(), "", 0, 0)))).toList();
        }

        @Override
        public List<CpuUsage> cpuUsage(long from, long to, int buckets) {
            java.util.TreeMap<Integer, long[]> busy = new java.util.TreeMap<>();
            for (List<StateInterval> thread : intervals.values()) {
                for (StateInterval interval : thread) {
                    if (interval.state() != ThreadState.RUNNING || interval.cpu() < 0) {
                        continue;
                    }
                    long[] cpu = busy.computeIfAbsent(interval.cpu(), c -> new long[buckets]);
                    for (int i = 0; i < buckets; i++) {
                        long bucketStart = from + (to - from) * i / buckets;
                        long bucketEnd = from + (to - from) * (i + 1) / buckets;
                        cpu[i] += Math.max(0, Math.min(bucketEnd, interval.end()) - Math.max(bucketStart, interval.start()));
                    }
                }
            }
            List<CpuUsage> usage = new ArrayList<>();
            busy.forEach((cpu, nanos) -> usage.add(new CpuUsage(cpu, from, to, nanos)));
            return usage;
        }

        @Override
        public List<EmbeddedSymbols> symbolsToEmbed() {
            return symbolsToEmbed;
        }
    }

    /** Answers every path with one model, as if that file held it; remembers what it was asked for. */
    static final class FakeModelFactory implements CaptureModelFactory {
        private final CaptureModel model;
        final List<Path> opened = new ArrayList<>();

        FakeModelFactory(CaptureModel model) {
            this.model = model;
        }

        @Override
        public CaptureModel open(Path capture) {
            opened.add(capture);
            return model;
        }
    }
}
