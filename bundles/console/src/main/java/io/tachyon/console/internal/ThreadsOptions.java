package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.Optional;

/** The options of the threads view. */
@Command(name = "threads", description = "Threads by CPU time: pid, tid, name, process, samples, CPU ms.")
final class ThreadsOptions {

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + Integer.MAX_VALUE,
            description = "Show the first N threads (default: all).")
    private int limit;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    int limit() {
        return limit;
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        return limit > 0 ? Optional.empty() : Optional.of("--limit needs a number greater than 0, not " + limit);
    }
}
