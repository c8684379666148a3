package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The options of the call tree views, top-down ({@code tree}) and bottom-up ({@code bottomup}). */
@Command(name = "tree", description = {
        "The call tree, indented, with each node's total time (with what it called; in the bottom-up tree:"
                + " the time of the samples whose stack ends with that path), self time, samples and percentage"
                + " of the selected samples' time. Children by total time, highest first."})
final class TreeOptions {

    static final double DEFAULT_MIN_PERCENT = 0.5;

    @Mixin
    private SampleSelection selection = new SampleSelection();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + Integer.MAX_VALUE,
            description = "Show at most N children of each node (default: all).")
    private int limit;

    @Option(names = "--min-percent", paramLabel = "PERCENT", defaultValue = "" + DEFAULT_MIN_PERCENT,
            description = "Hide nodes with less than this percentage of the total time (default: ${DEFAULT-VALUE}).")
    private double minPercent;

    @Option(names = "--depth", paramLabel = "D", defaultValue = "" + Integer.MAX_VALUE,
            description = "Show D levels below the root (default: all).")
    private int depth;

    @Option(names = "--json", description = "Print the pruned tree as JSON (times in nanoseconds) instead of text.")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    SampleSelection selection() {
        return selection;
    }

    int limit() {
        return limit;
    }

    double minPercent() {
        return minPercent;
    }

    int depth() {
        return depth;
    }

    boolean json() {
        return json;
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        if (limit < 1) {
            return Optional.of("--limit needs a number greater than 0, not " + limit);
        }
        if (!(minPercent >= 0 && minPercent <= 100)) {
            return Optional.of("--min-percent needs a percentage from 0 to 100, not " + minPercent);
        }
        if (depth < 1) {
            return Optional.of("--depth needs a number greater than 0, not " + depth);
        }
        return selection.problem();
    }
}
