package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.CollectorNotice.Severity;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.Throttle;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Protects the machine while recording. It watches the events as they are delivered (in time order) for a system
 * stall — every CPU stopped sampling for longer than the threshold while threads that are sampled were running on
 * some CPU, as a freezing machine or an interrupt storm causes — and for repeated throttling, and then lowers the
 * sampling frequency or stops the recording, saying so in a {@link CollectorNotice}. Telling running from idle
 * needs context switches: without them only throttling trips the valve.
 */
final class SafetyValve {

    static final String NOTICE_LOWERED = "safety-valve-lowered";
    static final String NOTICE_STOPPED = "safety-valve-stopped";
    /** Throttle records count together when they fall within this window. */
    static final long THROTTLE_WINDOW_NANOS = 1_000_000_000L;
    /** Lowering stops here: below it a profile says little, so the valve stops the recording instead. */
    static final int MIN_FREQUENCY_HZ = 10;

    /** What the valve does to the recording. */
    interface Actions {

        /** @return whether every sampling event took the new frequency */
        boolean lowerFrequency(int hz);

        void stop();

        void notice(CollectorNotice notice);
    }

    private final HealthSettings.ValveAction action;
    private final long stallNanos;
    private final int throttleCount;
    private final boolean switches;
    private final Actions actions;
    private int frequencyHz;
    private boolean stopped;

    private final Set<Integer> sampledTids = new HashSet<>();
    private final Set<Integer> busyCpus = new HashSet<>();
    private long lastSampleTime = Long.MIN_VALUE;
    private long lastEventTime = Long.MIN_VALUE;
    private long busyNanosSinceSample;
    private final ArrayDeque<Throttle> throttles = new ArrayDeque<>();

    /**
     * @param switches    whether the recording has context switches (needed to detect stalls)
     * @param frequencyHz the sampling frequency the recording started with
     */
    SafetyValve(HealthSettings settings, boolean switches, int frequencyHz, Actions actions) {
        this.action = settings.valveAction();
        this.stallNanos = settings.valveStall().toNanos();
        this.throttleCount = settings.valveThrottles();
        this.switches = switches;
        this.frequencyHz = frequencyHz;
        this.actions = actions;
    }

    /** Called with every event delivered, in time order, by one thread. */
    void observe(CaptureEvent event) {
        if (action == HealthSettings.ValveAction.OFF || stopped) {
            return;
        }
        if (event instanceof Throttle throttle) {
            throttled(throttle);
            return;
        }
        if (!switches || !(event instanceof Sample || event instanceof ContextSwitch)) {
            return;
        }
        long time = event.time();
        if (lastEventTime != Long.MIN_VALUE && !busyCpus.isEmpty() && time > lastEventTime) {
            busyNanosSinceSample += time - lastEventTime;
        }
        lastEventTime = Math.max(lastEventTime, time);
        if (event instanceof ContextSwitch contextSwitch) {
            running(contextSwitch.cpu(), contextSwitch.nextTid());
        } else if (event instanceof Sample sample) {
            sampled(sample);
        }
    }

    private void sampled(Sample sample) {
        long silenceEnd = sample.time() - sample.period();
        if (lastSampleTime != Long.MIN_VALUE && silenceEnd - lastSampleTime > stallNanos
                && busyNanosSinceSample >= stallNanos) {
            trip(sample.time(), String.format(Locale.ROOT, "every CPU stopped sampling for %.1f ms while sampled "
                    + "threads ran (a system stall)", (silenceEnd - lastSampleTime) / 1e6));
        }
        lastSampleTime = Math.max(lastSampleTime, sample.time());
        busyNanosSinceSample = 0;
        if (sample.tid() > 0) {
            sampledTids.add(sample.tid());
        }
        running(sample.cpu(), sample.tid());
    }

    private void running(int cpu, int tid) {
        if (tid > 0 && sampledTids.contains(tid)) {
            busyCpus.add(cpu);
        } else {
            busyCpus.remove(cpu);
        }
    }

    private void throttled(Throttle throttle) {
        if (!throttle.throttled()) {
            return;
        }
        throttles.addLast(throttle);
        while (throttles.getFirst().time() < throttle.time() - THROTTLE_WINDOW_NANOS) {
            throttles.removeFirst();
        }
        if (throttles.size() >= throttleCount) {
            TreeSet<Integer> cpus = new TreeSet<>();
            throttles.forEach(t -> cpus.add(t.cpu()));
            trip(throttle.time(), String.format(Locale.ROOT, "the kernel throttled sampling %d times within %d ms "
                    + "(CPU %s)", throttles.size(), THROTTLE_WINDOW_NANOS / 1_000_000, cpus.toString().replaceAll(
                            "[\\[\\] ]", "")));
            throttles.clear();
        }
    }

    private void trip(long time, String reason) {
        if (action == HealthSettings.ValveAction.LOWER && frequencyHz / 2 >= MIN_FREQUENCY_HZ) {
            int lower = frequencyHz / 2;
            if (actions.lowerFrequency(lower)) {
                actions.notice(new CollectorNotice(time, Severity.WARNING, NOTICE_LOWERED, reason + "; the safety "
                        + "valve lowered sampling from " + frequencyHz + " Hz to " + lower + " Hz (configuration "
                        + "io.tachyon.perf safetyValveAction = lower)"));
                frequencyHz = lower;
                return;
            }
        }
        stopped = true;
        actions.notice(new CollectorNotice(time, Severity.ERROR, NOTICE_STOPPED, reason + "; the safety valve "
                + "stopped the recording, keeping what was recorded (configuration io.tachyon.perf "
                + "safetyValveAction = " + action.name().toLowerCase(Locale.ROOT) + ")"));
        actions.stop();
    }
}
