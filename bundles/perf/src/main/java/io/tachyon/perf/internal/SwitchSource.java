package io.tachyon.perf.internal;

import io.tachyon.api.collect.CollectorException;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/** Where context switches come from (configuration {@code switchSource}, request option {@code switch-source}). */
enum SwitchSource {
    /** Tracepoints when they can be opened, else PERF_RECORD_SWITCH; the capture's metadata says which and why. */
    AUTO("auto"),
    /** sched:sched_switch and sched:sched_waking, or the recording fails saying why they cannot be opened. */
    TRACEPOINTS("tracepoints"),
    /** PERF_RECORD_SWITCH only: preempted or not, no stacks, no wake-ups; works without tracefs or root. */
    SWITCH_RECORDS("switch-records");

    private final String key;

    SwitchSource(String key) {
        this.key = key;
    }

    String key() {
        return key;
    }

    /** @throws CollectorException naming the accepted values */
    static SwitchSource of(String key) throws CollectorException {
        String wanted = key.trim().toLowerCase(Locale.ROOT);
        for (SwitchSource source : values()) {
            if (source.key.equals(wanted)) {
                return source;
            }
        }
        throw new CollectorException("unknown switch source '" + key + "'; it is one of "
                + Arrays.stream(values()).map(SwitchSource::key).collect(Collectors.joining(", "))
                + " (option switch-source, or configuration io.tachyon.perf switchSource)");
    }
}
