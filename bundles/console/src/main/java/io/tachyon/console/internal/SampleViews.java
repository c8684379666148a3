package io.tachyon.console.internal;

import io.tachyon.api.analysis.Butterfly;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CpuUsage;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.LineCost;

import java.util.Comparator;
import java.util.List;

import static io.tachyon.console.internal.ConsoleViews.millis;
import static io.tachyon.console.internal.ConsoleViews.percent;
import static io.tachyon.console.internal.TextTable.left;
import static io.tachyon.console.internal.TextTable.right;

/** The functions, butterfly and CPU usage views as text. Percentages are of the selected samples' time. */
final class SampleViews {

    private SampleViews() {
    }

    /** The order of the functions view: by self or total time, then the other, then by name. */
    static Comparator<FunctionCost> order(TopOptions.SortKey sort) {
        Comparator<FunctionCost> order = switch (sort) {
            case SELF -> Comparator.comparingLong(FunctionCost::selfNanos).reversed()
                    .thenComparing(Comparator.comparingLong(FunctionCost::totalNanos).reversed());
            case TOTAL -> Comparator.comparingLong(FunctionCost::totalNanos).reversed()
                    .thenComparing(Comparator.comparingLong(FunctionCost::selfNanos).reversed());
        };
        return order.thenComparing(FunctionCost::function).thenComparing(FunctionCost::module);
    }

    /** Every function (up to the limit) with its self and total time, samples and percentage. */
    static String functions(CaptureModel model, TopOptions options) {
        StringBuilder text = heading("Functions", model, options.selection());
        if (model.functions().isEmpty()) {
            return text.append("No samples selected.\n").toString();
        }
        TextTable table = new TextTable(right("Self%"), right("Self ms"), right("Self samples"), right("Total%"),
                right("Total ms"), right("Total samples"), left("Function"), left("Module"));
        long sampled = model.sampledNanos();
        List<FunctionCost> shown = model.functions().stream().sorted(order(options.sort())).limit(options.limit())
                .toList();
        for (FunctionCost cost : shown) {
            table.addRow(percent(cost.selfNanos(), sampled), millis(cost.selfNanos()), Long.toString(cost.selfSamples()),
                    percent(cost.totalNanos(), sampled), millis(cost.totalNanos()), Long.toString(cost.totalSamples()),
                    ConsoleViews.shorten(cost.function()), cost.module());
        }
        text.append(table.render());
        if (shown.size() < model.functions().size()) {
            text.append(model.functions().size() - shown.size()).append(" more functions (--limit).\n");
        }
        return text.toString();
    }

    /**
     * Source lines by self time (up to the limit): a line as its file's name and number ({@code ??} where no debug
     * information placed the code), the function it belongs to and its module. Percentages are of every selected
     * sample, so samples without frames make them add up to less than 100.
     */
    static String lines(CaptureModel model, LinesOptions options) {
        StringBuilder text = heading("Lines", model, options.selection());
        List<LineCost> lines = model.lines();
        if (lines.isEmpty()) {
            return text.append("No samples selected.\n").toString();
        }
        TextTable table = new TextTable(right("Self%"), right("Self ms"), right("Samples"), left("Line"),
                left("Function"), left("Module"));
        long sampled = model.sampledNanos();
        for (LineCost line : lines.subList(0, Math.min(options.limit(), lines.size()))) {
            table.addRow(percent(line.selfNanos(), sampled), millis(line.selfNanos()), Long.toString(line.samples()),
                    place(line), ConsoleViews.shorten(line.function()), line.module());
        }
        text.append(table.render());
        if (options.limit() < lines.size()) {
            text.append(lines.size() - options.limit()).append(" more lines (--limit).\n");
        }
        return text.toString();
    }

    /** {@code file-name:line}, as perf's srcline shows it; the full path is in the JSON. */
    private static String place(LineCost line) {
        if (line.file() == null) {
            return "??";
        }
        String file = line.file();
        return file.substring(file.lastIndexOf('/') + 1) + ":" + line.line();
    }

