package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.analysis.Finding.Severity;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
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
    private static final int PID = TestCapture.PID;
    private static final int UNKNOWN = ContextSwitch.UNKNOWN_TID;
    private static final long[] NONE = {};

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

    /**
     * What a system-wide capture gave for threads of another process that existed before recording and ended early:
     * sched_waking and sched_switch name the woken and the incoming thread by tid alone, and when its process could
     * not be found (the thread had exited before the recorder looked), the model keeps that side under process -1
     * while samples and the switch-out (which carry the process) go to the real thread. That thread's first fact is
     * then a switch-out (or its exit), and it was taken as RUNNING from the capture's start: 152 and 155 ms "gaps"
     * that never were. Time is proven RUNNING by a switch-in or a sample, not by a later switch-out alone.
     */
    @Test
    void aThreadFirstSeenLeavingItsCpuIsNoGapBeforeItsFirstSample() throws IOException {
        int pooled = 103;
        int exiting = 104;
        CaptureModel model = new TestCapture().thread(BUSY, "busy").run(BUSY, 0, 0, 1000)
                .event(new Wakeup(START + 152_323_000L, 0, PID, BUSY, UNKNOWN, pooled, 1, NONE, NONE))
                .event(new ContextSwitch(START + 152_336_000L, 1, 0, 0, ThreadState.RUNNABLE, UNKNOWN, pooled, NONE,
                        NONE))
                .event(new Sample(START + 152_408_000L, 1, PID, pooled, PERIOD, NONE, NONE))
                .event(new Sample(START + 152_657_000L, 1, PID, pooled, PERIOD, NONE, NONE))
                .event(new ContextSwitch(START + 152_858_000L, 1, PID, pooled, ThreadState.SLEEPING, 0, 0, NONE,
                        NONE))
                .event(new Wakeup(START + 154_680_000L, 0, PID, BUSY, UNKNOWN, exiting, 1, NONE, NONE))
                .event(new ContextSwitch(START + 155_432_000L, 1, 0, 0, ThreadState.RUNNABLE, UNKNOWN, exiting, NONE,
                        NONE))
                .event(new ThreadExit(START + 155_459_000L, PID, exiting))
                .event(new ContextSwitch(START + 155_594_000L, 1, UNKNOWN, exiting, ThreadState.DEAD, 0, 0, NONE,
                        NONE))
                .open(directory);

        // The model as it stands: RUNNING from the capture's start until the first switch-out or exit.
        assertThat(model.timeline(PID, pooled, START, START + 200 * MS, 0).intervals().get(0).state())
                .isEqualTo(ThreadState.RUNNING);
        assertThat(model.timeline(PID, exiting, START, START + 200 * MS, 0).intervals().get(0).state())
                .isEqualTo(ThreadState.RUNNING);
        assertThat(all(model)).isEmpty();
    }

    @Test
    void aThreadRunningWhenTheCaptureBeganHasGapsFromItsFirstSample() throws IOException {
        // EARLY is on CPU 1 from before the start until its switch-out at 500 ms, BUSY on CPU 0 all along.
        CaptureModel holeLater = new TestCapture().thread(BUSY, "busy").thread(OTHER, "early").run(BUSY, 0, 0, 1000)
                .runningAtStart(OTHER, 1, 500).silence(1, 200, 230).open(directory);
        CaptureModel holeFirst = new TestCapture().thread(BUSY, "busy").thread(OTHER, "early").run(BUSY, 0, 0, 1000)
                .runningAtStart(OTHER, 1, 500).silence(1, 0, 50).open(directory);

        // Its samples up to 200 ms prove it ran: the 30 ms after them are a gap.
        assertThat(all(holeLater)).singleElement().satisfies(gap -> {
            assertThat(gap.analyzerId()).isEqualTo("sampling-gaps");
            assertThat(gap.startTime()).isEqualTo(START + 200 * MS);
            assertThat(gap.endTime()).isEqualTo(START + 230 * MS);
            assertThat(gap.summary()).contains("early", "CPU 1", "200.000-230.000 ms (30.0 ms)");
        });
        // Nothing proves it ran before its first sample at 50 ms.
        assertThat(all(holeFirst)).isEmpty();
    }

    @Test
    void aSilenceOfTheWholeMachineBrokenByAStraySampleIsNoGap() throws IOException {
        // What the test VM does when its host holds both virtual CPUs: CPU 0 takes no sample after 200 and before
        // 230 ms, CPU 1 only its sample at 215.25 ms. One sample where 60 would be half a CPU's worth is no proof
        // that the rest of the machine was being sampled while BUSY was not.
        CaptureModel stalled = new TestCapture().thread(BUSY, "busy").thread(OTHER, "other")
                .run(BUSY, 0, 0, 1000).run(OTHER, 1, 0, 1000)
                .silence(0, 200, 230).silence(1, 200, 215.2).silence(1, 215.3, 230).open(directory);
        // The same hole on CPU 0 while CPU 1 keeps sampling: BUSY's own gap.
        CaptureModel gap = new TestCapture().thread(BUSY, "busy").thread(OTHER, "other")
                .run(BUSY, 0, 0, 1000).run(OTHER, 1, 0, 1000)
                .silence(0, 200, 230).open(directory);

        assertThat(all(stalled)).isEmpty();
        assertThat(all(gap)).singleElement().satisfies(finding -> assertThat(finding.summary())
                .contains("busy", "200.000-230.000 ms"));
    }

    @Test
    void aThreadTheKernelNeverSampledHasNoGaps() throws IOException {
        // Switched in at 100 ms and out at 400 ms on CPU 1, with not one sample in the whole capture (the guest
        // agent's threads on the test VM): the sampler cannot see it, no sample of it went missing.
        CaptureModel model = new TestCapture().thread(BUSY, "busy").thread(OTHER, "unseen").run(BUSY, 0, 0, 1000)
                .run(OTHER, 1, 100, 400).silence(1, 0, 1000).open(directory);

        assertThat(model.timeline(PID, OTHER, START + 100 * MS, START + 400 * MS, 0).intervals())
                .extracting(interval -> interval.state()).containsExactly(ThreadState.RUNNING);
        assertThat(all(model)).isEmpty();
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
