package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.ThreadSummary;
import picocli.CommandLine.Option;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time and threads a view looks at (a picocli mixin): {@code --range} in ms from the capture's start,
 * {@code --thread} by tid, {@code --process} by pid; a thread must match both when both are given.
 */
final class CaptureSelection {

    private static final Pattern RANGE = Pattern.compile("(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)");

    @Option(names = "--range", paramLabel = "START-END",
            description = "Only this time, in ms from the capture's start, e.g. 250-1000 (default: all of it).")
    private String range;

    @Option(names = "--thread", paramLabel = "TID", split = ",",
            description = "Only this thread; repeat it or give TID,TID for several (default: every thread).")
    private List<Integer> threads = new ArrayList<>();

    @Option(names = "--process", paramLabel = "PID", split = ",",
            description = "Only the threads of this process; repeat it or give PID,PID (default: every process).")
    private List<Integer> processes = new ArrayList<>();

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        if (range != null) {
            Optional<long[]> nanos = rangeNanos();
            if (nanos.isEmpty()) {
                return Optional.of("--range needs START-END in milliseconds from the capture's start, e.g."
                        + " 250-1000, not '" + range + "'");
            }
            if (nanos.get()[1] <= nanos.get()[0]) {
                return Optional.of("--range must end after it starts, not '" + range + "'");
            }
        }
        return Optional.empty();
    }

    /** The range as {start, end} in nanoseconds from the capture's start; empty for all of it. */
    Optional<long[]> rangeNanos() {
        if (range == null) {
            return Optional.empty();
        }
        Matcher matcher = RANGE.matcher(range);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new long[] {millisToNanos(matcher.group(1)), millisToNanos(matcher.group(2))});
    }

    /** The range as given, START-END in ms from the capture's start. */
    Optional<String> range() {
        return Optional.ofNullable(range);
    }

    List<Integer> threads() {
        return List.copyOf(threads);
    }

    List<Integer> processes() {
        return List.copyOf(processes);
    }

    /** The time and threads selected in {@code model}, on the capture's clock. */
    CaptureFilter filter(CaptureModel model) {
        Optional<long[]> nanos = rangeNanos();
        long from = nanos.map(r -> model.startTime() + r[0]).orElse(Long.MIN_VALUE);
        long to = nanos.map(r -> model.startTime() + r[1]).orElse(Long.MAX_VALUE);
        return new CaptureFilter(from, to, new HashSet<>(processes), new HashSet<>(threads));
    }

    /**
     * {@code model} restricted to the selected time and threads.
     *
     * @throws CommandException when a thread or process asked for is not in the capture
     */
    CaptureModel apply(CaptureModel model) throws CommandException {
        checkThreads(model);
        return model.filtered(filter(model));
    }

    /** @throws CommandException when a thread or process asked for is not in {@code model} */
    void checkThreads(CaptureModel model) throws CommandException {
        Set<Integer> knownPids = new HashSet<>();
        Set<Integer> knownTids = new HashSet<>();
        for (ThreadSummary thread : model.threads()) {
            knownPids.add(thread.pid());
            knownTids.add(thread.tid());
        }
        List<String> unknown = new ArrayList<>();
        processes.stream().distinct().filter(pid -> !knownPids.contains(pid)).sorted()
                .forEach(pid -> unknown.add("process " + pid));
        threads.stream().distinct().filter(tid -> !knownTids.contains(tid)).sorted()
                .forEach(tid -> unknown.add("thread " + tid));
        if (!unknown.isEmpty()) {
            throw new CommandException("The capture " + model.file() + " has no " + String.join(", no ", unknown)
                    + " (tachyon:threads lists its threads).");
        }
    }

    /** What is selected, for a view's heading: {@code range 10-20 ms, thread 101}; empty for everything. */
    List<String> describe() {
        List<String> parts = new ArrayList<>();
        if (range != null) {
            parts.add("range " + range + " ms");
        }
        if (!processes.isEmpty()) {
            parts.add("process " + join(processes));
        }
        if (!threads.isEmpty()) {
            parts.add("thread " + join(threads));
        }
        return parts;
    }

    private static String join(List<Integer> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    private static long millisToNanos(String millis) {
        return new BigDecimal(millis).movePointRight(6).longValue();
    }
}
