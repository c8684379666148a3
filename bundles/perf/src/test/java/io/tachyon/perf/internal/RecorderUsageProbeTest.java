package io.tachyon.perf.internal;

import io.tachyon.api.event.RecorderUsage;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecorderUsageProbeTest {

    @Test
    void readsCpuTimeAndResidentMemoryOfAStatLine() {
        String stat = "4242 (java (x) y) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 40 0 0 20 0 30 0 123 0 0";

        assertThat(RecorderUsageProbe.cpuNanos(stat)).isEqualTo(290 * 10_000_000L);
        assertThat(RecorderUsageProbe.residentBytes("1000 250 30 4 0 500 0\n", 4096)).isEqualTo(250 * 4096L);
    }

    @Test
    void measuresThisProcess() {
        RecorderUsage usage = new RecorderUsageProbe(4096).sample(7).orElseThrow();

        assertThat(usage.time()).isEqualTo(7);
        assertThat(usage.cpuNanos()).isPositive();
        assertThat(usage.residentBytes()).isGreaterThan(1 << 20);
    }
}
