package io.tachyon.api.analysis;

import io.tachyon.api.event.ThreadState;

import java.util.Objects;

/**
 * A stretch of a thread's life in one state, {@code start} inclusive, {@code end} exclusive.
 *
 * @param cpu the CPU it ran on when RUNNING, -1 otherwise or when not known (or, in a view with a level of
 *            detail, when the merged stretch ran on several)
 */
public record StateInterval(long start, long end, ThreadState state, int cpu) {

    public StateInterval {
        Objects.requireNonNull(state, "state");
        if (end < start) {
            throw new IllegalArgumentException("an interval ends (" + end + ") before it starts (" + start + ")");
        }
    }

    public long duration() {
        return end - start;
    }
}
