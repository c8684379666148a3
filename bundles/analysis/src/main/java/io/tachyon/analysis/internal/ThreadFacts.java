package io.tachyon.analysis.internal;

import io.tachyon.api.event.ThreadState;

import java.util.Arrays;

/**
 * What the events of a capture say about each thread's state, one fact per side of a context switch,
 * wake-up, start or exit, as columns in file order. Events of different CPUs may arrive out of time order,
 * so the facts are collected first and put in order per thread before the states are worked out.
 */
final class ThreadFacts {

    static final byte START = 0;
    static final byte EXIT = 1;
    /** The thread got a CPU. */
    static final byte SWITCH_IN = 2;
    /** The thread left its CPU in {@link #state}, with its stack in {@link #ref}. */
    static final byte SWITCH_OUT = 3;
    /** The thread was woken; {@link #ref} is the wake-up's index in the {@link WakeupTable}. */
    static final byte WAKEUP = 4;

    private long[] times = new long[1024];
    private int[] threads = new int[1024];
    private byte[] kinds = new byte[1024];
    private byte[] states = new byte[1024];
    private int[] cpus = new int[1024];
    private int[] refs = new int[1024];
    private int size;

    void start(long time, int thread) {
        add(time, thread, START, ThreadState.RUNNABLE, -1, -1);
    }

    void exit(long time, int thread) {
        add(time, thread, EXIT, ThreadState.DEAD, -1, -1);
    }

    void switchIn(long time, int thread, int cpu) {
        add(time, thread, SWITCH_IN, ThreadState.RUNNING, cpu, -1);
    }

    void switchOut(long time, int thread, int cpu, ThreadState state, int stack) {
        add(time, thread, SWITCH_OUT, state, cpu, stack);
    }

    void wakeup(long time, int thread, int cpu, int wakeup) {
        add(time, thread, WAKEUP, ThreadState.RUNNABLE, cpu, wakeup);
    }

    int size() {
        return size;
    }

    long time(int fact) {
        return times[fact];
    }

    int thread(int fact) {
        return threads[fact];
    }

    byte kind(int fact) {
        return kinds[fact];
    }

    ThreadState state(int fact) {
        return ThreadStateTable.STATES[states[fact]];
    }

    int cpu(int fact) {
        return cpus[fact];
    }

    int ref(int fact) {
        return refs[fact];
    }

    /**
     * The facts ordered by thread, then time, then file order.
     *
     * @param offsets filled with where each thread's facts start; needs {@code threadCount + 1} entries
     */
    int[] orderByThreadAndTime(int threadCount, int[] offsets) {
        int[] order = IndexSort.byGroup(threads, size, threadCount, offsets);
        for (int thread = 0; thread < threadCount; thread++) {
            IndexSort.byKey(order, offsets[thread], offsets[thread + 1], times);
        }
        return order;
    }

    private void add(long time, int thread, byte kind, ThreadState state, int cpu, int ref) {
        if (size == times.length) {
            int capacity = size * 2;
            times = Arrays.copyOf(times, capacity);
            threads = Arrays.copyOf(threads, capacity);
            kinds = Arrays.copyOf(kinds, capacity);
            states = Arrays.copyOf(states, capacity);
            cpus = Arrays.copyOf(cpus, capacity);
            refs = Arrays.copyOf(refs, capacity);
        }
        times[size] = time;
        threads[size] = thread;
        kinds[size] = kind;
        states[size] = (byte) state.ordinal();
        cpus[size] = cpu;
        refs[size] = ref;
        size++;
    }
}
