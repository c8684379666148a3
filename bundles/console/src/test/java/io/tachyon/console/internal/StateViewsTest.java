package io.tachyon.console.internal;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.CpuUsage;
import io.tachyon.api.analysis.StateInterval;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.WaitGroup;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.LostRecords;
import io.tachyon.console.internal.Fakes.FakeModel;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static io.tachyon.api.event.ThreadState.BLOCKED_IO;
import static io.tachyon.api.event.ThreadState.RUNNABLE;
import static io.tachyon.api.event.ThreadState.RUNNING;
import static io.tachyon.api.event.ThreadState.SLEEPING;
import static io.tachyon.api.event.ThreadState.UNKNOWN;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The threads, waits and timeline views, exact text, over a 100 ms capture starting at 1 s:
 * <pre>
 * app    (100) runs all the time
 * waiter (101) runs 0-10, sleeps on a mutex 10-40 (woken by app), runnable 40-50, runs 50-70, sleeps 70-100
 * io     (102) lives 20-80: runnable 20-25, runs 25-40, in IO 40-70 (woken by an interrupt), unknown 70-80
 * records lost on cpu 1 at 55 ms (4) and on cpu 0 at 95 ms (2)
 * </pre>
 */
class StateViewsTest {

    static final long MS = 1_000_000;
    static final long START = 1_000 * MS;

    static FakeModel model() {
        CaptureMetadata metadata = new CaptureMetadata("perf", "1", "host", "6.1", "x86_64", "cpu", 2,
                List.of("./app"), "CLOCK_MONOTONIC", START, 0, Map.of());
        FakeModel model = new FakeModel(Path.of("/captures/app.tcap"), metadata, START, START + 100 * MS, 580,
                145 * MS, 6, List.of(),
                List.of(new ThreadSummary(100, 100, "app", "app", 400, 100 * MS),
                        new ThreadSummary(100, 101, "waiter", "app", 120, 30 * MS),
                        new ThreadSummary(100, 102, "io", "app", 60, 15 * MS)),
                List.of(), List.of());
        model.intervals.put(100, List.of(interval(0, 100, RUNNING)));
        model.intervals.put(101, List.of(interval(0, 10, RUNNING), interval(10, 40, SLEEPING),
                interval(40, 50, RUNNABLE), interval(50, 70, RUNNING), interval(70, 100, SLEEPING)));
        model.intervals.put(102, List.of(interval(20, 25, RUNNABLE), interval(25, 40, RUNNING),
                interval(40, 70, BLOCKED_IO), interval(70, 80, UNKNOWN)));
        StackFrame main = new StackFrame("main", "app", false);
        model.waitGroups.add(new WaitGroup(
                List.of(main, new StackFrame("lock_mutex", "app", false), kernel("futex_wait"), kernel("schedule")),
                SLEEPING, 2, 60 * MS, 30 * MS, List.of(new WaitGroup.ThreadCost(100, 101, "waiter", 2, 60 * MS)),
                List.of(new WaitGroup.WakerCost(100, 100, "app", 1, 30 * MS,
                        List.of(main, new StackFrame("unlock_mutex", "app", false), kernel("futex_wake"))))));
        model.waitGroups.add(new WaitGroup(
                List.of(main, new StackFrame("write", "libc.so.6", false), kernel("io_schedule")),
                BLOCKED_IO, 1, 30 * MS, 30 * MS, List.of(new WaitGroup.ThreadCost(100, 102, "io", 1, 30 * MS)),
                List.of(new WaitGroup.WakerCost(0, 0, "swapper/1", 1, 30 * MS, List.of(kernel("blk_done"))))));
        model.lostRecordEvents.add(new LostRecords(START + 55 * MS, 1, 4));
        model.lostRecordEvents.add(new LostRecords(START + 95 * MS, 0, 2));
        return model;
    }

    private static StateInterval interval(long fromMs, long toMs, io.tachyon.api.event.ThreadState state) {
        return new StateInterval(START + fromMs * MS, START + toMs * MS, state, state == RUNNING ? 0 : -1);
    }

