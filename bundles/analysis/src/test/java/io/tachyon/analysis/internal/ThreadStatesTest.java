package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CpuUsage;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.StateTotals;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.analysis.WaitGroup;
import io.tachyon.api.analysis.Waker;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tachyon.api.event.ThreadState.BLOCKED_IO;
import static io.tachyon.api.event.ThreadState.RUNNABLE;
import static io.tachyon.api.event.ThreadState.RUNNING;
import static io.tachyon.api.event.ThreadState.SLEEPING;
import static io.tachyon.api.event.ThreadState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Thread states, waits and CPU usage from synthetic captures whose answers are worked out by hand in the
 * comments. Times are plain nanoseconds from 0.
 */
class ThreadStatesTest {

    private static final Path FILE = Path.of("/captures/states.tcap");
    private static final CaptureMetadata METADATA = new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64",
            "test cpu", 2, List.of("app"), "CLOCK_MONOTONIC", 0, 1_700_000_000_000_000_000L, Map.of());

    private static final int APP = 100;
    private static final int WAITER = 101;
    private static final int HOLDER = 102;
    private static final int HELPER = 103;
    private static final int UNKNOWN_TID = ContextSwitch.UNKNOWN_TID;

    private static final String LIBFOO = "/usr/lib/libfoo.so";
    private static final long FOO_START = 0x400000;
    private static final long MAIN = 0x1000;
    private static final long LOCK = 0x1100;
    private static final long UNLOCK = 0x1200;

    private static final long KERNEL_START = 0xffffffff81000000L;
    private static final long SCHEDULE = KERNEL_START + 0x1000;
    private static final long FUTEX_WAIT = KERNEL_START + 0x2000;
    private static final long FUTEX_WAKE = KERNEL_START + 0x3000;
    private static final long IO_SCHEDULE = KERNEL_START + 0x4000;

    /** Waiting for a mutex: main > lock_mutex > futex_wait > schedule. */
    private static final long[] LOCK_KERNEL = {SCHEDULE + 0x10, FUTEX_WAIT + 0x20};
    private static final long[] LOCK_USER = {foo(LOCK + 0x10), foo(MAIN + 0x20)};
    /** Releasing it: main > unlock_mutex > futex_wake. */
    private static final long[] UNLOCK_KERNEL = {FUTEX_WAKE + 0x10};
    private static final long[] UNLOCK_USER = {foo(UNLOCK + 0x10), foo(MAIN + 0x30)};
    private static final long[] NONE = {};

    private final InMemoryCaptureStore store = new InMemoryCaptureStore();
    private final DefaultCaptureModelFactory factory = new DefaultCaptureModelFactory(store);

    @BeforeEach
    void registerResolver() {
        factory.addResolver(new TableSymbolResolver()
                .symbol(LIBFOO, "main", MAIN, 0x100)
                .symbol(LIBFOO, "lock_mutex", LOCK, 0x100)
                .symbol(LIBFOO, "unlock_mutex", UNLOCK, 0x100)
                .symbol(ModuleMapping.KERNEL_PATH, "schedule", SCHEDULE, 0x100)
                .symbol(ModuleMapping.KERNEL_PATH, "futex_wait", FUTEX_WAIT, 0x100)
                .symbol(ModuleMapping.KERNEL_PATH, "futex_wake", FUTEX_WAKE, 0x100)
                .symbol(ModuleMapping.KERNEL_PATH, "io_schedule", IO_SCHEDULE, 0x100),
                Map.of("service.id", 1L, "service.ranking", 0));
    }

    /**
     * Two CPUs, all switches seen (both sides known):
     * <pre>
     * cpu0: waiter 0-10 | holder 10-30 | helper 30-60 | holder 60-100 | idle 100-
     * cpu1: idle -50    | waiter 50-70 | idle 70-95   | waiter 95-
     * waiter sleeps on the mutex at 10, helper wakes it at 40 (runs at 50), it sleeps again at 70, holder
     * wakes it at 90 (runs at 95); holder is preempted at 30 (runnable until 60) and blocks on IO at 100;
     * helper sleeps at 60 and is never woken. The capture ends at 120.
     * </pre>
     */
    private CaptureModel cpuWide() throws IOException {
        return open(
                libraries(),
                new ThreadName(0, APP, WAITER, "waiter", false),
                new ThreadName(0, APP, HOLDER, "holder", false),
                new ThreadName(0, APP, HELPER, "helper", false),
                new ContextSwitch(10, 0, APP, WAITER, SLEEPING, APP, HOLDER, LOCK_KERNEL, LOCK_USER),
                new ContextSwitch(30, 0, APP, HOLDER, RUNNABLE, APP, HELPER, NONE, NONE),
                // cpu1's switch is in the file before cpu0's wake-up that comes earlier: CPUs interleave.
                new ContextSwitch(50, 1, 0, 0, RUNNABLE, APP, WAITER, NONE, NONE),
                new Wakeup(40, 0, APP, HELPER, APP, WAITER, 1, UNLOCK_KERNEL, UNLOCK_USER),
                new ContextSwitch(60, 0, APP, HELPER, SLEEPING, APP, HOLDER, new long[] {SCHEDULE + 0x10},
                        new long[] {foo(MAIN + 0x40)}),
                new ContextSwitch(70, 1, APP, WAITER, SLEEPING, 0, 0, LOCK_KERNEL, LOCK_USER),
                new Wakeup(90, 0, APP, HOLDER, APP, WAITER, 1, UNLOCK_KERNEL, UNLOCK_USER),
                new ContextSwitch(95, 1, 0, 0, RUNNABLE, APP, WAITER, NONE, NONE),
                new ContextSwitch(100, 0, APP, HOLDER, BLOCKED_IO, 0, 0, new long[] {IO_SCHEDULE + 0x8}, NONE),
                new LostRecords(115, 0, 2),
                new LostRecords(120, 1, 3));
    }

    @Test
    void cpuWideSwitchesGiveEachThreadsIntervals() throws IOException {
        CaptureModel model = cpuWide();

        assertThat(model.hasThreadStates()).isTrue();
        assertThat(model.timeline(APP, WAITER, 0, 120, 0).intervals()).containsExactly(
                new StateInterval(0, 10, RUNNING, 0),
                new StateInterval(10, 40, SLEEPING, -1),
                // Woken at 40, on a CPU at 50: scheduler latency.
                new StateInterval(40, 50, RUNNABLE, -1),
                new StateInterval(50, 70, RUNNING, 1),
                new StateInterval(70, 90, SLEEPING, -1),
                new StateInterval(90, 95, RUNNABLE, -1),
                new StateInterval(95, 120, RUNNING, 1));
        // Unknown until it first runs; preempted at 30, so runnable until it runs again at 60.
        assertThat(model.timeline(APP, HOLDER, 0, 120, 0).intervals()).containsExactly(
                new StateInterval(0, 10, UNKNOWN, -1),
                new StateInterval(10, 30, RUNNING, 0),
                new StateInterval(30, 60, RUNNABLE, -1),
                new StateInterval(60, 100, RUNNING, 0),
                new StateInterval(100, 120, BLOCKED_IO, -1));
    }

    @Test
    void totalsByStateAndAliveSpan() throws IOException {
        CaptureModel model = cpuWide();

        assertThat(model.threadStates()).extracting(s -> s.thread().tid(), ThreadStates::totals,
                ThreadStates::waits, ThreadStates::fromSwitches).containsExactlyInAnyOrder(
                tuple(WAITER, new StateTotals(55, 15, 50, 0, 0, 0), 2L, true),
                tuple(HOLDER, new StateTotals(60, 30, 0, 20, 0, 10), 1L, true),
                tuple(HELPER, new StateTotals(30, 0, 60, 0, 0, 30), 1L, true));
        assertThat(model.threadStates()).allSatisfy(states -> {
            assertThat(states.aliveStart()).isZero();
            assertThat(states.aliveEnd()).isEqualTo(120);
            assertThat(states.totals().alive()).isEqualTo(120);
        });
        // The idle tasks are not threads.
        assertThat(model.threads()).extracting(t -> t.tid()).containsExactlyInAnyOrder(WAITER, HOLDER, HELPER);
    }

    @Test
    void aWindowIsClippedAndALevelOfDetailMergesShortStretches() throws IOException {
        CaptureModel model = cpuWide();

        assertThat(model.timeline(APP, WAITER, 45, 75, 0).intervals()).containsExactly(
                new StateInterval(45, 50, RUNNABLE, -1),
                new StateInterval(50, 70, RUNNING, 1),
                new StateInterval(70, 75, SLEEPING, -1));
        // At 25 ns a column: 0-40 is 30 sleeping and 10 running; 40-70 is 20 running (cpu1) and 10 runnable;
        // 70-95 is 20 sleeping and 5 runnable; 95-120 running.
        assertThat(model.timeline(APP, WAITER, 0, 120, 25).intervals()).containsExactly(
                new StateInterval(0, 40, SLEEPING, -1),
                new StateInterval(40, 70, RUNNING, 1),
                new StateInterval(70, 95, SLEEPING, -1),
                new StateInterval(95, 120, RUNNING, 1));
        assertThat(model.stateBuckets(APP, WAITER, 0, 120, 4)).containsExactly(
                new StateTotals(10, 0, 20, 0, 0, 0),
                new StateTotals(10, 10, 10, 0, 0, 0),
                new StateTotals(10, 0, 20, 0, 0, 0),
                new StateTotals(25, 5, 0, 0, 0, 0));
    }

    @Test
    void eachWaitHasItsStackAndItsWaker() throws IOException {
        List<Wait> waits = cpuWide().waits(APP, WAITER, 0, 120);

        assertThat(waits).extracting(Wait::start, Wait::end, Wait::state, Wait::name)
                .containsExactly(tuple(10L, 40L, SLEEPING, "waiter"), tuple(70L, 90L, SLEEPING, "waiter"));
        assertThat(names(waits.get(0).stack())).containsExactly("main", "lock_mutex", "futex_wait", "schedule");
        Waker first = waits.get(0).waker();
        assertThat(first).extracting(Waker::pid, Waker::tid, Waker::name, Waker::time, Waker::cpu)
                .containsExactly(APP, HELPER, "helper", 40L, 0);
        assertThat(names(first.stack())).containsExactly("main", "unlock_mutex", "futex_wake");
        assertThat(waits.get(1).waker().name()).isEqualTo("holder");
        // A window holds the waits that overlap it; a moment holds the wait containing it.
        assertThat(cpuWide().waits(APP, WAITER, 75, 75)).extracting(Wait::start).containsExactly(70L);
        assertThat(cpuWide().waits(APP, WAITER, 40, 70)).isEmpty();
        // Never woken before the capture ended: the wait lasts until the end, without a waker.
        assertThat(cpuWide().waits(APP, HOLDER, 0, 120)).singleElement()
                .satisfies(wait -> {
                    assertThat(wait.start()).isEqualTo(100);
                    assertThat(wait.end()).isEqualTo(120);
                    assertThat(wait.state()).isEqualTo(BLOCKED_IO);
                    assertThat(wait.waker()).isNull();
                    assertThat(names(wait.stack())).containsExactly("io_schedule");
                });
    }

    @Test
    void waitsAreGroupedByStackWithTotalCountMaxAndWakers() throws IOException {
        List<WaitGroup> groups = cpuWide().waitGroups(thread -> true, 0, 120);

        assertThat(groups).extracting(g -> names(g.stack()), WaitGroup::state, WaitGroup::count,
                WaitGroup::totalNanos, WaitGroup::maxNanos, WaitGroup::wokenCount).containsExactly(
                tuple(List.of("main", "schedule"), SLEEPING, 1L, 60L, 60L, 0L),
                tuple(List.of("main", "lock_mutex", "futex_wait", "schedule"), SLEEPING, 2L, 50L, 30L, 2L),
                tuple(List.of("io_schedule"), BLOCKED_IO, 1L, 20L, 20L, 0L));
        WaitGroup mutex = groups.get(1);
        assertThat(mutex.threads()).containsExactly(new WaitGroup.ThreadCost(APP, WAITER, "waiter", 2, 50));
        assertThat(mutex.wakers()).extracting(WaitGroup.WakerCost::name, WaitGroup.WakerCost::count,
                WaitGroup.WakerCost::nanos).containsExactly(tuple("helper", 1L, 30L), tuple("holder", 1L, 20L));
        assertThat(names(mutex.wakers().get(0).topStack())).containsExactly("main", "unlock_mutex", "futex_wake");
    }

    @Test
    void waitGroupsOfSomeThreadsInAWindowCountOnlyTheWindow() throws IOException {
        // 80..120: the waiter's second wait is in it for 10 of its 20 ns.
        List<WaitGroup> groups = cpuWide().waitGroups(thread -> thread.tid() == WAITER, 80, 120);

        assertThat(groups).singleElement().satisfies(group -> {
            assertThat(group.count()).isEqualTo(1);
            assertThat(group.totalNanos()).isEqualTo(10);
            assertThat(group.maxNanos()).isEqualTo(10);
            assertThat(group.wakers()).extracting(WaitGroup.WakerCost::name).containsExactly("holder");
        });
    }

    @Test
    void cpuUsageIsTheNonIdleTimeOfEachCpuInBuckets() throws IOException {
        // cpu0 runs threads 0-100, cpu1 runs the waiter 50-70 and 95-120.
        List<CpuUsage> usage = cpuWide().cpuUsage(0, 120, 4);

        assertThat(usage).containsExactly(
                new CpuUsage(0, 0, 120, new long[] {30, 30, 30, 10}),
                new CpuUsage(1, 0, 120, new long[] {0, 10, 10, 25}));
        assertThat(usage.get(0).bucketStart(1)).isEqualTo(30);
        // Uneven buckets: 0..10 in 3 is 0-3, 3-6, 6-10.
        assertThat(cpuWide().cpuUsage(0, 10, 3).get(0).busyNanos()).containsExactly(3, 3, 4);
    }

    @Test
    void lostRecordsAreKeptPerCpuWithTheirTimes() throws IOException {
        CaptureModel model = cpuWide();

        assertThat(model.lostRecords()).isEqualTo(5);
        assertThat(model.lostRecordsByCpu()).containsExactly(Map.entry(0, 2L), Map.entry(1, 3L));
        assertThat(model.lostRecordEvents()).containsExactly(new LostRecords(115, 0, 2), new LostRecords(120, 1, 3));
    }

    @Test
    void perThreadStreamsWithOneSideUnknownGiveTheSameIntervals() throws IOException {
        // Only the waiter is recorded: its switch-outs do not name the next thread, its switch-ins not the
        // previous one, and the wake-ups do not name its process.
        CaptureModel model = open(
                libraries(),
                new ThreadName(0, APP, WAITER, "waiter", false),
                new ContextSwitch(10, 0, APP, WAITER, SLEEPING, UNKNOWN_TID, UNKNOWN_TID, LOCK_KERNEL, LOCK_USER),
                new Wakeup(40, 0, APP, HELPER, UNKNOWN_TID, WAITER, 1, UNLOCK_KERNEL, UNLOCK_USER),
                new ContextSwitch(50, 1, UNKNOWN_TID, UNKNOWN_TID, UNKNOWN, APP, WAITER, NONE, NONE),
                new ContextSwitch(70, 1, APP, WAITER, SLEEPING, UNKNOWN_TID, UNKNOWN_TID, LOCK_KERNEL, LOCK_USER),
                new Wakeup(90, 0, APP, HOLDER, UNKNOWN_TID, WAITER, 1, UNLOCK_KERNEL, UNLOCK_USER),
                new ContextSwitch(95, 1, UNKNOWN_TID, UNKNOWN_TID, UNKNOWN, APP, WAITER, NONE, NONE),
                new LostRecords(120, -1, 0));

        assertThat(model.timeline(APP, WAITER, 0, 120, 0).intervals()).containsExactly(
                new StateInterval(0, 10, RUNNING, 0),
                new StateInterval(10, 40, SLEEPING, -1),
                new StateInterval(40, 50, RUNNABLE, -1),
                new StateInterval(50, 70, RUNNING, 1),
                new StateInterval(70, 90, SLEEPING, -1),
                new StateInterval(90, 95, RUNNABLE, -1),
                new StateInterval(95, 120, RUNNING, 1));
        assertThat(model.threads()).extracting(t -> t.pid(), t -> t.tid()).containsExactly(tuple(APP, WAITER));
        // The wakers are not threads of this capture: named by tid, as perf does.
        assertThat(model.waits(APP, WAITER, 0, 120)).extracting(w -> w.waker().name())
                .containsExactly(":" + HELPER, ":" + HOLDER);
        // Only the recorded thread's running time is known per CPU.
        assertThat(model.cpuUsage(0, 120, 1)).extracting(u -> u.busyNanos()[0]).containsExactly(10L, 45L);
    }

    @Test
    void threadsOfOtherProcessesSeenOnlyTakingTheCpuAreNotShownAsThreads() throws IOException {
        // A per-thread recording with tracepoints: the waiter's switch-outs name the thread of another
        // process that takes the CPU, but nothing records that thread leaving it again.
        int otherProcess = 900;
        int otherThread = 901;
        CaptureModel model = open(
                libraries(),
                new ThreadName(0, APP, WAITER, "waiter", false),
                new ContextSwitch(10, 0, APP, WAITER, SLEEPING, otherProcess, otherThread, LOCK_KERNEL, LOCK_USER),
                new ContextSwitch(50, 0, UNKNOWN_TID, UNKNOWN_TID, UNKNOWN, APP, WAITER, NONE, NONE),
                new LostRecords(120, -1, 0));

        assertThat(model.threads()).extracting(t -> t.pid(), t -> t.tid()).containsExactly(tuple(APP, WAITER));
        assertThat(model.threadStates()).extracting(t -> t.thread().tid()).containsExactly(WAITER);
    }

    @Test
    void aThreadThatStartsAndExitsIsAliveOnlyInBetween() throws IOException {
        CaptureModel model = open(
                new ThreadName(0, APP, APP, "app", false),
                new ThreadStart(20, APP, 104, APP, APP),
                new ContextSwitch(25, 1, 0, 0, RUNNABLE, APP, 104, NONE, NONE),
                new ThreadExit(40, APP, 104),
                new ContextSwitch(41, 1, APP, 104, ThreadState.DEAD, 0, 0, NONE, NONE),
                new LostRecords(100, 0, 0));

        assertThat(model.timeline(APP, 104, 0, 100, 0).intervals()).containsExactly(
                new StateInterval(20, 25, RUNNABLE, -1),
                new StateInterval(25, 40, RUNNING, 1));
        ThreadStates states = model.threadStates().stream().filter(s -> s.thread().tid() == 104).findFirst()
                .orElseThrow();
        assertThat(states.aliveStart()).isEqualTo(20);
        assertThat(states.aliveEnd()).isEqualTo(40);
        assertThat(states.totals()).isEqualTo(new StateTotals(15, 5, 0, 0, 0, 0));
        // Not alive is no state at all.
        assertThat(model.stateBuckets(APP, 104, 0, 100, 5)).containsExactly(StateTotals.NONE,
                new StateTotals(15, 5, 0, 0, 0, 0), StateTotals.NONE, StateTotals.NONE, StateTotals.NONE);
    }

    @Test
    void withoutSwitchesOnlySamplesSpeakAndTheRestIsUnknown() throws IOException {
        // Each sample proves the 10 ns of its period before it.
        CaptureModel model = open(
                new ThreadName(0, APP, WAITER, "waiter", false),
                new Sample(10, 0, APP, WAITER, 10, NONE, new long[] {0x1000}),
                new Sample(20, 0, APP, WAITER, 10, NONE, new long[] {0x1000}),
                new Sample(50, 1, APP, WAITER, 10, NONE, new long[] {0x1000}),
                new Sample(100, 0, APP, WAITER, 10, NONE, new long[] {0x1000}));

        assertThat(model.hasThreadStates()).isFalse();
        assertThat(model.timeline(APP, WAITER, 0, 100, 0).intervals()).containsExactly(
                new StateInterval(0, 20, RUNNING, 0),
                new StateInterval(20, 40, UNKNOWN, -1),
                new StateInterval(40, 50, RUNNING, 1),
                new StateInterval(50, 90, UNKNOWN, -1),
                new StateInterval(90, 100, RUNNING, 0));
        assertThat(model.threadStates()).singleElement().satisfies(states -> {
            assertThat(states.fromSwitches()).isFalse();
            assertThat(states.totals()).isEqualTo(new StateTotals(40, 0, 0, 0, 0, 60));
            assertThat(states.waits()).isZero();
        });
        assertThat(model.waitGroups(thread -> true, 0, 100)).isEmpty();
        assertThat(model.cpuUsage(0, 100, 2)).containsExactly(
                new CpuUsage(0, 0, 100, new long[] {20, 10}),
                new CpuUsage(1, 0, 100, new long[] {10, 0}));
    }

    @Test
    void askingForAThreadTheCaptureDoesNotHaveIsAnError() throws IOException {
        CaptureModel model = cpuWide();

        assertThatThrownBy(() -> model.timeline(APP, 999, 0, 10, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the capture " + FILE + " has no thread 999 in process " + APP);
        assertThatThrownBy(() -> model.stateBuckets(APP, WAITER, 10, 0, 4))
                .hasMessage("the time range ends (0) before it starts (10)");
        assertThatThrownBy(() -> model.cpuUsage(0, 10, 0)).hasMessage("the number of buckets must be at least 1, not 0");
    }

    private static List<String> names(List<StackFrame> frames) {
        return frames.stream().map(StackFrame::function).toList();
    }

    private static ModuleMapping[] libraries() {
        return new ModuleMapping[] {
                new ModuleMapping(0, ModuleMapping.KERNEL_PID, ModuleMapping.KERNEL_PID, KERNEL_START, -KERNEL_START,
                        0, ModuleMapping.KERNEL_PATH, null),
                new ModuleMapping(0, APP, APP, FOO_START, 0x10000, 0, LIBFOO, null)};
    }

    private CaptureModel open(Object... events) throws IOException {
        try (CaptureWriter writer = store.create(FILE)) {
            writer.metadata(METADATA);
            for (Object event : events) {
                if (event instanceof CaptureEvent[] many) {
                    for (CaptureEvent one : many) {
                        writer.accept(one);
                    }
                } else {
                    writer.accept((CaptureEvent) event);
                }
            }
        }
        return factory.open(FILE);
    }

    private static long foo(long fileOffset) {
        return fileOffset + FOO_START;
    }
}
