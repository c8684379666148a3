package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The options of the threads view. */
@Command(name = "threads", description = {
        "Threads by running time: pid, tid, name, process, samples, CPU ms, then the time (ms and %% of the"
                + " thread's life in the capture) running, runnable (waiting for a CPU), sleeping, in IO (D)"
                + " and other (stopped or unknown), and how many times it waited."})
final class ThreadsOptions {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + Integer.MAX_VALUE,
            description = "Show the first N threads (default: all).")
    private int limit;

    @Option(names = "--json", description = "Print JSON (every figure in nanoseconds) instead of a table.")
    private boolean json;

    @Mixin
    private SampleSelection selection = new SampleSelection();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    int limit() {
        return limit;
    }

    boolean json() {
        return json;
    }

    SampleSelection selection() {
        return selection;
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        return limit > 0 ? selection.problem()
                : Optional.of("--limit needs a number greater than 0, not " + limit);
    }
}
