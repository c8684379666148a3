package io.tachyon.api.event;

import java.util.Objects;

/**
 * Something the collector did or found about the recording itself, for whoever reads the capture: a preflight
 * warning (a known kernel issue applies, a setting limits what can be seen), a request it adjusted (the sample
 * rate clamped to the kernel's maximum), an action it took while recording (the safety valve lowered the rate
 * or stopped the recording, a test setting disabled sampling).
 *
 * @param code    a stable, machine-readable name of the kind of notice (e.g. {@code rate-clamped},
 *                {@code known-issue}, {@code safety-valve-lowered}); the collector's documentation lists them
 * @param message one or a few sentences for people: what happened and what it means for the capture
 */
public record CollectorNotice(long time, Severity severity, String code, String message) implements CaptureEvent {

    public CollectorNotice {
        Objects.requireNonNull(severity, "severity");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }

    /** How much a notice matters for trusting the capture. */
    public enum Severity {
        INFO, WARNING, ERROR
    }
}
