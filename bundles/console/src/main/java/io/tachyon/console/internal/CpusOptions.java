package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.Optional;

/**
 * The options of the CPU usage view. It shows whole CPUs, so of the selection only {@code --range} applies:
 * {@code --thread} and {@code --process} are refused rather than ignored.
 */
@Command(name = "cpus", description = {
        "How busy each CPU was over time: a row per CPU, a character per slice for the share of the slice a"
                + " thread other than the idle task ran on it ('@' 90%% or more, '#' 70%%, '+' 50%%, '-' 25%%,"
                + " '.' more than 0, ' ' idle), then the CPU's busy time and percentage over the range."})
final class CpusOptions {

    static final int DEFAULT_WIDTH = 100;

    @Mixin
    private CaptureSelection selection = new CaptureSelection();

    @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "" + DEFAULT_WIDTH,
            description = "Slices per row (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--json", description = "Print the busy time of every slice as JSON (nanoseconds) instead.")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    CaptureSelection selection() {
        return selection;
    }

    int width() {
        return width;
    }

    boolean json() {
        return json;
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        if (width < 1) {
            return Optional.of("--width needs a number of slices greater than 0, not " + width);
        }
        if (!selection.threads().isEmpty() || !selection.processes().isEmpty()) {
            return Optional.of("cpus shows whole CPUs: it takes --range but not --thread or --process");
        }
        return selection.problem();
    }
}
