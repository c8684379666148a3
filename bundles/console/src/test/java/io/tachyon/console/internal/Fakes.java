package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
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

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.Set;
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

        @Override
        public synchronized void close() throws IOException {
            closed = true;
            out.close();
        }
    }

    record FakeModel(Path file, CaptureMetadata metadata, long startTime, long endTime, long sampleCount,
            long sampledNanos, long lostRecords, List<String> warnings, List<ThreadSummary> threads,
            List<FunctionCost> functions, List<StackCost> stacks) implements CaptureModel {
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
