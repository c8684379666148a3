package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.StateTotals;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.LostRecords;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.tachyon.console.internal.TextTable.left;
import static io.tachyon.console.internal.TextTable.right;

/** Renders what the commands print: the collectors, a capture's header, its top functions, threads and stacks. */
final class ConsoleViews {

    /** Function names longer than this (C++ templates) are cut so the module column stays on screen. */
    static final int MAX_FUNCTION_WIDTH = 100;

    /** Threads by running time, then sampled CPU time, then pid and tid. */
    static final Comparator<ThreadStates> BY_RUNNING_TIME = Comparator
            .comparingLong((ThreadStates s) -> s.totals().running()).reversed()
            .thenComparing(Comparator.comparingLong((ThreadStates s) -> s.thread().cpuNanos()).reversed())
            .thenComparingInt(s -> s.thread().pid())
            .thenComparingInt(s -> s.thread().tid());

    /** What the state views say about a capture without context switches, instead of inventing states. */
    static final String NO_SWITCHES = "This capture has no context switches (recorded with --no-switches, or by an"
            + " older recorder): thread states are not known. Only samples prove a thread running; the rest of"
            + " its life is unknown, and there are no waits.\n";

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
        if (metadata != null && !metadata.settings().isEmpty()) {
            // How it was recorded (event, rate, which source the thread states came from, ...), as the
            // collector wrote it down: a reader must know what the figures rest on.
            header.append("Recorded by ").append(metadata.collectorId()).append(": ");
            header.append(String.join(", ", new java.util.TreeMap<>(metadata.settings()).entrySet().stream()
                    .map(setting -> setting.getKey() + "=" + setting.getValue()).toList())).append('\n');
        }
        header.append("Samples: ").append(model.sampleCount())
                .append("  Sampled CPU time: ").append(millis(model.sampledNanos())).append(" ms")
                .append("  Duration: ").append(seconds(model.endTime() - model.startTime())).append(" s")
                .append("  Lost records: ").append(model.lostRecords()).append('\n');
        if (model.lostRecords() > 0) {
            header.append("WARNING: the kernel lost ").append(model.lostRecords())
                    .append(" records while recording (its buffers were full); the figures below miss them.\n");
            if (!model.lostRecordEvents().isEmpty()) {
                header.append("Lost records by CPU: ").append(lostByCpu(model)).append('\n');
            }
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

    /**
     * Each lost-records CPU with its count and when: {@code cpu 0: 5 at 25.0 ms; cpu 1: 12 in 3 losses from
     * 10.0 to 250.0 ms} (ms from the capture's start).
     */
    private static String lostByCpu(CaptureModel model) {
        List<String> parts = new ArrayList<>();
        for (Map.Entry<Integer, Long> cpu : model.lostRecordsByCpu().entrySet()) {
            List<LostRecords> losses = model.lostRecordEvents().stream()
                    .filter(lost -> lost.cpu() == cpu.getKey()).toList();
            String where = cpu.getKey() < 0 ? "buffer without a CPU" : "cpu " + cpu.getKey();
            long first = losses.get(0).time() - model.startTime();
            long last = losses.get(losses.size() - 1).time() - model.startTime();
            parts.add(where + ": " + cpu.getValue() + (losses.size() == 1 ? " at " + millis(first) + " ms"
                    : " in " + losses.size() + " losses from " + millis(first) + " to " + millis(last) + " ms"));
        }
        return String.join("; ", parts);
    }

    /**
     * Threads by running time, as many as {@code limit}: the time in each state in ms and as a percentage of
     * the thread's life in the capture. Other is stopped or unknown.
     */
    static String threads(CaptureModel model, ThreadsOptions options) {
        if (model.threads().isEmpty()) {
            return "No threads in this capture.\n";
        }
        TextTable table = new TextTable(right("PID"), right("TID"), left("Name"), left("Process"), right("Samples"),
                right("CPU ms"), right("Running ms"), right("Running%"), right("Runnable ms"), right("Runnable%"),
                right("Sleeping ms"), right("Sleeping%"), right("IO ms"), right("IO%"), right("Other ms"),
                right("Other%"), right("Waits"));
        model.threadStates().stream()
                .sorted(BY_RUNNING_TIME)
                .limit(options.limit())
                .forEach(states -> {
                    StateTotals totals = states.totals();
                    long alive = totals.alive();
                    long other = totals.stopped() + totals.unknown();
                    table.addRow(Integer.toString(states.thread().pid()), Integer.toString(states.thread().tid()),
                            states.thread().name(), states.thread().processName(),
                            Long.toString(states.thread().samples()), millis(states.thread().cpuNanos()),
                            millis(totals.running()), percent(totals.running(), alive),
                            millis(totals.runnable()), percent(totals.runnable(), alive),
                            millis(totals.sleeping()), percent(totals.sleeping(), alive),
                            millis(totals.blockedIo()), percent(totals.blockedIo(), alive),
                            millis(other), percent(other, alive), Long.toString(states.waits()));
                });
        return (model.hasThreadStates() ? "" : NO_SWITCHES) + table.render()
                + "Percentages are of each thread's life in the capture; Other is stopped or unknown.\n";
    }

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

    /** {@code part} as a percentage of {@code whole}, one decimal. */
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

    static String shorten(String function) {
        return function.length() <= MAX_FUNCTION_WIDTH ? function
                : function.substring(0, MAX_FUNCTION_WIDTH - 3) + "...";
    }
}
