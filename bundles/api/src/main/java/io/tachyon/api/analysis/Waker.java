package io.tachyon.api.analysis;

import java.util.List;
import java.util.Objects;

/**
 * The wake-up that ended a wait: who woke the thread, when, and from where.
 *
 * @param name  the waker's name; an interrupt that arrived while its CPU was idle is {@code swapper/CPU},
 *              as the kernel names its idle tasks
 * @param cpu   the CPU the waker ran on
 * @param stack the waker's call stack as it woke the thread, outermost caller first
 */
public record Waker(int pid, int tid, String name, long time, int cpu, List<StackFrame> stack) {

    public Waker {
        Objects.requireNonNull(name, "name");
        stack = List.copyOf(stack);
    }
}
