package io.tachyon.perf.internal;

/** The perf events a recording opens; each sample names its event by id, which maps to one of these. */
enum EventKind {
    /** The software cpu-clock timer that samples call stacks; it also carries the side-band records. */
    CPU_CLOCK("cpu-clock"),
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
}
