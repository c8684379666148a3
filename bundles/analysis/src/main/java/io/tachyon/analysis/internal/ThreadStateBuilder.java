package io.tachyon.analysis.internal;

import io.tachyon.api.event.ThreadState;

import java.util.Arrays;

/**
 * Works out every thread's states and waits from the {@link ThreadFacts} of a capture, once all events are
 * read:
 * <ul>
 * <li>a thread is RUNNING from switching in until switching out, then in the state it left in;</li>
 * <li>a wake-up ends a SLEEPING, BLOCKED_IO, UNKNOWN or STOPPED stretch: the thread is RUNNABLE until it
 * runs (scheduler latency);</li>
 * <li>a wait is an off-CPU stretch in SLEEPING, BLOCKED_IO or UNKNOWN that began with a switch-out, with
 * that switch's stack, ended by the wake-up, or by running, exiting or the capture's end;</li>
 * <li>before its first fact a thread that started in the capture does not exist, and from its start it is
 * RUNNABLE; one that existed before was RUNNING if its first fact is a switch-out or its exit, else
 * UNKNOWN; after its exit (or a switch-out as DEAD) it does not exist;</li>
 * <li>a thread without any context switch (a capture recorded without them) is RUNNING where its samples
 * prove it, over each sample's period up to the sample, and UNKNOWN elsewhere.</li>
 * </ul>
 */
final class ThreadStateBuilder {

    /** The result: intervals and waits per thread, and the busy time of every CPU. */
    record Result(ThreadStateTable states, WaitTable waits, CpuBusyTable cpuBusy) {
    }

    private final ThreadFacts facts;
    private final SampleTable samples;
    private final ThreadTable threads;
    private final long captureStart;
    private final long captureEnd;
    private final ThreadStateTable.Builder intervals = new ThreadStateTable.Builder();
    private final WaitTable.Builder waits = new WaitTable.Builder();
    private int[] samplesByThread;
    private int[] sampleOffsets;

    ThreadStateBuilder(ThreadFacts facts, SampleTable samples, ThreadTable threads, long captureStart,
            long captureEnd) {
        this.facts = facts;
        this.samples = samples;
        this.threads = threads;
        this.captureStart = captureStart;
        this.captureEnd = captureEnd;
    }

    /** @param cpuCount the CPUs the capture was recorded on; CPUs beyond it seen in events are added */
    Result build(int cpuCount) {
        int threadCount = threads.size();
        int[] offsets = new int[threadCount + 1];
        int[] order = facts.orderByThreadAndTime(threadCount, offsets);
        for (int thread = 0; thread < threadCount; thread++) {
            if (hasSwitches(order, offsets[thread], offsets[thread + 1])) {
                new Machine(order, offsets[thread], offsets[thread + 1]).run();
            } else {
                fromSamples(thread, order, offsets[thread], offsets[thread + 1]);
            }
            waits.endThread();
        }
        ThreadStateTable states = intervals.build();
        return new Result(states, waits.build(), cpuBusy(states, cpuCount));
    }

    private boolean hasSwitches(int[] order, int from, int to) {
        for (int i = from; i < to; i++) {
            byte kind = facts.kind(order[i]);
            if (kind == ThreadFacts.SWITCH_IN || kind == ThreadFacts.SWITCH_OUT) {
                return true;
            }
        }
        return false;
    }

    /** The states of one thread from its context switches, wake-ups, start and exit. */
    private final class Machine {

        private final int[] order;
        private final int from;
        private final int to;
        private boolean alive;
        private ThreadState state;
        private long since;
        private int cpu = -1;
        private long aliveStart = captureStart;
        private long aliveEnd = captureEnd;
        private boolean waiting;
        private long waitStart;
        private ThreadState waitState;
        private int waitStack;

        Machine(int[] order, int from, int to) {
            this.order = order;
            this.from = from;
            this.to = to;
        }

        void run() {
            int first = order[from];
            byte firstKind = facts.kind(first);
            alive = firstKind != ThreadFacts.START;
            // One that was on a CPU when it first shows up was running since the capture began.
            boolean wasRunning = firstKind == ThreadFacts.SWITCH_OUT || firstKind == ThreadFacts.EXIT;
            state = wasRunning ? ThreadState.RUNNING : ThreadState.UNKNOWN;
            cpu = firstKind == ThreadFacts.SWITCH_OUT ? facts.cpu(first) : -1;
            since = captureStart;
            for (int i = from; i < to; i++) {
                apply(order[i]);
            }
            if (alive) {
                endWait(captureEnd, WaitTable.NO_WAKEUP);
                intervals.add(since, captureEnd, state, cpu);
            }
            intervals.endThread(aliveStart, aliveEnd, true);
        }

        private void apply(int fact) {
            long time = facts.time(fact);
            switch (facts.kind(fact)) {
                case ThreadFacts.START -> {
                    if (!alive && state != ThreadState.DEAD) {
                        alive = true;
                        aliveStart = time;
                        state = ThreadState.RUNNABLE;
                        since = time;
                    }
                }
                case ThreadFacts.SWITCH_IN -> {
                    if (alive && (state != ThreadState.RUNNING || cpu != facts.cpu(fact))) {
                        endWait(time, WaitTable.NO_WAKEUP);
                        enter(time, ThreadState.RUNNING, facts.cpu(fact));
                    }
                }
                case ThreadFacts.SWITCH_OUT -> {
                    if (alive) {
                        switchOut(time, facts.state(fact), facts.ref(fact));
                    }
                }
                case ThreadFacts.WAKEUP -> {
                    if (alive && (isWait(state) || state == ThreadState.STOPPED)) {
                        endWait(time, facts.ref(fact));
                        enter(time, ThreadState.RUNNABLE, -1);
                    }
                }
                case ThreadFacts.EXIT -> {
                    if (alive) {
                        die(time);
                    }
                }
                default -> throw new IllegalStateException("unknown fact kind " + facts.kind(fact));
            }
        }

