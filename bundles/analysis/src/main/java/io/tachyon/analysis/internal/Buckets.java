package io.tachyon.analysis.internal;

/**
 * {@code from..to} cut into {@code count} equal buckets, boundaries rounded down to whole nanoseconds
 * (as {@link io.tachyon.api.analysis.CpuUsage#bucketStart(int)} does).
 */
final class Buckets {

    private final long from;
    private final long to;
    private final int count;

    Buckets(long from, long to, int count) {
        if (to < from) {
            throw new IllegalArgumentException("the time range ends (" + to + ") before it starts (" + from + ")");
        }
        if (count < 1) {
            throw new IllegalArgumentException("the number of buckets must be at least 1, not " + count);
        }
        this.from = from;
        this.to = to;
        this.count = count;
    }

    long from() {
        return from;
    }

    long to() {
        return to;
    }

    int count() {
        return count;
    }

    long start(int bucket) {
        long span = to - from;
        // span * bucket / count, without overflowing for long captures and many buckets.
        return from + span / count * bucket + span % count * bucket / count;
    }

    /** Adds the part of {@code start..end} in each bucket to {@code nanos}. */
    void spread(long start, long end, long[] nanos) {
        long clippedStart = Math.max(start, from);
        long clippedEnd = Math.min(end, to);
        if (clippedEnd <= clippedStart) {
            return;
        }
        for (int bucket = bucketOf(clippedStart); bucket < count && start(bucket) < clippedEnd; bucket++) {
            long overlap = Math.min(clippedEnd, start(bucket + 1)) - Math.max(clippedStart, start(bucket));
            if (overlap > 0) {
                nanos[bucket] += overlap;
            }
        }
    }

    /** The bucket holding {@code time}, which lies in {@code from..to}. */
    int bucketOf(long time) {
        long span = to - from;
        int bucket = span == 0 ? 0 : (int) Math.min(count - 1, (long) ((double) (time - from) * count / span));
        while (bucket > 0 && start(bucket) > time) {
            bucket--;
        }
        while (bucket < count - 1 && start(bucket + 1) <= time) {
            bucket++;
        }
        return bucket;
    }
}