    private static StackFrame kernel(String function) {
        return new StackFrame(function, "[kernel.kallsyms]", true);
    }

    static <T> T options(T options, String... args) {
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void theHeaderShowsTheRecordsLostPerCpuWithTheirTimes() {
        assertThat(ConsoleViews.captureHeader(model())).isEqualTo(""
                + "Capture: /captures/app.tcap\n"
                + "Target: ./app\n"
                + "Samples: 580  Sampled CPU time: 145.0 ms  Duration: 0.100 s  Lost records: 6\n"
                + "WARNING: the kernel lost 6 records while recording (its buffers were full); the figures below"
                + " miss them.\n"
                + "Lost records by CPU: cpu 0: 2 at 95.0 ms; cpu 1: 4 at 55.0 ms\n");
        FakeModel twice = model();
        twice.lostRecordEvents.add(new LostRecords(START + 99 * MS, 0, 1));
        assertThat(ConsoleViews.captureHeader(twice))
                .contains("Lost records by CPU: cpu 0: 3 in 2 losses from 95.0 to 99.0 ms; cpu 1: 4 at 55.0 ms\n");
    }

    @Test
    void threadsWithTheirTimeInEachState() {
        assertThat(ConsoleViews.threads(model(), options(new ThreadsOptions()))).isEqualTo(""
                + "PID  TID  Name    Process  Samples  CPU ms  Running ms  Running%  Runnable ms  Runnable%"
                + "  Sleeping ms  Sleeping%  IO ms   IO%  Other ms  Other%  Waits\n"
                + "100  100  app     app          400   100.0       100.0     100.0          0.0        0.0"
                + "          0.0        0.0    0.0   0.0       0.0     0.0      0\n"
                + "100  101  waiter  app          120    30.0        30.0      30.0         10.0       10.0"
                + "         60.0       60.0    0.0   0.0       0.0     0.0      2\n"
                + "100  102  io      app           60    15.0        15.0      25.0          5.0        8.3"
                + "          0.0        0.0   30.0  50.0      10.0    16.7      1\n"
                + "Percentages are of each thread's life in the capture; Other is stopped or unknown.\n");
    }

    @Test
    void withoutSwitchesTheViewsSaySo() {
        FakeModel model = model();
        model.hasThreadStates = false;

        assertThat(ConsoleViews.threads(model, options(new ThreadsOptions()))).startsWith(ConsoleViews.NO_SWITCHES
                + "PID  TID");
        assertThat(WaitsView.render(model, options(new WaitsOptions()))).isEqualTo(ConsoleViews.NO_SWITCHES);
        assertThat(TimelineView.render(model, options(new TimelineOptions()))).startsWith(ConsoleViews.NO_SWITCHES
                + "Threads from 0.0 to 100.0 ms");
        assertThat(ConsoleViews.NO_SWITCHES).isEqualTo("This capture has no context switches (recorded with"
                + " --no-switches, or by an older recorder): thread states are not known. Only samples prove a"
                + " thread running; the rest of its life is unknown, and there are no waits.\n");
    }

    @Test
    void waitsByStackWithWhoWokeThem() {
        assertThat(WaitsView.render(model(), options(new WaitsOptions()))).isEqualTo(""
                + "3 waits at 2 wait stacks, 90.0 ms in all.\n"
                + "\n"
                + "#1  total 60.0 ms  count 2  max 30.0 ms  SLEEPING\n"
                + "  waiting threads:\n"
                + "    waiter (tid 101)  2x  60.0 ms\n"
                + "  wait stack (innermost first):\n"
                + "    schedule  [kernel.kallsyms]\n"
                + "    futex_wait  [kernel.kallsyms]\n"
                + "    lock_mutex  app\n"
                + "    main  app\n"
                + "  woken by:\n"
                + "    app (tid 100)  1x  30.0 ms\n"
                + "    (no wake-up recorded)  1x  30.0 ms\n"
                + "  top waker stack, app (innermost first):\n"
                + "    futex_wake  [kernel.kallsyms]\n"
                + "    unlock_mutex  app\n"
                + "    main  app\n"
                + "\n"
                + "#2  total 30.0 ms  count 1  max 30.0 ms  BLOCKED_IO\n"
                + "  waiting threads:\n"
                + "    io (tid 102)  1x  30.0 ms\n"
                + "  wait stack (innermost first):\n"
                + "    io_schedule  [kernel.kallsyms]\n"
                + "    write  libc.so.6\n"
                + "    main  app\n"
                + "  woken by:\n"
                + "    swapper/1 (tid 0)  1x  30.0 ms\n"
                + "  top waker stack, swapper/1 (innermost first):\n"
                + "    blk_done  [kernel.kallsyms]\n");
    }

    @Test
    void waitsOfOneThreadWithALimitAndShortStacks() {
        assertThat(WaitsView.render(model(), options(new WaitsOptions(), "--thread", "102", "--stacks", "2")))
                .isEqualTo(""
                        + "1 waits of thread 102 at 1 wait stacks, 30.0 ms in all.\n"
                        + "\n"
                        + "#1  total 30.0 ms  count 1  max 30.0 ms  BLOCKED_IO\n"
                        + "  waiting threads:\n"
                        + "    io (tid 102)  1x  30.0 ms\n"
                        + "  wait stack (innermost first):\n"
                        + "    io_schedule  [kernel.kallsyms]\n"
                        + "    write  libc.so.6\n"
                        + "    ... 1 more frames\n"
                        + "  woken by:\n"
                        + "    swapper/1 (tid 0)  1x  30.0 ms\n"
                        + "  top waker stack, swapper/1 (innermost first):\n"
                        + "    blk_done  [kernel.kallsyms]\n");
        assertThat(WaitsView.render(model(), options(new WaitsOptions(), "--limit", "1")))
                .startsWith("3 waits at 2 wait stacks, 90.0 ms in all; the first 1 by time.\n")
                .doesNotContain("#2");
        assertThat(WaitsView.render(model(), options(new WaitsOptions(), "--thread", "100,7")))
                .isEqualTo("No waits of thread 100, 7 in this capture.\n");
    }

    @Test
    void timelineWithACharacterPerSlice() {
        // 10 ms a column. io starts at 20 and ends at 80; its 20-30 column is 5 runnable and 5 running, a tie
        // that running wins.
        assertThat(TimelineView.render(model(), options(new TimelineOptions(), "--width", "10"))).isEqualTo(""
                + "Threads from 0.0 to 100.0 ms after the capture's start, 10 columns of 10.0 ms; each shows the"
                + " state that took most of it.\n"
                + TimelineView.LEGEND
                + TimelineView.CPU_LEGEND
                + "TID  Thread          |          |\n"
                + "100  app             |##########|\n"
                + "101  waiter          |#...-##...|\n"
                + "102  io              |  ##DDD?  |\n"
                + "     cpu 0           |##########|\n"
                + "     (lost records)  |     !   !|\n");
    }

    @Test
    void aCpuRowShowsHowBusyEachSliceWas() {
        // Four slices of 25 ns: 96%, 52%, 12% and 4% busy.
        assertThat(TimelineView.cpuRow(new CpuUsage(1, 0, 100, new long[] {24, 13, 3, 1}), 0, 100, 4))
                .isEqualTo("|#+- |");
    }

    @Test
    void timelineOfARangeAndSomeThreadsWithItsTimeAxis() {
        // 40-60 ms in 20 columns of 1 ms.
        assertThat(TimelineView.render(model(),
                options(new TimelineOptions(), "--range", "40-60", "--width", "20", "--thread", "101",
                        "--thread", "102"))).isEqualTo(""
                + "Threads from 40.0 to 60.0 ms after the capture's start, 20 columns of 1.0 ms; each shows the"
                + " state that took most of it.\n"
                + TimelineView.LEGEND
                + "TID  Thread          |40.0 ms      60.0 ms|\n"
                + "101  waiter          |----------##########|\n"
                + "102  io              |DDDDDDDDDDDDDDDDDDDD|\n"
                + "     (lost records)  |               !    |\n");
        assertThat(TimelineView.axis(0, 100 * MS, 40, 1)).isEqualTo("|0.0 ms              50.0 ms     100.0 ms|");
        assertThat(TimelineView.decimals(5 * MS)).isEqualTo(1);
        assertThat(TimelineView.decimals(100_000)).isEqualTo(1);
        assertThat(TimelineView.decimals(99_999)).isEqualTo(2);
        assertThat(TimelineView.decimals(100)).isEqualTo(4);
        assertThat(TimelineView.decimals(1)).isEqualTo(6);
        assertThat(TimelineView.render(model(), options(new TimelineOptions(), "--range", "85-95", "--thread", "102")))
                .endsWith("None of the threads asked for was alive in this range.\n");
    }

    @Test
    void timelineOptionsAreChecked() {
        assertThat(options(new TimelineOptions(), "--range", "0.5-2").rangeNanos()).hasValueSatisfying(
                range -> assertThat(range).containsExactly(500_000, 2_000_000));
        assertThat(options(new TimelineOptions(), "--range", "5-2").problem())
                .contains("--range must end after it starts, not '5-2'");
        assertThat(options(new TimelineOptions(), "--range", "soon").problem())
                .contains("--range needs START-END in milliseconds from the capture's start, e.g. 250-1000,"
                        + " not 'soon'");
        assertThat(options(new TimelineOptions(), "--width", "0").problem())
                .contains("--width needs a number of columns greater than 0, not 0");
        assertThat(options(new WaitsOptions(), "--stacks", "0").problem())
                .contains("--stacks needs a number of frames greater than 0, not 0");
    }

    @Test
    void threadsAsJson() {
        JsonObject json = JsonParser.parseString(JsonViews.threads(model(), options(new ThreadsOptions()))
                ).getAsJsonObject();

        assertThat(json.get("hasThreadStates").getAsBoolean()).isTrue();
        assertThat(json.getAsJsonObject("lostRecordsByCpu").get("1").getAsLong()).isEqualTo(4);
        JsonObject io = json.getAsJsonArray("threads").get(2).getAsJsonObject();
        assertThat(io.getAsJsonObject("thread").get("name").getAsString()).isEqualTo("io");
        assertThat(io.get("aliveStart").getAsLong()).isEqualTo(START + 20 * MS);
        JsonObject totals = io.getAsJsonObject("totals");
        assertThat(List.of("running", "runnable", "sleeping", "blockedIo", "stopped", "unknown").stream()
                .map(state -> totals.get(state).getAsLong()).toList())
                .containsExactly(15 * MS, 5 * MS, 0L, 30 * MS, 0L, 10 * MS);
    }

    @Test
    void waitsAsJson() {
        JsonObject json = JsonParser.parseString(JsonViews.waits(model(),
                options(new WaitsOptions(), "--limit", "1"))).getAsJsonObject();

        assertThat(json.get("waitGroupCount").getAsLong()).isEqualTo(2);
        JsonObject group = json.getAsJsonArray("waitGroups").getAsJsonArray().get(0).getAsJsonObject();
        assertThat(json.getAsJsonArray("waitGroups")).hasSize(1);
        assertThat(group.get("totalNanos").getAsLong()).isEqualTo(60 * MS);
        assertThat(group.get("state").getAsString()).isEqualTo("SLEEPING");
        JsonObject waker = group.getAsJsonArray("wakers").get(0).getAsJsonObject();
        assertThat(waker.get("name").getAsString()).isEqualTo("app");
        assertThat(waker.getAsJsonArray("topStack").get(1).getAsJsonObject().get("function").getAsString())
                .isEqualTo("unlock_mutex");
    }
}
