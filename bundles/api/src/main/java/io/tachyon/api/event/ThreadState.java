package io.tachyon.api.event;

/** A thread's state, in the kernel's own meaning. */
public enum ThreadState {
    /** On a CPU. */
    RUNNING,
    /** Ready to run, waiting for a CPU: it was preempted or has just been woken. */
    RUNNABLE,
    /** Interruptible sleep (kernel "S"): locks, futexes, poll, sleep, pipes. */
    SLEEPING,
    /** Uninterruptible sleep (kernel "D"): usually waiting for IO. */
    BLOCKED_IO,
    /** Stopped by a signal or a tracer (kernel "T"/"t"). */
    STOPPED,
    /** Exited (kernel "X"/"Z"). */
    DEAD,
    /** Off the CPU for a reason the source could not tell (e.g. a voluntary switch without tracepoints). */
    UNKNOWN
}