    /** The function's line, then its callers and its callees as tables. */
    static String butterfly(CaptureModel model, Butterfly butterfly, ButterflyOptions options) {
        StringBuilder text = heading("Butterfly", model, options.selection());
        long sampled = model.sampledNanos();
        FunctionCost function = butterfly.function();
        text.append(function.function()).append(" (").append(function.module()).append("): total ")
                .append(millis(function.totalNanos())).append(" ms, ").append(percent(function.totalNanos(), sampled))
                .append("%, ").append(function.totalSamples()).append(" samples; self ")
                .append(millis(function.selfNanos())).append(" ms, ").append(percent(function.selfNanos(), sampled))
                .append("%, ").append(function.selfSamples()).append(" samples\n\n");
        text.append("Callers (called it directly; Self is its own time when called from there):\n");
        text.append(costs(butterfly.callers(), sampled, options.limit(), "(none: it is the outermost frame)"));
        text.append("\nCallees (it called them directly; Self is their own time when called from it):\n");
        text.append(costs(butterfly.callees(), sampled, options.limit(), "(none: it is always the sampled frame)"));
        return text.toString();
    }

    private static String costs(List<FunctionCost> costs, long sampled, int limit, String none) {
        if (costs.isEmpty()) {
            return none + "\n";
        }
        TextTable table = new TextTable(right("Total%"), right("Total ms"), right("Samples"), right("Self%"),
                right("Self ms"), left("Function"), left("Module"));
        costs.stream().limit(limit).forEach(cost -> table.addRow(percent(cost.totalNanos(), sampled),
                millis(cost.totalNanos()), Long.toString(cost.totalSamples()), percent(cost.selfNanos(), sampled),
                millis(cost.selfNanos()), ConsoleViews.shorten(cost.function()), cost.module()));
        String more = costs.size() > limit ? (costs.size() - limit) + " more (--limit).\n" : "";
        return table.render() + more;
    }

    /** A row per CPU, a character per slice, then its busy time and share over the range. */
    static String cpus(CaptureModel model, long from, long to, CpusOptions options) {
        StringBuilder text = new StringBuilder();
        if (to <= from) {
            return text.append("This capture spans no time: there is no CPU usage to show.\n").toString();
        }
        List<CpuUsage> usage = model.cpuUsage(from, to, options.width());
        int decimals = TimelineView.decimals((to - from) / options.width());
        text.append("CPU usage from ").append(millis(from - model.startTime())).append(" to ")
                .append(millis(to - model.startTime())).append(" ms after the capture's start, ")
                .append(options.width()).append(" slices; '@' 90% or more busy, '#' 70%, '+' 50%, '-' 25%,"
                        + " '.' more than 0, ' ' idle.\n");
        if (!model.hasThreadStates()) {
            text.append("This capture has no context switches: CPU usage is only known with them.\n");
        }
        if (usage.isEmpty()) {
            return text.append("No CPU ran a recorded thread in this range.\n").toString();
        }
        TextTable table = new TextTable(left("CPU"), left(TimelineView.axis(from - model.startTime(),
                to - model.startTime(), options.width(), decimals)), right("Busy ms"), right("Busy%"));
        for (CpuUsage cpu : usage) {
            long[] busy = cpu.busyNanos();
            StringBuilder row = new StringBuilder("|");
            long busyTotal = 0;
            for (int i = 0; i < busy.length; i++) {
                row.append(shade(busy[i], cpu.bucketStart(i + 1) - cpu.bucketStart(i)));
                busyTotal += busy[i];
            }
            table.addRow("cpu " + cpu.cpu(), row.append('|').toString(), millis(busyTotal),
                    percent(busyTotal, to - from));
        }
        return text.append(table.render()).toString();
    }

    /** The character for a slice busy {@code busy} of its {@code slice} nanoseconds. */
    static char shade(long busy, long slice) {
        if (busy <= 0 || slice <= 0) {
            return ' ';
        }
        double share = (double) busy / slice;
        return share >= 0.9 ? '@' : share >= 0.7 ? '#' : share >= 0.5 ? '+' : share >= 0.25 ? '-' : '.';
    }

    private static StringBuilder heading(String view, CaptureModel model, SampleSelection selection) {
        StringBuilder text = new StringBuilder(view).append(": ").append(model.sampleCount()).append(" samples, ")
                .append(millis(model.sampledNanos())).append(" ms");
        String described = selection.describe();
        if (!described.isEmpty()) {
            text.append(" (").append(described).append(')');
        }
        return text.append('\n');
    }
}
