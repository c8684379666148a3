package io.tachyon.api.capture;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Wakeup;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntPredicate;

/** Reads one capture. */
@org.osgi.annotation.versioning.ProviderType
public interface CaptureReader extends AutoCloseable {

    Path file();

    CaptureMetadata metadata();

    /** Whether the writer finished the file; false for a recorder that was killed or a truncated copy. */
    boolean closedCleanly();

    /** What the reader skipped or doubts, for people (parts of a newer format it does not know, ...). */
    List<String> warnings();

    /**
     * Streams every event in file order to {@code consumer}.
     *
     * @throws CaptureFormatException at the first damaged part, naming its offset; events before it
     *                                have been delivered
     */
    void forEach(Consumer<? super CaptureEvent> consumer) throws IOException;

    /**
     * Streams, in file order, the events whose time is in {@code window} and that {@link #concerns concern} a
     * thread {@code threads} accepts. A reader with an index reads only the parts of the file that can hold
     * such events.
     *
     * @throws CaptureFormatException at the first damaged part it reads, naming its offset; events before it
     *                                have been delivered
     * @since 1.1
     */
    default void forEach(TimeRange window, IntPredicate threads, Consumer<? super CaptureEvent> consumer)
            throws IOException {
        forEach(event -> {
            if (window.contains(event.time()) && concerns(event, threads)) {
                consumer.accept(event);
            }
        });
    }

    /**
     * The chunks of events the capture's index lists (or, for a capture without an index, the reader found),
     * in file order; empty when this reader keeps no index.
     *
     * @since 1.1
     */
    default List<CaptureChunk> chunks() {
        return List.of();
    }

    /**
     * From the earliest to the latest event time of the capture, when {@link #chunks()} knows it.
     *
     * @since 1.1
     */
    default Optional<TimeRange> timeRange() {
        List<CaptureChunk> chunks = chunks();
        if (chunks.isEmpty()) {
            return Optional.empty();
        }
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (CaptureChunk chunk : chunks) {
            first = Math.min(first, chunk.times().first());
            last = Math.max(last, chunk.times().last());
        }
        return Optional.of(new TimeRange(first, last));
    }

    /**
     * The first damaged part of the file, when opening it found one: {@link #forEach(Consumer)} delivers the
     * events before it and then throws this. {@link CaptureStore#recover} writes a clean copy.
     *
     * @since 1.1
     */
    default Optional<CaptureFormatException> damage() {
        return Optional.empty();
    }

    /**
     * The module symbols embedded in the capture (see {@link CaptureWriter#embedSymbols}), in the order they
     * were written.
     *
     * @throws CaptureFormatException when a symbols part of the file is damaged
     * @since 1.1
     */
    default List<EmbeddedSymbols> embeddedSymbols() throws IOException {
        return List.of();
    }

    /**
     * Whether {@code event} is about a thread {@code threads} accepts. Samples, thread starts, exits and names
     * are about their tid; context switches about both the thread leaving and the one arriving; wake-ups about
     * the waker and the wakee. Module mappings (which serve every thread of a process), lost records and
     * throttling (which make every thread's picture less complete) concern every thread.
     *
     * @since 1.1
     */
    static boolean concerns(CaptureEvent event, IntPredicate threads) {
        if (event instanceof Sample s) {
            return threads.test(s.tid());
        } else if (event instanceof ContextSwitch s) {
            return threads.test(s.prevTid()) || threads.test(s.nextTid());
        } else if (event instanceof Wakeup w) {
            return threads.test(w.wakerTid()) || threads.test(w.wakeeTid());
        } else if (event instanceof ThreadStart t) {
            return threads.test(t.tid());
        } else if (event instanceof ThreadExit t) {
            return threads.test(t.tid());
        } else if (event instanceof ThreadName t) {
            return threads.test(t.tid());
        }
        return true;
    }

    @Override
    void close() throws IOException;
}
