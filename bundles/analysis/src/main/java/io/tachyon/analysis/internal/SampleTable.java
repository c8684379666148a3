package io.tachyon.analysis.internal;

import java.util.Arrays;

/**
 * The samples of a capture as columns of primitives, in file order: 28 bytes a sample. A sample's stack and the
 * instruction it was taken at are one "site" number, interned per distinct pair (samples repeat a few hot pairs, so
 * the sites cost next to nothing and a sample nothing more than its stack did). A later view (timelines, call trees
 * over a time range) adds a column or reads these; nothing here holds an object per sample. Immutable; built by
 * {@link Builder}.
 */
final class SampleTable {

    private final long[] times;
    private final long[] periods;
    private final int[] cpus;
    private final int[] threads;
    private final int[] sites;
    private final Sites siteTable;

    private SampleTable(long[] times, long[] periods, int[] cpus, int[] threads, int[] sites, Sites siteTable) {
        this.times = times;
        this.periods = periods;
        this.cpus = cpus;
        this.threads = threads;
        this.sites = sites;
        this.siteTable = siteTable;
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
        return siteTable.stacks[sites[sample]];
    }

    /** Index into the model's {@link SampledInstructions}, or {@link SampledInstructions#NONE}. */
    int instruction(int sample) {
        return siteTable.instructions[sites[sample]];
    }

    /** The samples {@code accepted} keeps, in the same order. */
    SampleTable select(java.util.function.IntPredicate accepted) {
        int kept = 0;
        int[] keptIndexes = new int[size()];
        for (int sample = 0; sample < size(); sample++) {
            if (accepted.test(sample)) {
                keptIndexes[kept++] = sample;
            }
        }
        long[] keptTimes = new long[kept];
        long[] keptPeriods = new long[kept];
        int[] keptCpus = new int[kept];
        int[] keptThreads = new int[kept];
        int[] keptSites = new int[kept];
        for (int i = 0; i < kept; i++) {
            int sample = keptIndexes[i];
            keptTimes[i] = times[sample];
            keptPeriods[i] = periods[sample];
            keptCpus[i] = cpus[sample];
            keptThreads[i] = threads[sample];
            keptSites[i] = sites[sample];
        }
        return new SampleTable(keptTimes, keptPeriods, keptCpus, keptThreads, keptSites, siteTable);
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

    /** The distinct (stack, instruction) pairs of a table's samples, by site number. */
    private static final class Sites {
        final int[] stacks;
        final int[] instructions;

        Sites(int[] stacks, int[] instructions) {
            this.stacks = stacks;
            this.instructions = instructions;
        }
    }

    static final class Builder {

        private long[] times;
        private long[] periods;
        private int[] cpus;
        private int[] threads;
        private int[] sites;
        private int size;
        /** Site by stack (high 32 bits) and instruction (low 32 bits); dropped by {@link #build}. */
        private LongIntHashMap siteNumbers = new LongIntHashMap();
        private int[] siteStacks = new int[1024];
        private int[] siteInstructions = new int[1024];
        private int siteCount;

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
            sites = new int[capacity];
        }

        void add(long time, long period, int cpu, int thread, int stack, int instruction) {
            if (size == times.length) {
                int capacity = (int) Math.min(Integer.MAX_VALUE - 8, size * 2L);
                times = Arrays.copyOf(times, capacity);
                periods = Arrays.copyOf(periods, capacity);
                cpus = Arrays.copyOf(cpus, capacity);
                threads = Arrays.copyOf(threads, capacity);
                sites = Arrays.copyOf(sites, capacity);
            }
            times[size] = time;
            periods[size] = period;
            cpus[size] = cpu;
            threads[size] = thread;
            sites[size] = site(stack, instruction);
            size++;
        }

        private int site(int stack, int instruction) {
            long key = (long) stack << 32 | (instruction & 0xffff_ffffL);
            int site = siteNumbers.get(key);
            if (site != LongIntHashMap.MISSING) {
                return site;
            }
            if (siteCount == siteStacks.length) {
                siteStacks = Arrays.copyOf(siteStacks, siteCount * 2);
                siteInstructions = Arrays.copyOf(siteInstructions, siteCount * 2);
            }
            siteStacks[siteCount] = stack;
            siteInstructions[siteCount] = instruction;
            siteNumbers.put(key, siteCount);
            return siteCount++;
        }

        /** The table; the builder is done with (what only adding needs is let go before the model's other tables). */
        SampleTable build() {
            siteNumbers = null;
            Sites siteTable = new Sites(Arrays.copyOf(siteStacks, siteCount),
                    Arrays.copyOf(siteInstructions, siteCount));
            if (size == times.length) {
                return new SampleTable(times, periods, cpus, threads, sites, siteTable);
            }
            return new SampleTable(Arrays.copyOf(times, size), Arrays.copyOf(periods, size),
                    Arrays.copyOf(cpus, size), Arrays.copyOf(threads, size), Arrays.copyOf(sites, size), siteTable);
        }
    }
}
