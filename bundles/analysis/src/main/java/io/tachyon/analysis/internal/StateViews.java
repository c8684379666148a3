package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CpuUsage;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.StateTotals;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.ThreadTimeline;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.analysis.WaitGroup;
import io.tachyon.api.analysis.Waker;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ThreadState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The thread-state queries of a model: timelines with a level of detail, state totals in buckets, waits
 * and wait groups, CPU usage. Reads the state tables; holds nothing per query. Thread-safe.
 */
final class StateViews {

    private final ThreadTable threads;
    private final ThreadSummary[] summaries;
    private final ThreadStateTable states;
    private final WaitTable waits;
    private final WakeupTable wakeups;
    private final CpuBusyTable cpuBusy;
    private final StackFrames frames;

    /** @param summaries the summary of each thread, by thread index */
    StateViews(ThreadTable threads, ThreadSummary[] summaries, ThreadStateBuilder.Result result,
            WakeupTable wakeups, StackFrames frames) {
        this.threads = threads;
        this.summaries = summaries;
        this.states = result.states();
        this.waits = result.waits();
        this.wakeups = wakeups;
        this.cpuBusy = result.cpuBusy();
        this.frames = frames;
    }

    ThreadStateTable states() {
        return states;
    }

    WaitTable waits() {
        return waits;
    }

    ThreadTimeline timeline(int thread, long from, long to, long resolution) {
        if (to < from) {
            throw new IllegalArgumentException("the time range ends (" + to + ") before it starts (" + from + ")");
        }
        TimelineBuilder timeline = new TimelineBuilder(resolution);
        for (int i = states.firstEndingAfter(thread, from); i < states.limit(thread) && states.start(i) < to; i++) {
            timeline.add(Math.max(from, states.start(i)), Math.min(to, states.end(i)), states.state(i),
                    states.cpu(i));
        }
        return new ThreadTimeline(summaries[thread], from, to, Math.max(0, resolution), timeline.finish());
    }

    List<StateTotals> stateBuckets(int thread, Buckets buckets) {
        long[][] nanos = new long[ThreadStateTable.STATES.length][buckets.count()];
        for (int i = states.firstEndingAfter(thread, buckets.from());
                i < states.limit(thread) && states.start(i) < buckets.to(); i++) {
            buckets.spread(states.start(i), states.end(i), nanos[states.state(i).ordinal()]);
        }
        List<StateTotals> totals = new ArrayList<>(buckets.count());
        long[] bucket = new long[ThreadStateTable.STATES.length];
        for (int i = 0; i < buckets.count(); i++) {
            for (int state = 0; state < bucket.length; state++) {
                bucket[state] = nanos[state][i];
            }
            totals.add(ThreadStateTable.totals(bucket));
        }
        return totals;
    }

    List<Wait> waits(int thread, long from, long to) {
        List<Wait> found = new ArrayList<>();
        for (int wait = waits.firstEndingAtOrAfter(thread, from); wait < waits.limit(thread)
                && waits.start(wait) <= to; wait++) {
            if (overlaps(waits.start(wait), waits.end(wait), from, to)) {
                found.add(wait(thread, wait));
            }
        }
        return found;
    }

    List<WaitGroup> waitGroups(Predicate<ThreadSummary> accepted, long from, long to) {
        Map<Integer, GroupTotals> groups = new HashMap<>();
        for (int thread = 0; thread < summaries.length; thread++) {
            if (waits.count(thread) == 0 || !accepted.test(summaries[thread])) {
                continue;
            }
            for (int wait = waits.firstEndingAtOrAfter(thread, from); wait < waits.limit(thread)
                    && waits.start(wait) <= to; wait++) {
                if (overlaps(waits.start(wait), waits.end(wait), from, to)) {
                    long nanos = Math.min(to, waits.end(wait)) - Math.max(from, waits.start(wait));
                    groups.computeIfAbsent(waits.stack(wait), stack -> new GroupTotals())
                            .add(thread, wait, Math.max(0, nanos));
                }
            }
        }
        List<WaitGroup> result = new ArrayList<>(groups.size());
        groups.entrySet().stream()
                .sorted(Comparator.comparing((Map.Entry<Integer, GroupTotals> e) -> e.getValue().total).reversed()
                        .thenComparing(Comparator.comparing(
                                (Map.Entry<Integer, GroupTotals> e) -> e.getValue().count).reversed())
                        .thenComparing(Map.Entry::getKey))
                .forEach(entry -> result.add(entry.getValue().group(entry.getKey())));
        return result;
    }

