package io.tachyon.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import org.junit.jupiter.api.Test;

class CpuRowsTest {

    private static final int[] PIDS = {10, 10, 10, 1};
    private static final int[] TIDS = {11, 12, 13, 1};

    @Test
    void aMillionSwitchesOnACpuGiveAtMostOneIntervalAColumn() {
        CpuRows rows = new CpuRows(0, 1_000_000_000L, 500, 2);
        // Two threads take turns every 1 µs; thread 12 runs 600 ns of each, so it wins every column.
        for (long t = 0; t < 1_000_000_000L; t += 1_000) {
            rows.add(3, 0, t, t + 400);
            rows.add(3, 1, t + 400, t + 1_000);
        }
        JsonArray cpus = rows.json(PIDS, TIDS);
        assertThat(cpus).hasSize(1);
        JsonObject cpu = cpus.get(0).getAsJsonObject();
        assertThat(cpu.get("cpu").getAsInt()).isEqualTo(3);
        // It ran with breaks: shown for whole columns, from the first to the last.
        assertThat(intervals(cpu)).isEqualTo("[[0,1000000000,10,12]]");
        assertThat(cpu.get("gaps").toString()).isEqualTo("[0]");
        assertThat(cpu.get("lengths").toString()).isEqualTo("[1000000000]");
    }

    @Test
    void longRunsKeepTheirExactEndsAndIdleColumnsAreGaps() {
        CpuRows rows = new CpuRows(0, 100, 10, 4);
        rows.add(0, 0, 3, 37);
        rows.add(0, 1, 61, 200);
        rows.add(1, 2, -50, 5);
        JsonArray cpus = rows.json(PIDS, TIDS);
        assertThat(intervals(cpus.get(0).getAsJsonObject())).isEqualTo("[[3,37,10,11],[61,100,10,12]]");
        assertThat(cpus.get(0).getAsJsonObject().get("gaps").toString()).isEqualTo("[3,24]");
        assertThat(cpus.get(0).getAsJsonObject().get("lengths").toString()).isEqualTo("[34,39]");
        assertThat(intervals(cpus.get(1).getAsJsonObject())).isEqualTo("[[0,5,10,13]]");
    }

    @Test
    void eachColumnShowsTheThreadThatRanLongestInItInAll() {
        CpuRows rows = new CpuRows(0, 20, 2, 4);
        // Column 0..10: thread 0 runs 0..4 (4), thread 1 runs 4..10 (6).
        rows.add(0, 0, 0, 4);
        rows.add(0, 1, 4, 10);
        // Column 10..20: thread 0 runs 10..12 and 14..17 (5 in two stretches), thread 1 12..14 and 17..20 (5),
        // thread 3 nothing: equals go to the first to run.
        rows.add(0, 0, 10, 12);
        rows.add(0, 1, 12, 14);
        rows.add(0, 0, 14, 17);
        rows.add(0, 1, 17, 20);
        assertThat(intervals(rows.json(PIDS, TIDS).get(0).getAsJsonObject())).isEqualTo("[[4,10,10,12],[10,20,10,11]]");

        CpuRows many = new CpuRows(0, 20, 2, 4);
        // Thread 0 runs three short stretches (6 in all), thread 1 one longer one (4): thread 0 wins column 0.
        many.add(0, 0, 0, 2);
        many.add(0, 1, 2, 6);
        many.add(0, 0, 6, 8);
        many.add(0, 0, 8, 10);
        many.add(0, 3, 10, 13);
        assertThat(intervals(many.json(PIDS, TIDS).get(0).getAsJsonObject())).isEqualTo("[[0,10,10,11],[10,13,1,1]]");
    }

    @Test
    void runsOutOfOrderAreRefused() {
        CpuRows rows = new CpuRows(0, 100, 10, 4);
        rows.add(0, 0, 50, 60);
        assertThatThrownBy(() -> rows.add(0, 1, 10, 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("CPU 0").hasMessageContaining("out of order");
        assertThatThrownBy(() -> rows.add(1, 4, 10, 20)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("thread index 4");
    }

    /** The row as {@code [[start,end,pid,tid],...]}, added up from its gaps and lengths (from 0). */
    private static String intervals(JsonObject row) {
        JsonArray intervals = new JsonArray();
        long end = 0;
        for (int i = 0; i < row.getAsJsonArray("gaps").size(); i++) {
            long start = end + row.getAsJsonArray("gaps").get(i).getAsLong();
            end = start + row.getAsJsonArray("lengths").get(i).getAsLong();
            JsonArray interval = new JsonArray();
            interval.add(start);
            interval.add(end);
            interval.add(row.getAsJsonArray("pids").get(i));
            interval.add(row.getAsJsonArray("tids").get(i));
            intervals.add(interval);
        }
        return intervals.toString();
    }
}
