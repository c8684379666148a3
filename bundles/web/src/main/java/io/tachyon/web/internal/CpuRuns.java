package io.tachyon.web.internal;

import com.google.gson.JsonArray;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.event.ThreadState;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every stretch a thread ran on a CPU in one capture, per CPU in time order: read once from the model's thread
 * states at full resolution, so a request's CPU rows ({@link CpuRows}) cost one pass over the runs in its window
 * instead of a second pass over every thread's states.
 */
final class CpuRuns {

    private final int[] pids;
    private final int[] tids;
    private final Map<Integer, Runs> byCpu;

    private CpuRuns(int[] pids, int[] tids, Map<Integer, Runs> byCpu) {
        this.pids = pids;
        this.tids = tids;
        this.byCpu = byCpu;
    }

    /** The runs of every thread of the model but the idle task (tid 0). */
    static CpuRuns of(CaptureModel model) {
        List<ThreadSummary> threads = model.threads().stream().filter(thread -> thread.tid() != 0).toList();
        int[] pids = new int[threads.size()];
        int[] tids = new int[threads.size()];
        Map<Integer, Builder> builders = new TreeMap<>();
        for (int index = 0; index < threads.size(); index++) {
            ThreadSummary thread = threads.get(index);
            pids[index] = thread.pid();
            tids[index] = thread.tid();
            for (StateInterval interval : model.timeline(thread.pid(), thread.tid(), model.startTime(),
                    model.endTime(), 0).intervals()) {
                if (interval.state() == ThreadState.RUNNING && interval.cpu() >= 0) {
                    builders.computeIfAbsent(interval.cpu(), cpu -> new Builder())
                            .add(interval.start(), interval.end(), index);
                }
            }
        }
        Map<Integer, Runs> byCpu = new TreeMap<>();
        builders.forEach((cpu, builder) -> byCpu.put(cpu, builder.build()));
        return new CpuRuns(pids, tids, byCpu);
    }

    /** The CPU rows of {@code from..to} at {@code width} columns, as {@link CpuRows#json} gives them. */
    JsonArray rows(long from, long to, int width) {
        CpuRows rows = new CpuRows(from, to, width, pids.length);
        byCpu.forEach((cpu, runs) -> runs.addTo(rows, cpu, from, to));
        return rows.json(pids, tids);
    }

    /** One CPU's runs, by start. */
    private record Runs(long[] starts, long[] ends, int[] threads) {

        void addTo(CpuRows rows, int cpu, long from, long to) {
            int index = Arrays.binarySearch(starts, from);
            index = index < 0 ? -index - 1 : index;
            // The run before the first one starting in the window may reach into it.
            if (index > 0 && ends[index - 1] > from) {
                index--;
            }
            for (; index < starts.length && starts[index] < to; index++) {
                rows.add(cpu, threads[index], starts[index], ends[index]);
            }
        }
    }

    /** Collects a CPU's runs thread after thread (each thread's in time order), then puts them in time order. */
    private static final class Builder {

        private long[] starts = new long[1024];
        private long[] ends = new long[1024];
        private int[] threads = new int[1024];
        private int count;

        void add(long start, long end, int thread) {
            if (count == starts.length) {
                starts = Arrays.copyOf(starts, count * 2);
                ends = Arrays.copyOf(ends, count * 2);
                threads = Arrays.copyOf(threads, count * 2);
            }
            starts[count] = start;
            ends[count] = end;
            threads[count] = thread;
            count++;
        }

        Runs build() {
            Integer[] order = new Integer[count];
            for (int i = 0; i < count; i++) {
                order[i] = i;
            }
            Arrays.sort(order, (a, b) -> Long.compare(starts[a], starts[b]));
            long[] sortedStarts = new long[count];
            long[] sortedEnds = new long[count];
            int[] sortedThreads = new int[count];
            for (int i = 0; i < count; i++) {
                sortedStarts[i] = starts[order[i]];
                sortedEnds[i] = ends[order[i]];
                sortedThreads[i] = threads[order[i]];
            }
            return new Runs(sortedStarts, sortedEnds, sortedThreads);
        }
    }
}
