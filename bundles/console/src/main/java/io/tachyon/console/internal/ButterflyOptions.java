package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.Optional;

/** The options of the butterfly view: one function, its callers and callees. */
@Command(name = "butterfly", description = {
        "One function with the functions that called it directly and those it called directly. Total: the time"
                + " of the samples with that call on their stack (once per sample, however deep the recursion);"
                + " Self: the time of the samples whose stack ends with that call (for a caller, the function's"
                + " own time when called from it; for a callee, the callee's own time)."})
final class ButterflyOptions {

    static final int DEFAULT_LIMIT = 25;

    @Parameters(index = "0", paramLabel = "FUNCTION", description = "The function's name as the other views show it.")
    private String function;

    @Mixin
    private SampleSelection selection = new SampleSelection();

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "Show the first N callers and the first N callees (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Option(names = "--json", description = "Print JSON (times in nanoseconds) instead of tables.")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    String function() {
        return function;
    }

    SampleSelection selection() {
        return selection;
    }

    int limit() {
        return limit;
    }

    boolean json() {
        return json;
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        if (limit < 1) {
            return Optional.of("--limit needs a number greater than 0, not " + limit);
        }
        return selection.problem();
    }
}