    List<CpuUsage> cpuUsage(Buckets buckets) {
        List<CpuUsage> usage = new ArrayList<>(cpuBusy.cpuCount());
        for (int cpu = 0; cpu < cpuBusy.cpuCount(); cpu++) {
            usage.add(new CpuUsage(cpu, buckets.from(), buckets.to(), cpuBusy.busy(cpu, buckets)));
        }
        return usage;
    }

    /**
     * Whether {@code start..end} overlaps the window {@code from..to}; a window of one moment holds what
     * contains that moment, and a moment (an empty stretch) is held by the window it lies in.
     */
    static boolean overlaps(long start, long end, long from, long to) {
        if (start == end) {
            return from <= start && (start < to || from == to);
        }
        return from == to ? start <= from && from < end : start < to && end > from;
    }

    private Wait wait(int thread, int wait) {
        int wakeup = waits.wakeup(wait);
        return new Wait(threads.pid(thread), threads.tid(thread), threads.name(thread), waits.start(wait),
                waits.end(wait), waits.state(wait), frames.frames(waits.stack(wait)),
                wakeup == WaitTable.NO_WAKEUP ? null : waker(wakeup));
    }

    private Waker waker(int wakeup) {
        return new Waker(wakeups.wakerPid(wakeup), wakeups.wakerTid(wakeup), wakerName(wakeup),
                wakeups.time(wakeup), wakeups.cpu(wakeup), frames.frames(wakeups.stack(wakeup)));
    }

    /** The waker's last name; an interrupt on an idle CPU is that CPU's idle task, named as the kernel does. */
    private String wakerName(int wakeup) {
        int tid = wakeups.wakerTid(wakeup);
        if (tid == 0) {
            return "swapper/" + wakeups.cpu(wakeup);
        }
        if (tid == ContextSwitch.UNKNOWN_TID) {
            return "[unknown]";
        }
        int thread = threads.indexOf(wakeups.wakerPid(wakeup), tid);
        return thread == LongIntHashMap.MISSING ? ":" + tid : threads.name(thread);
    }

    /** One wait group being summed up. */
    private final class GroupTotals {

        private record WakerKey(int pid, int tid, String name) {
        }

        private long count;
        private long total;
        private long max;
        private final long[] stateNanos = new long[ThreadStateTable.STATES.length];
        private ThreadState firstState;
        private final Map<Integer, long[]> threadTotals = new LinkedHashMap<>();
        private final Map<WakerKey, WakerTotals> wakerTotals = new LinkedHashMap<>();

        void add(int thread, int wait, long nanos) {
            count++;
            total += nanos;
            max = Math.max(max, nanos);
            stateNanos[waits.state(wait).ordinal()] += nanos;
            if (firstState == null) {
                firstState = waits.state(wait);
            }
            long[] byThread = threadTotals.computeIfAbsent(thread, t -> new long[2]);
            byThread[0]++;
            byThread[1] += nanos;
            int wakeup = waits.wakeup(wait);
            if (wakeup != WaitTable.NO_WAKEUP) {
                WakerKey key = new WakerKey(wakeups.wakerPid(wakeup), wakeups.wakerTid(wakeup), wakerName(wakeup));
                wakerTotals.computeIfAbsent(key, k -> new WakerTotals()).add(wakeups.stack(wakeup), nanos);
            }
        }

