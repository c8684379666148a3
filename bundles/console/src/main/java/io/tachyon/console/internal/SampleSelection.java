package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionFilter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The samples a view looks at (a picocli mixin): the time and threads of {@link CaptureSelection}, then by
 * function {@code --focus}, {@code --exclude}, {@code --merge} as {@link FunctionFilter} defines them. Function
 * names are not split at commas (C++ names have them): repeat the option for several.
 */
final class SampleSelection {

    @Mixin
    private CaptureSelection capture = new CaptureSelection();

    @Option(names = "--focus", paramLabel = "FUNCTION",
            description = "Only the samples with this function on their stack, their stacks starting at its"
                    + " outermost call; repeat it to narrow further. A trailing * matches by prefix.")
    private List<String> focus = new ArrayList<>();

    @Option(names = "--exclude", paramLabel = "FUNCTION",
            description = "Drop the samples with this function on their stack; repeatable, trailing * by prefix.")
    private List<String> exclude = new ArrayList<>();

    @Option(names = "--merge", paramLabel = "FUNCTION",
            description = "Take this function off the stacks, its self time going to its caller; repeatable,"
                    + " trailing * by prefix.")
    private List<String> merge = new ArrayList<>();

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        if (focus.stream().anyMatch(String::isBlank) || exclude.stream().anyMatch(String::isBlank)
                || merge.stream().anyMatch(String::isBlank)) {
            return Optional.of("--focus, --exclude and --merge need a function name, not an empty one");
        }
        return capture.problem();
    }

    CaptureSelection capture() {
        return capture;
    }

    FunctionFilter functionFilter() {
        return new FunctionFilter(focus, exclude, merge);
    }

    /**
     * {@code model} restricted to the selection: time and threads, then functions.
     *
     * @throws CommandException when a thread or process asked for is not in the capture
     */
    CaptureModel apply(CaptureModel model) throws CommandException {
        return capture.apply(model).filtered(functionFilter());
    }

    /** What is selected, for a view's heading: {@code thread 101, focus main}; empty for everything. */
    String describe() {
        List<String> parts = new ArrayList<>(capture.describe());
        focus.forEach(name -> parts.add("focus " + name));
        exclude.forEach(name -> parts.add("exclude " + name));
        merge.forEach(name -> parts.add("merge " + name));
        return String.join(", ", parts);
    }

    /** The selection as a view's JSON shows it, with the window {@code selected} covers. */
    Json json(CaptureModel selected) {
        boolean ranged = capture.rangeNanos().isPresent();
        return new Json(ranged ? selected.startTime() : null, ranged ? selected.endTime() : null,
                capture.processes(), capture.threads(), List.copyOf(focus), List.copyOf(exclude), List.copyOf(merge));
    }

    /**
     * The selection in a view's JSON.
     *
     * @param from the window's start on the capture's clock; null without {@code --range}
     * @param to   its end; null without {@code --range}
     */
    record Json(Long from, Long to, List<Integer> processes, List<Integer> threads, List<String> focus,
            List<String> exclude, List<String> merge) {
    }
}
