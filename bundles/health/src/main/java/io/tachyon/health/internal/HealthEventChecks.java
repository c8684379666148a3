package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.analysis.Finding.Severity;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Throttle;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The checks over the capture's own health events: throttling, kernel log lines, the collector's notices and the
 * sampling rate each CPU achieved. Each is a {@link io.tachyon.api.analysis.CaptureAnalyzer} of its own (see the
 * components next to this class); the logic lives here.
 */
final class HealthEventChecks {

    static final String THROTTLING = "throttling";
    static final String KERNEL_MESSAGES = "kernel-messages";
    static final String COLLECTOR_NOTICES = "collector-notices";
    static final String ACHIEVED_RATE = "achieved-rate";

    /**
     * A CPU sampled below this share of the frequency is reported. Running time from context switches runs long
     * where a switch-in is seen late (PERF_RECORD_SWITCH of another process), so only a large shortfall is sure;
     * the collector's achieved-rate notice, from the kernel's own counts, gives the exact rate.
     */
    static final double RATE_FLOOR = 0.5;
    /** ... when its threads ran at least this long on it: shorter runs are too few samples to judge. */
    static final long RATE_MINIMUM_RUNNING_NANOS = 1_000_000_000L;

    /** Notices that describe the kernel rather than this capture: printed when recording, not findings. */
    private static final String KNOWN_ISSUE = "known-issue";

    private HealthEventChecks() {
    }

    /** One finding per stretch in which the kernel throttled a CPU's sampling, until it resumed or the capture ended. */
    static List<Finding> throttling(CaptureModel model) {
        Map<Integer, Long> throttledSince = new TreeMap<>();
        List<Finding> findings = new ArrayList<>();
        for (Throttle throttle : model.throttles()) {
            if (throttle.throttled()) {
                throttledSince.putIfAbsent(throttle.cpu(), throttle.time());
            } else {
                Long since = throttledSince.remove(throttle.cpu());
                if (since != null) {
                    findings.add(throttled(model, throttle.cpu(), since, throttle.time(), true));
                }
            }
        }
        throttledSince.forEach((cpu, since) -> findings.add(throttled(model, cpu, since,
                Math.max(since, model.endTime()), false)));
        return Describe.sorted(findings);
    }

    private static Finding throttled(CaptureModel model, int cpu, long from, long to, boolean resumed) {
        return new Finding(THROTTLING, Severity.WARNING, String.format(Locale.ROOT, "the kernel throttled sampling on "
                + "CPU %d over %s%s: its sampling interrupts took too long (the kernel may also have lowered "
                + "kernel.perf_event_max_sample_rate)", cpu, Describe.range(from, to, model.startTime()),
                resumed ? "" : ", to the end of the capture"), from, to);
    }

    private record Kind(Pattern pattern, Severity severity, String meaning) {
    }

    private static final List<Kind> KERNEL_KINDS = List.of(
            new Kind(Pattern.compile("NMI handler .* took too long"), Severity.WARNING,
                    "an NMI handler held a CPU: samples around it are missing or late"),
            new Kind(Pattern.compile("perf: interrupt took too long|perf samples too long|perf_event_max_sample_rate"),
                    Severity.WARNING, "sampling interrupts took too long and the kernel lowered the sample rate"),
            new Kind(Pattern.compile("soft lockup|hard LOCKUP", Pattern.CASE_INSENSITIVE), Severity.ERROR,
                    "a CPU was stuck: the machine stalled"),
            new Kind(Pattern.compile("rcu.*stall", Pattern.CASE_INSENSITIVE), Severity.ERROR,
                    "an RCU stall: CPUs did not pass through quiescent states, the machine stalled"),
            new Kind(Pattern.compile("blocked for more than|hung_task"), Severity.ERROR,
                    "a task hung in uninterruptible sleep"));

