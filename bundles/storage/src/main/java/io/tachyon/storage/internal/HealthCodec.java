package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.RecorderUsage;

import java.util.ArrayList;
import java.util.List;

/**
 * The decompressed payload of a HEALTH chunk (docs/capture-format.md, "HEALTH"): the recording's health events
 * that came after the EVENTS tag set was closed, row by row. They are few (kernel log lines, the collector's
 * notices, the recorder's usage every second), so rows with inline strings are simpler than columns and as small.
 */
final class HealthCodec {

    static final int KIND_KERNEL_MESSAGE = 1;
    static final int KIND_COLLECTOR_NOTICE = 2;
    static final int KIND_RECORDER_USAGE = 3;

    private static final CollectorNotice.Severity[] SEVERITIES = CollectorNotice.Severity.values();

    private HealthCodec() {
    }

    /** Whether {@code event} is stored in HEALTH chunks rather than EVENTS chunks. */
    static boolean isHealthEvent(CaptureEvent event) {
        return event instanceof KernelMessage || event instanceof CollectorNotice || event instanceof RecorderUsage;
    }

    static void write(List<CaptureEvent> events, ByteSink out) {
        out.uvar(events.size());
        long previousTime = 0;
        for (CaptureEvent event : events) {
            if (event instanceof KernelMessage m) {
                out.u8(KIND_KERNEL_MESSAGE);
                out.svar(m.time() - previousTime);
                out.u8(m.priority());
                out.uvar(m.sequence());
                out.string(m.text());
            } else if (event instanceof CollectorNotice n) {
                out.u8(KIND_COLLECTOR_NOTICE);
                out.svar(n.time() - previousTime);
                out.uvar(n.severity().ordinal());
                out.string(n.code());
                out.string(n.message());
            } else if (event instanceof RecorderUsage u) {
                out.u8(KIND_RECORDER_USAGE);
                out.svar(u.time() - previousTime);
                out.uvar(u.cpuNanos());
                out.uvar(u.residentBytes());
            } else {
                throw new IllegalArgumentException("not a health event: " + event.getClass().getName());
            }
            previousTime = event.time();
        }
    }

    static List<CaptureEvent> read(ByteSource in) throws CaptureFormatException {
        // A row takes at least 4 bytes: kind, time, and two more fields.
        int count = in.count("health event count", 4);
        List<CaptureEvent> events = new ArrayList<>(count);
        long time = 0;
        for (int i = 0; i < count; i++) {
            int kindAt = in.position();
            int kind = in.u8("health event kind");
            time += in.svar("health event time");
            switch (kind) {
                case KIND_KERNEL_MESSAGE -> {
                    int priorityAt = in.position();
                    int priority = in.u8("KernelMessage.priority");
                    if (priority > 7) {
                        throw in.damage(priorityAt, "KernelMessage.priority " + priority + " is not a syslog level (0..7)");
                    }
                    long sequence = in.uvar("KernelMessage.sequence");
                    events.add(new KernelMessage(time, priority, sequence, in.string("KernelMessage.text")));
                }
                case KIND_COLLECTOR_NOTICE -> {
                    int severity = in.below("CollectorNotice.severity", SEVERITIES.length);
                    String code = in.string("CollectorNotice.code");
                    events.add(new CollectorNotice(time, SEVERITIES[severity], code, in.string("CollectorNotice.message")));
                }
                case KIND_RECORDER_USAGE -> events.add(new RecorderUsage(time, in.uvar("RecorderUsage.cpuNanos"),
                        in.uvar("RecorderUsage.residentBytes")));
                default -> throw in.damage(kindAt, String.format("unknown health event kind 0x%02x; expected %d..%d",
                        kind, KIND_KERNEL_MESSAGE, KIND_RECORDER_USAGE));
            }
        }
        in.expectEnd("HEALTH payload");
        return events;
    }
}
