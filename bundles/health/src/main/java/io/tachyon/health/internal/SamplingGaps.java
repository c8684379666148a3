package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.analysis.Finding.Severity;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.event.ThreadState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Stretches where a thread was on a CPU (RUNNING, from context switches) but no sample of it was taken for at
 * least {@code minimumPeriods} sampling intervals and {@code minimumNanos}: its profile misses that time. Counted
 * from its switch-in, between its samples and up to its switch-out: only time proven RUNNING. A thread that was
 * already on a CPU when the capture began (its first switch is a switch-out) has no switch-in to count from, so its
 * first stretch counts from its first sample: whether it really ran before that, rather than waiting under an
 * identity or in records the capture does not have, is not known. A thread without a single sample in the capture
 * is one the kernel does not sample (on the Firecracker VM the tests run on, the guest agent's threads, pid 1, which
 * perf itself never samples and whose sched_switch hits never arrive): its silence is no gap either. A stretch in
 * which no CPU took any sample is left to {@link SystemStalls}: it is the whole machine's silence, not this
 * thread's; a stretch in which the other CPUs took fewer than half the samples one CPU would is the machine's too,
 * and reported by neither. Without context switches there is nothing to say (threads are RUNNING only where
 * sampled).
 */
final class SamplingGaps {

    static final String ID = "sampling-gaps";
    static final int DEFAULT_MINIMUM_PERIODS = 10;
    static final long DEFAULT_MINIMUM_NANOS = 20_000_000L;

    private final int minimumPeriods;
    private final long minimumNanos;

    SamplingGaps(int minimumPeriods, long minimumNanos) {
        if (minimumPeriods < 1 || minimumNanos < 0) {
            throw new IllegalArgumentException("a sampling gap needs at least 1 missed period and a non-negative"
                    + " length, not " + minimumPeriods + " periods and " + minimumNanos + " ns");
        }
        this.minimumPeriods = minimumPeriods;
        this.minimumNanos = minimumNanos;
    }

    List<Finding> analyze(CaptureModel model) {
        if (!model.hasThreadStates()) {
            return List.of();
        }
        SampleColumns samples = SampleColumns.of(model);
        long interval = SamplingInterval.nanos(model, samples);
        if (interval <= 0) {
            return List.of();
        }
        long minimumGap = Math.max(minimumPeriods * interval, minimumNanos);
        Map<Long, long[]> sampleTimesByThread = sampleTimesByThread(samples);
        List<Finding> findings = new ArrayList<>();
        for (ThreadStates states : model.threadStates()) {
            if (!states.fromSwitches()) {
                continue;
            }
            ThreadSummary thread = states.thread();
            long[] times = sampleTimesByThread.get(key(thread.pid(), thread.tid()));
            if (times == null) {
                // Never sampled at all: a thread the kernel does not sample, not one whose samples went missing.
                continue;
            }
            for (StateInterval running : model.timeline(thread.pid(), thread.tid(), states.aliveStart(),
                    states.aliveEnd(), 0).intervals()) {
                if (running.state() == ThreadState.RUNNING && running.duration() > minimumGap) {
                    gaps(running, times, minimumGap, interval, samples, thread, model.startTime(), findings);
                }
            }
        }
        return Describe.sorted(findings);
    }

    private static void gaps(StateInterval running, long[] times, long minimumGap, long interval,
            SampleColumns samples, ThreadSummary thread, long captureStart, List<Finding> findings) {
        int i = firstAfter(times, running.start());
        long previous = running.start();
        if (running.start() <= captureStart) {
            // Not begun by a switch-in: proven RUNNING only from the thread's first sample in it.
            if (i == times.length || times[i] >= running.end()) {
                return;
            }
            previous = times[i++];
        }
        for (; i <= times.length; i++) {
            long next = i < times.length ? Math.min(times[i], running.end()) : running.end();
            if (next - previous > minimumGap && sampledElsewhere(samples, previous, next, running.cpu(), interval)) {
                findings.add(new Finding(ID, Severity.WARNING, describe(thread, running.cpu(), previous, next,
                        interval, captureStart), previous, next));
            }
            if (i == times.length || times[i] >= running.end()) {
                break;
            }
            previous = times[i];
        }
    }

    /**
     * Whether the rest of the machine kept sampling while this thread was not sampled: at least half the samples one
     * CPU takes over that time, on other CPUs. When every CPU's sampling collapses together, the machine stopped
     * executing (on the test VM its host holds both virtual CPUs for 5-25 ms at a time: no sample, switch or wake-up
     * on either, then a burst of overdue timer wake-ups), which is not this thread's sampling failing.
     */
    private static boolean sampledElsewhere(SampleColumns samples, long from, long to, int cpu, long interval) {
        return 2L * samples.countElsewhere(from, to, cpu) >= (to - from) / interval;
    }

    private static String describe(ThreadSummary thread, int cpu, long from, long to, long interval,
            long captureStart) {
        return String.format(Locale.ROOT, "thread %s (tid %d, pid %d) ran on %s but was not sampled over %s: "
                + "about %d samples (one every %.3f ms) are missing", thread.name(), thread.tid(), thread.pid(),
                cpu < 0 ? "a CPU" : "CPU " + cpu, Describe.range(from, to, captureStart), (to - from) / interval,
                interval / 1e6);
    }

    private static Map<Long, long[]> sampleTimesByThread(SampleColumns samples) {
        Map<Long, long[]> times = new HashMap<>();
        Map<Long, Integer> counts = new HashMap<>();
        for (int i = 0; i < samples.size(); i++) {
            long key = key(samples.pid(i), samples.tid(i));
            int count = counts.getOrDefault(key, 0);
            long[] threadTimes = times.get(key);
            if (threadTimes == null || count == threadTimes.length) {
                threadTimes = threadTimes == null ? new long[16] : Arrays.copyOf(threadTimes, count * 2);
                times.put(key, threadTimes);
            }
            threadTimes[count] = samples.time(i);
            counts.put(key, count + 1);
        }
        times.replaceAll((key, threadTimes) -> Arrays.copyOf(threadTimes, counts.get(key)));
        return times;
    }

    private static long key(int pid, int tid) {
        return (long) pid << 32 | (tid & 0xffffffffL);
    }

    /** Index of the first time after {@code time} in the sorted {@code times}. */
    private static int firstAfter(long[] times, long time) {
        int low = 0;
        int high = times.length;
        while (low < high) {
            int mid = (low + high) >>> 1;
            if (times[mid] <= time) {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        return low;
    }
}
