package io.tachyon.analysis.internal;

import java.util.Arrays;

/**
 * The wake-ups that ended waits, as columns: when, on which CPU, by whom ({@code pid}/{@code tid} as
 * recorded, tid 0 being an interrupt on an idle CPU) and the waker's interned stack. Immutable; built by
 * {@link Builder}.
 */
final class WakeupTable {

    private final long[] times;
    private final int[] cpus;
    private final int[] wakerPids;
    private final int[] wakerTids;
    private final int[] stacks;

    private WakeupTable(long[] times, int[] cpus, int[] wakerPids, int[] wakerTids, int[] stacks) {
        this.times = times;
        this.cpus = cpus;
        this.wakerPids = wakerPids;
        this.wakerTids = wakerTids;
        this.stacks = stacks;
    }

    long time(int wakeup) {
        return times[wakeup];
    }

    int cpu(int wakeup) {
        return cpus[wakeup];
    }

    int wakerPid(int wakeup) {
        return wakerPids[wakeup];
    }

    int wakerTid(int wakeup) {
        return wakerTids[wakeup];
    }

    /** Index into the model's {@link StackTable}, or {@link StackTable#ROOT} when no stack was recorded. */
    int stack(int wakeup) {
        return stacks[wakeup];
    }

    int size() {
        return times.length;
    }

    static final class Builder {

        private long[] times = new long[256];
        private int[] cpus = new int[256];
        private int[] wakerPids = new int[256];
        private int[] wakerTids = new int[256];
        private int[] stacks = new int[256];
        private int size;

        /** Adds a wake-up and returns its index. */
        int add(long time, int cpu, int wakerPid, int wakerTid, int stack) {
            if (size == times.length) {
                int capacity = size * 2;
                times = Arrays.copyOf(times, capacity);
                cpus = Arrays.copyOf(cpus, capacity);
                wakerPids = Arrays.copyOf(wakerPids, capacity);
                wakerTids = Arrays.copyOf(wakerTids, capacity);
                stacks = Arrays.copyOf(stacks, capacity);
            }
            times[size] = time;
            cpus[size] = cpu;
            wakerPids[size] = wakerPid;
            wakerTids[size] = wakerTid;
            stacks[size] = stack;
            return size++;
        }

        WakeupTable build() {
            return new WakeupTable(Arrays.copyOf(times, size), Arrays.copyOf(cpus, size),
                    Arrays.copyOf(wakerPids, size), Arrays.copyOf(wakerTids, size), Arrays.copyOf(stacks, size));
        }
    }
}
