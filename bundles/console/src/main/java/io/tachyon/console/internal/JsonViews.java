package io.tachyon.console.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.tachyon.api.analysis.Butterfly;
import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CpuUsage;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.LineCost;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.WaitGroup;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The views as JSON, for scripts and tests: the api's records as they are, times in nanoseconds on the capture's
 * clock, stacks outermost caller first and whole, percentages of the selected samples' time with two decimals.
 * docs/analysis-json.md describes every shape.
 */
final class JsonViews {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private JsonViews() {
    }

    private record Threads(String capture, long startTime, long endTime, boolean hasThreadStates,
            Map<Integer, Long> lostRecordsByCpu, List<ThreadStates> threads) {
    }

    private record Waits(String capture, long startTime, long endTime, boolean hasThreadStates,
            List<Integer> threadFilter, long waitGroupCount, List<WaitGroup> waitGroups) {
    }

    /** A function's cost with its share of the selected samples' time. */
    record FunctionJson(String function, String module, long selfSamples, long totalSamples, long selfNanos,
            long totalNanos, double selfPercent, double totalPercent) {

        static FunctionJson of(FunctionCost cost, long sampledNanos) {
            return new FunctionJson(cost.function(), cost.module(), cost.selfSamples(), cost.totalSamples(),
                    cost.selfNanos(), cost.totalNanos(), share(cost.selfNanos(), sampledNanos),
                    share(cost.totalNanos(), sampledNanos));
        }
    }

    private record Functions(String capture, long startTime, long endTime, SampleSelection.Json selection,
            long sampleCount, long sampledNanos, int functionCount, String sort, List<FunctionJson> functions) {
    }

    private record LineJson(String file, int line, String function, String module, long samples, long selfNanos,
            double selfPercent) {
    }

    private record Lines(String capture, long startTime, long endTime, SampleSelection.Json selection,
            long sampleCount, long sampledNanos, int lineCount, List<LineJson> lines) {
    }

    private record Tree(String capture, long startTime, long endTime, SampleSelection.Json selection,
            boolean inverted, double minPercent, Integer limit, Integer depth, CallTreeView.Node root) {
    }

    private record ButterflyJson(String capture, long startTime, long endTime, SampleSelection.Json selection,
            long sampleCount, long sampledNanos, FunctionJson function, int callerCount, List<FunctionJson> callers,
            int calleeCount, List<FunctionJson> callees) {
    }

    private record Cpus(String capture, long startTime, long endTime, boolean hasThreadStates, long from, long to,
            int slices, List<CpuUsage> cpus) {
    }

    private record Stacks(String capture, long startTime, long endTime, SampleSelection.Json selection,
            long sampleCount, long sampledNanos, List<StackCost> stacks) {
    }

    /** The functions (up to the limit) in the view's order. */
    static String functions(CaptureModel model, TopOptions options) {
        List<FunctionJson> functions = model.functions().stream().sorted(SampleViews.order(options.sort()))
                .limit(options.limit()).map(cost -> FunctionJson.of(cost, model.sampledNanos())).toList();
        return GSON.toJson(new Functions(model.file().toString(), model.startTime(), model.endTime(),
                options.selection().json(model), model.sampleCount(), model.sampledNanos(), model.functions().size(),
                options.sort().name().toLowerCase(Locale.ROOT), functions)) + "\n";
    }

    /** The source lines (up to the limit), hottest first. */
    static String lines(CaptureModel model, LinesOptions options) {
        List<LineCost> all = model.lines();
        List<LineJson> lines = all.stream().limit(options.limit()).map(line -> new LineJson(line.file(), line.line(),
                line.function(), line.module(), line.samples(), line.selfNanos(),
                share(line.selfNanos(), model.sampledNanos()))).toList();
        return GSON.toJson(new Lines(model.file().toString(), model.startTime(), model.endTime(),
                options.selection().json(model), model.sampleCount(), model.sampledNanos(), all.size(), lines)) + "\n";
    }

    /** The call tree, pruned as the text is. */
    static String tree(CaptureModel model, CallTree tree, TreeOptions options) {
        return GSON.toJson(new Tree(model.file().toString(), model.startTime(), model.endTime(),
                options.selection().json(model), tree.inverted(), options.minPercent(), unlimitedAsNull(options.limit()),
                unlimitedAsNull(options.depth()), CallTreeView.json(tree, options))) + "\n";
    }

    /** The function, then its callers and callees (each up to the limit). */
    static String butterfly(CaptureModel model, Butterfly butterfly, ButterflyOptions options) {
        long sampled = model.sampledNanos();
        return GSON.toJson(new ButterflyJson(model.file().toString(), model.startTime(), model.endTime(),
                options.selection().json(model), model.sampleCount(), sampled,
                FunctionJson.of(butterfly.function(), sampled), butterfly.callers().size(),
                butterfly.callers().stream().limit(options.limit()).map(cost -> FunctionJson.of(cost, sampled)).toList(),
                butterfly.callees().size(),
                butterfly.callees().stream().limit(options.limit()).map(cost -> FunctionJson.of(cost, sampled)).toList()))
                + "\n";
    }

    /** Every CPU's busy time per slice of {@code from}..{@code to}. */
    static String cpus(CaptureModel model, long from, long to, CpusOptions options) {
        List<CpuUsage> usage = to > from ? model.cpuUsage(from, to, options.width()) : List.of();
        return GSON.toJson(new Cpus(model.file().toString(), model.startTime(), model.endTime(),
                model.hasThreadStates(), from, to, options.width(), usage)) + "\n";
    }

    /** Every distinct stack of the selected samples, most time first. */
    static String stacks(CaptureModel model, StacksOptions options) {
        return GSON.toJson(new Stacks(model.file().toString(), model.startTime(), model.endTime(),
                options.selection().json(model), model.sampleCount(), model.sampledNanos(), model.stacks())) + "\n";
    }

    private static Integer unlimitedAsNull(int limit) {
        return limit == Integer.MAX_VALUE ? null : limit;
    }

    /** {@code part} as a percentage of {@code whole}, two decimals. */
    static double share(long part, long whole) {
        return whole == 0 ? 0 : Math.round(10000.0 * part / whole) / 100.0;
    }

    /** Every thread (up to the limit) with its state totals, by running time as the table is. */
    static String threads(CaptureModel model, ThreadsOptions options) {
        List<ThreadStates> threads = model.threadStates().stream()
                .sorted(ConsoleViews.BY_RUNNING_TIME)
                .limit(options.limit())
                .toList();
        return GSON.toJson(new Threads(model.file().toString(), model.startTime(), model.endTime(),
                model.hasThreadStates(), model.lostRecordsByCpu(), threads)) + "\n";
    }

    /** The wait groups (up to the limit) of the threads the options name. */
    static String waits(CaptureModel model, WaitsOptions options) {
        long[] window = WaitsView.window(model, options);
        List<WaitGroup> groups = model.waitGroups(WaitsView.threads(options), window[0], window[1]);
        return GSON.toJson(new Waits(model.file().toString(), model.startTime(), model.endTime(),
                model.hasThreadStates(), options.threads(), groups.size(),
                groups.stream().limit(options.limit()).toList())) + "\n";
    }
}
