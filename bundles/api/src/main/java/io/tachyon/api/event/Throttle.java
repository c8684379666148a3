package io.tachyon.api.event;

/**
 * The kernel throttled ({@code throttled == true}) or resumed sampling on a CPU because sampling
 * interrupts took too long (PERF_RECORD_THROTTLE / UNTHROTTLE).
 */
public record Throttle(long time, int cpu, boolean throttled) implements CaptureEvent {
}
