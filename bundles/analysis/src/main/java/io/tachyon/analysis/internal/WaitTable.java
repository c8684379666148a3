package io.tachyon.analysis.internal;

import io.tachyon.api.event.ThreadState;

import java.util.Arrays;

/**
 * Every thread's waits in columns, a thread's waits contiguous and in time order: start, end, state, the
 * interned wait stack and the index of the wake-up that ended it ({@link #NO_WAKEUP} when none was
 * recorded). Immutable; built by {@link Builder}, one thread after the other in index order.
 */
final class WaitTable {

    static final int NO_WAKEUP = -1;

    private final int[] offsets;
    private final long[] starts;
    private final long[] ends;
    private final byte[] states;
    private final int[] stacks;
    private final int[] wakeups;

    private WaitTable(int[] offsets, long[] starts, long[] ends, byte[] states, int[] stacks, int[] wakeups) {
        this.offsets = offsets;
        this.starts = starts;
        this.ends = ends;
        this.states = states;
        this.stacks = stacks;
        this.wakeups = wakeups;
    }

    int first(int thread) {
        return offsets[thread];
    }

    int limit(int thread) {
        return offsets[thread + 1];
    }

    int count(int thread) {
        return limit(thread) - first(thread);
    }

    /**
     * The thread's first wait that ends at or after {@code time}, or {@link #limit(int)} when there is none.
     * A thread's waits do not overlap, so their ends are in order too.
     */
    int firstEndingAtOrAfter(int thread, long time) {
        int low = first(thread);
        int high = limit(thread) - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (ends[middle] >= time) {
                high = middle - 1;
            } else {
                low = middle + 1;
            }
        }
        return low;
    }

    long start(int wait) {
        return starts[wait];
    }

    long end(int wait) {
        return ends[wait];
    }

    ThreadState state(int wait) {
        return ThreadStateTable.STATES[states[wait]];
    }

    /** Index into the model's {@link StackTable}, {@link StackTable#ROOT} when the switch had no frames. */
    int stack(int wait) {
        return stacks[wait];
    }

    /** Index into the model's {@link WakeupTable}, or {@link #NO_WAKEUP}. */
    int wakeup(int wait) {
        return wakeups[wait];
    }

    static final class Builder {

        private int[] offsets = new int[65];
        private long[] starts = new long[256];
        private long[] ends = new long[256];
        private byte[] states = new byte[256];
        private int[] stacks = new int[256];
        private int[] wakeups = new int[256];
        private int size;
        private int threads;

        /** Adds a wait of the current thread. */
        void add(long start, long end, ThreadState state, int stack, int wakeup) {
            if (size == starts.length) {
                int capacity = size * 2;
                starts = Arrays.copyOf(starts, capacity);
                ends = Arrays.copyOf(ends, capacity);
                states = Arrays.copyOf(states, capacity);
                stacks = Arrays.copyOf(stacks, capacity);
                wakeups = Arrays.copyOf(wakeups, capacity);
            }
            starts[size] = start;
            ends[size] = end;
            states[size] = (byte) state.ordinal();
            stacks[size] = stack;
            wakeups[size] = wakeup;
            size++;
        }

        void endThread() {
            if (threads + 1 == offsets.length) {
                offsets = Arrays.copyOf(offsets, offsets.length * 2);
            }
            threads++;
            offsets[threads] = size;
        }

        WaitTable build() {
            return new WaitTable(Arrays.copyOf(offsets, threads + 1), Arrays.copyOf(starts, size),
                    Arrays.copyOf(ends, size), Arrays.copyOf(states, size), Arrays.copyOf(stacks, size),
                    Arrays.copyOf(wakeups, size));
        }
    }
}
