package io.tachyon.api.event;

/**
 * What the recorder itself cost up to {@code time}, taken periodically while recording: the observer's share of
 * the machine, so a capture can say how much it disturbed what it observed.
 *
 * @param cpuNanos      CPU time the recording process used since it started (user and system, all threads)
 * @param residentBytes the recording process's resident memory at {@code time}
 */
public record RecorderUsage(long time, long cpuNanos, long residentBytes) implements CaptureEvent {
}
