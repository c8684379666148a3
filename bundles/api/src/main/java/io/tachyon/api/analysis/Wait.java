package io.tachyon.api.analysis;

import io.tachyon.api.event.ThreadState;

import java.util.List;
import java.util.Objects;

/**
 * One time a thread went off the CPU to wait (SLEEPING, BLOCKED_IO, or UNKNOWN when the source could not
 * tell), until it was woken or ran again. Being preempted (RUNNABLE) is not a wait.
 *
 * @param name   the waiting thread's name
 * @param start  when it left the CPU
 * @param end    when it was woken; or when it ran again, exited or the capture ended, if no wake-up was
 *               recorded
 * @param state  the state it waited in
 * @param stack  its call stack as it left the CPU, outermost caller first: what it waited for
 * @param waker  what woke it, or null when no wake-up was recorded
 */
public record Wait(int pid, int tid, String name, long start, long end, ThreadState state, List<StackFrame> stack,
        Waker waker) {

    public Wait {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(state, "state");
        stack = List.copyOf(stack);
    }

    public long duration() {
        return end - start;
    }
}