        private void switchOut(long time, ThreadState left, int stack) {
            // Off the CPU already means a switch-in was lost; what it did until now stays as it was.
            endWait(time, WaitTable.NO_WAKEUP);
            switch (left) {
                case DEAD -> die(time);
                // A thread that leaves the CPU still runnable was preempted.
                case RUNNING, RUNNABLE -> enter(time, ThreadState.RUNNABLE, -1);
                default -> {
                    enter(time, left, -1);
                    if (isWait(left)) {
                        waiting = true;
                        waitStart = time;
                        waitState = left;
                        waitStack = stack;
                    }
                }
            }
        }

        private void die(long time) {
            endWait(time, WaitTable.NO_WAKEUP);
            intervals.add(since, time, state, cpu);
            alive = false;
            state = ThreadState.DEAD;
            aliveEnd = time;
        }

        private void enter(long time, ThreadState next, int nextCpu) {
            intervals.add(since, time, state, cpu);
            state = next;
            cpu = nextCpu;
            since = time;
        }

        private void endWait(long time, int wakeup) {
            if (waiting) {
                waits.add(waitStart, time, waitState, waitStack, wakeup);
                waiting = false;
            }
        }
    }

    private static boolean isWait(ThreadState state) {
        return state == ThreadState.SLEEPING || state == ThreadState.BLOCKED_IO || state == ThreadState.UNKNOWN;
    }

    /**
     * Without context switches only samples speak for a thread: RUNNING over each sample's period up to it,
     * UNKNOWN in between, within its start and exit when the capture saw them.
     */
    private void fromSamples(int thread, int[] order, int from, int to) {
        long aliveStart = captureStart;
        long aliveEnd = captureEnd;
        for (int i = from; i < to; i++) {
            int fact = order[i];
            if (facts.kind(fact) == ThreadFacts.START && aliveStart == captureStart) {
                aliveStart = facts.time(fact);
            } else if (facts.kind(fact) == ThreadFacts.EXIT) {
                aliveEnd = Math.min(aliveEnd, facts.time(fact));
            }
        }
        aliveEnd = Math.max(aliveStart, aliveEnd);
        sortSamplesByThread();
        long covered = aliveStart;
        for (int i = sampleOffsets[thread]; i < sampleOffsets[thread + 1]; i++) {
            int sample = samplesByThread[i];
            long start = Math.max(covered, samples.time(sample) - samples.period(sample));
            long end = Math.min(aliveEnd, samples.time(sample));
            if (end <= start) {
                continue;
            }
            intervals.add(covered, start, ThreadState.UNKNOWN, -1);
            intervals.add(start, end, ThreadState.RUNNING, samples.cpu(sample));
            covered = end;
        }
        intervals.add(covered, aliveEnd, ThreadState.UNKNOWN, -1);
        intervals.endThread(aliveStart, aliveEnd, false);
    }

    private void sortSamplesByThread() {
        if (samplesByThread != null) {
            return;
        }
        int size = samples.size();
        int[] sampleThreads = new int[size];
        long[] times = new long[size];
        for (int sample = 0; sample < size; sample++) {
            sampleThreads[sample] = samples.thread(sample);
            times[sample] = samples.time(sample);
        }
        sampleOffsets = new int[threads.size() + 1];
        samplesByThread = IndexSort.byGroup(sampleThreads, size, threads.size(), sampleOffsets);
        for (int thread = 0; thread < threads.size(); thread++) {
            IndexSort.byKey(samplesByThread, sampleOffsets[thread], sampleOffsets[thread + 1], times);
        }
    }

    /** The CPUs' busy time: the RUNNING intervals of every thread but the idle tasks (tid 0). */
    private CpuBusyTable cpuBusy(ThreadStateTable states, int cpuCount) {
        int size = 0;
        int[] cpus = new int[64];
        long[] starts = new long[64];
        long[] ends = new long[64];
        int cpuLimit = cpuCount;
        for (int thread = 0; thread < states.threadCount(); thread++) {
            if (threads.tid(thread) == 0) {
                continue;
            }
            for (int interval = states.first(thread); interval < states.limit(thread); interval++) {
                int cpu = states.cpu(interval);
                if (states.state(interval) != ThreadState.RUNNING || cpu < 0) {
                    continue;
                }
                if (size == cpus.length) {
                    cpus = Arrays.copyOf(cpus, size * 2);
                    starts = Arrays.copyOf(starts, size * 2);
                    ends = Arrays.copyOf(ends, size * 2);
                }
                cpus[size] = cpu;
                starts[size] = states.start(interval);
                ends[size] = states.end(interval);
                size++;
                cpuLimit = Math.max(cpuLimit, cpu + 1);
            }
        }
        return new CpuBusyTable(cpuLimit, cpus, starts, ends, size);
    }
}
