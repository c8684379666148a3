package io.tachyon.console.internal;

import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

/** What the views that list rows of the selected samples (top, functions, lines) share: which samples, how many. */
final class RowsOptions {

    static final int DEFAULT_LIMIT = 25;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "Show the first N rows (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private SampleSelection selection = new SampleSelection();

    @Option(names = "--json", description = "Print JSON (times in nanoseconds) instead of a table.")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    int limit() {
        return limit;
    }

    SampleSelection selection() {
        return selection;
    }

    boolean json() {
        return json;
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        return limit > 0 ? selection.problem()
                : Optional.of("--limit needs a number greater than 0, not " + limit);
    }
}
