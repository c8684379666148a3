package io.tachyon.api.analysis;

import io.tachyon.api.event.ThreadState;

/**
 * Time a thread spent in each state over some span, in nanoseconds. Time the thread did not exist (before
 * it started, after it ended) is in none of them.
 *
 * @param unknown off the CPU for a reason the capture does not say, or (without context switches) not
 *                proven to be running by a sample
 */
public record StateTotals(long running, long runnable, long sleeping, long blockedIo, long stopped, long unknown) {

    /** No time at all. */
    public static final StateTotals NONE = new StateTotals(0, 0, 0, 0, 0, 0);

    /** The time in {@code state}; 0 for {@link ThreadState#DEAD}, which is not counted. */
    public long nanos(ThreadState state) {
        return switch (state) {
            case RUNNING -> running;
            case RUNNABLE -> runnable;
            case SLEEPING -> sleeping;
            case BLOCKED_IO -> blockedIo;
            case STOPPED -> stopped;
            case UNKNOWN -> unknown;
            case DEAD -> 0;
        };
    }

    /** The time the thread existed: the sum of every state. */
    public long alive() {
        return running + runnable + sleeping + blockedIo + stopped + unknown;
    }
}
