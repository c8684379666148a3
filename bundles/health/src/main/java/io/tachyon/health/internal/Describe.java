package io.tachyon.health.internal;

import io.tachyon.api.analysis.Finding;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** What the checks' findings say and in which order they come. */
final class Describe {

    /** Most severe first, then in time order. */
    static final Comparator<Finding> IMPORTANCE = Comparator.comparing(Finding::severity).reversed()
            .thenComparingLong(Finding::startTime).thenComparingLong(Finding::endTime);

    private Describe() {
    }

    /** {@code time} as milliseconds from {@code captureStart}, e.g. {@code 1204.300 ms}. */
    static String at(long time, long captureStart) {
        return String.format(Locale.ROOT, "%.3f ms", (time - captureStart) / 1e6);
    }

    /** {@code from}..{@code to} as milliseconds from the capture's start, with its length. */
    static String range(long from, long to, long captureStart) {
        return String.format(Locale.ROOT, "%.3f-%.3f ms (%.1f ms)", (from - captureStart) / 1e6,
                (to - captureStart) / 1e6, (to - from) / 1e6);
    }

    static List<Finding> sorted(List<Finding> findings) {
        return findings.stream().sorted(IMPORTANCE).toList();
    }
}
