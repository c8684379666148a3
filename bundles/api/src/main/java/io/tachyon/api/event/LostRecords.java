package io.tachyon.api.event;

/**
 * The kernel dropped records because a ring buffer was full (PERF_RECORD_LOST). Kept in the capture so
 * a viewer can say where its picture is incomplete.
 *
 * @param cpu   the CPU whose ring buffer overflowed, or -1 when the buffer is not per CPU
 * @param count how many records were lost
 */
public record LostRecords(long time, int cpu, long count) implements CaptureEvent {
}
