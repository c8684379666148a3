package io.tachyon.analysis.internal;

import java.util.Arrays;

/**
 * Builds call trees from samples aggregated per interned stack ({@code stackSamples}/{@code stackNanos} by stack
 * id, and the samples without frames apart). Only stacks with samples under them become nodes.
 */
final class CallTreeBuilder {

    private final StackTable stacks;
    private final FunctionTable functions;
    private final long[] stackSamples;
    private final long[] stackNanos;
    private final long framelessSamples;
    private final long framelessNanos;

    CallTreeBuilder(StackTable stacks, FunctionTable functions, long[] stackSamples, long[] stackNanos,
            long framelessSamples, long framelessNanos) {
        this.stacks = stacks;
        this.functions = functions;
        this.stackSamples = stackSamples;
        this.stackNanos = stackNanos;
        this.framelessSamples = framelessSamples;
        this.framelessNanos = framelessNanos;
    }

    /**
     * The top-down tree. The stack table already is one (a stack is a path from the outermost caller), so one
     * backwards pass sums every stack into its prefix and the stacks with time become the nodes, in table order
     * (a prefix before its extensions, as nodes need).
     */
    ArrayCallTree topDown() {
        int size = stacks.size();
        long[] subtreeSamples = Arrays.copyOf(stackSamples, size);
        long[] subtreeNanos = Arrays.copyOf(stackNanos, size);
        for (int stack = size - 1; stack >= 0; stack--) {
            int prefix = stacks.prefix(stack);
            if (prefix != StackTable.ROOT) {
                subtreeSamples[prefix] += subtreeSamples[stack];
                subtreeNanos[prefix] += subtreeNanos[stack];
            }
        }
        int[] nodeOf = new int[size];
        int nodes = 1;
        for (int stack = 0; stack < size; stack++) {
            nodeOf[stack] = subtreeSamples[stack] > 0 ? nodes++ : -1;
        }
        Nodes tree = new Nodes(nodes);
        tree.selfSamples[0] = framelessSamples;
        tree.selfNanos[0] = framelessNanos;
        for (int stack = 0; stack < size; stack++) {
            int node = nodeOf[stack];
            if (node < 0) {
                continue;
            }
            int prefix = stacks.prefix(stack);
            tree.parents[node] = prefix == StackTable.ROOT ? 0 : nodeOf[prefix];
            tree.functions[node] = stacks.function(stack);
            tree.selfSamples[node] = stackSamples[stack];
            tree.selfNanos[node] = stackNanos[stack];
            tree.totalSamples[node] = subtreeSamples[stack];
            tree.totalNanos[node] = subtreeNanos[stack];
            if (prefix == StackTable.ROOT) {
                tree.totalSamples[0] += subtreeSamples[stack];
                tree.totalNanos[0] += subtreeNanos[stack];
            }
        }
        tree.totalSamples[0] += framelessSamples;
        tree.totalNanos[0] += framelessNanos;
        return tree.build(false);
    }

    /**
     * The bottom-up tree: every stack with samples walked from its leaf outwards, adding its samples to the node
     * of each suffix, interned as (parent node, function).
     */
    ArrayCallTree bottomUp() {
        GrowingNodes tree = new GrowingNodes();
        LongIntHashMap index = new LongIntHashMap();
        for (int stack = 0; stack < stacks.size(); stack++) {
            long samples = stackSamples[stack];
            if (samples == 0) {
                continue;
            }
            long nanos = stackNanos[stack];
            int node = 0;
            for (int frame = stack; frame != StackTable.ROOT; frame = stacks.prefix(frame)) {
                int function = stacks.function(frame);
                long key = ((long) node << 32) | (function & 0xFFFF_FFFFL);
                int child = index.get(key);
                if (child == LongIntHashMap.MISSING) {
                    child = tree.add(node, function);
                    index.put(key, child);
                }
                if (node == 0) {
                    tree.selfSamples[child] += samples;
                    tree.selfNanos[child] += nanos;
                }
                tree.totalSamples[child] += samples;
                tree.totalNanos[child] += nanos;
                node = child;
            }
            tree.totalSamples[0] += samples;
            tree.totalNanos[0] += nanos;
        }
        tree.selfSamples[0] = framelessSamples;
        tree.selfNanos[0] = framelessNanos;
        tree.totalSamples[0] += framelessSamples;
        tree.totalNanos[0] += framelessNanos;
        return tree.build(true);
    }

    private class Nodes {
        int[] parents;
        int[] functions;
        long[] selfSamples;
        long[] totalSamples;
        long[] selfNanos;
        long[] totalNanos;

        Nodes(int size) {
            parents = new int[size];
            functions = new int[size];
            selfSamples = new long[size];
            totalSamples = new long[size];
            selfNanos = new long[size];
            totalNanos = new long[size];
            parents[0] = -1;
            functions[0] = -1;
        }

        ArrayCallTree build(boolean inverted) {
            return new ArrayCallTree(inverted, CallTreeBuilder.this.functions, parents, functions, selfSamples,
                    totalSamples, selfNanos, totalNanos);
        }
    }

    private final class GrowingNodes extends Nodes {
        private int size = 1;

        GrowingNodes() {
            super(256);
        }

        int add(int parent, int function) {
            if (size == parents.length) {
                int capacity = size * 2;
                parents = Arrays.copyOf(parents, capacity);
                functions = Arrays.copyOf(functions, capacity);
                selfSamples = Arrays.copyOf(selfSamples, capacity);
                totalSamples = Arrays.copyOf(totalSamples, capacity);
                selfNanos = Arrays.copyOf(selfNanos, capacity);
                totalNanos = Arrays.copyOf(totalNanos, capacity);
            }
            parents[size] = parent;
            functions[size] = function;
            return size++;
        }

        @Override
        ArrayCallTree build(boolean inverted) {
            parents = Arrays.copyOf(parents, size);
            functions = Arrays.copyOf(functions, size);
            selfSamples = Arrays.copyOf(selfSamples, size);
            totalSamples = Arrays.copyOf(totalSamples, size);
            selfNanos = Arrays.copyOf(selfNanos, size);
            totalNanos = Arrays.copyOf(totalNanos, size);
            return super.build(inverted);
        }
    }
}
