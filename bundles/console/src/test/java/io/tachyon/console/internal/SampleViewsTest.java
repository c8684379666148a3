package io.tachyon.console.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tachyon.api.analysis.Butterfly;
import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.LineCost;
import io.tachyon.api.analysis.FunctionFilter;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.console.internal.Fakes.FakeModel;
import io.tachyon.console.internal.Fakes.FakeModelFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The sample views of the console (functions, tree, bottomup, butterfly, cpus): how their options reach the model
 * and what their text and JSON look like. The model is the console's fake with a small call tree:
 * main 1000 ms (self 100) > work 900 ms (self 600) > memcpy 300 ms, and main > tiny 4 ms (0.4%).
 */
class SampleViewsTest {

    private static final long MS = 1_000_000;

    @TempDir
    Path directory;
    private final List<CaptureFilter> captureFilters = new ArrayList<>();
    private final List<FunctionFilter> functionFilters = new ArrayList<>();
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private FakeModel fake;
    private CaptureModel model;

    @BeforeEach
    void aCapture() throws IOException {
        Files.writeString(directory.resolve("app.tcap"), "capture");
        fake = ConsoleViewsTest.model(0);
        model = withTree(fake);
    }

    /** The fake model, answering the call tree and butterfly and remembering the filters it is asked for. */
    private CaptureModel withTree(FakeModel delegate) {
        return (CaptureModel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {CaptureModel.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "callTree" -> new SmallTree((Boolean) args[0]);
                    case "butterfly" -> butterfly((String) args[0]);
                    case "lines" -> List.of(
                            new LineCost("/src/app/work.c", 42, "work", "app", 2000, 500 * MS),
                            new LineCost("/usr/include/bits/string_fortified.h", 29, "memcpy", "app", 400, 100 * MS),
                            new LineCost(null, 0, "memcpy", "libc.so.6", 1200, 300 * MS));
                    case "filtered" -> {
                        if (args[0] instanceof CaptureFilter filter) {
                            captureFilters.add(filter);
                        } else {
                            functionFilters.add((FunctionFilter) args[0]);
                        }
                        yield proxy;
                    }
                    default -> {
                        try {
                            yield method.invoke(delegate, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
    }

    private static Butterfly butterfly(String function) {
        if (!function.equals("work")) {
            throw new IllegalArgumentException("no sample of /captures/app.tcap has the function '" + function
                    + "' on its stack");
        }
        return new Butterfly(new FunctionCost("work", "app", 2400, 3600, 600 * MS, 900 * MS),
                List.of(new FunctionCost("main", "app", 2400, 3600, 600 * MS, 900 * MS)),
                List.of(new FunctionCost("memcpy", "libc.so.6", 1200, 1200, 300 * MS, 300 * MS)));
    }

    private String report(String... args) throws CommandException {
        new ViewCommands(new FakeModelFactory(model), new PrintStream(printed, true, StandardCharsets.UTF_8))
                .report(directory, args);
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void selectionOptionsReachTheModelAsFilters() throws CommandException {
        report("app.tcap", "tree", "--range", "1.5-2", "--thread", "101", "--process", "100", "--focus", "main",
                "--focus", "work", "--exclude", "std::map<int, int>::find", "--merge", "memcpy*");

        long start = fake.startTime();
        assertThat(captureFilters).containsExactly(
                new CaptureFilter(start + 1_500_000, start + 2 * MS, Set.of(100), Set.of(101)));
        // Function names are not split at commas: C++ names have them.
        assertThat(functionFilters).containsExactly(new FunctionFilter(List.of("main", "work"),
                List.of("std::map<int, int>::find"), List.of("memcpy*")));
    }

    @Test
    void linesShowEachLineAsFileNameAndNumberHottestFirstAndTheRestCounted() throws CommandException {
        String text = report("app.tcap", "lines", "--limit", "2", "--thread", "101");

        assertThat(captureFilters).containsExactly(new CaptureFilter(Long.MIN_VALUE, Long.MAX_VALUE, Set.of(),
                Set.of(101)));
        assertThat(text).contains(""
                + "Lines: 4000 samples, 1000.0 ms (thread 101)\n"
                + "Self%  Self ms  Samples  Line                   Function  Module\n"
                + " 50.0    500.0     2000  work.c:42              work      app\n"
                + " 10.0    100.0      400  string_fortified.h:29  memcpy    app\n"
                + "1 more lines (--limit).\n");
        printed.reset();

        assertThat(report("app.tcap", "lines")).contains(" 30.0    300.0     1200  ??  ");
    }

    @Test
    void linesInJsonKeepTheWholePathAndLeaveOutAFileNoDebugInformationGave() throws CommandException {
        JsonObject json = JsonParser.parseString(report("app.tcap", "lines", "--json")).getAsJsonObject();

        assertThat(json.get("lineCount").getAsInt()).isEqualTo(3);
        JsonArray lines = json.getAsJsonArray("lines");
        assertThat(lines.get(0).getAsJsonObject().get("file").getAsString()).isEqualTo("/src/app/work.c");
        assertThat(lines.get(0).getAsJsonObject().get("line").getAsInt()).isEqualTo(42);
        assertThat(lines.get(0).getAsJsonObject().get("selfPercent").getAsDouble()).isEqualTo(50.0);
        assertThat(lines.get(2).getAsJsonObject().has("file")).isFalse();
        assertThat(lines.get(2).getAsJsonObject().get("module").getAsString()).isEqualTo("libc.so.6");
    }

    @Test
    void withoutSelectionTheModelIsUnfiltered() throws CommandException {
        report("app.tcap", "functions");

        assertThat(captureFilters).containsExactly(CaptureFilter.ALL);
        assertThat(functionFilters).containsExactly(FunctionFilter.NONE);
    }

    @Test
    void anUnknownThreadOrProcessIsNamed() {
        assertThatThrownBy(() -> report("app.tcap", "tree", "--thread", "7", "--process", "8"))
                .isInstanceOf(CommandException.class)
                .hasMessage("The capture /captures/app.tcap has no process 8, no thread 7 (tachyon:threads lists its"
                        + " threads).");
    }

    @Test
    void treeIsIndentedAndPrunedByMinPercentAndLimit() throws CommandException {
        String text = report("app.tcap", "tree");

        assertThat(text).contains(""
                + "Top-down call tree (outermost callers first): 4000 samples, 1000.0 ms\n"
                + "Total%  Total ms  Self%  Self ms  Samples  Module     Function\n"
                + " 100.0    1000.0    0.0      0.0     4000             (all samples)\n"
                + " 100.0    1000.0   10.0    100.0     4000  app          main\n"
                + "  90.0     900.0   60.0    600.0     3600  app            work\n"
                + "  30.0     300.0   30.0    300.0     1200  libc.so.6        memcpy\n"
                + "Percentages are of the selected samples' time. 1 subtrees are hidden (under 0.5% of the time,"
                + " or beyond --limit or --depth).\n");
        printed.reset();
        assertThat(report("app.tcap", "tree", "--min-percent", "0", "--limit", "1")).contains("      work\n")
                .doesNotContain("tiny");
        printed.reset();
        assertThat(report("app.tcap", "tree", "--min-percent", "0")).contains("      tiny\n");
        printed.reset();
        assertThat(report("app.tcap", "bottomup", "--depth", "1")).contains("Bottom-up call tree");
    }

    @Test
    void treeJsonIsNestedWithNanosecondsAndTheSelection() throws CommandException {
        JsonObject json = JsonParser.parseString(report("app.tcap", "tree", "--json", "--focus", "main"))
                .getAsJsonObject();

        assertThat(json.get("capture").getAsString()).isEqualTo("/captures/app.tcap");
        assertThat(json.get("inverted").getAsBoolean()).isFalse();
        assertThat(json.get("minPercent").getAsDouble()).isEqualTo(0.5);
        assertThat(json.has("limit")).as("unlimited is left out").isFalse();
        assertThat(json.getAsJsonObject("selection").getAsJsonArray("focus").get(0).getAsString()).isEqualTo("main");
        assertThat(json.getAsJsonObject("selection").has("from")).as("no --range").isFalse();
        JsonObject root = json.getAsJsonObject("root");
        assertThat(root.has("function")).isFalse();
        assertThat(root.get("totalNanos").getAsLong()).isEqualTo(1000 * MS);
        JsonObject main = root.getAsJsonArray("children").get(0).getAsJsonObject();
        assertThat(main.get("function").getAsString()).isEqualTo("main");
        assertThat(main.get("module").getAsString()).isEqualTo("app");
        assertThat(main.get("kernel").getAsBoolean()).isFalse();
        assertThat(main.get("selfNanos").getAsLong()).isEqualTo(100 * MS);
        assertThat(main.get("totalSamples").getAsLong()).isEqualTo(4000);
        assertThat(main.getAsJsonArray("children")).hasSize(1);
        JsonObject work = main.getAsJsonArray("children").get(0).getAsJsonObject();
        assertThat(work.get("percent").getAsDouble()).isEqualTo(90.0);
        assertThat(work.getAsJsonArray("children").get(0).getAsJsonObject().get("function").getAsString())
                .isEqualTo("memcpy");
    }

    @Test
    void functionsShowSelfAndTotalWithSamplesAsTextAndJson() throws CommandException {
        assertThat(report("app.tcap", "functions", "--sort", "total", "--limit", "2")).endsWith(""
                + "Functions: 4000 samples, 1000.0 ms\n"
                + "Self%  Self ms  Self samples  Total%  Total ms  Total samples  Function  Module\n"
                + " 10.0    100.0           400   100.0    1000.0           4000  main      app\n"
                + " 60.0    600.0          2400    90.0     900.0           3600  work      app\n"
                + "1 more functions (--limit).\n");
        printed.reset();

        JsonObject json = JsonParser.parseString(report("app.tcap", "functions", "--json")).getAsJsonObject();
        assertThat(json.get("sampledNanos").getAsLong()).isEqualTo(1000 * MS);
        assertThat(json.get("functionCount").getAsInt()).isEqualTo(3);
        assertThat(json.get("sort").getAsString()).isEqualTo("self");
        JsonObject work = json.getAsJsonArray("functions").get(0).getAsJsonObject();
        assertThat(work.get("function").getAsString()).isEqualTo("work");
        assertThat(work.get("selfNanos").getAsLong()).isEqualTo(600 * MS);
        assertThat(work.get("totalSamples").getAsLong()).isEqualTo(3600);
        assertThat(work.get("selfPercent").getAsDouble()).isEqualTo(60.0);
        assertThat(work.get("totalPercent").getAsDouble()).isEqualTo(90.0);
    }

    @Test
    void butterflyAsTextAndJsonAndAnUnknownFunction() throws CommandException {
        assertThat(report("app.tcap", "butterfly", "work")).contains(""
                + "work (app): total 900.0 ms, 90.0%, 3600 samples; self 600.0 ms, 60.0%, 2400 samples\n\n"
                + "Callers (called it directly; Self is its own time when called from there):\n"
                + "Total%  Total ms  Samples  Self%  Self ms  Function  Module\n"
                + "  90.0     900.0     3600   60.0    600.0  main      app\n");
        printed.reset();

        JsonObject json = JsonParser.parseString(report("app.tcap", "butterfly", "work", "--json"))
                .getAsJsonObject();
        assertThat(json.getAsJsonObject("function").get("totalNanos").getAsLong()).isEqualTo(900 * MS);
        assertThat(json.get("callerCount").getAsInt()).isEqualTo(1);
        JsonArray callees = json.getAsJsonArray("callees");
        assertThat(callees.get(0).getAsJsonObject().get("module").getAsString()).isEqualTo("libc.so.6");
        assertThat(callees.get(0).getAsJsonObject().get("totalPercent").getAsDouble()).isEqualTo(30.0);

        assertThatThrownBy(() -> report("app.tcap", "butterfly", "nothing"))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("no sample of /captures/app.tcap has the function 'nothing' on its stack");
        assertThatThrownBy(() -> report("app.tcap", "butterfly"))
                .hasMessageStartingWith("tachyon:report FILE butterfly: Missing required parameter: 'FUNCTION'");
    }

    @Test
    void cpusTakeARangeButNotThreads() throws CommandException {
        model = withTree(StateViewsTest.model());
        String text = report("app.tcap", "cpus", "--width", "10");
        assertThat(text).contains("cpu 0  |").contains("Busy ms  Busy%");
        printed.reset();

        JsonObject json = JsonParser.parseString(report("app.tcap", "cpus", "--width", "4", "--json", "--range",
                "0-10")).getAsJsonObject();
        assertThat(json.get("slices").getAsInt()).isEqualTo(4);
        assertThat(json.get("to").getAsLong() - json.get("from").getAsLong()).isEqualTo(10 * MS);
        JsonObject cpu = json.getAsJsonArray("cpus").get(0).getAsJsonObject();
        assertThat(cpu.get("cpu").getAsInt()).isEqualTo(0);
        assertThat(cpu.getAsJsonArray("busyNanos")).hasSize(4);

        assertThatThrownBy(() -> report("app.tcap", "cpus", "--thread", "101"))
                .hasMessageStartingWith("tachyon:report FILE cpus: cpus shows whole CPUs: it takes --range but not"
                        + " --thread or --process");
    }

    @Test
    void badTreeOptionsAreUsageErrors() {
        assertThatThrownBy(() -> report("app.tcap", "tree", "--min-percent", "120"))
                .hasMessageStartingWith("tachyon:report FILE tree: --min-percent needs a percentage from 0 to 100");
        assertThatThrownBy(() -> report("app.tcap", "bottomup", "--range", "5-1"))
                .hasMessageStartingWith("tachyon:report FILE bottomup: --range must end after it starts, not '5-1'");
        assertThatThrownBy(() -> report("app.tcap", "waits", "--focus", "main"))
                .hasMessageStartingWith("tachyon:report FILE waits: Unknown options: '--focus', 'main'");
    }

    /** root > main > (work > memcpy, tiny); bottom-up only checks its flag. */
    private static final class SmallTree implements CallTree {
        private static final int[] PARENTS = {-1, 0, 1, 2, 1};
        private static final String[] NAMES = {null, "main", "work", "memcpy", "tiny"};
        private static final String[] MODULES = {null, "app", "app", "libc.so.6", "app"};
        private static final long[] TOTAL = {1000 * MS, 1000 * MS, 900 * MS, 300 * MS, 4 * MS};
        private static final long[] SELF = {0, 100 * MS, 600 * MS, 300 * MS, 4 * MS};
        private static final long[] SAMPLES = {4000, 4000, 3600, 1200, 16};

        private final boolean inverted;

        SmallTree(boolean inverted) {
            this.inverted = inverted;
        }

        @Override
        public boolean inverted() {
            return inverted;
        }

        @Override
        public int size() {
            return PARENTS.length;
        }

        @Override
        public int parent(int node) {
            return PARENTS[node];
        }

        @Override
        public int[] children(int node) {
            return java.util.stream.IntStream.range(0, PARENTS.length).filter(child -> PARENTS[child] == node)
                    .toArray();
        }

        @Override
        public StackFrame frame(int node) {
            return node == ROOT ? null : new StackFrame(NAMES[node], MODULES[node], false);
        }

        @Override
        public long selfSamples(int node) {
            return SAMPLES[node] * SELF[node] / TOTAL[node];
        }

        @Override
        public long totalSamples(int node) {
            return SAMPLES[node];
        }

        @Override
        public long selfNanos(int node) {
            return SELF[node];
        }

        @Override
        public long totalNanos(int node) {
            return TOTAL[node];
        }
    }
}
