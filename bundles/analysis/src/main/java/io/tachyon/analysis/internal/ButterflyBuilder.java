package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.Butterfly;
import io.tachyon.api.analysis.FunctionCost;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The callers and callees of one function, from samples aggregated per interned stack. Each stack with samples
 * is walked once; marks per function (the stack it was last counted for) count a pair once per stack, so once
 * per sample however often recursion repeats it.
 */
final class ButterflyBuilder {

    private final StackTable stacks;
    private final FunctionTable functions;
    private final long[] stackSamples;
    private final long[] stackNanos;

    ButterflyBuilder(StackTable stacks, FunctionTable functions, long[] stackSamples, long[] stackNanos) {
        this.stacks = stacks;
        this.functions = functions;
        this.stackSamples = stackSamples;
        this.stackNanos = stackNanos;
    }

    /** @throws IllegalArgumentException when no sample has {@code name} on its stack */
    Butterfly build(String name, Path capture) {
        int count = functions.size();
        boolean[] target = new boolean[count];
        for (int function = 0; function < count; function++) {
            target[function] = functions.name(function).equals(name);
        }
        Costs callers = new Costs(count);
        Costs callees = new Costs(count);
        long selfSamples = 0;
        long selfNanos = 0;
        long totalSamples = 0;
        long totalNanos = 0;
        // Which of the functions of that name had the most time: the module the butterfly names.
        long[] totalNanosByTarget = new long[count];
        int[] targetCountedFor = new int[count];
        Arrays.fill(targetCountedFor, -1);
        int[] frames = new int[64];
        for (int stack = 0; stack < stacks.size(); stack++) {
            long samples = stackSamples[stack];
            if (samples == 0) {
                continue;
            }
            long nanos = stackNanos[stack];
            // frames[0] is the leaf, frames[depth - 1] the outermost caller.
            int depth = 0;
            for (int frame = stack; frame != StackTable.ROOT; frame = stacks.prefix(frame)) {
                if (depth == frames.length) {
                    frames = Arrays.copyOf(frames, depth * 2);
                }
                frames[depth++] = stacks.function(frame);
            }
            boolean onStack = false;
            for (int i = 0; i < depth; i++) {
                int function = frames[i];
                if (!target[function]) {
                    continue;
                }
                if (!onStack) {
                    onStack = true;
                    totalSamples += samples;
                    totalNanos += nanos;
                }
                if (targetCountedFor[function] != stack) {
                    targetCountedFor[function] = stack;
                    totalNanosByTarget[function] += nanos;
                }
                if (i + 1 < depth) {
                    callers.addTotal(frames[i + 1], stack, samples, nanos);
                }
                if (i > 0) {
                    callees.addTotal(frames[i - 1], stack, samples, nanos);
                }
            }
            if (target[frames[0]]) {
                selfSamples += samples;
                selfNanos += nanos;
                if (depth > 1) {
                    callers.addSelf(frames[1], samples, nanos);
                }
            }
            if (depth > 1 && target[frames[1]]) {
                callees.addSelf(frames[0], samples, nanos);
            }
        }
        if (totalSamples == 0) {
            throw new IllegalArgumentException("no sample of " + capture + " has the function '" + name
                    + "' on its stack");
        }
        int mostTime = -1;
        for (int function = 0; function < count; function++) {
            if (target[function] && (mostTime < 0 || totalNanosByTarget[function] > totalNanosByTarget[mostTime])) {
                mostTime = function;
            }
        }
        FunctionCost cost = new FunctionCost(name, functions.moduleName(mostTime), selfSamples, totalSamples,
                selfNanos, totalNanos);
        return new Butterfly(cost, callers.list(), callees.list());
    }

    private final class Costs {
        final long[] selfSamples;
        final long[] totalSamples;
        final long[] selfNanos;
        final long[] totalNanos;
        final int[] countedFor;

        Costs(int count) {
            selfSamples = new long[count];
            totalSamples = new long[count];
            selfNanos = new long[count];
            totalNanos = new long[count];
            countedFor = new int[count];
            Arrays.fill(countedFor, -1);
        }

        void addTotal(int function, int stack, long samples, long nanos) {
            if (countedFor[function] != stack) {
                countedFor[function] = stack;
                totalSamples[function] += samples;
                totalNanos[function] += nanos;
            }
        }

        void addSelf(int function, long samples, long nanos) {
            selfSamples[function] += samples;
            selfNanos[function] += nanos;
        }

        List<FunctionCost> list() {
            List<FunctionCost> costs = new ArrayList<>();
            for (int function = 0; function < totalSamples.length; function++) {
                if (totalSamples[function] > 0) {
                    costs.add(new FunctionCost(functions.name(function), functions.moduleName(function),
                            selfSamples[function], totalSamples[function], selfNanos[function],
                            totalNanos[function]));
                }
            }
            costs.sort(Comparator.comparingLong(FunctionCost::totalNanos).reversed()
                    .thenComparing(FunctionCost::function)
                    .thenComparing(FunctionCost::module));
            return costs;
        }
    }
}
