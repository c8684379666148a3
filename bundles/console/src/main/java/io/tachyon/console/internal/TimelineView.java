package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CpuUsage;
import io.tachyon.api.analysis.StateTotals;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ThreadState;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static io.tachyon.console.internal.TextTable.left;
import static io.tachyon.console.internal.TextTable.right;

/**
 * The timeline view as text: a row per thread, a character per equal slice of the range showing the state
 * the thread spent most of that slice in (not alive counts as a state, so a thread that starts mid-slice
 * shows from the slice it mostly lived in). Ties go to the state first in: running, runnable, IO, sleeping,
 * stopped, unknown, not alive.
 */
final class TimelineView {

    static final String LEGEND = "Legend: '#' running  '-' runnable  '.' sleeping  'D' IO  'T' stopped  '?' unknown"
            + "  ' ' not alive  '!' records lost\n";
    static final String CPU_LEGEND = "CPU rows: how busy each CPU was with the recorded threads (all threads with -a):"
            + " '#' 90% or more  '+' 50%  '-' 10%  ' ' less\n";

    /** The order ties are broken in: what is more telling first. */
    private static final ThreadState[] PRECEDENCE = {ThreadState.RUNNING, ThreadState.RUNNABLE,
            ThreadState.BLOCKED_IO, ThreadState.SLEEPING, ThreadState.STOPPED, ThreadState.UNKNOWN};

    private TimelineView() {
    }

    static String render(CaptureModel model, TimelineOptions options) {
        long from = model.startTime();
        long to = model.endTime();
        if (options.rangeNanos().isPresent()) {
            long[] range = options.rangeNanos().get();
            from = model.startTime() + range[0];
            to = model.startTime() + range[1];
        }
        if (to <= from) {
            return "This capture spans no time: there is no timeline to draw.\n";
        }
        int width = options.width();
        long start = from;
        long end = to;
        List<ThreadStates> shown = model.threadStates().stream()
                .filter(states -> options.threads().isEmpty() || options.threads().contains(states.thread().tid()))
                .filter(states -> states.aliveStart() < end && states.aliveEnd() > start)
                .sorted(Comparator.comparingInt((ThreadStates s) -> s.thread().pid())
                        .thenComparingInt(s -> s.thread().tid()))
                .toList();
        StringBuilder text = new StringBuilder(model.hasThreadStates() ? "" : ConsoleViews.NO_SWITCHES);
        int decimals = decimals((to - from) / width);
        text.append("Threads from ").append(millis(from - model.startTime(), decimals)).append(" to ")
                .append(millis(to - model.startTime(), decimals)).append(" ms after the capture's start, ")
                .append(width).append(" columns of ").append(millis((to - from) / width, decimals))
                .append(" ms; each shows the state that took most of it.\n");
        text.append(LEGEND);
        if (shown.isEmpty()) {
            return text.append(options.threads().isEmpty() ? "No thread was alive in this range.\n"
                    : "None of the threads asked for was alive in this range.\n").toString();
        }
        TextTable table = new TextTable(right("TID"), left("Thread"),
                left(axis(from - model.startTime(), to - model.startTime(), width, decimals)));
        for (ThreadStates states : shown) {
            ThreadSummary thread = states.thread();
            List<StateTotals> buckets = model.stateBuckets(thread.pid(), thread.tid(), from, to, width);
            StringBuilder row = new StringBuilder("|");
            for (int i = 0; i < width; i++) {
                row.append(symbol(buckets.get(i), sliceStart(from, to, width, i + 1) - sliceStart(from, to, width, i)));
            }
            table.addRow(Integer.toString(thread.tid()), thread.name(), row.append('|').toString());
        }
        if (model.hasThreadStates() && options.threads().isEmpty()) {
            for (CpuUsage usage : model.cpuUsage(from, to, width)) {
                table.addRow("", "cpu " + usage.cpu(), cpuRow(usage, from, to, width));
            }
            text.append(CPU_LEGEND);
        }
        String lost = lostRow(model, from, to, width);
        if (lost != null) {
            table.addRow("", "(lost records)", lost);
        }
        return text.append(table.render()).toString();
    }

