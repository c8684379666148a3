package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The options of the lines view: which samples and how many lines. */
@Command(name = "lines", description = {
        "Source lines by self time: each sample's sampled instruction on the line the capture's embedded lines (or"
                + " the module's DWARF here) place it, the innermost inlined call's line where one was inlined;"
                + " code without line information counts once per function, as ??."})
final class LinesOptions {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + TopOptions.DEFAULT_LIMIT,
            description = "Show the first N lines (default: ${DEFAULT-VALUE}).")
    private int limit;

    @Mixin
    private SampleSelection selection = new SampleSelection();

    @Option(names = "--json", description = "Print JSON (times in nanoseconds, full file paths) instead of a table.")
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
