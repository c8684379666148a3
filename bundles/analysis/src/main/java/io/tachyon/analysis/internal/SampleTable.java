package io.tachyon.analysis.internal;

import java.util.Arrays;

/**
 * The samples of a capture as columns of primitives, in file order: 32 bytes a sample. A later view
 * (timelines, call trees over a time range) adds a column or reads these; nothing here holds an object
 * per sample. Immutable; built by {@link Builder}.
 */
final class SampleTable {

    private final long[] times;
    private final long[] periods;
    private final int[] cpus;
    private final int[] threads;
    private final int[] stacks;
    private final int[] instructions;

    private SampleTable(long[] times, long[] periods, int[] cpus, int[] threads, int[] stacks, int[] instructions) {
        this.times = times;
        this.periods = periods;
        this.cpus = cpus;
        this.threads = threads;
        this.stacks = stacks;
        this.instructions = instructions;
    }

    int size() {
        return times.length;
    }

    long time(int sample) {
        return times[sample];
    }

    /** The CPU time the sample stands for, in nanoseconds. */
    long period(int sample) {
        return periods[sample];
    }

    int cpu(int sample) {
        return cpus[sample];
    }

    /** Index into the model's {@link ThreadTable}. */
    int thread(int sample) {
        return threads[sample];
    }

    /** Index into the model's {@link StackTable}, or {@link StackTable#ROOT} for a sample without frames. */
    int stack(int sample) {
        return stacks[sample];
    }

    /** Index into the model's {@link SampledInstructions}, or {@link SampledInstructions#NONE}. */
    int instruction(int sample) {
        return instructions[sample];
    }

    /** The samples {@code accepted} keeps, in the same order. */
    SampleTable select(java.util.function.IntPredicate accepted) {
        Builder kept = new Builder();
        for (int sample = 0; sample < size(); sample++) {
            if (accepted.test(sample)) {
                kept.add(times[sample], periods[sample], cpus[sample], threads[sample], stacks[sample],
                        instructions[sample]);
            }
        }
        return kept.build();
    }

    /** The sample indexes in time order; samples of one time keep their file order. */
    int[] timeOrder() {
        int[] order = new int[size()];
        for (int sample = 0; sample < order.length; sample++) {
            order[sample] = sample;
        }
        IndexSort.byKey(order, 0, order.length, times);
        return order;
    }

    static final class Builder {

        private long[] times;
        private long[] periods;
        private int[] cpus;
        private int[] threads;
        private int[] stacks;
        private int[] instructions;
        private int size;

        Builder() {
            this(1024);
        }

        /**
         * @param expected the samples expected (a capture's index counts them): columns of that size are
         *                 allocated once, so a big capture is not copied over and over while its columns grow
         */
        Builder(int expected) {
            int capacity = Math.max(16, expected);
            times = new long[capacity];
            periods = new long[capacity];
            cpus = new int[capacity];
            threads = new int[capacity];
            stacks = new int[capacity];
            instructions = new int[capacity];
        }

        void add(long time, long period, int cpu, int thread, int stack, int instruction) {
            if (size == times.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, size * 2L);
                times = Arrays.copyOf(times, capacity);
                periods = Arrays.copyOf(periods, capacity);
                cpus = Arrays.copyOf(cpus, capacity);
                threads = Arrays.copyOf(threads, capacity);
                stacks = Arrays.copyOf(stacks, capacity);
                instructions = Arrays.copyOf(instructions, capacity);
            }
            times[size] = time;
            periods[size] = period;
            cpus[size] = cpu;
            threads[size] = thread;
            stacks[size] = stack;
            instructions[size] = instruction;
            size++;
        }

        SampleTable build() {
            if (size == times.length) {
                return new SampleTable(times, periods, cpus, threads, stacks, instructions);
            }
            return new SampleTable(Arrays.copyOf(times, size), Arrays.copyOf(periods, size),
                    Arrays.copyOf(cpus, size), Arrays.copyOf(threads, size), Arrays.copyOf(stacks, size),
                    Arrays.copyOf(instructions, size));
        }
    }
}
