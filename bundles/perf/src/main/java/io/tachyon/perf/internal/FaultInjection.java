package io.tachyon.perf.internal;

import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.CollectorNotice.Severity;

import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * A test setting ({@code faultInjectionAfterMillis}, {@code faultInjectionDisableMillis}): some time into the
 * recording it really disables sampling on every CPU (PERF_EVENT_IOC_DISABLE of every cpu-clock event) for a while
 * and enables it again, so that the health checks, the safety valve and their tests face a true system-wide gap.
 * Each step is a {@link CollectorNotice} in the capture: a capture with injected faults says so.
 */
final class FaultInjection {

    static final String NOTICE_CODE = "fault-injection";

    private final PerfEvents events;
    private final MonotonicClock clock;
    private final long disableAt;
    private final long disableNanos;
    private final Consumer<CollectorNotice> report;
    private final Thread thread;
    private volatile boolean stopping;

    /** @param startTime the recording's start on {@code clock} */
    FaultInjection(PerfEvents events, MonotonicClock clock, long startTime, HealthSettings settings,
            Consumer<CollectorNotice> report) {
        this.events = events;
        this.clock = clock;
        this.disableAt = startTime + settings.faultInjectionAfter().toNanos();
        this.disableNanos = settings.faultInjectionFor().toNanos();
        this.report = report;
        this.thread = new Thread(this::run, "tachyon-perf-fault-injection");
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** Ends the injection: sampling is enabled again if it is off, unless the events are already closed. */
    void stop() {
        stopping = true;
        LockSupport.unpark(thread);
        Uninterruptibly.join(thread);
    }

    private void run() {
        if (!parkUntil(disableAt)) {
            return;
        }
        boolean disabled = events.setSampling(false);
        long disabledAt = clock.nanoTime();
        report.accept(new CollectorNotice(disabledAt, Severity.INFO, NOTICE_CODE, String.format(Locale.ROOT,
                "test setting faultInjectionDisableMillis: sampling disabled on every CPU (PERF_EVENT_IOC_DISABLE) "
                        + "for %d ms%s", disableNanos / 1_000_000, disabled ? "" : "; some events refused")));
        // Sampling comes back even when the recording ends first: the session disables every event after this.
        parkUntil(disabledAt + disableNanos);
        events.setSampling(true);
        long enabledAt = clock.nanoTime();
        report.accept(new CollectorNotice(enabledAt, Severity.INFO, NOTICE_CODE, String.format(Locale.ROOT,
                "test setting faultInjectionDisableMillis: sampling enabled again after %.1f ms",
                (enabledAt - disabledAt) / 1e6)));
    }

    /** @return false when stopped first */
    private boolean parkUntil(long time) {
        while (!stopping) {
            long wait = time - clock.nanoTime();
            if (wait <= 0) {
                return true;
            }
            LockSupport.parkNanos(this, wait);
        }
        return false;
    }
}
