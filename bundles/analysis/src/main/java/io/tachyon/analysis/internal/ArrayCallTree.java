package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.event.ModuleMapping;

import java.util.Arrays;

/**
 * A {@link CallTree} as columns: per node its parent, function and four sums, and the children of every node
 * sorted once into one array (each node's children are a slice of it): 48 bytes a node.
 */
final class ArrayCallTree implements CallTree {

    private final boolean inverted;
    private final FunctionTable functions;
    private final int[] parents;
    private final int[] nodeFunctions;
    private final long[] selfSamples;
    private final long[] totalSamples;
    private final long[] selfNanos;
    private final long[] totalNanos;
    /** The children of node n are {@code children[childStart[n] .. childStart[n + 1]]}. */
    private final int[] childStart;
    private final int[] children;

    /**
     * @param parents       per node its parent; a parent has a lower index than its children; node 0 is the root
     * @param nodeFunctions per node its function (ignored for the root)
     */
    ArrayCallTree(boolean inverted, FunctionTable functions, int[] parents, int[] nodeFunctions, long[] selfSamples,
            long[] totalSamples, long[] selfNanos, long[] totalNanos) {
        this.inverted = inverted;
        this.functions = functions;
        this.parents = parents;
        this.nodeFunctions = nodeFunctions;
        this.selfSamples = selfSamples;
        this.totalSamples = totalSamples;
        this.selfNanos = selfNanos;
        this.totalNanos = totalNanos;
        int size = parents.length;
        this.childStart = new int[size + 1];
        for (int node = 1; node < size; node++) {
            childStart[parents[node] + 1]++;
        }
        for (int node = 0; node < size; node++) {
            childStart[node + 1] += childStart[node];
        }
        Integer[] byOrder = new Integer[Math.max(0, size - 1)];
        for (int node = 1; node < size; node++) {
            byOrder[node - 1] = node;
        }
        // Grouped by parent, then in the order children() promises. Siblings have distinct functions, so ties end
        // with the module and the function's index: fixed by the capture, unlike node indexes, which follow the
        // order a filtered model happened to intern its stacks in.
        Arrays.sort(byOrder, (a, b) -> {
            int byParent = Integer.compare(parents[a], parents[b]);
            if (byParent != 0) {
                return byParent;
            }
            int byNanos = Long.compare(totalNanos[b], totalNanos[a]);
            if (byNanos != 0) {
                return byNanos;
            }
            int functionA = nodeFunctions[a];
            int functionB = nodeFunctions[b];
            int byName = functions.name(functionA).compareTo(functions.name(functionB));
            if (byName != 0) {
                return byName;
            }
            int byModule = functions.moduleName(functionA).compareTo(functions.moduleName(functionB));
            return byModule != 0 ? byModule : Integer.compare(functionA, functionB);
        });
        this.children = new int[byOrder.length];
        for (int i = 0; i < byOrder.length; i++) {
            children[i] = byOrder[i];
        }
    }

    @Override
    public boolean inverted() {
        return inverted;
    }

    @Override
    public int size() {
        return parents.length;
    }

    @Override
    public int parent(int node) {
        return parents[checked(node)];
    }

    @Override
    public int[] children(int node) {
        checked(node);
        return Arrays.copyOfRange(children, childStart[node], childStart[node + 1]);
    }

    @Override
    public StackFrame frame(int node) {
        if (checked(node) == ROOT) {
            return null;
        }
        int function = nodeFunctions[node];
        String module = functions.moduleName(function);
        return new StackFrame(functions.name(function), module, module.equals(ModuleMapping.KERNEL_PATH));
    }

    /** The node's index in the model's function table; -1 for the root. */
    int function(int node) {
        return checked(node) == ROOT ? -1 : nodeFunctions[node];
    }

    @Override
    public long selfSamples(int node) {
        return selfSamples[checked(node)];
    }

    @Override
    public long totalSamples(int node) {
        return totalSamples[checked(node)];
    }

    @Override
    public long selfNanos(int node) {
        return selfNanos[checked(node)];
    }

    @Override
    public long totalNanos(int node) {
        return totalNanos[checked(node)];
    }

    private int checked(int node) {
        if (node < 0 || node >= parents.length) {
            throw new IllegalArgumentException("the call tree has no node " + node + " (it has " + parents.length
                    + ")");
        }
        return node;
    }
}
