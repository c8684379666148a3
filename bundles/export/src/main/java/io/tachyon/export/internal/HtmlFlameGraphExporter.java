package io.tachyon.export.internal;

import com.google.gson.stream.JsonWriter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.export.Exporter;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * A flame graph of the CPU time as one HTML file that needs nothing else: its script, style and data are inline
 * and it loads nothing from the network. Hover shows a frame's total and self time, click zooms, the search box
 * highlights functions and sums their time. Stacks are merged from the root, callees ordered by time. Frames under
 * {@value #HIDDEN_BELOW} of the total (narrower than a pixel at any sensible width) are left out; their time still
 * counts in their callers.
 */
@Component(service = Exporter.class, property = Exporter.FORMAT_PROPERTY + "=" + HtmlFlameGraphExporter.FORMAT)
public final class HtmlFlameGraphExporter implements Exporter {

    static final String FORMAT = "html";
    static final double HIDDEN_BELOW = 1e-5;
    private static final String TEMPLATE = "flamegraph.html";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileExtension() {
        return ".html";
    }

    @Override
    public void export(CaptureModel model, OutputStream out) throws IOException {
        String template = template();
        int data = template.indexOf("{{DATA}}");
        String title = "Tachyon flame graph: " + model.file().getFileName();
        Writer html = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        html.write(template.substring(0, data).replace("{{TITLE}}", escapeHtml(title)));
        html.write(data(model, title));
        html.write(template.substring(data + "{{DATA}}".length()));
        html.flush();
    }

    private static String data(CaptureModel model, String title) throws IOException {
        // The merged call tree is the stack trie: a node per distinct path from the root.
        StackTrie tree = new StackTrie();
        List<StackCost> stacks = model.stacks();
        int[] leaves = new int[stacks.size()];
        for (int i = 0; i < leaves.length; i++) {
            leaves[i] = tree.node(stacks.get(i).frames());
        }
        int nodes = tree.nodeCount();
        long[] total = new long[nodes];
        long[] self = new long[nodes];
        for (int i = 0; i < leaves.length; i++) {
            long nanos = stacks.get(i).nanos();
            if (leaves[i] != StackTrie.ROOT) {
                self[leaves[i]] += nanos;
            }
            for (int node = leaves[i]; node != StackTrie.ROOT; node = tree.parent(node)) {
                total[node] += nanos;
            }
        }
        long rootTotal = model.sampledNanos();
        long shownTotal = 0;
        for (int node = 0; node < nodes; node++) {
            if (tree.parent(node) == StackTrie.ROOT) {
                shownTotal += total[node];
            }
        }

        StringWriter text = new StringWriter();
        JsonWriter json = new JsonWriter(text);
        // The data sits in a <script> element: no "</script>" may appear in it.
        json.setHtmlSafe(true);
        json.beginObject();
        json.name("title").value(title);
        json.name("summary").value(summary(model));
        json.name("total").value(rootTotal);
        json.name("frames").beginArray();
        for (StackFrame frame : tree.frames()) {
            json.beginArray().value(frame.function()).value(frame.module()).value(frame.kernel() ? 1 : 0).endArray();
        }
        json.endArray();
        json.name("tree");
        new TreeWriter(json, tree, total, self, (long) Math.ceil(rootTotal * HIDDEN_BELOW))
                .write(StackTrie.ROOT, rootTotal, rootTotal - shownTotal);
        json.endObject();
        json.flush();
        return text.toString();
    }

    private static String summary(CaptureModel model) {
        StringBuilder summary = new StringBuilder(String.format(Locale.ROOT,
                "%d samples, %.1f ms of CPU time in %d threads, %.1f ms from %.1f ms", model.sampleCount(),
                model.sampledNanos() / 1e6, model.threads().size(), (model.endTime() - model.startTime()) / 1e6,
                model.metadata() == null ? 0.0 : (model.startTime() - model.metadata().startTime()) / 1e6));
        CaptureMetadata metadata = model.metadata();
        if (metadata != null) {
            summary.append(". ").append(String.join(" ", metadata.commandLine())).append(" on ")
                    .append(metadata.host()).append(" (").append(metadata.kernelRelease()).append(')');
        }
        return summary.toString();
    }

    private static String template() throws IOException {
        try (InputStream in = HtmlFlameGraphExporter.class.getResourceAsStream(TEMPLATE)) {
            if (in == null) {
                throw new IOException("the bundle lost its resource " + TEMPLATE);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    /** Writes the tree as nested {@code [frame, total, self, child...]}, callees by time, tiny ones left out. */
    private static final class TreeWriter {
        private final JsonWriter json;
        private final StackTrie tree;
        private final long[] total;
        private final long[] self;
        private final long minimum;
        /** The children of each node, the root's at the end, as ranges of {@code children}. */
        private final int[] offsets;
        private final int[] children;

        TreeWriter(JsonWriter json, StackTrie tree, long[] total, long[] self, long minimum) {
            this.json = json;
            this.tree = tree;
            this.total = total;
            this.self = self;
            this.minimum = minimum;
            int nodes = tree.nodeCount();
            offsets = new int[nodes + 2];
            for (int node = 0; node < nodes; node++) {
                offsets[slot(tree.parent(node)) + 1]++;
            }
            for (int i = 0; i <= nodes; i++) {
                offsets[i + 1] += offsets[i];
            }
            int[] next = java.util.Arrays.copyOf(offsets, nodes + 1);
            children = new int[nodes];
            for (int node = 0; node < nodes; node++) {
                children[next[slot(tree.parent(node))]++] = node;
            }
        }

        void write(int node, long nodeTotal, long nodeSelf) throws IOException {
            json.beginArray().value(node == StackTrie.ROOT ? -1 : tree.frameOf(node)).value(nodeTotal)
                    .value(nodeSelf);
            List<Integer> shown = new ArrayList<>();
            for (int i = offsets[slot(node)]; i < offsets[slot(node) + 1]; i++) {
                if (total[children[i]] >= minimum) {
                    shown.add(children[i]);
                }
            }
            shown.sort(Comparator.comparingLong((Integer child) -> total[child]).reversed()
                    .thenComparingInt(child -> tree.frameOf(child)));
            for (int child : shown) {
                write(child, total[child], self[child]);
            }
            json.endArray();
        }

        /** Nodes' children are kept at the node's index; the root's after the last node. */
        private int slot(int node) {
            return node == StackTrie.ROOT ? tree.nodeCount() : node;
        }
    }
}
