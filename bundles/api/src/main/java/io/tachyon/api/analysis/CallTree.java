package io.tachyon.api.analysis;

/**
 * The samples of a model as a call tree of int nodes, so that a viewer walks millions of samples' worth of tree
 * without an object per node. A node is one path of functions from the root; two functions of one display name
 * in different modules are different nodes.
 * <ul>
 * <li>Top-down ({@link #inverted()} false): the root's children are the outermost callers, a node's children the
 * functions it called. A node's total is the samples whose stack starts with its path, its self the samples
 * whose stack is exactly its path.</li>
 * <li>Bottom-up ({@link #inverted()} true): the root's children are the sampled (leaf) functions, a node's
 * children its callers. A node's total is the samples whose stack ends with its path (read from the leaf
 * outwards). Self is defined at depth 1 only, where it equals the total (every such sample has that function
 * as its leaf); deeper nodes have no self time (0).</li>
 * </ul>
 * The root's total is every sample of the model, including those without frames; its self is those without
 * frames. Time is the sum of the samples' periods, in nanoseconds. Immutable and safe to share between threads.
 *
 * @since 1.4
 */
@org.osgi.annotation.versioning.ProviderType
public interface CallTree {

    /** The root node: it stands for all samples and has no frame. */
    int ROOT = 0;

    /** Whether this is the bottom-up (inverted) tree. */
    boolean inverted();

    /** How many nodes, the root included; nodes are {@code 0 .. size() - 1}. */
    int size();

    /** The node's parent; -1 for {@link #ROOT}. */
    int parent(int node);

    /** The node's children, by total nanoseconds, highest first, then by function name; a fresh array. */
    int[] children(int node);

    /** The function of the node; null for {@link #ROOT}. */
    StackFrame frame(int node);

    /** Samples counted in the node's self time (see the class comment). */
    long selfSamples(int node);

    /** Samples whose stack passes through the node's path. */
    long totalSamples(int node);

    /** Sum of the periods of the {@link #selfSamples self samples}. */
    long selfNanos(int node);

    /** Sum of the periods of the {@link #totalSamples total samples}. */
    long totalNanos(int node);

    /** How far the node is from the root: 0 for the root, 1 for its children. */
    default int depth(int node) {
        int depth = 0;
        for (int at = parent(node); at >= 0; at = parent(at)) {
            depth++;
        }
        return depth;
    }
}
