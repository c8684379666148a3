package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;

import java.util.Arrays;

/**
 * Every sample of a capture as columns (time order): what the sampling checks walk. Kept as primitives, since a
 * capture holds millions of samples.
 */
final class SampleColumns {

    private long[] times = new long[1024];
    private long[] periods = new long[1024];
    private int[] cpus = new int[1024];
    private int[] pids = new int[1024];
    private int[] tids = new int[1024];
    private int size;

    private SampleColumns() {
    }

    static SampleColumns of(CaptureModel model) {
        SampleColumns columns = new SampleColumns();
        model.samples(CaptureFilter.ALL, (time, period, cpu, pid, tid, stack) -> columns.add(time, period, cpu, pid, tid));
        return columns;
    }

    private void add(long time, long period, int cpu, int pid, int tid) {
        if (size == times.length) {
            int grown = size * 2;
            times = Arrays.copyOf(times, grown);
            periods = Arrays.copyOf(periods, grown);
            cpus = Arrays.copyOf(cpus, grown);
            pids = Arrays.copyOf(pids, grown);
            tids = Arrays.copyOf(tids, grown);
        }
        times[size] = time;
        periods[size] = period;
        cpus[size] = cpu;
        pids[size] = pid;
        tids[size] = tid;
        size++;
    }

    int size() {
        return size;
    }

    long time(int i) {
        return times[i];
    }

    long period(int i) {
        return periods[i];
    }

    int cpu(int i) {
        return cpus[i];
    }

    int pid(int i) {
        return pids[i];
    }

    int tid(int i) {
        return tids[i];
    }

    /** Whether some sample (of any thread, on any CPU) was taken strictly between {@code from} and {@code to}. */
    boolean anyBetween(long from, long to) {
        int i = firstAfter(from);
        return i < size && times[i] < to;
    }

    /** How many samples were taken strictly between {@code from} and {@code to} on CPUs other than {@code cpu}. */
    int countElsewhere(long from, long to, int cpu) {
        int count = 0;
        for (int i = firstAfter(from); i < size && times[i] < to; i++) {
            if (cpus[i] != cpu) {
                count++;
            }
        }
        return count;
    }

    /** Index of the first sample taken after {@code time}; {@link #size()} when there is none. */
    int firstAfter(long time) {
        int low = 0;
        int high = size;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }

    /** The median sample period, or 0 without samples: the capture's sampling interval when no setting says it. */
    long medianPeriod() {
        if (size == 0) {
            return 0;
        }
        long[] sorted = Arrays.copyOf(periods, size);
        Arrays.sort(sorted);
        return sorted[size / 2];
    }
}
