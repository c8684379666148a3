package io.tachyon.api.analysis;

import java.util.HashSet;
import java.util.Set;

/**
 * A part of a capture: a time window and the threads of some processes or some threads, as the report and
 * export commands select it ({@code --range}, {@code --process}, {@code --thread}).
 *
 * @param from the window's start on the capture's clock, inclusive
 * @param to   the window's end, exclusive
 * @param pids the processes whose threads are wanted; empty for every process
 * @param tids the threads wanted; empty for every thread. With both given, a thread must be in both.
 * @since 1.2
 */
public record CaptureFilter(long from, long to, Set<Integer> pids, Set<Integer> tids) {

    /** The whole capture. */
    public static final CaptureFilter ALL = new CaptureFilter(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), Set.of());

    /** An id no thread or process has (the kernel's ids are positive). */
    private static final int NO_ID = Integer.MIN_VALUE;

    public CaptureFilter {
        if (to < from) {
            throw new IllegalArgumentException("a filter's window ends (" + to + ") before it starts (" + from + ")");
        }
        pids = Set.copyOf(pids);
        tids = Set.copyOf(tids);
    }

    /** Whether the thread {@code tid} of process {@code pid} is wanted. */
    public boolean acceptsThread(int pid, int tid) {
        return (pids.isEmpty() || pids.contains(pid)) && (tids.isEmpty() || tids.contains(tid));
    }

    /** Whether {@code time} lies in the window. */
    public boolean acceptsTime(long time) {
        return time >= from && time < to;
    }

    /** Whether this filter lets everything through. */
    public boolean acceptsAll() {
        return from == Long.MIN_VALUE && to == Long.MAX_VALUE && pids.isEmpty() && tids.isEmpty();
    }

    /** What both filters accept. */
    public CaptureFilter and(CaptureFilter other) {
        return new CaptureFilter(Math.max(from, other.from), Math.max(Math.max(from, other.from),
                Math.min(to, other.to)), intersect(pids, other.pids), intersect(tids, other.tids));
    }

    private static Set<Integer> intersect(Set<Integer> a, Set<Integer> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        // Nothing in common must still accept nothing, so an impossible id stands for the empty intersection.
        Set<Integer> both = new HashSet<>(a);
        both.retainAll(b);
        return both.isEmpty() ? Set.of(NO_ID) : both;
    }
}
