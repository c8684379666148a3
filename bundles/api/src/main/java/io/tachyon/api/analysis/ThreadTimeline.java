package io.tachyon.api.analysis;

import java.util.List;
import java.util.Objects;

/**
 * A thread's states within a time window, as a viewer draws them.
 *
 * @param thread     the thread
 * @param from       the window's start
 * @param to         the window's end
 * @param resolution the level of detail asked for: no interval is shorter than this unless the thread's life
 *                   or the window cuts it; shorter stretches were merged into one interval of the state that
 *                   took most of their time. 0 gives every interval as recorded.
 * @param intervals  in time order, clipped to the window, not overlapping; gaps are times the thread did not
 *                   exist
 */
public record ThreadTimeline(ThreadSummary thread, long from, long to, long resolution,
        List<StateInterval> intervals) {

    public ThreadTimeline {
        Objects.requireNonNull(thread, "thread");
        intervals = List.copyOf(intervals);
    }
}
