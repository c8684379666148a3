package io.tachyon.api.event;

/** A thread ended (PERF_RECORD_EXIT). When {@code pid == tid} the whole process ended. */
public record ThreadExit(long time, int pid, int tid) implements CaptureEvent {
}