    /** One finding per kernel log line the recorder kept, with what it means for the capture. */
    static List<Finding> kernelMessages(CaptureModel model) {
        List<Finding> findings = new ArrayList<>();
        for (KernelMessage message : model.kernelMessages()) {
            Kind kind = KERNEL_KINDS.stream().filter(k -> k.pattern().matcher(message.text()).find()).findFirst()
                    .orElse(new Kind(null, Severity.WARNING, "the kernel logged it while recording"));
            findings.add(new Finding(KERNEL_MESSAGES, kind.severity(), String.format(Locale.ROOT,
                    "kernel log at %s: \"%s\" (%s)", Describe.at(message.time(), model.startTime()), message.text(),
                    kind.meaning()), message.time(), message.time()));
        }
        return Describe.sorted(findings);
    }

    /** The collector's warnings and errors about this recording (a clamped rate, the safety valve acting). */
    static List<Finding> collectorNotices(CaptureModel model) {
        List<Finding> findings = new ArrayList<>();
        for (CollectorNotice notice : model.notices()) {
            if (notice.severity() == CollectorNotice.Severity.INFO || notice.code().equals(KNOWN_ISSUE)) {
                continue;
            }
            Severity severity = notice.severity() == CollectorNotice.Severity.ERROR ? Severity.ERROR : Severity.WARNING;
            findings.add(new Finding(COLLECTOR_NOTICES, severity, notice.code() + " at "
                    + Describe.at(notice.time(), model.startTime()) + ": " + notice.message(), notice.time(),
                    notice.time()));
        }
        return Describe.sorted(findings);
    }

    /**
     * CPUs sampled well below the capture's frequency: per CPU, the samples of threads other than the idle task
     * against the time such threads ran on it (from context switches), where they ran long enough to judge.
     */
    static List<Finding> achievedRate(CaptureModel model) {
        SampleColumns samples = SampleColumns.of(model);
        long interval = SamplingInterval.nanos(model, samples);
        if (!model.hasThreadStates() || interval <= 0) {
            return List.of();
        }
        double frequency = 1e9 / interval;
        Map<Integer, List<StateInterval>> runningByCpu = new TreeMap<>();
        for (ThreadStates states : model.threadStates()) {
            ThreadSummary thread = states.thread();
            if (!states.fromSwitches() || thread.tid() == 0) {
                continue;
            }
            for (StateInterval stretch : model.timeline(thread.pid(), thread.tid(), model.startTime(),
                    model.endTime(), 0).intervals()) {
                if (stretch.state() == ThreadState.RUNNING && stretch.cpu() >= 0 && stretch.end() > stretch.start()) {
                    runningByCpu.computeIfAbsent(stretch.cpu(), cpu -> new ArrayList<>()).add(stretch);
                }
            }
        }
        // The time some thread ran, not the sum: a CPU runs one thread at a time, and a thread whose first switch
        // is a switch-out is taken to have run since the capture's start, which may overlap another's time.
        Map<Integer, Long> running = new TreeMap<>();
        runningByCpu.forEach((cpu, stretches) -> running.put(cpu, covered(stretches)));
        Map<Integer, Long> sampled = new TreeMap<>();
        for (int i = 0; i < samples.size(); i++) {
            if (samples.tid(i) != 0) {
                sampled.merge(samples.cpu(i), 1L, Long::sum);
            }
        }
        List<Finding> findings = new ArrayList<>();
        running.forEach((cpu, nanos) -> {
            double achieved = sampled.getOrDefault(cpu, 0L) * 1e9 / nanos;
            if (nanos >= RATE_MINIMUM_RUNNING_NANOS && achieved < RATE_FLOOR * frequency) {
                findings.add(new Finding(ACHIEVED_RATE, Severity.WARNING, String.format(Locale.ROOT,
                        "CPU %d was sampled at %.0f Hz of %.0f Hz (%.0f%%) over %.2f s of running threads", cpu,
                        achieved, frequency, 100 * achieved / frequency, nanos / 1e9), model.startTime(),
                        model.endTime()));
            }
        });
        return findings;
    }

    /** The time at least one of {@code stretches} covers. */
    private static long covered(List<StateInterval> stretches) {
        stretches.sort(java.util.Comparator.comparingLong(StateInterval::start));
        long covered = 0;
        long reached = Long.MIN_VALUE;
        for (StateInterval stretch : stretches) {
            long start = Math.max(stretch.start(), reached);
            if (stretch.end() > start) {
                covered += stretch.end() - start;
                reached = stretch.end();
            }
        }
        return covered;
    }
}
