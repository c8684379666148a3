package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.Optional;

/** The options of the waits view. */
@Command(name = "waits", description = {
        "Where threads waited: their waits (off the CPU sleeping, in IO or for an unknown reason) grouped by"
                + " the call stack they left the CPU with, most time first, with count, longest wait, the"
                + " threads that waited and the threads that woke them, with the top waker's stack."})
final class WaitsOptions {

    static final int DEFAULT_LIMIT = 10;
    static final int DEFAULT_FRAMES = 16;

    @Option(names = "--limit", paramLabel = "N", defaultValue = "" + DEFAULT_LIMIT,
            description = "Show the first N wait stacks (default: ${DEFAULT-VALUE}).")
    private int limit;

    /** Waits are not samples: of the selection only time and threads apply. */
    @Mixin
    private CaptureSelection selection = new CaptureSelection();

    @Option(names = "--stacks", paramLabel = "N",  defaultValue = "" + DEFAULT_FRAMES,
            description = "Show the innermost N frames of each stack (default: ${DEFAULT-VALUE}).")
    private int frames;

    @Option(names = "--json", description = "Print JSON (times in nanoseconds, whole stacks outermost caller"
            + " first) instead of text.")
    private boolean json;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    int limit() {
        return limit;
    }

    List<Integer> threads() {
        return selection.threads();
    }

    CaptureSelection selection() {
        return selection;
    }

    int frames() {
        return frames;
    }

    boolean json() {
        return json;
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        if (limit < 1) {
            return Optional.of("--limit needs a number greater than 0, not " + limit);
        }
        if (frames < 1) {
            return Optional.of("--stacks needs a number of frames greater than 0, not " + frames);
        }
        return selection.problem();
    }
}
