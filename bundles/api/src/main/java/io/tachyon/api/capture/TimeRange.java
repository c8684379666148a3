package io.tachyon.api.capture;

/**
 * A closed interval of capture time, in nanoseconds on the capture's clock: both ends are included, so
 * every time up to {@link Long#MAX_VALUE} can be in a range.
 *
 * @param first the earliest time in the range
 * @param last  the latest time in the range, not before {@code first}
 */
public record TimeRange(long first, long last) {

    /** Every time there is. */
    public static final TimeRange ALL = new TimeRange(Long.MIN_VALUE, Long.MAX_VALUE);

    public TimeRange {
        if (last < first) {
            throw new IllegalArgumentException("a time range ends (" + last + ") before it starts (" + first + ")");
        }
    }

    /** The {@code nanos} nanoseconds from {@code start} on, i.e. [start, start + nanos - 1]. */
    public static TimeRange startingAt(long start, long nanos) {
        if (nanos < 1) {
            throw new IllegalArgumentException("a time range lasts at least 1 ns, was " + nanos);
        }
        long last = start + (nanos - 1);
        return new TimeRange(start, last < start ? Long.MAX_VALUE : last);
    }

    public boolean contains(long time) {
        return first <= time && time <= last;
    }

    public boolean overlaps(TimeRange other) {
        return first <= other.last && other.first <= last;
    }
}
