package io.tachyon.perf.internal;

/** The perf events a recording opens; each sample names its event by id, which maps to one of these. */
enum EventKind {
    /** The software cpu-clock timer that samples call stacks. */
    CPU_CLOCK("cpu-clock"),
    /**
     * The software dummy event that carries the side-band records (mmap, comm, task, context switches), so they
     * keep coming while sampling is disabled or throttled; it never samples.
     */
    SIDE_BAND("dummy"),
    /** Tracepoint sched:sched_switch, in the context of the thread leaving the CPU. */
    SCHED_SWITCH("sched:sched_switch"),
    /** Tracepoint sched:sched_waking, in the context of the waker. */
    SCHED_WAKING("sched:sched_waking");

    private final String eventName;

    EventKind(String eventName) {
        this.eventName = eventName;
    }

    /** The event as perf names it. */
    String eventName() {
        return eventName;
    }

    boolean isTracepoint() {
        return this == SCHED_SWITCH || this == SCHED_WAKING;
    }
}
