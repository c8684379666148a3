package io.tachyon.perf.internal;

import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.CollectorNotice.Severity;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What is checked before recording: the perf permissions (kernel.perf_event_paranoid, root, CAP_PERFMON), the
 * kernel's sample rate limit (a higher request is clamped, and the capture says so), tracefs for the scheduler
 * tracepoints, and the {@link KnownKernelIssues} that apply to this kernel. Problems become
 * {@link CollectorNotice}s at the start of the capture; the facts go into its metadata.
 */
final class Preflight {

    static final String NOTICE_RATE_CLAMPED = "rate-clamped";
    static final String NOTICE_KNOWN_ISSUE = "known-issue";
    static final String NOTICE_KERNEL_FRAMES_REFUSED = "kernel-frames-refused";
    static final String NOTICE_NO_TRACEFS = "no-tracefs";

    /** CAP_PERFMON (Linux 5.8) and CAP_SYS_ADMIN: either lifts the paranoid restrictions. */
    static final int CAP_PERFMON = 38;
    static final int CAP_SYS_ADMIN = 21;

    /**
     * The machine as preflight sees it.
     *
     * @param maxSampleRate kernel.perf_event_max_sample_rate, when readable
     * @param tracefs       whether tracefs is mounted (at /sys/kernel/tracing or /sys/kernel/debug/tracing)
     */
    record Facts(String kernelRelease, OptionalInt paranoid, boolean root, boolean perfmon, OptionalInt maxSampleRate,
            boolean tracefs) {

        static Facts ofThisMachine(String kernelRelease) {
            return new Facts(kernelRelease, ProcFs.perfEventParanoid(), ProcFs.isRoot(),
                    ProcFs.hasEffectiveCapability(CAP_PERFMON) || ProcFs.hasEffectiveCapability(CAP_SYS_ADMIN),
                    ProcFs.perfEventMaxSampleRate(),
                    Files.isDirectory(Path.of("/sys/kernel/tracing/events"))
                            || Files.isDirectory(Path.of("/sys/kernel/debug/tracing/events")));
        }

        boolean privileged() {
            return root || perfmon;
        }
    }

    /**
     * The outcome.
     *
     * @param requestedHz the sampling frequency asked for
     * @param frequencyHz the sampling frequency to use: the requested one, clamped to the kernel's limit
     * @param problems    what the capture's notices will say
     * @param settings    facts for the capture's metadata
     */
    record Result(int requestedHz, int frequencyHz, List<Problem> problems, Map<String, String> settings) {

        Result {
            problems = List.copyOf(problems);
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }

        /** The problems as notices at {@code time}, the recording's start. */
        List<CollectorNotice> notices(long time) {
            return problems.stream().map(problem -> new CollectorNotice(time, problem.severity(), problem.code(),
                    problem.message())).toList();
        }
    }

    /** A problem preflight found, for a {@link CollectorNotice}. */
    record Problem(Severity severity, String code, String message) {
    }

    private final KnownKernelIssues issues;

    Preflight(KnownKernelIssues issues) {
        this.issues = issues;
    }

    /**
     * @param kernelFrames whether kernel frames are wanted
     * @param switches     whether context switches are wanted (tracepoints need tracefs)
     */
    Result check(Facts facts, int requestedHz, boolean kernelFrames, boolean switches) {
        List<Problem> problems = new ArrayList<>();
        Map<String, String> settings = new LinkedHashMap<>();
        int frequency = requestedHz;
        settings.put("requested-frequency", Integer.toString(requestedHz));
        if (facts.maxSampleRate().isPresent()) {
            int max = facts.maxSampleRate().getAsInt();
            settings.put("max-sample-rate", Integer.toString(max));
            if (requestedHz > max) {
                frequency = max;
                problems.add(new Problem(Severity.WARNING, NOTICE_RATE_CLAMPED, String.format(Locale.ROOT,
                        "the requested sampling frequency %d Hz is above kernel.perf_event_max_sample_rate = %d; "
                                + "sampling at %d Hz instead (raise the limit with `sysctl "
                                + "kernel.perf_event_max_sample_rate=%d` to sample faster; the kernel lowers it again "
                                + "when sampling interrupts take too long)", requestedHz, max, max, requestedHz)));
            }
        }
        settings.put("privileges", facts.root() ? "root" : facts.perfmon() ? "CAP_PERFMON or CAP_SYS_ADMIN" : "none");
        facts.paranoid().ifPresent(value -> settings.put("perf-event-paranoid", Integer.toString(value)));
        if (kernelFrames && !facts.privileged() && facts.paranoid().orElse(2) >= 2) {
            problems.add(new Problem(Severity.WARNING, NOTICE_KERNEL_FRAMES_REFUSED,
                    "kernel.perf_event_paranoid = " + facts.paranoid().orElse(2) + " and this process is neither root "
                            + "nor has CAP_PERFMON: the kernel refuses kernel-mode samples, so time in the kernel is "
                            + "missing from the profile (record as root, or lower it: `sysctl kernel.perf_event_paranoid=1`)"));
        }
        if (switches && !facts.tracefs() && !facts.root()) {
            problems.add(new Problem(Severity.WARNING, NOTICE_NO_TRACEFS,
                    "tracefs is not mounted and this process is not root, so it cannot mount it: context switches "
                            + "come from PERF_RECORD_SWITCH, without wait states, stacks or wake-ups (mount tracefs at "
                            + "/sys/kernel/tracing)"));
        }
        for (KnownKernelIssues.Issue issue : issues.affecting(facts.kernelRelease())) {
            problems.add(new Problem(Severity.WARNING, NOTICE_KNOWN_ISSUE, "Linux "
                    + facts.kernelRelease() + " has known issue " + issue.id() + " (" + issue.range() + "): "
                    + issue.what() + " Safe setting: " + issue.safeSetting()));
        }
        return new Result(requestedHz, frequency, problems, settings);
    }
}
