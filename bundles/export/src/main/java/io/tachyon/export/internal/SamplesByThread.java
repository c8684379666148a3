package io.tachyon.export.internal;

import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * A model's samples split by thread, each thread's in time order, as columns: the per-thread formats (Firefox,
 * speedscope) write one thread at a time. 20 bytes a sample.
 */
final class SamplesByThread {

    private final Map<Long, Samples> byThread = new HashMap<>();

    SamplesByThread(CaptureModel model) {
        model.samples(CaptureFilter.ALL, (time, period, cpu, pid, tid, stack) ->
                byThread.computeIfAbsent(key(pid, tid), key -> new Samples()).add(time, period, stack));
    }

    /** The samples of a thread; empty when it has none. */
    Samples of(int pid, int tid) {
        return byThread.getOrDefault(key(pid, tid), new Samples());
    }

    private static long key(int pid, int tid) {
        return ((long) pid << 32) | (tid & 0xFFFF_FFFFL);
    }

    /** One thread's samples in time order. */
    static final class Samples {
        private long[] times = new long[16];
        private long[] periods = new long[16];
        private int[] stacks = new int[16];
        private int size;

        private void add(long time, long period, int stack) {
            if (size == times.length) {
                times = Arrays.copyOf(times, size * 2);
                periods = Arrays.copyOf(periods, size * 2);
                stacks = Arrays.copyOf(stacks, size * 2);
            }
            times[size] = time;
            periods[size] = period;
            stacks[size] = stack;
            size++;
        }

        int size() {
            return size;
        }

        long time(int sample) {
            return times[sample];
        }

        long period(int sample) {
            return periods[sample];
        }

        /** The model's stack id, {@link CaptureModel#NO_STACK} for a sample without frames. */
        int stack(int sample) {
            return stacks[sample];
        }
    }
}
