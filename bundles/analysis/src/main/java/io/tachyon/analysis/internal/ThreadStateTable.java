package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.StateTotals;
import io.tachyon.api.event.ThreadState;

import java.util.Arrays;

/**
 * Every thread's life as state intervals, in columns: a thread's intervals are contiguous in the columns,
 * in time order, not overlapping, and cover the time it was alive (time nothing is known about is UNKNOWN,
 * not a gap). Immutable; built by {@link Builder}, one thread after the other in index order.
 */
final class ThreadStateTable {

    static final ThreadState[] STATES = ThreadState.values();

    private final int[] offsets;
    private final long[] starts;
    private final long[] ends;
    private final byte[] states;
    private final int[] cpus;
    private final long[] aliveStarts;
    private final long[] aliveEnds;
    private final boolean[] fromSwitches;
    private final StateTotals[] totals;

    private ThreadStateTable(Builder builder) {
        int size = builder.size;
        this.offsets = Arrays.copyOf(builder.offsets, builder.threads + 1);
        this.starts = Arrays.copyOf(builder.starts, size);
        this.ends = Arrays.copyOf(builder.ends, size);
        this.states = Arrays.copyOf(builder.states, size);
        this.cpus = Arrays.copyOf(builder.cpus, size);
        this.aliveStarts = Arrays.copyOf(builder.aliveStarts, builder.threads);
        this.aliveEnds = Arrays.copyOf(builder.aliveEnds, builder.threads);
        this.fromSwitches = Arrays.copyOf(builder.fromSwitches, builder.threads);
        this.totals = new StateTotals[builder.threads];
        for (int thread = 0; thread < builder.threads; thread++) {
            long[] nanos = new long[STATES.length];
            for (int interval = first(thread); interval < limit(thread); interval++) {
                nanos[states[interval]] += ends[interval] - starts[interval];
            }
            totals[thread] = totals(nanos);
        }
    }

    static StateTotals totals(long[] nanosByState) {
        return new StateTotals(nanosByState[ThreadState.RUNNING.ordinal()],
                nanosByState[ThreadState.RUNNABLE.ordinal()], nanosByState[ThreadState.SLEEPING.ordinal()],
                nanosByState[ThreadState.BLOCKED_IO.ordinal()], nanosByState[ThreadState.STOPPED.ordinal()],
                nanosByState[ThreadState.UNKNOWN.ordinal()]);
    }

    int threadCount() {
        return aliveStarts.length;
    }

    /** The index of the thread's first interval. */
    int first(int thread) {
        return offsets[thread];
    }

    /** One past the index of the thread's last interval. */
    int limit(int thread) {
        return offsets[thread + 1];
    }

    /** The thread's first interval that ends after {@code time}, or {@link #limit(int)} when there is none. */
    int firstEndingAfter(int thread, long time) {
        int low = first(thread);
        int high = limit(thread) - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (ends[middle] > time) {
                high = middle - 1;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    long start(int interval) {
        return starts[interval];
    }

    long end(int interval) {
        return ends[interval];
    }

    ThreadState state(int interval) {
        return STATES[states[interval]];
    }

    int cpu(int interval) {
        return cpus[interval];
    }

    long aliveStart(int thread) {
        return aliveStarts[thread];
    }

    long aliveEnd(int thread) {
        return aliveEnds[thread];
    }

    boolean fromSwitches(int thread) {
        return fromSwitches[thread];
    }

    StateTotals totals(int thread) {
        return totals[thread];
    }

    static final class Builder {

        private int[] offsets = new int[65];
        private long[] starts = new long[1024];
        private long[] ends = new long[1024];
        private byte[] states = new byte[1024];
        private int[] cpus = new int[1024];
        private long[] aliveStarts = new long[64];
        private long[] aliveEnds = new long[64];
        private boolean[] fromSwitches = new boolean[64];
        private int size;
        private int threads;

        /**
         * Appends an interval of the current thread; one that continues the previous interval in the same
         * state on the same CPU extends it. Empty intervals are left out.
         */
        void add(long start, long end, ThreadState state, int cpu) {
            if (end <= start) {
                return;
            }
            int last = size - 1;
            if (size > offsets[threads] && ends[last] == start && states[last] == state.ordinal()
                    && cpus[last] == cpu) {
                ends[last] = end;
                return;
            }
            if (size == starts.length) {
                int capacity = size * 2;
                starts = Arrays.copyOf(starts, capacity);
                ends = Arrays.copyOf(ends, capacity);
                states = Arrays.copyOf(states, capacity);
                cpus = Arrays.copyOf(cpus, capacity);
            }
            starts[size] = start;
            ends[size] = end;
            states[size] = (byte) state.ordinal();
            cpus[size] = cpu;
            size++;
        }

        /** Ends the current thread (whose intervals were just added) and moves on to the next index. */
        void endThread(long aliveStart, long aliveEnd, boolean switches) {
            if (threads + 1 == aliveStarts.length) {
                int capacity = aliveStarts.length * 2;
                aliveStarts = Arrays.copyOf(aliveStarts, capacity);
                aliveEnds = Arrays.copyOf(aliveEnds, capacity);
                fromSwitches = Arrays.copyOf(fromSwitches, capacity);
                offsets = Arrays.copyOf(offsets, capacity + 1);
            }
            aliveStarts[threads] = aliveStart;
            aliveEnds[threads] = aliveEnd;
            fromSwitches[threads] = switches;
            threads++;
            offsets[threads] = size;
        }

        ThreadStateTable build() {
            return new ThreadStateTable(this);
        }
    }
}
