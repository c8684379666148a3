package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.Butterfly;
import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.FunctionFilter;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.storage.internal.TcapCaptureStore;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Call trees, butterflies and function filters over a small capture written through the real storage bundle,
 * every expected number worked out by hand from the eight samples below.
 *
 * <pre>
 *  sample  thread  period  stack (outermost first)
 *  S1      100     1000    main a b
 *  S2      101     1000    main a b
 *  S3      100     2000    main a
 *  S4      101     4000    main c b
 *  S5      100      500    main a a b     (recursion)
 *  S6      100     3000    main c lock
 *  S7      101      100    main
 *  S8      100       50    (no frames)
 *  all: 8 samples, 11650 ns
 * </pre>
 */
class CallTreeTest {

    private static final int PID = 100;
    private static final int OTHER_TID = 101;
    private static final long LIB = 0x400000;
    private static final long MAIN = 0x1000;
    private static final long A = 0x1100;
    private static final long B = 0x1200;
    private static final long C = 0x1300;
    private static final long LOCK = 0x1400;

    @TempDir
    Path directory;
    private CaptureModel model;

    @BeforeEach
    void writeCapture() throws IOException {
        CaptureStore store = new TcapCaptureStore(defaults(TcapCaptureStore.Config.class));
        Path file = directory.resolve("tree.tcap");
        try (CaptureWriter writer = store.create(file)) {
            writer.metadata(new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64", "test cpu", 2,
                    List.of("app"), "CLOCK_MONOTONIC", 1, 1_700_000_000_000_000_000L, Map.of()));
            writer.accept(new ThreadName(1, PID, PID, "app", true));
            writer.accept(new ThreadName(1, PID, OTHER_TID, "worker", false));
            writer.accept(new ModuleMapping(1, PID, PID, LIB, 0x10000, 0, "/opt/app/libapp.so", null));
            writer.accept(sample(10, PID, 1000, MAIN, A, B));
            writer.accept(sample(20, OTHER_TID, 1000, MAIN, A, B));
            writer.accept(sample(30, PID, 2000, MAIN, A));
            writer.accept(sample(40, OTHER_TID, 4000, MAIN, C, B));
            writer.accept(sample(50, PID, 500, MAIN, A, A, B));
            writer.accept(sample(60, PID, 3000, MAIN, C, LOCK));
            writer.accept(sample(70, OTHER_TID, 100, MAIN));
            writer.accept(sample(80, PID, 50));
        }
        DefaultCaptureModelFactory factory = new DefaultCaptureModelFactory(store);
        factory.addResolver(new TableSymbolResolver()
                .symbol("/opt/app/libapp.so", "main", MAIN, 0x100)
                .symbol("/opt/app/libapp.so", "a", A, 0x100)
                .symbol("/opt/app/libapp.so", "b", B, 0x100)
                .symbol("/opt/app/libapp.so", "c", C, 0x100)
                .symbol("/opt/app/libapp.so", "lock", LOCK, 0x100), Map.of("service.id", 1L, "service.ranking", 0));
        model = factory.open(file);
    }

    @Test
    void topDownTreeSumsEveryPathFromTheOutermostCaller() {
        CallTree tree = model.callTree(false);

        assertThat(tree.inverted()).isFalse();
        // name totalSamples totalNanos selfSamples selfNanos, children by total time
        assertThat(render(tree)).containsExactly(
                "(all) 8 11650 1 50",
                "  main 7 11600 1 100",
                "    c 2 7000 0 0",
                "      b 1 4000 1 4000",
                "      lock 1 3000 1 3000",
                "    a 4 4500 1 2000",
                "      b 2 2000 2 2000",
                "      a 1 500 0 0",
                "        b 1 500 1 500");
        assertThat(tree.size()).isEqualTo(9);
        assertThat(tree.parent(CallTree.ROOT)).isEqualTo(-1);
        assertThat(tree.frame(CallTree.ROOT)).isNull();
        int main = tree.children(CallTree.ROOT)[0];
        assertThat(tree.frame(main)).isEqualTo(new StackFrame("main", "libapp.so", false));
        assertThat(tree.parent(tree.children(main)[1])).isEqualTo(main);
        assertThat(tree.depth(tree.children(main)[1])).isEqualTo(2);
        assertThat(model.callTree(false)).as("built once").isSameAs(tree);
    }

    @Test
    void bottomUpTreeStartsAtTheSampledFunctions() {
        CallTree tree = model.callTree(true);

        assertThat(tree.inverted()).isTrue();
        assertThat(render(tree)).containsExactly(
                "(all) 8 11650 1 50",
                "  b 4 6500 4 6500",
                "    c 1 4000 0 0",
                "      main 1 4000 0 0",
                "    a 3 2500 0 0",
                "      main 2 2000 0 0",
                "      a 1 500 0 0",
                "        main 1 500 0 0",
                "  lock 1 3000 1 3000",
                "    c 1 3000 0 0",
                "      main 1 3000 0 0",
                "  a 1 2000 1 2000",
                "    main 1 2000 0 0",
                "  main 1 100 1 100");
    }

    @Test
    void butterflyOfARecursiveFunctionCountsEachPairOncePerSample() {
        Butterfly butterfly = model.butterfly("a");

        assertThat(butterfly.function()).isEqualTo(new FunctionCost("a", "libapp.so", 1, 4, 2000, 4500));
        // callers: main called a in S1 S2 S3 S5, the stack ends main>a in S3; a called a in S5 only.
        assertThat(butterfly.callers()).containsExactly(
                new FunctionCost("main", "libapp.so", 1, 4, 2000, 4500),
                new FunctionCost("a", "libapp.so", 0, 1, 0, 500));
        // callees: a called b in S1 S2 S5 (each ends a>b), a called a in S5.
        assertThat(butterfly.callees()).containsExactly(
                new FunctionCost("b", "libapp.so", 3, 3, 2500, 2500),
                new FunctionCost("a", "libapp.so", 0, 1, 0, 500));
    }

    @Test
    void butterflyOfALeafAndOfTheOutermostFunction() {
        Butterfly leaf = model.butterfly("b");
        assertThat(leaf.function()).isEqualTo(new FunctionCost("b", "libapp.so", 4, 4, 6500, 6500));
        assertThat(leaf.callers()).containsExactly(
                new FunctionCost("c", "libapp.so", 1, 1, 4000, 4000),
                new FunctionCost("a", "libapp.so", 3, 3, 2500, 2500));
        assertThat(leaf.callees()).isEmpty();

        Butterfly outermost = model.butterfly("main");
        assertThat(outermost.function()).isEqualTo(new FunctionCost("main", "libapp.so", 1, 7, 100, 11600));
        assertThat(outermost.callers()).isEmpty();
        assertThat(outermost.callees()).containsExactly(
                new FunctionCost("c", "libapp.so", 0, 2, 0, 7000),
                new FunctionCost("a", "libapp.so", 1, 4, 2000, 4500));
    }

    @Test
    void butterflyOfAFunctionNoSampleHitNamesIt() {
        assertThatThrownBy(() -> model.butterfly("never_called"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'never_called'");
        assertThatThrownBy(() -> model.filtered(filter(List.of(), List.of("c"), List.of())).butterfly("lock"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'lock'");
    }

    @Test
    void excludeDropsTheSamplesOfAFunctionAndAGlobMatchesByPrefix() {
        // Without S4 and S6: 6 samples, 11650 - 7000 ns.
        CaptureModel withoutC = model.filtered(filter(List.of(), List.of("c"), List.of()));

        assertThat(withoutC.sampleCount()).isEqualTo(6);
        assertThat(withoutC.sampledNanos()).isEqualTo(4650);
        assertThat(render(withoutC.callTree(false))).containsExactly(
                "(all) 6 4650 1 50",
                "  main 5 4600 1 100",
                "    a 4 4500 1 2000",
                "      b 2 2000 2 2000",
                "      a 1 500 0 0",
                "        b 1 500 1 500");
        // The worker thread keeps S2 and S7 only.
        assertThat(withoutC.threads()).filteredOn(thread -> thread.tid() == OTHER_TID)
                .extracting(ThreadSummary::cpuNanos).containsExactly(1100L);
        // "lo*" matches lock only: S6 goes.
        assertThat(model.filtered(filter(List.of(), List.of("lo*"), List.of())).sampledNanos()).isEqualTo(8650);
    }

    @Test
    void mergeGivesAFunctionsSelfTimeToItsCaller() {
        // main b (S1 S2 S5), main (S3 S7), main c b (S4), main c lock (S6)
        CaptureModel merged = model.filtered(filter(List.of(), List.of(), List.of("a")));

        assertThat(render(merged.callTree(false))).containsExactly(
                "(all) 8 11650 1 50",
                "  main 7 11600 2 2100",
                "    c 2 7000 0 0",
                "      b 1 4000 1 4000",
                "      lock 1 3000 1 3000",
                "    b 3 2500 3 2500");
        assertThat(merged.functions()).extracting(FunctionCost::function).doesNotContain("a");
        CaptureModel everything = model.filtered(filter(List.of(), List.of(), List.of("*")));
        assertThat(render(everything.callTree(false))).containsExactly("(all) 8 11650 8 11650");
    }

    @Test
    void focusReRootsAtTheOutermostOccurrenceAndSeveralNamesNarrowInOrder() {
        // S1 S2: a b; S3: a; S5: a a b. Frameless S8 has no a, so it goes too.
        CaptureModel focused = model.filtered(filter(List.of("a"), List.of(), List.of()));

        assertThat(render(focused.callTree(false))).containsExactly(
                "(all) 4 4500 0 0",
                "  a 4 4500 1 2000",
                "    b 2 2000 2 2000",
                "    a 1 500 0 0",
                "      b 1 500 1 500");
        assertThat(focused.functions()).containsExactly(
                new FunctionCost("b", "libapp.so", 3, 3, 2500, 2500),
                new FunctionCost("a", "libapp.so", 1, 4, 2000, 4500));
        List<List<StackFrame>> stacks = new ArrayList<>();
        focused.samples(CaptureFilter.ALL, (time, period, cpu, pid, tid, stack) -> stacks.add(focused.stack(stack)));
        StackFrame a = new StackFrame("a", "libapp.so", false);
        StackFrame b = new StackFrame("b", "libapp.so", false);
        assertThat(stacks).containsExactly(List.of(a, b), List.of(a, b), List.of(a), List.of(a, a, b));

        // b under a: S1 S2 S5, rooted at b.
        assertThat(render(model.filtered(filter(List.of("a", "b"), List.of(), List.of())).callTree(false)))
                .containsExactly("(all) 3 2500 0 0", "  b 3 2500 3 2500");
        // Filtering again applies to what the first filter left: excluding b leaves S3 only.
        assertThat(render(focused.filtered(filter(List.of(), List.of("b"), List.of())).callTree(false)))
                .containsExactly("(all) 1 2000 0 0", "  a 1 2000 1 2000");
    }

    @Test
    void functionAndCaptureFiltersComposeInEitherOrder() {
        CaptureFilter worker = new CaptureFilter(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), Set.of(OTHER_TID));
        FunctionFilter focusA = filter(List.of("a"), List.of(), List.of());

        CaptureModel threadFirst = model.filtered(worker).filtered(focusA);
        CaptureModel functionFirst = model.filtered(focusA).filtered(worker);

        // Only S2 (worker, main a b) is left: a b, 1000 ns.
        List<String> expected = List.of("(all) 1 1000 0 0", "  a 1 1000 0 0", "    b 1 1000 1 1000");
        assertThat(render(threadFirst.callTree(false))).isEqualTo(expected);
        assertThat(render(functionFirst.callTree(false))).isEqualTo(expected);
        assertThat(threadFirst.functions()).isEqualTo(functionFirst.functions());
        assertThat(threadFirst.stacks()).isEqualTo(functionFirst.stacks());
        assertThat(threadFirst.butterfly("b")).isEqualTo(functionFirst.butterfly("b"));
        assertThat(model.filtered(FunctionFilter.NONE)).isSameAs(model);
    }

    @Test
    void aTimeWindowTreeCountsTheSamplesInIt() {
        // [25, 65): S3 S4 S5 S6
        CaptureModel window = model.filtered(new CaptureFilter(25, 65, Set.of(), Set.of()));

        assertThat(render(window.callTree(true))).containsExactly(
                "(all) 4 9500 0 0",
                "  b 2 4500 2 4500",
                "    c 1 4000 0 0",
                "      main 1 4000 0 0",
                "    a 1 500 0 0",
                "      a 1 500 0 0",
                "        main 1 500 0 0",
                "  lock 1 3000 1 3000",
                "    c 1 3000 0 0",
                "      main 1 3000 0 0",
                "  a 1 2000 1 2000",
                "    main 1 2000 0 0");
    }

    @Test
    void aFunctionNameFilterRejectsEmptyNames() {
        assertThatThrownBy(() -> new FunctionFilter(List.of(""), List.of(), List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("focus");
        assertThat(FunctionFilter.matches("std::*", "std::sort")).isTrue();
        assertThat(FunctionFilter.matches("std::*", "stdx")).isFalse();
        assertThat(FunctionFilter.matches("main", "main2")).isFalse();
    }

    private static FunctionFilter filter(List<String> focus, List<String> exclude, List<String> merge) {
        return new FunctionFilter(focus, exclude, merge);
    }

    /** The tree depth-first in child order, a line per node: name, total samples and nanos, self samples and nanos. */
    private static List<String> render(CallTree tree) {
        List<String> lines = new ArrayList<>();
        render(tree, CallTree.ROOT, "", lines);
        return lines;
    }

    private static void render(CallTree tree, int node, String indent, List<String> lines) {
        String name = node == CallTree.ROOT ? "(all)" : tree.frame(node).function();
        lines.add(indent + name + " " + tree.totalSamples(node) + " " + tree.totalNanos(node) + " "
                + tree.selfSamples(node) + " " + tree.selfNanos(node));
        for (int child : tree.children(node)) {
            render(tree, child, indent + "  ", lines);
        }
    }

    /** A sample on one CPU with user frames only, given outermost first as functions' file offsets. */
    private static Sample sample(long time, int tid, long period, long... outermostFirst) {
        long[] frames = new long[outermostFirst.length];
        for (int i = 0; i < frames.length; i++) {
            // The leaf is the sampled address itself; callers are return addresses a little into the function.
            long offset = i == 0 ? 0x8 : 0x20;
            frames[i] = LIB + outermostFirst[outermostFirst.length - 1 - i] + offset;
        }
        return new Sample(time, 0, PID, tid, period, new long[0], frames);
    }

    private static <T> T defaults(Class<T> config) {
        return config.cast(Proxy.newProxyInstance(CallTreeTest.class.getClassLoader(), new Class<?>[] {config},
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
