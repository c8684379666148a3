package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.FunctionFilter;

import java.util.Arrays;
import java.util.List;

/**
 * Applies a {@link FunctionFilter} to interned stacks: each stack is rewritten once (exclude, then merge, then
 * focus, as the filter defines) and the result interned in a table that extends the original one, so that ids
 * of the original table (wait stacks) stay valid. Samples are then only re-pointed, one {@code int} each.
 */
final class StackRewriter {

    /** A stack whose samples the filter drops. */
    static final int DROPPED = -2;
    private static final int NOT_YET = -3;

    private final StackTable original;
    private final StackTable.Builder rewritten;
    private final boolean[] excluded;
    private final boolean[] merged;
    /** Per focus name, in order, the functions it matches. */
    private final boolean[][] focused;
    private final int[] rewrittenStacks;
    private int[] frames = new int[64];

    StackRewriter(StackTable stacks, FunctionTable functions, FunctionFilter filter) {
        this.original = stacks;
        this.rewritten = new StackTable.Builder(stacks);
        this.excluded = matching(functions, filter.exclude());
        this.merged = matching(functions, filter.merge());
        this.focused = new boolean[filter.focus().size()][];
        for (int name = 0; name < focused.length; name++) {
            focused[name] = matching(functions, List.of(filter.focus().get(name)));
        }
        this.rewrittenStacks = new int[stacks.size()];
        Arrays.fill(rewrittenStacks, NOT_YET);
    }

    /** The samples with their stacks rewritten, without those the filter drops, in the same order. */
    SampleTable rewrite(SampleTable samples) {
        SampleTable.Builder kept = new SampleTable.Builder();
        for (int sample = 0; sample < samples.size(); sample++) {
            int stack = rewrite(samples.stack(sample));
            if (stack != DROPPED) {
                kept.add(samples.time(sample), samples.period(sample), samples.cpu(sample), samples.thread(sample),
                        stack, samples.instruction(sample));
            }
        }
        return kept.build();
    }

    /** The table the rewritten stacks point into: the original stacks and the new ones. */
    StackTable stacks() {
        return rewritten.build();
    }

    /** The rewritten stack of {@code stack} (an id of the original table), or {@link #DROPPED}. */
    int rewrite(int stack) {
        if (stack == StackTable.ROOT) {
            return focused.length > 0 ? DROPPED : StackTable.ROOT;
        }
        if (rewrittenStacks[stack] == NOT_YET) {
            rewrittenStacks[stack] = rewriteFrames(stack);
        }
        return rewrittenStacks[stack];
    }

    private int rewriteFrames(int stack) {
        int depth = 0;
        for (int frame = stack; frame != StackTable.ROOT; frame = original.prefix(frame)) {
            int function = original.function(frame);
            if (excluded[function]) {
                return DROPPED;
            }
            if (!merged[function]) {
                if (depth == frames.length) {
                    frames = Arrays.copyOf(frames, depth * 2);
                }
                frames[depth++] = function;
            }
        }
        // frames[depth - 1] is the outermost caller; each focus cuts the stack at its outermost match.
        int outermost = depth - 1;
        for (boolean[] focus : focused) {
            int match = outermost;
            while (match >= 0 && !focus[frames[match]]) {
                match--;
            }
            if (match < 0) {
                return DROPPED;
            }
            outermost = match;
        }
        int result = StackTable.ROOT;
        for (int frame = outermost; frame >= 0; frame--) {
            result = rewritten.intern(result, frames[frame]);
        }
        return result;
    }

    private static boolean[] matching(FunctionTable functions, List<String> names) {
        boolean[] matches = new boolean[functions.size()];
        for (int function = 0; function < matches.length; function++) {
            for (String name : names) {
                if (FunctionFilter.matches(name, functions.name(function))) {
                    matches[function] = true;
                    break;
                }
            }
        }
        return matches;
    }
}
