package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.analysis.Finding.Severity;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.event.ThreadState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Stretches where every CPU stopped sampling at once for longer than a threshold while threads were running:
 * sampling itself was stopped (disabled, throttled, the recorder stalled), so the whole machine's profile is
 * missing there. A silence counts from the last sample before it to the start of the time the first sample after
 * it stands for (its time minus its period). It is a stall only when threads ran (from context switches) inside
 * it for at least {@link SamplingGaps#DEFAULT_MINIMUM_PERIODS} sampling intervals and
 * {@link SamplingGaps#DEFAULT_MINIMUM_NANOS}, as long as sampling could not have missed by chance: an idle machine
 * takes no samples and is not stalled. Needs context switches to tell running from idle.
 */
final class SystemStalls {

    static final String ID = "system-stall";
    static final long DEFAULT_THRESHOLD_NANOS = 50_000_000L;
    /** The running threads a finding names; more are counted. */
    private static final int THREADS_NAMED = 5;

    private final long thresholdNanos;

    SystemStalls(long thresholdNanos) {
        if (thresholdNanos <= 0) {
            throw new IllegalArgumentException("a stall threshold must be positive, not " + thresholdNanos + " ns");
        }
        this.thresholdNanos = thresholdNanos;
    }

    List<Finding> analyze(CaptureModel model) {
        if (!model.hasThreadStates()) {
            return List.of();
        }
        SampleColumns samples = SampleColumns.of(model);
        long interval = SamplingInterval.nanos(model, samples);
        long minimumRunning = Math.max(SamplingGaps.DEFAULT_MINIMUM_PERIODS * interval,
                SamplingGaps.DEFAULT_MINIMUM_NANOS);
        TreeSet<Integer> cpus = new TreeSet<>();
        for (int i = 0; i < samples.size(); i++) {
            cpus.add(samples.cpu(i));
        }
        List<Finding> findings = new ArrayList<>();
        for (int i = 0; i + 1 < samples.size(); i++) {
            long from = samples.time(i);
            long next = samples.time(i + 1);
            long to = next - Math.min(samples.period(i + 1), next - from);
            if (to - from <= thresholdNanos) {
                continue;
            }
            List<RunningThread> running = runningThreads(model, from, to);
            if (unionLength(running, from, to) >= minimumRunning) {
                findings.add(new Finding(ID, Severity.ERROR, describe(cpus, running, from, to, model.startTime()),
                        from, to));
            }
        }
        return Describe.sorted(findings);
    }

    /** The threads RUNNING between {@code from} and {@code to}, with their intervals there; the idle task is not. */
    private static List<RunningThread> runningThreads(CaptureModel model, long from, long to) {
        List<RunningThread> running = new ArrayList<>();
        for (ThreadStates states : model.threadStates()) {
            ThreadSummary thread = states.thread();
            if (!states.fromSwitches() || thread.tid() == 0 || states.aliveEnd() <= from
                    || states.aliveStart() >= to) {
                continue;
            }
            List<StateInterval> intervals = model.timeline(thread.pid(), thread.tid(), from, to, 0).intervals()
                    .stream().filter(interval -> interval.state() == ThreadState.RUNNING
                            && interval.end() > interval.start()).toList();
            if (!intervals.isEmpty()) {
                running.add(new RunningThread(thread, intervals));
            }
        }
        running.sort(Comparator.comparingLong(RunningThread::nanos).reversed());
        return running;
    }

    /** The time in which at least one of the threads ran, within {@code from}..{@code to}. */
    private static long unionLength(List<RunningThread> running, long from, long to) {
        List<StateInterval> all = running.stream().flatMap(thread -> thread.intervals.stream())
                .sorted(Comparator.comparingLong(StateInterval::start)).toList();
        long covered = 0;
        long reached = from;
        for (StateInterval interval : all) {
            long start = Math.max(interval.start(), reached);
            long end = Math.min(interval.end(), to);
            if (end > start) {
                covered += end - start;
                reached = end;
            }
        }
        return covered;
    }

    private static String describe(TreeSet<Integer> cpus, List<RunningThread> running, long from, long to,
            long captureStart) {
        String threads = running.stream().limit(THREADS_NAMED).map(thread -> thread.describe())
                .collect(Collectors.joining(", "));
        if (running.size() > THREADS_NAMED) {
            threads += " and " + (running.size() - THREADS_NAMED) + " more";
        }
        return String.format(Locale.ROOT, "sampling stopped on every CPU (%s) over %s while threads ran: %s",
                cpus.stream().map(String::valueOf).collect(Collectors.joining(", ")),
                Describe.range(from, to, captureStart), threads);
    }

    private record RunningThread(ThreadSummary thread, List<StateInterval> intervals) {

        long nanos() {
            return intervals.stream().mapToLong(StateInterval::duration).sum();
        }

        String describe() {
            String onCpus = intervals.stream().map(StateInterval::cpu).filter(cpu -> cpu >= 0).distinct().sorted()
                    .map(String::valueOf).collect(Collectors.joining(","));
            return String.format(Locale.ROOT, "%s (tid %d) %.1f ms%s", thread.name(), thread.tid(), nanos() / 1e6,
                    onCpus.isEmpty() ? "" : " on CPU " + onCpus);
        }
    }
}
