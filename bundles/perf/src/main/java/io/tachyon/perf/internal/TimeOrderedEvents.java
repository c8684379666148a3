package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Puts the events of all ring buffers into one time order before they leave the collector. Each CPU's
 * buffer is in time order, but buffers are read one after another: without this, a sample read from one
 * CPU's buffer could reach the sink before the mapping (recorded earlier on another CPU) that names its
 * frames. Events are held back until every buffer has been read past their time — the watermark, a time
 * taken before the buffers were read, less a margin for records still being written — as perf's own
 * ordered-events queue does.
 */
final class TimeOrderedEvents {

    /** How long after its timestamp a record may still be on its way into a ring buffer. */
    static final long WRITE_MARGIN_NANOS = 2_000_000;

    private final List<CaptureEvent> pending = new ArrayList<>();
    private final Consumer<CaptureEvent> out;

    TimeOrderedEvents(Consumer<CaptureEvent> out) {
        this.out = out;
    }

    void add(CaptureEvent event) {
        pending.add(event);
    }

    /**
     * Delivers, in time order, every pending event older than {@code readStartTime} less the margin, where
     * {@code readStartTime} was taken before the buffers were last read.
     */
    void releaseBefore(long readStartTime) {
        release(readStartTime - WRITE_MARGIN_NANOS);
    }

    /** Delivers every pending event in time order: nothing more will be read. */
    void releaseAll() {
        release(Long.MAX_VALUE);
    }

    private void release(long watermark) {
        if (pending.isEmpty()) {
            return;
        }
        // A stable sort: events with equal times keep the order their buffer gave them.
        pending.sort(Comparator.comparingLong(CaptureEvent::time));
        int released = 0;
        while (released < pending.size() && pending.get(released).time() < watermark) {
            out.accept(pending.get(released));
            released++;
        }
        pending.subList(0, released).clear();
    }
}
