package io.tachyon.export.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.Wait;

import java.util.ArrayList;
import java.util.List;

/**
 * A thread's states over a model's window, each off-CPU stretch with the wait that explains it: what the
 * timeline formats draw. Intervals are clipped to the window; waits are whole.
 */
final class ThreadActivity {

    /**
     * One interval of a thread's life.
     *
     * @param waitInProgress the wait this interval is part of, or null (running, runnable, or no wait was recorded)
     */
    record Stretch(StateInterval interval, Wait waitInProgress) {
    }

    private ThreadActivity() {
    }

    static List<Stretch> of(CaptureModel model, ThreadSummary thread) {
        List<StateInterval> intervals = model.timeline(thread.pid(), thread.tid(), model.startTime(),
                model.endTime(), 0).intervals();
        List<Wait> waits = model.hasThreadStates()
                ? model.waits(thread.pid(), thread.tid(), model.startTime(), model.endTime())
                : List.of();
        List<Stretch> stretches = new ArrayList<>(intervals.size());
        int next = 0;
        for (StateInterval interval : intervals) {
            while (next < waits.size() && waits.get(next).end() <= interval.start()) {
                next++;
            }
            Wait wait = next < waits.size() ? waits.get(next) : null;
            boolean inWait = wait != null && wait.start() <= interval.start() && interval.start() < wait.end()
                    && wait.state() == interval.state();
            stretches.add(new Stretch(interval, inWait ? wait : null));
        }
        return stretches;
    }

    /** A thread as people know it: {@code name (tid N)}. */
    static String label(ThreadSummary thread) {
        return thread.name() + " (tid " + thread.tid() + ")";
    }
}
