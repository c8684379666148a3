package io.tachyon.console.internal;

import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.console.internal.Fakes.FakeModel;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StackFrame;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.tachyon.api.collect.CollectorInfo.Capability.ATTACH;
import static io.tachyon.api.collect.CollectorInfo.Capability.LAUNCH;
import static io.tachyon.api.collect.CollectorInfo.Capability.USER_STACKS;
import static io.tachyon.console.internal.TextTable.left;
import static io.tachyon.console.internal.TextTable.right;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConsoleViewsTest {

    private static final long SECOND = 1_000_000_000L;

    /** One second of sampled CPU time: main calls work, work calls memcpy. */
    static FakeModel model(long lostRecords, String... warnings) {
        CaptureMetadata metadata = new CaptureMetadata("perf", "1", "host", "6.1", "x86_64", "cpu", 2,
                List.of("./app", "--fast"), "CLOCK_MONOTONIC", 5 * SECOND, 0, Map.of());
        return new FakeModel(Path.of("/captures/app.tcap"), metadata, 5 * SECOND, 7 * SECOND + 250_000_000L, 4000,
                SECOND, lostRecords, List.of(warnings),
                List.of(new ThreadSummary(100, 101, "worker", "app", 1000, 250_000_000L),
                        new ThreadSummary(100, 100, "app", "app", 3000, 750_000_000L)),
                List.of(new FunctionCost("main", "app", 400, 4000, 100_000_000L, SECOND),
                        new FunctionCost("work", "app", 2400, 3600, 600_000_000L, 900_000_000L),
                        new FunctionCost("memcpy", "libc.so.6", 1200, 1200, 300_000_000L, 300_000_000L)),
                List.of(new StackCost(List.of(frame("main"), frame("work")), 2400, 600_000_000L),
                        new StackCost(List.of(frame("main"), new StackFrame("memcpy", "libc.so.6", false),
                                new StackFrame("asm_exc_page_fault", "[kernel.kallsyms]", true)), 1200, 300_000_000L),
                        new StackCost(List.of(frame("main"), frame("operator;odd")), 400, 100_000_000L)));
    }

    private static StackFrame frame(String function) {
        return new StackFrame(function, "app", false);
    }

    @Test
    void collapsedStacksAreFlameGraphInputWithKernelFramesMarked() {
        assertThat(ConsoleViews.collapsedStacks(model(0))).isEqualTo(""
                + "main;work 2400\n"
                + "main;memcpy;asm_exc_page_fault_[k] 1200\n"
                + "main;operator:odd 400\n");
    }

    private static TopOptions topOptions(String... args) {
        TopOptions options = new TopOptions();
        new CommandLine(options).setCaseInsensitiveEnumValuesAllowed(true).parseArgs(args);
        return options;
    }

    private static ThreadsOptions threadsOptions(String... args) {
        ThreadsOptions options = new ThreadsOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }

    @Test
    void aTableAlignsItsColumnsAndStripsTrailingSpaces() {
        TextTable table = new TextTable(left("Name"), right("N"), left("Note"));
        table.addRow("a", "1000", "");
        table.addRow("longer", "7", "x");

        assertThat(table.render()).isEqualTo(""
                + "Name       N  Note\n"
                + "a       1000\n"
                + "longer     7  x\n");
    }

    @Test
    void aRowMustFillEveryColumn() {
        TextTable table = new TextTable(left("A"), left("B"));

        assertThatThrownBy(() -> table.addRow("only one")).hasMessage("a row of this table has 2 cells, not 1");
    }

    @Test
    void topBySelfTime() {
        assertThat(ConsoleViews.top(model(0), topOptions())).isEqualTo(""
                + "Self%  Self ms  Total%  Total ms  Samples  Function  Module\n"
                + " 60.0    600.0    90.0     900.0     2400  work      app\n"
                + " 30.0    300.0    30.0     300.0     1200  memcpy    libc.so.6\n"
                + " 10.0    100.0   100.0    1000.0      400  main      app\n");
    }

    @Test
    void topByTotalTimeWithALimit() {
        assertThat(ConsoleViews.top(model(0), topOptions("--sort", "total", "--limit", "2"))).isEqualTo(""
                + "Self%  Self ms  Total%  Total ms  Samples  Function  Module\n"
                + " 10.0    100.0   100.0    1000.0      400  main      app\n"
                + " 60.0    600.0    90.0     900.0     2400  work      app\n");
    }

    @Test
    void longFunctionNamesAreCut() {
        String template = "std::vector<" + "x".repeat(200) + ">::push_back";
        FakeModel model = new FakeModel(Path.of("a.tcap"), null, 0, 1, 1, 1, 0, List.of(), List.of(),
                List.of(new FunctionCost(template, "app", 1, 1, 1, 1)), List.of());

        assertThat(ConsoleViews.top(model, topOptions()).lines().skip(1).findFirst().orElseThrow())
                .contains(template.substring(0, ConsoleViews.MAX_FUNCTION_WIDTH - 3) + "...  app")
                .doesNotContain("push_back");
    }

    @Test
    void aCaptureWithoutSamplesSaysSo() {
        FakeModel empty = new FakeModel(Path.of("a.tcap"), null, 0, 0, 0, 0, 0, List.of(), List.of(), List.of(),
                List.of());

        assertThat(ConsoleViews.top(empty, topOptions())).isEqualTo("No samples in this capture.\n");
        assertThat(ConsoleViews.threads(empty, threadsOptions())).isEqualTo("No threads in this capture.\n");
    }

    @Test
    void threadsWithoutStatesAreOrderedByCpuTime() {
        // The fake has no state intervals for these threads: every state time is 0.
        assertThat(ConsoleViews.threads(model(0), threadsOptions())).isEqualTo(""
                + "PID  TID  Name    Process  Samples  CPU ms  Running ms  Running%  Runnable ms  Runnable%"
                + "  Sleeping ms  Sleeping%  IO ms  IO%  Other ms  Other%  Waits\n"
                + "100  100  app     app         3000   750.0         0.0       0.0          0.0        0.0"
                + "          0.0        0.0    0.0  0.0       0.0     0.0      0\n"
                + "100  101  worker  app         1000   250.0         0.0       0.0          0.0        0.0"
                + "          0.0        0.0    0.0  0.0       0.0     0.0      0\n"
                + "Percentages are of each thread's life in the capture; Other is stopped or unknown.\n");
        assertThat(ConsoleViews.threads(model(0), threadsOptions("--limit", "1")).lines()).hasSize(3);
    }

    @Test
    void theHeaderNamesTheCaptureAndItsHealth() {
        assertThat(ConsoleViews.captureHeader(model(0))).isEqualTo(""
                + "Capture: /captures/app.tcap\n"
                + "Target: ./app --fast\n"
                + "Samples: 4000  Sampled CPU time: 1000.0 ms  Duration: 2.250 s  Lost records: 0\n");
    }

    @Test
    void lostRecordsAreAWarningInTheHeader() {
        assertThat(ConsoleViews.captureHeader(model(17)))
                .contains("Lost records: 17\n")
                .endsWith("WARNING: the kernel lost 17 records while recording (its buffers were full);"
                        + " the figures below miss them.\n");
    }

    @Test
    void theModelsWarningsAreShownInTheHeader() {
        assertThat(ConsoleViews.captureHeader(model(0, "the file was not closed (recorder killed)",
                "12 KiB at offset 4096 were skipped")))
                .endsWith("Lost records: 0\n"
                        + "WARNING: the file was not closed (recorder killed)\n"
                        + "WARNING: 12 KiB at offset 4096 were skipped\n");
    }

    @Test
    void collectorsSortedByIdWithTheReasonWhenUnavailable() {
        List<CollectorInfo> collectors = List.of(
                new CollectorInfo("perf-x86_64", "perf", "x86_64", Set.of(USER_STACKS, LAUNCH, ATTACH), true, ""),
                new CollectorInfo("ebpf", "bpf", "any", Set.of(LAUNCH), false, "needs CAP_BPF; run as root"));

        assertThat(ConsoleViews.collectors(collectors)).isEqualTo(""
                + "ID           ARCHITECTURE  AVAILABLE  CAPABILITIES                 REASON\n"
                + "ebpf         any           no         launch                       needs CAP_BPF; run as root\n"
                + "perf-x86_64  x86_64        yes        launch, attach, user-stacks\n");
        assertThat(ConsoleViews.collectors(List.of())).isEqualTo("No collector is installed.\n");
    }

    @Test
    void units() {
        assertThat(ConsoleViews.percent(1, 3)).isEqualTo("33.3");
        assertThat(ConsoleViews.percent(5, 0)).isEqualTo("0.0");
        assertThat(ConsoleViews.millis(1_250_000)).isEqualTo("1.3");
        assertThat(ConsoleViews.seconds(1_234_567_890)).isEqualTo("1.235");
        assertThat(ConsoleViews.bytes(1023)).isEqualTo("1023 B");
        assertThat(ConsoleViews.bytes(1536)).isEqualTo("1.5 KiB");
        assertThat(ConsoleViews.bytes(3L << 30)).isEqualTo("3.0 GiB");
    }
}
