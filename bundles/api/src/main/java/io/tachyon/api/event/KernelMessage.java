package io.tachyon.api.event;

import java.util.Objects;

/**
 * A line of the kernel log (/dev/kmsg) that bears on the capture's trust, kept while recording: an NMI
 * handler or perf interrupt that took too long, a soft lockup, an RCU stall, a hung task. Its time is the
 * kernel's own stamp of the line (microseconds since boot, on CLOCK_MONOTONIC) in nanoseconds.
 *
 * @param priority the syslog level of the line: 0 (emergency) to 7 (debug), without the facility
 * @param sequence the kernel's sequence number of the line, which tells lines the log dropped
 * @param text     the message, without the record's prefix and without continuation (key=value) lines
 */
public record KernelMessage(long time, int priority, long sequence, String text) implements CaptureEvent {

    public KernelMessage {
        Objects.requireNonNull(text, "text");
        if (priority < 0 || priority > 7) {
            throw new IllegalArgumentException("priority " + priority + " is not a syslog level (0..7)");
        }
    }
}
