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

    enum SortKey {
        SELF, TOTAL
    }

    @Option(names = "--sort", paramLabel = "self|total", defaultValue = "self",
            description = "Order by self time (in the function itself) or total time (with its callees);"
                    + " default: ${DEFAULT-VALUE}.")
    private SortKey sort;

    @Mixin
    private RowsOptions rows = new RowsOptions();

    int limit() {
        return rows.limit();
    }

    SortKey sort() {
        return sort;
    }

    SampleSelection selection() {
        return rows.selection();
    }

    boolean json() {
        return rows.json();
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        return rows.problem();
    }
}
