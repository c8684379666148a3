package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * The options of the top and functions views: which samples, how many functions, ordered by which time.
 */
@Command(name = "top", description = "Functions by self and total time.")
final class TopOptions {

    static final int DEFAULT_LIMIT = 25;

    enum SortKey {
        SELF, TOTAL
    }

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "Show the first N functions (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--sort", paramLabel = "self|total", defaultValue = "self",
            description = "Order by self time (in the function itself) or total time (with its callees);"
                    + " default: ${DEFAULT-VALUE}.")
    private SortKey sort;

    @Mixin
    private SampleSelection selection = new SampleSelection();

    @Option(names = "--json", description = "Print JSON (times in nanoseconds) instead of a table.")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    int limit() {
        return limit;
    }

    SortKey sort() {
        return sort;
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
