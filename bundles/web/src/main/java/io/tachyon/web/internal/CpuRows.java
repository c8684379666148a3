package io.tachyon.web.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.Map;
import java.util.TreeMap;

/**
 * Which thread ran on each CPU, at the level of detail of a picture {@code width} columns wide: each column shows
 * the thread that ran longest in it (idle when none ran), and runs of columns of one thread become one interval.
 * Every row so has at most {@code width} intervals, whatever the number of context switches.
 */
final class CpuRows {

    private final long from;
    private final long to;
    private final int width;
    private final Map<Integer, Row> rows = new TreeMap<>();

    CpuRows(long from, long to, int width) {
        if (to < from || width < 1) {
            throw new IllegalArgumentException("bad picture: " + from + ".." + to + " in " + width + " columns");
        }
        this.from = from;
        this.to = to;
        this.width = width;
    }

    /** Thread {@code pid:tid} ran on {@code cpu} from {@code start} to {@code end}. */
    void add(int cpu, int pid, int tid, long start, long end) {
        long clippedStart = Math.max(start, from);
        long clippedEnd = Math.min(end, to);
        if (clippedEnd <= clippedStart) {
            return;
        }
        rows.computeIfAbsent(cpu, c -> new Row()).add(pid, tid, clippedStart, clippedEnd);
    }

    /** {@code [{"cpu":N,"intervals":[[start,end,pid,tid],...]}, ...]} by CPU number. */
    JsonArray json() {
        JsonArray cpus = new JsonArray();
        rows.forEach((cpu, row) -> {
            JsonObject json = new JsonObject();
            json.addProperty("cpu", cpu);
            json.add("intervals", row.intervals());
            cpus.add(json);
        });
        return cpus;
    }

    /** The start of column {@code column}; {@code columnStart(width)} is {@code to}. */
    private long columnStart(long column) {
        long span = to - from;
        return from + span / width * column + span % width * column / width;
    }

    private int column(long time) {
        long span = to - from;
        if (span == 0) {
            return 0;
        }
        int column = (int) Math.min(width - 1, (long) ((double) (time - from) / span * width));
        // The floating-point guess can be one off at a column's edge; the integer starts decide.
        while (column > 0 && columnStart(column) > time) {
            column--;
        }
        while (column < width - 1 && columnStart(column + 1) <= time) {
            column++;
        }
        return column;
    }

    /** One CPU: per column, the thread with the longest stretch and where its running started and ended. */
    private final class Row {

        private final long[] nanos = new long[width];
        private final int[] pids = new int[width];
        private final int[] tids = new int[width];
        private final long[] starts = new long[width];
        private final long[] ends = new long[width];

        void add(int pid, int tid, long start, long end) {
            int first = column(start);
            int last = column(end - 1);
            for (int column = first; column <= last; column++) {
                long part = Math.min(end, columnStart(column + 1)) - Math.max(start, columnStart(column));
                if (part > nanos[column]) {
                    nanos[column] = part;
                    pids[column] = pid;
                    tids[column] = tid;
                    starts[column] = start;
                    ends[column] = end;
                }
            }
        }

        JsonArray intervals() {
            JsonArray intervals = new JsonArray();
            int column = 0;
            while (column < width) {
                if (nanos[column] == 0) {
                    column++;
                    continue;
                }
                int pid = pids[column];
                int tid = tids[column];
                int last = column;
                while (last + 1 < width && nanos[last + 1] > 0 && pids[last + 1] == pid && tids[last + 1] == tid) {
                    last++;
                }
                // Exact ends where the winning stretch runs on through the run's first (last) column: a thread
                // that ran for whole columns starts and stops where it did; a column of many short stretches is
                // shown whole.
                long start = ends[column] >= columnStart(column + 1) ? Math.max(starts[column], columnStart(column))
                        : columnStart(column);
                long end = starts[last] <= columnStart(last) ? Math.min(ends[last], columnStart(last + 1))
                        : columnStart(last + 1);
                JsonArray interval = new JsonArray();
                interval.add(start);
                interval.add(end);
                interval.add(pid);
                interval.add(tid);
                intervals.add(interval);
                column = last + 1;
            }
            return intervals;
        }
    }
}
