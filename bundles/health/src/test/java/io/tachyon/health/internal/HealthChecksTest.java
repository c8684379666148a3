package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.analysis.Finding.Severity;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.tachyon.health.internal.TestCapture.MS;
import static io.tachyon.health.internal.TestCapture.PERIOD;
import static io.tachyon.health.internal.TestCapture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Every check over real capture files, with answers worked out by hand from how each capture was written. */
class HealthChecksTest {

    private static final int BUSY = 101;
    private static final int OTHER = 102;

    @TempDir
    Path directory;

    private static List<Finding> all(CaptureModel model) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(new LostRecordBursts().analyze(model));
        findings.addAll(new SamplingGaps(SamplingGaps.DEFAULT_MINIMUM_PERIODS, SamplingGaps.DEFAULT_MINIMUM_NANOS)
                .analyze(model));
        findings.addAll(new SystemStalls(SystemStalls.DEFAULT_THRESHOLD_NANOS).analyze(model));
        return findings;
    }

    @Test
    void healthyCaptureHasNoFindings() throws IOException {
        // A busy thread on CPU 0 the whole second, with natural jitter (3 missed samples: a 1 ms hole); another
        // thread runs, sleeps 300 ms (no samples: it is not running) and runs again on CPU 1, which is then idle.
        CaptureModel model = new TestCapture().thread(BUSY, "busy").thread(OTHER, "sleepy")
                .run(BUSY, 0, 0, 1000).run(OTHER, 1, 0, 100).run(OTHER, 1, 400, 500)
                .silence(600, 601).open(directory);

        assertThat(model.hasThreadStates()).isTrue();
        assertThat(model.sampleCount()).isEqualTo(4000 - 3 + 400 + 400);
        assertThat(all(model)).isEmpty();
    }

    @Test
    void idleMachineBetweenShortBurstsIsNoStall() throws IOException {
        // Nothing runs for 490 ms: no CPU samples, but nothing was there to sample.
        CaptureModel model = new TestCapture().thread(BUSY, "burst")
                .run(BUSY, 0, 0, 10).run(BUSY, 1, 500, 510).open(directory);

        assertThat(all(model)).isEmpty();
    }

    @Test
    void threadRunningWithoutSamplesWhileAnotherCpuSamplesIsOneGap() throws IOException {
        // BUSY's samples after 200 ms and before 212 ms are gone; OTHER keeps being sampled on CPU 1.
        CaptureModel model = new TestCapture().thread(BUSY, "busy").thread(OTHER, "other")
                .run(BUSY, 0, 0, 1000).run(OTHER, 1, 0, 1000)
                .silence(0, 200, 212)
                .open(directory);

        List<Finding> gaps = new SamplingGaps(10, 5 * MS).analyze(model);

        assertThat(gaps).singleElement().satisfies(gap -> {
            assertThat(gap.analyzerId()).isEqualTo("sampling-gaps");
            assertThat(gap.severity()).isEqualTo(Severity.WARNING);
            assertThat(gap.startTime()).isEqualTo(START + 200 * MS);
            assertThat(gap.endTime()).isEqualTo(START + 212 * MS);
            assertThat(gap.summary()).contains("busy", "tid 101", "CPU 0", "200.000-212.000 ms (12.0 ms)",
                    "about 48 samples");
        });
        assertThat(new SystemStalls(SystemStalls.DEFAULT_THRESHOLD_NANOS).analyze(model)).isEmpty();
        assertThat(new LostRecordBursts().analyze(model)).isEmpty();
    }

    @Test
    void shorterGapsThanTheMinimumAreJitter() throws IOException {
        // A 4.5 ms hole is 18 periods but under the 5 ms minimum; with a 4 ms minimum it is a gap.
        CaptureModel model = new TestCapture().thread(BUSY, "busy").thread(OTHER, "other")
                .run(BUSY, 0, 0, 100).run(OTHER, 1, 0, 100)
                .silence(0, 50, 54.5)
                .open(directory);

        assertThat(new SamplingGaps(10, 5 * MS).analyze(model)).isEmpty();
        assertThat(new SamplingGaps(10, 4 * MS).analyze(model)).singleElement()
                .satisfies(gap -> assertThat(gap.endTime() - gap.startTime()).isEqualTo(4_500_000L));
    }

    @Test
    void everyCpuSilentWhileThreadsRunIsOneStall() throws IOException {
        // Sampling disabled on both CPUs for 300 ms while both threads spin: the last sample is at 300 ms, the
        // first after at 600 ms stands for 599.75..600 ms.
        CaptureModel model = new TestCapture().thread(BUSY, "busy").thread(OTHER, "other")
                .run(BUSY, 0, 0, 1000).run(OTHER, 1, 0, 1000).silence(300, 600).open(directory);

        List<Finding> findings = all(model);

        assertThat(findings).singleElement().satisfies(stall -> {
            assertThat(stall.analyzerId()).isEqualTo("system-stall");
            assertThat(stall.severity()).isEqualTo(Severity.ERROR);
            assertThat(stall.startTime()).isEqualTo(START + 300 * MS);
            assertThat(stall.endTime()).isEqualTo(START + 600 * MS - PERIOD);
            assertThat(stall.endTime() - stall.startTime()).isBetween(270 * MS, 330 * MS);
            assertThat(stall.summary()).contains("every CPU (0, 1)", "300.000-599.750 ms (299.8 ms)",
                    "busy (tid 101) 299.8 ms on CPU 0", "other (tid 102) 299.8 ms on CPU 1");
        });
    }

    @Test
    void silenceShorterThanTheStallThresholdIsNoStall() throws IOException {
        CaptureModel model = new TestCapture().thread(BUSY, "busy")
                .run(BUSY, 0, 0, 500).silence(100, 140).open(directory);

        assertThat(new SystemStalls(50 * MS).analyze(model)).isEmpty();
        assertThat(new SystemStalls(30 * MS).analyze(model)).singleElement()
                .satisfies(stall -> assertThat(stall.endTime() - stall.startTime()).isEqualTo(40 * MS - PERIOD));
        assertThat(new SamplingGaps(10, 5 * MS).analyze(model)).as("a silence of every CPU is a stall, not a gap")
                .isEmpty();
    }

    @Test
    void withoutSwitchesTheSamplingChecksHaveNothingToSay() throws IOException {
        CaptureModel model = new TestCapture().withoutSwitches().thread(BUSY, "busy")
                .run(BUSY, 0, 0, 1000).silence(300, 600).open(directory);

        assertThat(model.hasThreadStates()).isFalse();
        assertThat(all(model)).isEmpty();
    }

    @Test
    void lostRecordsAreReportedPerBurstAndCpu() throws IOException {
        // CPU 0: losses at 100, 150 and 240 ms chain into one burst (each within 100 ms of the last), 500 ms is
        // another; 25 lost against 4000 samples is 0.62%: warnings. CPU 1: 1000 lost against 400 samples: an error.
        CaptureModel model = new TestCapture().thread(BUSY, "busy").thread(OTHER, "other")
                .run(BUSY, 0, 0, 1000).run(OTHER, 1, 0, 100)
                .lost(100, 0, 10).lost(150, 0, 5).lost(240, 0, 7).lost(500, 0, 3).lost(120, 1, 1000)
                .open(directory);

        List<Finding> findings = new LostRecordBursts().analyze(model);

        assertThat(findings).extracting(Finding::severity, Finding::startTime, Finding::endTime).containsExactly(
                tuple(Severity.ERROR, START + 120 * MS, START + 120 * MS),
                tuple(Severity.WARNING, START + 100 * MS, START + 240 * MS),
                tuple(Severity.WARNING, START + 500 * MS, START + 500 * MS));
        assertThat(findings.get(0).summary()).contains("CPU 1 lost 1,000 records at 120.000 ms", "71.43%");
        assertThat(findings.get(1).summary()).contains("CPU 0 lost 22 records over 100.000-240.000 ms (140.0 ms)",
                "in 3 losses", "0.62%");
        assertThat(findings.get(2).summary()).contains("CPU 0 lost 3 records at 500.000 ms", "in 1 loss;");
        assertThat(findings).allSatisfy(finding -> assertThat(finding.analyzerId()).isEqualTo("lost-records"));
    }
}
