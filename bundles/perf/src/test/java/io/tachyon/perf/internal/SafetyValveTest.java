package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Throttle;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The safety valve against event streams built by hand: 1 kHz sampling, times in milliseconds. */
class SafetyValveTest {

    private static final long MS = 1_000_000L;
    private static final int THREAD = 100;

    private final List<Integer> lowered = new ArrayList<>();
    private final List<CollectorNotice> notices = new ArrayList<>();
    private int stops;

    private SafetyValve valve(HealthSettings.ValveAction action, boolean switches) {
        HealthSettings settings = new HealthSettings(action, Duration.ofMillis(100), 3, false, Duration.ZERO,
                Duration.ZERO);
        return new SafetyValve(settings, switches, 1000, new SafetyValve.Actions() {
            @Override
            public boolean lowerFrequency(int hz) {
                lowered.add(hz);
                return true;
            }

            @Override
            public void stop() {
                stops++;
            }

            @Override
            public void notice(CollectorNotice notice) {
                notices.add(notice);
            }
        });
    }

    private static ContextSwitch switchTo(long ms, int cpu, int tid) {
        return new ContextSwitch(ms * MS, cpu, 0, 0, ThreadState.RUNNABLE, tid, tid, new long[0], new long[0]);
    }

    private static Sample sample(long ms, int cpu) {
        return new Sample(ms * MS, cpu, THREAD, THREAD, MS, new long[0], new long[0]);
    }

    /** The thread runs on CPU 0 and is sampled every millisecond from {@code from} to {@code to}. */
    private static List<CaptureEvent> running(long from, long to) {
        List<CaptureEvent> events = new ArrayList<>();
        for (long ms = from; ms <= to; ms++) {
            events.add(sample(ms, 0));
        }
        return events;
    }

    private static List<CaptureEvent> stall(long silentFrom, long silentTo) {
        List<CaptureEvent> events = new ArrayList<>();
        events.add(switchTo(0, 0, THREAD));
        events.addAll(running(1, silentFrom));
        events.addAll(running(silentTo + 1, silentTo + 50));
        return events;
    }

    @Test
    void aSystemStallWhileAThreadRunsHalvesTheRate() {
        SafetyValve valve = valve(HealthSettings.ValveAction.LOWER, true);

        stall(100, 400).forEach(valve::observe);

        assertThat(lowered).containsExactly(500);
        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.code()).isEqualTo(SafetyValve.NOTICE_LOWERED);
            assertThat(notice.time()).isEqualTo(401 * MS);
            assertThat(notice.message()).contains("every CPU stopped sampling for 300.0 ms")
                    .contains("lowered sampling from 1000 Hz to 500 Hz");
        });
        assertThat(stops).isZero();
    }

    @Test
    void stopEndsTheRecordingAndOffDoesNothing() {
        SafetyValve stopping = valve(HealthSettings.ValveAction.STOP, true);
        stall(100, 400).forEach(stopping::observe);
        assertThat(stops).isEqualTo(1);
        assertThat(notices).extracting(CollectorNotice::code).containsExactly(SafetyValve.NOTICE_STOPPED);

        SafetyValve off = valve(HealthSettings.ValveAction.OFF, true);
        stall(100, 400).forEach(off::observe);
        assertThat(stops).isEqualTo(1);
        assertThat(notices).hasSize(1);
    }

    @Test
    void steadySamplingShortSilencesIdleCpusAndCapturesWithoutSwitchesDoNotTripIt() {
        SafetyValve valve = valve(HealthSettings.ValveAction.LOWER, true);
        List<CaptureEvent> events = new ArrayList<>();
        events.add(switchTo(0, 0, THREAD));
        events.addAll(running(1, 100));
        events.addAll(running(190, 300));
        events.add(switchTo(301, 0, 0));
        events.add(switchTo(900, 0, THREAD));
        events.addAll(running(901, 1000));
        events.forEach(valve::observe);

        SafetyValve withoutSwitches = valve(HealthSettings.ValveAction.LOWER, false);
        stall(100, 400).forEach(withoutSwitches::observe);

        assertThat(lowered).isEmpty();
        assertThat(notices).isEmpty();
    }

    @Test
    void repeatedThrottlingTripsIt() {
        SafetyValve valve = valve(HealthSettings.ValveAction.LOWER, false);

        List.of(new Throttle(0, 1, true), new Throttle(5 * MS, 1, false), new Throttle(1500 * MS, 0, true),
                new Throttle(1900 * MS, 1, true)).forEach(valve::observe);
        assertThat(lowered).isEmpty();
        valve.observe(new Throttle(2100 * MS, 1, true));

        assertThat(lowered).containsExactly(500);
        assertThat(notices).singleElement().satisfies(notice -> assertThat(notice.message())
                .startsWith("the kernel throttled sampling 3 times within 1000 ms (CPU 0,1)"));
    }
}
