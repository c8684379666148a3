package io.tachyon.web.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

/**
 * The times of a row of intervals (in time order) as the API writes them, small numbers rather than absolute
 * nanoseconds: {@code "gaps"}, each start minus the previous interval's end (minus the window's {@code from} for the
 * first), and {@code "lengths"}, each end minus its start. A reader adds them up in order.
 */
final class IntervalTimes {

    private final JsonArray gaps = new JsonArray();
    private final JsonArray lengths = new JsonArray();
    private long previousEnd;

    IntervalTimes(long from) {
        this.previousEnd = from;
    }

    void add(long start, long end) {
        gaps.add(start - previousEnd);
        lengths.add(end - start);
        previousEnd = end;
    }

    void addTo(JsonObject row) {
        row.add("gaps", gaps);
        row.add("lengths", lengths);
    }
}
