package io.tachyon.web.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;

/**
 * Which thread ran on each CPU, at the level of detail of a picture {@code width} columns wide: each column shows
 * the thread that ran longest in it in total (idle when none ran), and runs of columns of one thread become one
 * interval. Every row so has at most {@code width} intervals, whatever the number of context switches. A CPU's runs
 * are added in the order of their starts, so each column is settled once the runs have moved past it.
 */
final class CpuRows {

    private final long from;
    private final long to;
    private final int width;
    private final int threadCount;
    private final Map<Integer, Row> rows = new TreeMap<>();
    /** The row of the last run added: runs come CPU by CPU. */
    private Row lastRow;
    private int lastCpu;

    /** @param threadCount threads are named by their index, 0 to {@code threadCount - 1} */
    CpuRows(long from, long to, int width, int threadCount) {
        if (to < from || width < 1) {
            throw new IllegalArgumentException("bad picture: " + from + ".." + to + " in " + width + " columns");
        }
        this.from = from;
        this.to = to;
        this.width = width;
        this.threadCount = threadCount;
    }

    /**
     * Thread {@code thread} ran on {@code cpu} from {@code start} to {@code end}.
     *
     * @throws IllegalArgumentException when the run starts before the CPU's previous run
     */
    void add(int cpu, int thread, long start, long end) {
        if (thread < 0 || thread >= threadCount) {
            throw new IllegalArgumentException("thread index " + thread + " is not below " + threadCount);
        }
        if (lastRow == null || cpu != lastCpu) {
            lastRow = rows.computeIfAbsent(cpu, c -> new Row());
            lastCpu = cpu;
        }
        Row row = lastRow;
        if (start < row.lastStart) {
            throw new IllegalArgumentException("runs of CPU " + cpu + " out of order: " + start + " after "
                    + row.lastStart);
        }
        row.lastStart = start;
        long clippedStart = Math.max(start, from);
        long clippedEnd = Math.min(end, to);
        if (clippedEnd > clippedStart) {
            row.add(thread, clippedStart, clippedEnd);
        }
    }

    /**
     * {@code [{"cpu":N,"gaps":[..],"lengths":[..],"pids":[..],"tids":[..]}, ...]} by CPU number; times as
     * {@link IntervalTimes} writes them, thread index {@code i} named by {@code pids[i]:tids[i]}.
     */
    JsonArray json(int[] pids, int[] tids) {
        JsonArray cpus = new JsonArray();
        rows.forEach((cpu, row) -> {
            row.finish();
            IntervalTimes times = new IntervalTimes(from);
            JsonArray pidArray = new JsonArray();
            JsonArray tidArray = new JsonArray();
            for (int i = 0; i < row.count; i++) {
                times.add(row.starts[i], row.ends[i]);
                pidArray.add(pids[row.threads[i]]);
                tidArray.add(tids[row.threads[i]]);
            }
            JsonObject json = new JsonObject();
            json.addProperty("cpu", cpu);
            times.addTo(json);
            json.add("pids", pidArray);
            json.add("tids", tidArray);
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

    /**
     * One CPU: the column the runs are in, with each thread's time in it, and the intervals of the columns
     * already settled (the last one still growing while the next columns go to the same thread).
     */
    private final class Row {

        long lastStart = Long.MIN_VALUE;
        private int column = -1;
        private long columnFrom;
        private long columnTo;
        private final long[] nanos = new long[threadCount];
        private final long[] firstStarts = new long[threadCount];
        private final long[] lastEnds = new long[threadCount];
        private final int[] present = new int[threadCount];
        private int presentCount;

        private long[] starts = new long[16];
        private long[] ends = new long[16];
        private int[] threads = new int[16];
        private int count;
        /** The column the last interval reaches, -1 before the first. */
        private int lastColumn = -1;

        void add(int thread, long start, long end) {
            if (column >= 0 && start >= columnFrom && end <= columnTo) {
                // Most runs are shorter than a column: no column to look up.
                count(thread, start, end, end - start);
                return;
            }
            int first = Math.max(column(start), column);
            int last = column(end - 1);
            if (last < column) {
                // Overlaps runs whose columns are settled: only a capture that contradicts itself does that.
                return;
            }
            if (first > column) {
                settle();
                moveTo(first);
            }
            if (last == column) {
                count(thread, start, end, end - Math.max(start, columnFrom));
                return;
            }
            count(thread, start, end, columnTo - Math.max(start, columnFrom));
            settle();
            if (last > column + 1) {
                // Whole columns of this run alone.
                extend(thread, column + 1, last - 1, columnTo, columnStart(last));
            }
            moveTo(last);
            count(thread, start, end, end - columnFrom);
        }

        private void moveTo(int next) {
            column = next;
            columnFrom = columnStart(next);
            columnTo = columnStart(next + 1);
        }

        private void count(int thread, long start, long end, long part) {
            if (nanos[thread] == 0) {
                present[presentCount++] = thread;
                firstStarts[thread] = start;
            }
            nanos[thread] += part;
            lastEnds[thread] = end;
        }

        /** The current column goes to the thread that ran longest in it (the first to run of equals). */
        private void settle() {
            if (presentCount == 0) {
                return;
            }
            int winner = present[0];
            for (int i = 1; i < presentCount; i++) {
                if (nanos[present[i]] > nanos[winner]) {
                    winner = present[i];
                }
            }
            long ran = nanos[winner];
            long firstStart = firstStarts[winner];
            long lastEnd = lastEnds[winner];
            // Exact ends where the winner ran without a break up to the column's end (from its start): a thread
            // that ran for whole columns starts and stops where it did; a column of many short stretches is shown
            // whole.
            long start = lastEnd >= columnTo && ran == columnTo - Math.max(firstStart, columnFrom)
                    ? Math.max(firstStart, columnFrom) : columnFrom;
            long end = firstStart <= columnFrom && ran == Math.min(lastEnd, columnTo) - columnFrom
                    ? Math.min(lastEnd, columnTo) : columnTo;
            extend(winner, column, column, start, end);
            for (int i = 0; i < presentCount; i++) {
                nanos[present[i]] = 0;
            }
            presentCount = 0;
        }

        /** Columns {@code first..last} show {@code thread} from {@code start} to {@code end}. */
        private void extend(int thread, int first, int last, long start, long end) {
            if (count > 0 && threads[count - 1] == thread && lastColumn == first - 1) {
                ends[count - 1] = end;
            } else {
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
            lastColumn = last;
        }

        void finish() {
            settle();
            moveTo(width);
        }
    }
}
