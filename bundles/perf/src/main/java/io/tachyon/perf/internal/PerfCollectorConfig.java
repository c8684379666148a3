package io.tachyon.perf.internal;

import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;

/** Configuration {@value LinuxPerfCollector#CONFIGURATION_PID} of the Linux perf collector. */
@ObjectClassDefinition(name = "Tachyon Linux perf collector",
        description = "How the linux-perf collector buffers and reads the kernel's perf records.")
public @interface PerfCollectorConfig {

    @AttributeDefinition(name = "Ring buffer pages per CPU", min = "1",
            description = "Data pages of each CPU's ring buffer, a power of two. 256 pages of 4 KiB are 1 MiB. "
                    + "Larger buffers lose fewer records at high sampling rates; unprivileged users are limited "
                    + "by kernel.perf_event_mlock_kb.")
    int ringBufferPages() default 256;

    @AttributeDefinition(name = "Ring buffer pages per CPU with context switches", min = "1",
            description = "Data pages of each CPU's ring buffer when context switches and wake-ups are recorded "
                    + "through tracepoints (if more than ringBufferPages), a power of two. Each switch and wake-up "
                    + "is a record with its call stack and user stack copy; 4096 pages (16 MiB) keep a two-thread "
                    + "ping-pong at 70,000 switches a second with 512-byte stack copies from losing records.")
    int switchRingBufferPages() default 4096;

    @AttributeDefinition(name = "Poll interval (ms)", min = "1",
            description = "How often the reader empties the ring buffers.")
    int pollIntervalMillis() default 10;

    @AttributeDefinition(name = "Context switch source",
            description = "Where context switches come from. auto: the sched_switch and sched_waking tracepoints "
                    + "(states, stacks, wake-ups) when they can be opened, else PERF_RECORD_SWITCH; tracepoints: "
                    + "those or fail; switch-records: PERF_RECORD_SWITCH only (preempted or not, no stacks, no "
                    + "wake-ups). The capture's metadata names the source used (switch-source).",
            options = {@Option(value = "auto", label = "auto"), @Option(value = "tracepoints", label = "tracepoints"),
                    @Option(value = "switch-records", label = "switch-records")})
    String switchSource() default "auto";

    @AttributeDefinition(name = "User stack bytes per context switch", min = "0", max = "65528",
            description = "Bytes of user stack copied with each sched_switch and sched_waking sample, a multiple "
                    + "of 8, when a stack unwinder for this architecture is present: the unwinder recovers the "
                    + "callers that libraries without frame pointers hide. Every switch record grows by this much; "
                    + "0 turns the copy off (frame pointers only). nanosleep, mutex and write waits need under 100 "
                    + "bytes; 2048 makes a ping-pong's records six times larger and loses some at 100,000 switches "
                    + "a second.")
    int switchUserStackBytes() default 512;

    @AttributeDefinition(name = "User stack bytes per sample", min = "0", max = "65528",
            description = "Bytes of user stack copied with each cpu-clock sample for the unwinder, a multiple of 8; "
                    + "0 turns the copy off.")
    int sampleUserStackBytes() default 2048;

    @AttributeDefinition(name = "Safety valve action",
            description = "What the collector does on a system stall (every CPU stopped sampling for longer than "
                    + "safetyValveStallMillis while sampled threads ran) or repeated throttling: lower (halve the "
                    + "sampling frequency, down to 10 Hz, then stop), stop (end the recording cleanly, keeping what "
                    + "was recorded) or off. Every action is a notice in the capture.",
            options = {@Option(value = "lower", label = "lower"), @Option(value = "stop", label = "stop"),
                    @Option(value = "off", label = "off")})
    String safetyValveAction() default "lower";

    @AttributeDefinition(name = "Safety valve stall threshold (ms)", min = "1",
            description = "A silence of every CPU's sampling longer than this, while threads that are sampled run, "
                    + "trips the safety valve. Needs context switches to tell running from idle.")
    int safetyValveStallMillis() default 100;

    @AttributeDefinition(name = "Safety valve throttle count", min = "1",
            description = "This many PERF_RECORD_THROTTLE records within one second trip the safety valve.")
    int safetyValveThrottles() default 3;

    @AttributeDefinition(name = "Follow the kernel log",
            description = "Keep the kernel log lines about sampling interrupts taking too long, lockups, RCU stalls "
                    + "and hung tasks that /dev/kmsg shows while recording (needs root or kernel.dmesg_restrict = 0).")
    boolean followKernelLog() default true;

    @AttributeDefinition(name = "Fault injection: after (ms)", min = "0",
            description = "TEST SETTING. With faultInjectionDisableMillis > 0, this long after the recording starts "
                    + "sampling is disabled on every CPU (PERF_EVENT_IOC_DISABLE).")
    int faultInjectionAfterMillis() default 0;

    @AttributeDefinition(name = "Fault injection: disable for (ms)", min = "0",
            description = "TEST SETTING. How long sampling stays disabled on every CPU before it is enabled again "
                    + "(PERF_EVENT_IOC_ENABLE): a real system-wide gap for the health checks and their tests. 0: off. "
                    + "The capture says so in notices (fault-injection).")
    int faultInjectionDisableMillis() default 0;
}
