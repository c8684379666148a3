package io.tachyon.api.event;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a capture was recorded on and how. Written once at the start of a capture.
 *
 * @param collectorId        id of the collector that recorded it
 * @param collectorVersion   version of the collector's bundle
 * @param host               host name
 * @param kernelRelease      {@code uname -r}
 * @param architecture       CPU architecture as the collector names it (e.g. x86_64)
 * @param cpuModel           CPU model name
 * @param cpuCount           CPUs online while recording
 * @param commandLine        the target: the command launched, or a description of what was attached
 * @param clock              the clock all event times are taken from (e.g. CLOCK_MONOTONIC)
 * @param startTime          time on {@code clock} when recording started
 * @param startWallClockNanos nanoseconds since the Unix epoch at {@code startTime}
 * @param settings           the collector's settings as it applied them (frequency, event, call graph, ...)
 */
public record CaptureMetadata(String collectorId, String collectorVersion, String host, String kernelRelease,
        String architecture, String cpuModel, int cpuCount, List<String> commandLine, String clock, long startTime,
        long startWallClockNanos, Map<String, String> settings) {

    public CaptureMetadata {
        Objects.requireNonNull(collectorId, "collectorId");
        commandLine = List.copyOf(commandLine);
        settings = Map.copyOf(settings);
    }
}
