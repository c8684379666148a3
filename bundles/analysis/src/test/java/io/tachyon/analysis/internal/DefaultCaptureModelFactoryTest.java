package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CapturedModule;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Throttle;
import io.tachyon.api.symbols.ModuleRef;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class DefaultCaptureModelFactoryTest {

    private static final Path FILE = Path.of("/captures/test.tcap");
    private static final CaptureMetadata METADATA = new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64",
            "test cpu", 2, List.of("app"), "CLOCK_MONOTONIC", 5, 1_700_000_000_000_000_000L, Map.of());

    private static final int APP = 100;
    private static final int CHILD = 200;

    /** libfoo.so is mapped at 0x400000 from file offset 0x1000; its symbols are at file offsets. */
    private static final String LIBFOO = "/usr/lib/libfoo.so";
    private static final long FOO_START = 0x400000;
    private static final long FOO_FILE_OFFSET = 0x1000;
    private static final long MAIN = 0x1000;
    private static final long COMPUTE = 0x1100;
    private static final long HELPER = 0x1200;
    private static final long RECURSE = 0x1300;

    private static final String LIBBAR = "/opt/bar/libbar.so";
    private static final long BAR_START = 0x500000;

    /** The kernel mapping runs to the top of the address space: start + length wraps to 0. */
    private static final long KERNEL_START = 0xffffffff81000000L;
    private static final long KERNEL_LENGTH = -KERNEL_START;
    private static final long DO_SYSCALL_64 = KERNEL_START + 0x1000;
    private static final long SYS_READ = KERNEL_START + 0x2000;

    private static final long[] NO_KERNEL = {};

    private final InMemoryCaptureStore store = new InMemoryCaptureStore();
    private final DefaultCaptureModelFactory factory = new DefaultCaptureModelFactory(store);
    private final TableSymbolResolver symbols = new TableSymbolResolver()
            .symbol(LIBFOO, "main", MAIN, 0x100)
            .symbol(LIBFOO, "compute", COMPUTE, 0x100)
            .symbol(LIBFOO, "helper", HELPER, 0x100)
            .symbol(LIBFOO, "recurse", RECURSE, 0x100)
            .symbol(LIBBAR, "bar_work", 0, 0x1000)
            .symbol(ModuleMapping.KERNEL_PATH, "do_syscall_64", DO_SYSCALL_64, 0x100)
            .symbol(ModuleMapping.KERNEL_PATH, "sys_read", SYS_READ, 0x100);

    @BeforeEach
    void registerResolver() {
        factory.addResolver(symbols, service(1, 0));
    }

    @Test
    void countsSelfAndTotalBySamplesAndPeriods() throws IOException {
        CaptureModel model = open(
                appWithLibfoo(),
                sample(10, APP, 1000, NO_KERNEL, foo(COMPUTE + 0x10), foo(MAIN + 0x20)),
                sample(11, APP, 3000, NO_KERNEL, foo(HELPER + 0x5), foo(COMPUTE + 0x30), foo(MAIN + 0x20)),
                sample(12, APP, 2000, NO_KERNEL, foo(COMPUTE + 0x10), foo(MAIN + 0x20)));

        assertThat(model.functions()).containsExactly(
                new FunctionCost("compute", "libfoo.so", 2, 3, 3000, 6000),
                new FunctionCost("helper", "libfoo.so", 1, 1, 3000, 3000),
                new FunctionCost("main", "libfoo.so", 0, 3, 0, 6000));
        assertThat(model.sampleCount()).isEqualTo(3);
        assertThat(model.sampledNanos()).isEqualTo(6000);
        StackFrame main = new StackFrame("main", "libfoo.so", false);
        StackFrame compute = new StackFrame("compute", "libfoo.so", false);
        assertThat(model.stacks()).containsExactly(
                new StackCost(List.of(main, compute), 2, 3000),
                new StackCost(List.of(main, compute, new StackFrame("helper", "libfoo.so", false)), 1, 3000));
    }

    @Test
    void internsIdenticalStacksOnceAndKeepsSamplesAsColumns() throws IOException {
        CaptureModel opened = open(
                appWithLibfoo(),
                sample(10, APP, 1000, NO_KERNEL, foo(COMPUTE + 0x10), foo(MAIN + 0x20)),
                sample(11, APP, 3000, NO_KERNEL, foo(HELPER + 0x5), foo(COMPUTE + 0x30), foo(MAIN + 0x20)),
                // Another address in the same functions: the same resolved stack.
                new Sample(12, 1, APP, APP, 2000, NO_KERNEL, new long[] {foo(COMPUTE + 0x44), foo(MAIN + 0x20)}));
        ColumnarCaptureModel model = (ColumnarCaptureModel) opened;

        // main, main>compute, main>compute>helper
        assertThat(model.stackTable().size()).isEqualTo(3);
        SampleTable samples = model.samples();
        assertThat(samples.stack(2)).isEqualTo(samples.stack(0));
        assertThat(samples.stack(1)).isNotEqualTo(samples.stack(0));
        assertThat(model.stackTable().prefix(samples.stack(1))).isEqualTo(samples.stack(0));
        assertThat(samples.time(2)).isEqualTo(12);
        assertThat(samples.cpu(2)).isEqualTo(1);
        assertThat(samples.period(2)).isEqualTo(2000);
        assertThat(model.threadTable().tid(samples.thread(2))).isEqualTo(APP);
    }

    @Test
    void countsRecursionOnceInTotal() throws IOException {
        CaptureModel model = open(
                appWithLibfoo(),
                sample(10, APP, 500, NO_KERNEL, foo(RECURSE + 0x10), foo(RECURSE + 0x40), foo(RECURSE + 0x40),
                        foo(MAIN + 0x20)),
                sample(11, APP, 500, NO_KERNEL, foo(RECURSE + 0x10), foo(RECURSE + 0x40), foo(MAIN + 0x20)));

        assertThat(model.functions()).containsExactly(
                new FunctionCost("recurse", "libfoo.so", 2, 2, 1000, 1000),
                new FunctionCost("main", "libfoo.so", 0, 2, 0, 1000));
    }

    @Test
    void looksUpReturnAddressesOneByteEarlier() throws IOException {
        // main ends with a call (to a function that does not return): its return address is the first
        // byte of compute. As a caller frame it belongs to main; as the leaf it is compute.
        CaptureModel model = open(
                appWithLibfoo(),
                sample(10, APP, 100, NO_KERNEL, foo(HELPER + 0x5), foo(COMPUTE)),
                sample(11, APP, 100, NO_KERNEL, foo(COMPUTE)));

        assertThat(model.functions()).extracting(FunctionCost::function, FunctionCost::selfSamples,
                FunctionCost::totalSamples).containsExactlyInAnyOrder(
                tuple("helper", 1L, 1L),
                tuple("compute", 1L, 1L),
                tuple("main", 0L, 1L));
        assertThat(symbols.lookups).containsExactlyInAnyOrder(HELPER + 0x5, COMPUTE - 1, COMPUTE);
    }

    @Test
    void resolvesAHotAddressOnceAndLoadsAModuleOnce() throws IOException {
        CaptureEvent[] events = new CaptureEvent[101];
        events[0] = appWithLibfoo();
        for (int i = 1; i <= 100; i++) {
            events[i] = sample(10 + i, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10), foo(MAIN + 0x20));
        }
        CaptureModel model = open(events);

        assertThat(model.functions()).extracting(FunctionCost::function, FunctionCost::selfSamples)
                .containsExactly(tuple("compute", 100L), tuple("main", 0L));
        assertThat(symbols.lookups).containsExactlyInAnyOrder(COMPUTE + 0x10, MAIN + 0x1f);
        assertThat(symbols.loads).containsExactly(new ModuleRef(LIBFOO, "f00d", ModuleRef.Kind.USER));
    }

    @Test
    void forkedProcessStartsWithItsParentsMappings() throws IOException {
        CaptureModel model = open(
                appWithLibfoo(),
                new ThreadStart(2, CHILD, CHILD, APP, APP),
                // Mapped by the parent after the fork: the child does not have it.
                new ModuleMapping(3, APP, APP, BAR_START, 0x1000, 0, LIBBAR, null),
                sample(10, CHILD, 100, NO_KERNEL, foo(COMPUTE + 0x10)),
                sample(11, CHILD, 100, NO_KERNEL, BAR_START + 0x10),
                sample(12, APP, 100, NO_KERNEL, BAR_START + 0x10));

        assertThat(model.functions()).extracting(FunctionCost::function, FunctionCost::module,
                FunctionCost::selfSamples).containsExactlyInAnyOrder(
                tuple("compute", "libfoo.so", 1L),
                tuple("[unknown] 0x500010", "[unknown]", 1L),
                tuple("bar_work", "libbar.so", 1L));
    }

    @Test
    void execClearsTheProcessMappings() throws IOException {
        CaptureModel model = open(
                appWithLibfoo(),
                new ThreadStart(2, CHILD, CHILD, APP, APP),
                sample(3, CHILD, 100, NO_KERNEL, foo(COMPUTE + 0x10)),
                new ThreadName(4, CHILD, CHILD, "tool", true),
                sample(5, CHILD, 100, NO_KERNEL, foo(COMPUTE + 0x10)),
                // The new program maps libbar where libfoo was.
                new ModuleMapping(6, CHILD, CHILD, FOO_START, 0x1000, 0, LIBBAR, null),
                sample(7, CHILD, 100, NO_KERNEL, FOO_START + 0x110),
                // The parent did not exec: it still has libfoo.
                sample(8, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10)));

        assertThat(model.functions()).extracting(FunctionCost::function, FunctionCost::selfSamples)
                .containsExactlyInAnyOrder(
                        tuple("compute", 2L),
                        tuple("[unknown] 0x400110", 1L),
                        tuple("bar_work", 1L));
    }

    @Test
    void aRepeatedStackIsNamedAgainAfterItsRangeIsMappedAnew() throws IOException {
        CaptureModel model = open(
                appWithLibfoo(),
                sample(10, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10), foo(MAIN + 0x20)),
                sample(11, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10), foo(MAIN + 0x20)),
                // dlclose + dlopen: libbar now lies where compute was; main's page keeps libfoo.
                new ModuleMapping(12, APP, APP, foo(COMPUTE) & ~0xFFFL, 0x1000, 0, LIBBAR, null),
                sample(13, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10), foo(MAIN + 0x20)));

        assertThat(model.functions()).extracting(FunctionCost::function, FunctionCost::selfSamples)
                .containsExactlyInAnyOrder(tuple("compute", 2L), tuple("bar_work", 1L), tuple("main", 0L));
    }

    @Test
    void theSameUserFramesUnderAKernelFrameAreAllReturnAddresses() throws IOException {
        CaptureModel model = open(
                appWithLibfoo(),
                new ModuleMapping(0, ModuleMapping.KERNEL_PID, ModuleMapping.KERNEL_PID, KERNEL_START,
                        KERNEL_LENGTH, 0, ModuleMapping.KERNEL_PATH, null),
                // Interrupted at helper's first instruction: the leaf is helper ...
                sample(10, APP, 100, NO_KERNEL, foo(HELPER), foo(MAIN + 0x20)),
                // ... but as the return address of a system call the same address lies after a call in compute.
                sample(11, APP, 100, new long[] {SYS_READ + 0x10}, foo(HELPER), foo(MAIN + 0x20)),
                sample(12, APP, 100, NO_KERNEL, foo(HELPER), foo(MAIN + 0x20)));

        assertThat(model.functions()).extracting(FunctionCost::function, FunctionCost::selfSamples,
                FunctionCost::totalSamples).containsExactlyInAnyOrder(
                tuple("helper", 2L, 2L), tuple("sys_read", 1L, 1L), tuple("compute", 0L, 1L), tuple("main", 0L, 3L));
    }

    @Test
    void resolvesKernelFramesThroughTheKernelModuleForEveryProcess() throws IOException {
        CaptureModel model = open(
                new ModuleMapping(0, ModuleMapping.KERNEL_PID, ModuleMapping.KERNEL_PID, KERNEL_START,
                        KERNEL_LENGTH, 0, ModuleMapping.KERNEL_PATH, "c0ffee"),
                appWithLibfoo(),
                sample(10, APP, 700, new long[] {SYS_READ + 0x10, DO_SYSCALL_64 + 0x50}, foo(MAIN + 0x20)),
                // A process whose own mappings the capture never saw still has a kernel.
                sample(11, 300, 300, new long[] {SYS_READ + 0x10}));

        assertThat(model.functions()).containsExactly(
                new FunctionCost("sys_read", "[kernel.kallsyms]", 2, 2, 1000, 1000),
                new FunctionCost("do_syscall_64", "[kernel.kallsyms]", 0, 1, 0, 700),
                new FunctionCost("main", "libfoo.so", 0, 1, 0, 700));
        assertThat(symbols.loads).contains(
                new ModuleRef(ModuleMapping.KERNEL_PATH, "c0ffee", ModuleRef.Kind.KERNEL));
        assertThat(model.stacks()).containsExactly(
                new StackCost(List.of(new StackFrame("main", "libfoo.so", false),
                        new StackFrame("do_syscall_64", "[kernel.kallsyms]", true),
                        new StackFrame("sys_read", "[kernel.kallsyms]", true)), 1, 700),
                new StackCost(List.of(new StackFrame("sys_read", "[kernel.kallsyms]", true)), 1, 300));
        // Kernel addresses are given as they are; the user frame below the kernel is a return address.
        assertThat(symbols.lookups).containsExactlyInAnyOrder(SYS_READ + 0x10, DO_SYSCALL_64 + 0x4f, MAIN + 0x1f);
    }

    @Test
    void namesUnresolvedFramesByModuleAndFileOffset() throws IOException {
        CaptureModel model = open(
                appWithLibfoo(),
                new ModuleMapping(2, APP, APP, 0x600000, 0x2000, 0x3000, "/usr/lib/libnosym.so", null),
                // Leaf in libfoo beyond its last symbol; caller in a library no resolver serves.
                sample(10, APP, 100, NO_KERNEL, foo(0x5a2b), 0x600100),
                // Nothing mapped at all.
                sample(11, APP, 100, NO_KERNEL, 0x7fff0000L));

        assertThat(model.functions()).extracting(FunctionCost::function, FunctionCost::module,
                FunctionCost::selfSamples, FunctionCost::totalSamples).containsExactly(
                tuple("[unknown] 0x7fff0000", "[unknown]", 1L, 1L),
                tuple("libfoo.so+0x5a2b", "libfoo.so", 1L, 1L),
                // A caller is named at its return address - 1, the byte of the call it looked up.
                tuple("libnosym.so+0x30ff", "libnosym.so", 0L, 1L));
    }

    @Test
    void summarizesThreadsWithTheirLastNamesBusiestFirst() throws IOException {
        CaptureModel model = open(
                new ThreadName(1, APP, APP, "app", false),
                appWithLibfoo(),
                new ThreadStart(2, APP, 101, APP, APP),
                sample(3, APP, APP, 100, NO_KERNEL, foo(MAIN + 0x20)),
                sample(4, APP, 101, 400, NO_KERNEL, foo(COMPUTE + 0x10)),
                new ThreadName(5, APP, 101, "worker-1", false),
                new ThreadName(6, APP, 101, "io-worker", false),
                sample(7, APP, 101, 400, NO_KERNEL, foo(COMPUTE + 0x10)),
                new ThreadStart(8, APP, 102, APP, APP),
                new ThreadExit(9, APP, 102));

        assertThat(model.threads()).containsExactly(
                new ThreadSummary(APP, 101, "io-worker", "app", 2, 800),
                new ThreadSummary(APP, APP, "app", "app", 1, 100),
                // Never renamed: it keeps the name it was created with, as the kernel copies it.
                new ThreadSummary(APP, 102, "app", "app", 0, 0));
    }

    @Test
    void namesThreadsThatTheCaptureNeverNamedByTheirIds() throws IOException {
        CaptureModel model = open(sample(3, 400, 401, 100, NO_KERNEL, 0x1000));

        assertThat(model.threads()).containsExactly(new ThreadSummary(400, 401, ":401", ":400", 1, 100));
    }

    @Test
    void higherRankingResolverWins() throws IOException {
        TableSymbolResolver preferred = new TableSymbolResolver().symbol(LIBFOO, "compute_from_debuginfo",
                COMPUTE, 0x100);
        TableSymbolResolver emptyHandedButHigher = new TableSymbolResolver();
        factory.addResolver(preferred, service(2, 10));
        factory.addResolver(emptyHandedButHigher, service(3, 20));

        assertThat(functionNames(openComputeSample())).containsExactly("compute_from_debuginfo");
        assertThat(emptyHandedButHigher.loads).hasSize(1);

        factory.removeResolver(preferred, service(2, 10));
        assertThat(functionNames(openComputeSample())).containsExactly("compute");
    }

    @Test
    void equalRankingPrefersTheEarlierServiceAndRankingUpdatesReorder() throws IOException {
        TableSymbolResolver later = new TableSymbolResolver().symbol(LIBFOO, "compute_later", COMPUTE, 0x100);
        factory.addResolver(later, service(2, 0));

        assertThat(functionNames(openComputeSample())).containsExactly("compute");

        factory.updateResolver(later, service(2, 5));
        assertThat(functionNames(openComputeSample())).containsExactly("compute_later");
    }

    @Test
    void survivesAResolverLeavingInTheMiddleOfABuild() throws IOException {
        TableSymbolResolver leaving = new TableSymbolResolver()
                .symbol(LIBFOO, "compute_leaving", COMPUTE, 0x100)
                .symbol(LIBBAR, "bar_leaving", 0, 0x1000);
        factory.addResolver(leaving, service(2, 10));
        Path file = write(
                appWithLibfoo(),
                sample(10, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10)),
                new ModuleMapping(11, APP, APP, BAR_START, 0x1000, 0, LIBBAR, null),
                sample(12, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10)),
                sample(13, APP, 100, NO_KERNEL, foo(COMPUTE + 0x20)),
                sample(14, APP, 100, NO_KERNEL, BAR_START + 0x10));
        store.runBefore(file, 3, () -> {
            factory.removeResolver(leaving, service(2, 10));
            leaving.stop();
        });

        CaptureModel model = factory.open(file);

        assertThat(model.functions()).extracting(FunctionCost::function, FunctionCost::selfSamples)
                .containsExactlyInAnyOrder(
                        // Resolved while it was there, and cached.
                        tuple("compute_leaving", 2L),
                        // Its symbols fail after it left: named by offset instead of breaking the build.
                        tuple("libfoo.so+0x1120", 1L),
                        // A module first seen after it left goes to the resolver still registered.
                        tuple("bar_work", 1L));
    }

    @Test
    void aResolverThatThrowsPassesTheModuleOnToTheNext() throws IOException {
        TableSymbolResolver failing = new TableSymbolResolver().symbol(LIBFOO, "compute_failing", COMPUTE, 0x100);
        failing.stop();
        factory.addResolver(failing, service(2, 10));

        assertThat(functionNames(openComputeSample())).containsExactly("compute");
    }

    @Test
    void sumsLostRecordsAndSpansFirstToLastEvent() throws IOException {
        CaptureModel model = open(
                new ThreadName(20, APP, APP, "app", false),
                new LostRecords(30, 0, 5),
                new Throttle(35, 1, true),
                // Another CPU's event, earlier than the ones before it in the file.
                new LostRecords(15, 1, 7),
                sample(40, APP, 100, NO_KERNEL, 0x1000));

        assertThat(model.lostRecords()).isEqualTo(12);
        assertThat(model.startTime()).isEqualTo(15);
        assertThat(model.endTime()).isEqualTo(40);
        assertThat(model.file()).isEqualTo(FILE);
        assertThat(model.metadata()).isEqualTo(METADATA);
    }

    @Test
    void anEmptyCaptureSpansItsStartTime() throws IOException {
        CaptureModel model = open();

        assertThat(model.startTime()).isEqualTo(METADATA.startTime());
        assertThat(model.endTime()).isEqualTo(METADATA.startTime());
        assertThat(model.sampleCount()).isZero();
        assertThat(model.functions()).isEmpty();
        assertThat(model.threads()).isEmpty();
    }

    @Test
    void aDamagedCaptureShowsWhatCameBeforeTheDamageAndSaysWhere() throws IOException {
        Path file = write(appWithLibfoo(), sample(10, APP, 100, NO_KERNEL, foo(MAIN)),
                sample(11, APP, 100, NO_KERNEL, foo(MAIN)));
        store.damage(file, 2, 4096, "unknown record type 0x7f");

        CaptureModel model = factory.open(file);

        assertThat(model.sampleCount()).as("the sample before the damage").isEqualTo(1);
        assertThat(model.warnings()).anySatisfy(warning -> assertThat(warning)
                .contains("damaged").contains(FILE + " at offset 4096: unknown record type 0x7f"));
    }

    @Test
    void aCaptureThatWasNeverClosedSaysSo() throws IOException {
        assertThat(openComputeSample().warnings()).isEmpty();

        CaptureWriter writer = store.create(FILE);
        writer.metadata(METADATA);
        writer.accept(sample(10, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10)));
        writer.flush();

        CaptureModel model = factory.open(FILE);
        assertThat(model.sampleCount()).isEqualTo(1);
        assertThat(model.warnings()).singleElement().asString().contains("not closed cleanly");
    }

    @Test
    void streamsSamplesInTimeOrderWithTheirStacks() throws IOException {
        CaptureModel model = open(appWithLibfoo(),
                sample(12, APP, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10), foo(MAIN + 0x20)),
                sample(10, APP, APP + 1, 200, NO_KERNEL, foo(HELPER + 0x5)),
                sample(11, APP, APP, 300, NO_KERNEL));
        List<long[]> seen = new ArrayList<>();
        List<List<StackFrame>> stacks = new ArrayList<>();
        model.samples(CaptureFilter.ALL, (time, period, cpu, pid, tid, stack) -> {
            seen.add(new long[] {time, period, pid, tid});
            stacks.add(model.stack(stack));
        });

        assertThat(seen).containsExactly(new long[] {10, 200, APP, APP + 1}, new long[] {11, 300, APP, APP},
                new long[] {12, 100, APP, APP});
        assertThat(stacks).containsExactly(List.of(new StackFrame("helper", "libfoo.so", false)), List.of(),
                List.of(new StackFrame("main", "libfoo.so", false), new StackFrame("compute", "libfoo.so", false)));
        assertThat(model.modules()).containsExactly(new CapturedModule("libfoo.so", LIBFOO, "f00d", false));
    }

    @Test
    void aFilteredModelHoldsTheSamplesOfItsWindowAndThreads() throws IOException {
        CaptureModel model = open(appWithLibfoo(),
                sample(10, APP, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10)),
                sample(20, APP, APP, 200, NO_KERNEL, foo(COMPUTE + 0x10)),
                sample(21, APP, APP + 1, 400, NO_KERNEL, foo(HELPER + 0x5)),
                sample(30, APP, APP, 800, NO_KERNEL, foo(MAIN + 0x5)));

        CaptureModel window = model.filtered(new CaptureFilter(15, 30, Set.of(), Set.of()));
        CaptureModel thread = window.filtered(new CaptureFilter(0, 100, Set.of(APP), Set.of(APP)));

        assertThat(window.sampleCount()).isEqualTo(2);
        assertThat(window.startTime()).isEqualTo(15);
        assertThat(window.endTime()).isEqualTo(30);
        assertThat(functionNames(window)).containsExactly("helper", "compute");
        assertThat(thread.sampleCount()).isEqualTo(1);
        assertThat(thread.sampledNanos()).isEqualTo(200);
        assertThat(thread.threads()).extracting(ThreadSummary::tid).containsExactly(APP);
        assertThat(thread.threadStates()).extracting(states -> states.thread().tid()).containsExactly(APP);
        List<Long> times = new ArrayList<>();
        model.samples(new CaptureFilter(0, 25, Set.of(), Set.of(APP + 1)), (time, p, c, pid, tid, s) -> times.add(time));
        assertThat(times).containsExactly(21L);
    }

    private CaptureModel openComputeSample() throws IOException {
        return open(appWithLibfoo(), sample(10, APP, 100, NO_KERNEL, foo(COMPUTE + 0x10)));
    }

    private static List<String> functionNames(CaptureModel model) {
        return model.functions().stream().map(FunctionCost::function).toList();
    }

    private CaptureModel open(CaptureEvent... events) throws IOException {
        return factory.open(write(events));
    }

    private Path write(CaptureEvent... events) throws IOException {
        try (CaptureWriter writer = store.create(FILE)) {
            writer.metadata(METADATA);
            for (CaptureEvent event : events) {
                writer.accept(event);
            }
        }
        return FILE;
    }

    private static ModuleMapping appWithLibfoo() {
        return new ModuleMapping(1, APP, APP, FOO_START, 0x10000, FOO_FILE_OFFSET, LIBFOO, "f00d");
    }

    /** The address at which libfoo's file offset is mapped. */
    private static long foo(long fileOffset) {
        return fileOffset - FOO_FILE_OFFSET + FOO_START;
    }

    private static Sample sample(long time, int pid, long period, long[] kernelFrames, long... userFrames) {
        return sample(time, pid, pid, period, kernelFrames, userFrames);
    }

    private static Sample sample(long time, int pid, int tid, long period, long[] kernelFrames,
            long... userFrames) {
        return new Sample(time, 0, pid, tid, period, kernelFrames, userFrames);
    }

    private static Map<String, Object> service(long id, int ranking) {
        return Map.of("service.id", id, "service.ranking", ranking);
    }
}
