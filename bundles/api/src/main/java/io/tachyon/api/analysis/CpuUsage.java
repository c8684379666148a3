package io.tachyon.api.analysis;

import java.util.Arrays;

/**
 * How busy one CPU was over time: the time a thread other than the idle task ran on it, in equal buckets.
 * From a capture of some threads only (not all CPUs), the time those threads ran.
 *
 * @param from       the start of the first bucket
 * @param to         the end of the last bucket; bucket {@code i} spans {@link #bucketStart(int) bucketStart(i)}
 *                   to {@code bucketStart(i + 1)}, i.e. {@code from + (to - from) * i / n} rounded down
 * @param busyNanos  the busy time of each bucket
 */
public record CpuUsage(int cpu, long from, long to, long[] busyNanos) {

    public CpuUsage {
        busyNanos = busyNanos.clone();
    }

    @Override
    public long[] busyNanos() {
        return busyNanos.clone();
    }

    public int buckets() {
        return busyNanos.length;
    }

    /** The start of bucket {@code i}; {@code bucketStart(buckets())} is {@code to}. */
    public long bucketStart(int i) {
        long span = to - from;
        int n = busyNanos.length;
        // span / n * i + span % n * i / n is span * i / n without overflowing for long captures.
        return from + span / n * i + span % n * i / n;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof CpuUsage u && cpu == u.cpu && from == u.from && to == u.to
                && Arrays.equals(busyNanos, u.busyNanos);
    }

    @Override
    public int hashCode() {
        return (Integer.hashCode(cpu) * 31 + Long.hashCode(from)) * 31 + Long.hashCode(to) * 17
                + Arrays.hashCode(busyNanos);
    }

    @Override
    public String toString() {
        return "CpuUsage[cpu=" + cpu + ", from=" + from + ", to=" + to + ", busyNanos=" + Arrays.toString(busyNanos)
                + "]";
    }
}
