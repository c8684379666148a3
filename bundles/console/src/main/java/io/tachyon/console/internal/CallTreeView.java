package io.tachyon.console.internal;

import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.StackFrame;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import static io.tachyon.console.internal.ConsoleViews.millis;
import static io.tachyon.console.internal.ConsoleViews.percent;
import static io.tachyon.console.internal.TextTable.left;
import static io.tachyon.console.internal.TextTable.right;

/**
 * A call tree pruned as the options ask, as indented text or as nested JSON. A node is shown when its total is at
 * least {@code --min-percent} of the root's, it is within {@code --depth} of the root and among the first
 * {@code --limit} children of its parent (children by total time, as {@link CallTree} orders them).
 */
final class CallTreeView {

    private CallTreeView() {
    }

    /** The tree as a table; the function column is indented two spaces a level. */
    static String render(CallTree tree, TreeOptions options) {
        long total = tree.totalNanos(CallTree.ROOT);
        String kind = tree.inverted() ? "Bottom-up call tree (sampled functions first, then their callers)"
                : "Top-down call tree (outermost callers first)";
        StringBuilder text = new StringBuilder(kind).append(": ").append(tree.totalSamples(CallTree.ROOT))
                .append(" samples, ").append(millis(total)).append(" ms");
        String selection = options.selection().describe();
        if (!selection.isEmpty()) {
            text.append(" (").append(selection).append(')');
        }
        text.append('\n');
        if (tree.totalSamples(CallTree.ROOT) == 0) {
            return text.append("No samples selected.\n").toString();
        }
        TextTable table = new TextTable(right("Total%"), right("Total ms"), right("Self%"), right("Self ms"),
                right("Samples"), left("Module"), left("Function"));
        int[] hidden = {0};
        visit(tree, options, hidden, (node, depth) -> {
            StackFrame frame = tree.frame(node);
            table.addRow(percent(tree.totalNanos(node), total), millis(tree.totalNanos(node)),
                    percent(tree.selfNanos(node), total), millis(tree.selfNanos(node)),
                    Long.toString(tree.totalSamples(node)), frame == null ? "" : frame.module(),
                    "  ".repeat(depth) + (frame == null ? "(all samples)" : ConsoleViews.shorten(frame.function())));
        });
        text.append(table.render());
        text.append("Percentages are of the selected samples' time.");
        if (tree.inverted()) {
            text.append(" Below a sampled function, Total is the time of the samples whose stack ends with that path;"
                    + " self time is the sampled function's.");
        }
        if (hidden[0] > 0) {
            text.append(' ').append(hidden[0]).append(" subtrees are hidden (under ").append(options.minPercent())
                    .append("% of the time, or beyond --limit or --depth).");
        }
        return text.append('\n').toString();
    }

    /**
     * A node of the pruned tree in JSON.
     *
     * @param function null for the root
     * @param percent  total nanoseconds as a percentage of the root's
     */
    record Node(String function, String module, Boolean kernel, long totalNanos, long selfNanos, long totalSamples,
            long selfSamples, double percent, List<Node> children) {
    }

    /** The pruned tree as nested nodes from the root. */
    static Node json(CallTree tree, TreeOptions options) {
        long total = tree.totalNanos(CallTree.ROOT);
        // Nodes come depth first: open.get(d) is the child list of the last node seen at depth d.
        List<List<Node>> open = new ArrayList<>();
        Node[] root = new Node[1];
        visit(tree, options, new int[1], (node, depth) -> {
            StackFrame frame = tree.frame(node);
            List<Node> children = new ArrayList<>();
            Node json = new Node(frame == null ? null : frame.function(), frame == null ? null : frame.module(),
                    frame == null ? null : frame.kernel(), tree.totalNanos(node), tree.selfNanos(node),
                    tree.totalSamples(node), tree.selfSamples(node),
                    JsonViews.share(tree.totalNanos(node), total), children);
            if (depth == 0) {
                root[0] = json;
            } else {
                open.get(depth - 1).add(json);
            }
            open.subList(depth, open.size()).clear();
            open.add(children);
        });
        return root[0];
    }

    private interface NodeVisitor {
        void visit(int node, int depth);
    }

    /** Depth first in child order, without recursion (trees of deep recursion are deep). */
    private static void visit(CallTree tree, TreeOptions options, int[] hidden, NodeVisitor visitor) {
        long total = tree.totalNanos(CallTree.ROOT);
        double minNanos = total * options.minPercent() / 100;
        Deque<int[]> pending = new ArrayDeque<>();
        pending.push(new int[] {CallTree.ROOT, 0});
        while (!pending.isEmpty()) {
            int[] next = pending.pop();
            int node = next[0];
            int depth = next[1];
            visitor.visit(node, depth);
            int[] children = tree.children(node);
            List<Integer> shown = new ArrayList<>();
            for (int child : children) {
                if (depth < options.depth() && shown.size() < options.limit() && tree.totalNanos(child) >= minNanos
                        && tree.totalNanos(child) > 0) {
                    shown.add(child);
                } else {
                    hidden[0] += 1;
                }
            }
            for (int i = shown.size() - 1; i >= 0; i--) {
                pending.push(new int[] {shown.get(i), depth + 1});
            }
        }
    }
}
