package io.tachyon.console.internal;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The options of the timeline view. */
@Command(name = "timeline", description = {
        "One row per thread, one character per slice of time: the state the thread spent most of that slice"
                + " in. '#' running, '-' runnable (waiting for a CPU), '.' sleeping, 'D' IO, 'T' stopped,"
                + " '?' unknown, ' ' not alive; a row of '!' marks where the kernel lost records."})
final class TimelineOptions {

    static final int DEFAULT_WIDTH = 100;
    private static final Pattern RANGE = Pattern.compile("(\\d+(?:\\.\\d+)?)-(\\d+(?:\\.\\d+)?)");

    @Option(names = "--range", paramLabel = "START-END",
            description = "The time to show, in ms from the capture's start, e.g. 250-1000 (default: all of it).")
    private String range;

    @Option(names = "--width", paramLabel = "COLUMNS", defaultValue = "" + DEFAULT_WIDTH,
            description = "Characters per row (default: ${DEFAULT-VALUE}).")
    private int width;

    @Option(names = "--thread", paramLabel = "TID", split = ",",
            description = "Only this thread; repeat it or give TID,TID for several (default: every thread alive in the range).")
    private List<Integer> threads = new ArrayList<>();

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    int width() {
        return width;
    }

    List<Integer> threads() {
        return List.copyOf(threads);
    }

    /** The range asked for, as {start, end} in nanoseconds from the capture's start; empty for all of it. */
    Optional<long[]> rangeNanos() {
        if (range == null) {
            return Optional.empty();
        }
        Matcher matcher = RANGE.matcher(range);
        if (!matcher.matches()) {
            return Optional.empty();
        }
        return Optional.of(new long[] {millisToNanos(matcher.group(1)), millisToNanos(matcher.group(2))});
    }

    /** What is wrong with the options, if anything. */
    Optional<String> problem() {
        if (width < 1) {
            return Optional.of("--width needs a number of columns greater than 0, not " + width);
        }
        if (range != null) {
            if (!RANGE.matcher(range).matches()) {
                return Optional.of("--range needs START-END in milliseconds from the capture's start, e.g."
                        + " 250-1000, not '" + range + "'");
            }
            long[] nanos = rangeNanos().orElseThrow();
            if (nanos[1] <= nanos[0]) {
                return Optional.of("--range must end after it starts, not '" + range + "'");
            }
        }
        return Optional.empty();
    }

    private static long millisToNanos(String millis) {
        return new java.math.BigDecimal(millis).movePointRight(6).longValue();
    }
}
