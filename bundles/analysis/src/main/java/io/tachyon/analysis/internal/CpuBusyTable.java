package io.tachyon.analysis.internal;

import java.util.Arrays;

/**
 * When each CPU ran a thread other than its idle task: per CPU, merged non-overlapping intervals in time
 * order, taken from the RUNNING intervals of the threads. Immutable.
 */
final class CpuBusyTable {

    private final int[] offsets;
    private final long[] starts;
    private final long[] ends;

    /**
     * @param cpus   the CPU of each running interval
     * @param starts their starts
     * @param ends   their ends
     * @param size   how many of the entries are used
     */
    CpuBusyTable(int cpuCount, int[] cpus, long[] starts, long[] ends, int size) {
        int[] byCpu = new int[cpuCount + 1];
        int[] order = IndexSort.byGroup(cpus, size, cpuCount, byCpu);
        long[] mergedStarts = new long[size];
        long[] mergedEnds = new long[size];
        int[] mergedOffsets = new int[cpuCount + 1];
        int merged = 0;
        for (int cpu = 0; cpu < cpuCount; cpu++) {
            IndexSort.byKey(order, byCpu[cpu], byCpu[cpu + 1], starts);
            int first = merged;
            for (int i = byCpu[cpu]; i < byCpu[cpu + 1]; i++) {
                long start = starts[order[i]];
                long end = ends[order[i]];
                if (merged > first && start <= mergedEnds[merged - 1]) {
                    mergedEnds[merged - 1] = Math.max(mergedEnds[merged - 1], end);
                } else {
                    mergedStarts[merged] = start;
                    mergedEnds[merged] = end;
                    merged++;
                }
            }
            mergedOffsets[cpu + 1] = merged;
        }
        this.offsets = mergedOffsets;
        this.starts = Arrays.copyOf(mergedStarts, merged);
        this.ends = Arrays.copyOf(mergedEnds, merged);
    }

    int cpuCount() {
        return offsets.length - 1;
    }

    /** The busy time of {@code cpu} in each of {@code buckets}. */
    long[] busy(int cpu, Buckets buckets) {
        long[] nanos = new long[buckets.count()];
        int low = offsets[cpu];
        int high = offsets[cpu + 1] - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (ends[middle] > buckets.from()) {
                high = middle - 1;
            } else {
                low = middle + 1;
            }
        }
        for (int i = low; i < offsets[cpu + 1] && starts[i] < buckets.to(); i++) {
            buckets.spread(starts[i], ends[i], nanos);
        }
        return nanos;
    }
}
