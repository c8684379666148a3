package io.tachyon.perf.internal;

import io.tachyon.api.collect.CollectorException;

import java.time.Duration;
import java.util.Locale;

/**
 * How a recording watches over its own health, from the collector's configuration.
 *
 * @param valveAction         what the safety valve does on a system stall or repeated throttling
 * @param valveStall          a silence of every CPU's sampling longer than this, while sampled threads run, is a
 *                            stall
 * @param valveThrottles      this many throttle records within {@link SafetyValve#THROTTLE_WINDOW_NANOS} trip the
 *                            valve
 * @param followKernelLog     whether to keep the relevant lines of /dev/kmsg while recording
 * @param faultInjectionAfter test setting: when, after the start, to disable sampling on every CPU
 * @param faultInjectionFor   test setting: for how long; zero for no fault injection
 */
record HealthSettings(ValveAction valveAction, Duration valveStall, int valveThrottles, boolean followKernelLog,
        Duration faultInjectionAfter, Duration faultInjectionFor) {

    static final HealthSettings DEFAULTS = new HealthSettings(ValveAction.LOWER, Duration.ofMillis(100), 3, true,
            Duration.ZERO, Duration.ZERO);

    /** What the safety valve does when it trips. */
    enum ValveAction {
        /** Halve the sampling frequency (down to {@link SafetyValve#MIN_FREQUENCY_HZ}, then stop). */
        LOWER,
        /** End the recording cleanly, keeping what was recorded. */
        STOP,
        /** Nothing: the capture's health findings still show the stall or throttling. */
        OFF;

        /** @throws CollectorException naming the setting for a value that is none of lower, stop, off */
        static ValveAction of(String value) throws CollectorException {
            try {
                return valueOf(value.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new CollectorException("the safety valve action must be lower, stop or off, not '" + value
                        + "' (configuration io.tachyon.perf safetyValveAction)");
            }
        }
    }

    boolean injectsFault() {
        return !faultInjectionFor.isZero();
    }

    /** @throws CollectorException naming the setting that is out of range */
    void validate() throws CollectorException {
        if (valveStall.isNegative() || valveStall.isZero()) {
            throw new CollectorException("the safety valve's stall threshold must be positive, not "
                    + valveStall.toMillis() + " ms (configuration io.tachyon.perf safetyValveStallMillis)");
        }
        if (valveThrottles < 1) {
            throw new CollectorException("the safety valve's throttle count must be at least 1, not " + valveThrottles
                    + " (configuration io.tachyon.perf safetyValveThrottles)");
        }
        if (faultInjectionAfter.isNegative() || faultInjectionFor.isNegative()) {
            throw new CollectorException("fault injection times must not be negative (configuration io.tachyon.perf "
                    + "faultInjectionAfterMillis, faultInjectionDisableMillis)");
        }
    }
}
