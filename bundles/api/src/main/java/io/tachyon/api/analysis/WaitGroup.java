package io.tachyon.api.analysis;

import io.tachyon.api.event.ThreadState;

import java.util.List;
import java.util.Objects;

/**
 * The waits that left the CPU with one call stack: where a program spends its time waiting.
 *
 * @param stack      the wait stack, outermost caller first
 * @param state      the state most of the time was spent in
 * @param count      how many waits
 * @param totalNanos their summed time
 * @param maxNanos   the longest one
 * @param threads    the threads that waited here, most time first
 * @param wakers     the threads that ended these waits, most time first; waits without a recorded wake-up
 *                   are counted in {@code count} but have no waker
 */
public record WaitGroup(List<StackFrame> stack, ThreadState state, long count, long totalNanos, long maxNanos,
        List<ThreadCost> threads, List<WakerCost> wakers) {

    public WaitGroup {
        stack = List.copyOf(stack);
        Objects.requireNonNull(state, "state");
        threads = List.copyOf(threads);
        wakers = List.copyOf(wakers);
    }

    /** The waits with a recorded wake-up. */
    public long wokenCount() {
        return wakers.stream().mapToLong(WakerCost::count).sum();
    }

    /**
     * A thread's part of a group: how many waits and how much time.
     */
    public record ThreadCost(int pid, int tid, String name, long count, long nanos) {
    }

    /**
     * A waker's part of a group.
     *
     * @param nanos    the time of the waits it ended
     * @param topStack its call stack that ended the most wait time here, outermost caller first
     */
    public record WakerCost(int pid, int tid, String name, long count, long nanos, List<StackFrame> topStack) {

        public WakerCost {
            topStack = List.copyOf(topStack);
        }
    }
}
