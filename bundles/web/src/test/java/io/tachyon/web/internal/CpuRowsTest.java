package io.tachyon.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;

import org.junit.jupiter.api.Test;

class CpuRowsTest {

    @Test
    void aMillionSwitchesOnACpuGiveAtMostOneIntervalAColumn() {
        CpuRows rows = new CpuRows(0, 1_000_000_000L, 500);
        // Two threads take turns every 1 µs; thread 2's turns are slightly longer, so it wins every column.
        for (long t = 0; t < 1_000_000_000L; t += 1_000) {
            rows.add(3, 10, 11, t, t + 400);
            rows.add(3, 10, 12, t + 400, t + 1_000);
        }
        JsonArray cpus = rows.json();
        assertThat(cpus).hasSize(1);
        assertThat(cpus.get(0).getAsJsonObject().get("cpu").getAsInt()).isEqualTo(3);
        JsonArray intervals = cpus.get(0).getAsJsonObject().getAsJsonArray("intervals");
        assertThat(intervals).hasSize(1);
        assertThat(intervals.get(0).toString()).isEqualTo("[0,1000000000,10,12]");
    }

    @Test
    void longRunsKeepTheirExactEndsAndIdleColumnsAreGaps() {
        CpuRows rows = new CpuRows(0, 100, 10);
        rows.add(0, 1, 1, 3, 37);
        rows.add(0, 1, 2, 61, 200);
        rows.add(1, 1, 3, -50, 5);
        JsonArray cpus = rows.json();
        assertThat(text(cpus.get(0).getAsJsonObject().getAsJsonArray("intervals")))
                .isEqualTo("[[3,37,1,1],[61,100,1,2]]");
        assertThat(text(cpus.get(1).getAsJsonObject().getAsJsonArray("intervals"))).isEqualTo("[[0,5,1,3]]");
    }

    @Test
    void eachColumnShowsTheThreadThatRanLongestInIt() {
        CpuRows rows = new CpuRows(0, 20, 2);
        rows.add(0, 1, 1, 0, 4);
        rows.add(0, 1, 2, 4, 10);
        rows.add(0, 1, 1, 10, 17);
        rows.add(0, 1, 2, 17, 20);
        assertThat(text(rows.json().get(0).getAsJsonObject().getAsJsonArray("intervals")))
                .isEqualTo("[[4,10,1,2],[10,17,1,1]]");
    }

    private static String text(JsonElement json) {
        return json.toString();
    }
}