    /** A CPU's row: a character per slice for the share of it the CPU spent running threads. */
    static String cpuRow(CpuUsage usage, long from, long to, int width) {
        long[] busy = usage.busyNanos();
        StringBuilder row = new StringBuilder("|");
        for (int i = 0; i < width; i++) {
            long slice = sliceStart(from, to, width, i + 1) - sliceStart(from, to, width, i);
            double share = slice == 0 ? 0 : (double) busy[i] / slice;
            row.append(share >= 0.9 ? '#' : share >= 0.5 ? '+' : share >= 0.1 ? '-' : ' ');
        }
        return row.append('|').toString();
    }

    /** The dominant state's character; a slice mostly before the thread's start or after its end is blank. */
    static char symbol(StateTotals totals, long sliceNanos) {
        ThreadState dominant = null;
        for (ThreadState state : PRECEDENCE) {
            if (dominant == null || totals.nanos(state) > totals.nanos(dominant)) {
                dominant = state;
            }
        }
        if (sliceNanos - totals.alive() > totals.nanos(dominant) || totals.alive() == 0) {
            return ' ';
        }
        return switch (dominant) {
            case RUNNING -> '#';
            case RUNNABLE -> '-';
            case SLEEPING -> '.';
            case BLOCKED_IO -> 'D';
            case STOPPED -> 'T';
            default -> '?';
        };
    }

    /** A row with '!' in the slices where records were lost, or null when none were lost in the range. */
    private static String lostRow(CaptureModel model, long from, long to, int width) {
        char[] row = " ".repeat(width).toCharArray();
        boolean any = false;
        for (LostRecords lost : model.lostRecordEvents()) {
            if (lost.time() < from || lost.time() > to || lost.count() == 0) {
                continue;
            }
            int slice = width - 1;
            while (slice > 0 && sliceStart(from, to, width, slice) > lost.time()) {
                slice--;
            }
            row[slice] = '!';
            any = true;
        }
        return any ? "|" + new String(row) + "|" : null;
    }

    /** Decimals of milliseconds that tell one column from the next: one for 1 ms columns, four for 100 ns. */
    static int decimals(long sliceNanos) {
        int decimals = 1;
        for (long unit = 100_000; unit > 1 && sliceNanos < unit && decimals < 6; unit /= 10) {
            decimals++;
        }
        return decimals;
    }

    private static String millis(long nanos, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", nanos / 1e6);
    }

    /** Where slice {@code i} of {@code count} starts, split as the model splits buckets. */
    private static long sliceStart(long from, long to, int count, int i) {
        long span = to - from;
        return from + span / count * i + span % count * i / count;
    }

    /**
     * The time axis over the picture: the start label begins at the first column, the middle one (when there
     * is room) at the middle column, the end label ends at the last column; bare bars when even the ends do
     * not fit (the title line names the range).
     */
    static String axis(long fromNanos, long toNanos, int width, int decimals) {
        String start = millis(fromNanos, decimals) + " ms";
        String end = millis(toNanos, decimals) + " ms";
        String middle = millis(fromNanos + (toNanos - fromNanos) / 2, decimals) + " ms";
        if (start.length() + end.length() + 1 > width) {
            return "|" + " ".repeat(width) + "|";
        }
        StringBuilder axis = new StringBuilder("|").append(start);
        // The middle label begins at the column of the middle time, and only with a space on both sides.
        int middleAt = 1 + width / 2;
        if (middleAt > axis.length() && middleAt + middle.length() < width + 1 - end.length()) {
            axis.append(" ".repeat(middleAt - axis.length())).append(middle);
        }
        axis.append(" ".repeat(width + 1 - end.length() - axis.length())).append(end).append('|');
        return axis.toString();
    }
}
