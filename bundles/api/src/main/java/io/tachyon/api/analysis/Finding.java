package io.tachyon.api.analysis;

import java.util.Objects;

/**
 * Something an analyzer found in a capture.
 *
 * @param analyzerId id of the analyzer that found it
 * @param severity   how much it matters for trusting the capture
 * @param summary    one line for people
 * @param startTime  where it starts on the capture's clock
 * @param endTime    where it ends (equal to {@code startTime} for a moment)
 */
public record Finding(String analyzerId, Severity severity, String summary, long startTime, long endTime) {

    public Finding {
        Objects.requireNonNull(analyzerId, "analyzerId");
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(summary, "summary");
    }

    public enum Severity {
        INFO, WARNING, ERROR
    }
}
