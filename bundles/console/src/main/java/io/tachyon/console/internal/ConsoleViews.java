package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.event.CaptureMetadata;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

import static io.tachyon.console.internal.TextTable.left;
import static io.tachyon.console.internal.TextTable.right;

/** Renders what the commands print: the collectors, a capture's header, its top functions, threads and stacks. */
final class ConsoleViews {

    /** Function names longer than this (C++ templates) are cut so the module column stays on screen. */
    static final int MAX_FUNCTION_WIDTH = 100;

    private ConsoleViews() {
    }

    /** The collectors table, sorted by id. */
    static String collectors(List<CollectorInfo> collectors) {
        if (collectors.isEmpty()) {
            return "No collector is installed.\n";
        }
        TextTable table = new TextTable(left("ID"), left("ARCHITECTURE"), left("AVAILABLE"), left("CAPABILITIES"),
                left("REASON"));
        collectors.stream()
                .sorted(Comparator.comparing(CollectorInfo::id))
                .forEach(info -> table.addRow(info.id(), info.architecture(), info.available() ? "yes" : "no",
                        CollectorChooser.names(info.capabilities()),
                        info.available() ? "" : info.unavailableReason()));
        return table.render();
    }

    /**
     * What capture this is and how much to trust it: file, target, samples, duration, lost records and the
     * model's warnings.
     */
    static String captureHeader(CaptureModel model) {
        StringBuilder header = new StringBuilder("Capture: ").append(model.file()).append('\n');
        CaptureMetadata metadata = model.metadata();
        if (metadata != null && !metadata.commandLine().isEmpty()) {
            header.append("Target: ").append(String.join(" ", metadata.commandLine())).append('\n');
        }
        header.append("Samples: ").append(model.sampleCount())
                .append("  Sampled CPU time: ").append(millis(model.sampledNanos())).append(" ms")
                .append("  Duration: ").append(seconds(model.endTime() - model.startTime())).append(" s")
                .append("  Lost records: ").append(model.lostRecords()).append('\n');
        if (model.lostRecords() > 0) {
            header.append("WARNING: the kernel lost ").append(model.lostRecords())
                    .append(" records while recording (its buffers were full); the figures below miss them.\n");
        }
        for (String warning : model.warnings()) {
            header.append("WARNING: ").append(warning).append('\n');
        }
        return header.toString();
    }

    /** Functions by self or total time, as many as {@code limit}. */
    static String top(CaptureModel model, TopOptions options) {
        if (model.functions().isEmpty()) {
            return "No samples in this capture.\n";
        }
        Comparator<FunctionCost> order = switch (options.sort()) {
            case SELF -> Comparator.comparingLong(FunctionCost::selfNanos).reversed()
                    .thenComparing(Comparator.comparingLong(FunctionCost::totalNanos).reversed());
            case TOTAL -> Comparator.comparingLong(FunctionCost::totalNanos).reversed()
                    .thenComparing(Comparator.comparingLong(FunctionCost::selfNanos).reversed());
        };
        TextTable table = new TextTable(right("Self%"), right("Self ms"), right("Total%"), right("Total ms"),
                right("Samples"), left("Function"), left("Module"));
        long sampledNanos = model.sampledNanos();
        model.functions().stream()
                .sorted(order.thenComparing(FunctionCost::function))
                .limit(options.limit())
                .forEach(cost -> table.addRow(percent(cost.selfNanos(), sampledNanos), millis(cost.selfNanos()),
                        percent(cost.totalNanos(), sampledNanos), millis(cost.totalNanos()),
                        Long.toString(cost.selfSamples()), shorten(cost.function()), cost.module()));
        return table.render();
    }

    /** Threads by CPU time, as many as {@code limit}. */
    static String threads(CaptureModel model, ThreadsOptions options) {
        if (model.threads().isEmpty()) {
            return "No threads in this capture.\n";
        }
        TextTable table = new TextTable(right("PID"), right("TID"), left("Name"), left("Process"), right("Samples"),
                right("CPU ms"));
        model.threads().stream()
                .sorted(Comparator.comparingLong(ThreadSummary::cpuNanos).reversed()
                        .thenComparingInt(ThreadSummary::pid)
                        .thenComparingInt(ThreadSummary::tid))
                .limit(options.limit())
                .forEach(thread -> table.addRow(Integer.toString(thread.pid()), Integer.toString(thread.tid()),
                        thread.name(), thread.processName(), Long.toString(thread.samples()),
                        millis(thread.cpuNanos())));
        return table.render();
    }

    /** {@code part} as a percentage of {@code whole}, one decimal. */
    /**
     * Collapsed stacks as flamegraph.pl reads them: frames outermost first joined by ';', kernel frames
     * marked {@code _[k]}, then the sample count. A ';' inside a name (rare, C++ operators) would split a
     * frame, so it is replaced by ':'.
     */
    static String collapsedStacks(CaptureModel model) {
        StringBuilder text = new StringBuilder();
        for (StackCost stack : model.stacks()) {
            for (int i = 0; i < stack.frames().size(); i++) {
                StackFrame frame = stack.frames().get(i);
                if (i > 0) {
                    text.append(';');
                }
                text.append(frame.function().replace(';', ':').replace('\n', ' '));
                if (frame.kernel()) {
                    text.append("_[k]");
                }
            }
            text.append(' ').append(stack.samples()).append('\n');
        }
        return text.toString();
    }

    static String percent(long part, long whole) {
        return whole == 0 ? "0.0" : String.format(Locale.ROOT, "%.1f", 100.0 * part / whole);
    }

    /** Nanoseconds as milliseconds, one decimal. */
    static String millis(long nanos) {
        return String.format(Locale.ROOT, "%.1f", nanos / 1e6);
    }

    /** Nanoseconds as seconds, three decimals. */
    static String seconds(long nanos) {
        return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
    }

    /** A byte count in the largest binary unit that keeps it at least 1, one decimal. */
    static String bytes(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double value = bytes / 1024.0;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }

    private static String shorten(String function) {
        return function.length() <= MAX_FUNCTION_WIDTH ? function
                : function.substring(0, MAX_FUNCTION_WIDTH - 3) + "...";
    }
}
