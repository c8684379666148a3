package io.tachyon.api.analysis;

import java.util.Objects;

/**
 * One thread's time by state over the whole capture.
 *
 * @param thread       who it is, with its sampled CPU time
 * @param aliveStart   when it existed from: its start, or the capture's start when it existed before
 * @param aliveEnd     when it existed until: its exit, or the capture's end
 * @param fromSwitches whether its states come from context switches; when false only samples speak for
 *                     it, so its time is RUNNING where sampled and UNKNOWN elsewhere
 * @param totals       time in each state between {@code aliveStart} and {@code aliveEnd}
 * @param waits        how many times it waited (see {@link Wait})
 */
public record ThreadStates(ThreadSummary thread, long aliveStart, long aliveEnd, boolean fromSwitches,
        StateTotals totals, long waits) {

    public ThreadStates {
        Objects.requireNonNull(thread, "thread");
        Objects.requireNonNull(totals, "totals");
    }
}
