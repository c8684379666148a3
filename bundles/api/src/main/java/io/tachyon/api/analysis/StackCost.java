package io.tachyon.api.analysis;

import java.util.List;

/**
 * One distinct sampled call stack and what it cost.
 *
 * @param frames  outermost caller first, the sampled (leaf) function last
 * @param samples samples with exactly this stack
 * @param nanos   sum of their periods
 */
public record StackCost(List<StackFrame> frames, long samples, long nanos) {

    public StackCost {
        frames = List.copyOf(frames);
    }
}
