package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionFilter;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StackFrame;
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

/**
 * Siblings of equal time and equal display name (one function name in two libraries) come in one order however the
 * model was filtered: the order must not depend on the order in which stacks happened to be interned.
 *
 * <pre>
 *  sample  thread  period  stack (outermost first)
 *  S1      101     1000    main a f (libtwo.so)
 *  S2      100     1000    main a f (libone.so)
 *  S3      100     1000    main a f (libtwo.so)
 * </pre>
 * Focused on {@code a}, thread 100 first: the stack {@code a f(libone)} is interned before {@code a f(libtwo)}; focus
 * first: the other way round (S1, of the other thread, comes first).
 */
class CallTreeOrderTest {

    private static final int PID = 100;
    private static final int OTHER_TID = 101;
    private static final long APP = 0x400000;
    private static final long ONE = 0x500000;
    private static final long TWO = 0x600000;
    private static final long MAIN = 0x1000;
    private static final long A = 0x1100;
    private static final long F = 0x1200;

    @TempDir
    Path directory;
    private CaptureModel model;

    @BeforeEach
    void writeCapture() throws IOException {
        CaptureStore store = new TcapCaptureStore(defaults(TcapCaptureStore.Config.class));
        Path file = directory.resolve("order.tcap");
        try (CaptureWriter writer = store.create(file)) {
            writer.metadata(new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64", "test cpu", 2,
                    List.of("app"), "CLOCK_MONOTONIC", 1, 1_700_000_000_000_000_000L, Map.of()));
            writer.accept(new ThreadName(1, PID, PID, "app", true));
            writer.accept(new ThreadName(1, PID, OTHER_TID, "worker", false));
            writer.accept(new ModuleMapping(1, PID, PID, APP, 0x10000, 0, "/opt/app/libapp.so", null));
            writer.accept(new ModuleMapping(1, PID, PID, ONE, 0x10000, 0, "/opt/app/libone.so", null));
            writer.accept(new ModuleMapping(1, PID, PID, TWO, 0x10000, 0, "/opt/app/libtwo.so", null));
            writer.accept(sample(10, OTHER_TID, TWO));
            writer.accept(sample(20, PID, ONE));
            writer.accept(sample(30, PID, TWO));
        }
        DefaultCaptureModelFactory factory = new DefaultCaptureModelFactory(store);
        factory.addResolver(new TableSymbolResolver()
                .symbol("/opt/app/libapp.so", "main", MAIN, 0x100)
                .symbol("/opt/app/libapp.so", "a", A, 0x100)
                .symbol("/opt/app/libone.so", "f", F, 0x100)
                .symbol("/opt/app/libtwo.so", "f", F, 0x100), Map.of("service.id", 1L, "service.ranking", 0));
        model = factory.open(file);
    }

    @Test
    void siblingsOfEqualTimeAndNameKeepOneOrderWhicheverFilterComesFirst() {
        CaptureFilter mainThread = new CaptureFilter(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(), Set.of(PID));
        FunctionFilter focusA = new FunctionFilter(List.of("a"), List.of(), List.of());

        CaptureModel threadFirst = model.filtered(mainThread).filtered(focusA);
        CaptureModel functionFirst = model.filtered(focusA).filtered(mainThread);

        List<String> topDown = List.of("(all) 2000", "  a 2000", "    f libone.so 1000", "    f libtwo.so 1000");
        assertThat(render(threadFirst.callTree(false))).isEqualTo(topDown);
        assertThat(render(functionFirst.callTree(false))).isEqualTo(topDown);
        List<String> bottomUp = List.of("(all) 2000", "  f libone.so 1000", "    a 1000", "  f libtwo.so 1000",
                "    a 1000");
        assertThat(render(threadFirst.callTree(true))).isEqualTo(bottomUp);
        assertThat(render(functionFirst.callTree(true))).isEqualTo(bottomUp);
        assertThat(modulesOfLeaves(threadFirst.stacks())).containsExactly("libone.so", "libtwo.so");
        assertThat(modulesOfLeaves(functionFirst.stacks())).containsExactly("libone.so", "libtwo.so");
    }

    private static List<String> modulesOfLeaves(List<StackCost> stacks) {
        return stacks.stream().map(stack -> stack.frames().get(stack.frames().size() - 1).module()).toList();
    }

    /** Depth-first in child order: name (and module for f), total nanos. */
    private static List<String> render(CallTree tree) {
        List<String> lines = new ArrayList<>();
        render(tree, CallTree.ROOT, "", lines);
        return lines;
    }

    private static void render(CallTree tree, int node, String indent, List<String> lines) {
        StackFrame frame = tree.frame(node);
        String name = frame == null ? "(all)" : frame.function().equals("f") ? "f " + frame.module() : frame.function();
        lines.add(indent + name + " " + tree.totalNanos(node));
        for (int child : tree.children(node)) {
            render(tree, child, indent + "  ", lines);
        }
    }

    /** A sample of thread {@code tid}: main, a, then f in the library mapped at {@code library}. */
    private static Sample sample(long time, int tid, long library) {
        long[] leafFirst = {library + F + 0x8, APP + A + 0x20, APP + MAIN + 0x20};
        return new Sample(time, 0, PID, tid, 1000, new long[0], leafFirst);
    }

    private static <T> T defaults(Class<T> config) {
        return config.cast(Proxy.newProxyInstance(CallTreeOrderTest.class.getClassLoader(), new Class<?>[] {config},
                (proxy, method, args) -> method.getDefaultValue()));
    }
}