        WaitGroup group(int stack) {
            ThreadState state = firstState;
            for (ThreadState candidate : ThreadStateTable.STATES) {
                if (stateNanos[candidate.ordinal()] > stateNanos[state.ordinal()]) {
                    state = candidate;
                }
            }
            List<WaitGroup.ThreadCost> threadCosts = new ArrayList<>();
            threadTotals.forEach((thread, totals) -> threadCosts.add(new WaitGroup.ThreadCost(threads.pid(thread),
                    threads.tid(thread), threads.name(thread), totals[0], totals[1])));
            threadCosts.sort(Comparator.comparingLong(WaitGroup.ThreadCost::nanos).reversed()
                    .thenComparing(Comparator.comparingLong(WaitGroup.ThreadCost::count).reversed())
                    .thenComparingInt(WaitGroup.ThreadCost::tid));
            List<WaitGroup.WakerCost> wakerCosts = new ArrayList<>();
            wakerTotals.forEach((key, totals) -> wakerCosts.add(new WaitGroup.WakerCost(key.pid(), key.tid(),
                    key.name(), totals.count, totals.nanos, frames.frames(totals.topStack()))));
            wakerCosts.sort(Comparator.comparingLong(WaitGroup.WakerCost::nanos).reversed()
                    .thenComparing(Comparator.comparingLong(WaitGroup.WakerCost::count).reversed())
                    .thenComparing(WaitGroup.WakerCost::name));
            return new WaitGroup(frames.frames(stack), state, count, total, max, threadCosts, wakerCosts);
        }
    }

    /** One waker's part of a group, with the wait time each of its stacks ended. */
    private static final class WakerTotals {

        private long count;
        private long nanos;
        private final Map<Integer, long[]> byStack = new LinkedHashMap<>();

        void add(int stack, long waitNanos) {
            count++;
            nanos += waitNanos;
            long[] stackTotals = byStack.computeIfAbsent(stack, s -> new long[2]);
            stackTotals[0] += waitNanos;
            stackTotals[1]++;
        }

        /** The stack that ended the most wait time, then the most waits, then the first seen. */
        int topStack() {
            int top = StackTable.ROOT;
            long[] best = null;
            for (Map.Entry<Integer, long[]> entry : byStack.entrySet()) {
                long[] totals = entry.getValue();
                if (best == null || totals[0] > best[0] || totals[0] == best[0] && totals[1] > best[1]) {
                    best = totals;
                    top = entry.getKey();
                }
            }
            return top;
        }
    }

    /**
     * Collects a window's intervals into the level of detail asked: consecutive intervals are merged until
     * they span at least the resolution, then shown as the state that took most of that time.
     */
    private static final class TimelineBuilder {

        /** The CPU of a merged stretch before it has run anywhere. */
        private static final int NO_CPU_YET = -2;

        private final long resolution;
        private final List<StateInterval> intervals = new ArrayList<>();
        private final long[] pendingNanos = new long[ThreadStateTable.STATES.length];
        private long pendingStart;
        private long pendingEnd;
        private int pendingCpu;
        private boolean pending;

        TimelineBuilder(long resolution) {
            this.resolution = resolution;
        }

        void add(long start, long end, ThreadState state, int cpu) {
            if (end <= start) {
                return;
            }
            if (pending && start != pendingEnd) {
                flush();
            }
            if (!pending) {
                pending = true;
                pendingStart = start;
                pendingCpu = NO_CPU_YET;
                Arrays.fill(pendingNanos, 0);
            }
            if (state == ThreadState.RUNNING) {
                pendingCpu = pendingCpu == NO_CPU_YET || pendingCpu == cpu ? cpu : -1;
            }
            pendingEnd = end;
            pendingNanos[state.ordinal()] += end - start;
            if (pendingEnd - pendingStart >= resolution) {
                flush();
            }
        }

        List<StateInterval> finish() {
            if (pending) {
                flush();
            }
            return intervals;
        }

        private void flush() {
            int dominant = 0;
            for (int state = 1; state < pendingNanos.length; state++) {
                if (pendingNanos[state] > pendingNanos[dominant]) {
                    dominant = state;
                }
            }
            ThreadState state = ThreadStateTable.STATES[dominant];
            int cpu = state == ThreadState.RUNNING ? Math.max(-1, pendingCpu) : -1;
            StateInterval last = intervals.isEmpty() ? null : intervals.get(intervals.size() - 1);
            if (last != null && last.end() == pendingStart && last.state() == state && last.cpu() == cpu) {
                intervals.set(intervals.size() - 1, new StateInterval(last.start(), pendingEnd, state, cpu));
            } else {
                intervals.add(new StateInterval(pendingStart, pendingEnd, state, cpu));
            }
            pending = false;
        }
    }
}
