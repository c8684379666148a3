package io.tachyon.console.internal;

import io.tachyon.api.analysis.Butterfly;
import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * {@code tachyon:top}, {@code functions}, {@code tree}, {@code bottomup}, {@code butterfly}, {@code threads},
 * {@code waits}, {@code timeline}, {@code cpus} and {@code report}: open a capture's model and print one view of
 * it. {@code tachyon:VIEW [options] FILE} and {@code tachyon:report FILE VIEW [options]} print the same. The
 * sample views first restrict the model to the selection ({@link SampleSelection}); the header above a view is
 * the whole capture's.
 */
final class ViewCommands {

    static final List<String> VIEWS = List.of("top", "functions", "lines", "tree", "bottomup", "butterfly", "threads",
            "waits", "timeline", "cpus", "stacks", "health");

    private final CaptureModelFactory models;
    private final PrintStream out;

    ViewCommands(CaptureModelFactory models, PrintStream out) {
        this.models = models;
        this.out = out;
    }

    /** {@code tachyon:top [--limit N] [--sort self|total] FILE}. */
    void top(Path workingDirectory, String... args) throws CommandException {
        TopArguments arguments = new TopArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        if (Arguments.parse(commandLine, out, args)) {
            check(commandLine, arguments.options.problem());
            printTop(open(workingDirectory, arguments.file), arguments.options);
        }
    }

    /** {@code tachyon:threads [--limit N] [--json] FILE}. */
    void threads(Path workingDirectory, String... args) throws CommandException {
        ThreadsArguments arguments = new ThreadsArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        if (Arguments.parse(commandLine, out, args)) {
            check(commandLine, arguments.options.problem());
            printThreads(open(workingDirectory, arguments.file), arguments.options);
        }
    }

    /** {@code tachyon:waits [--limit N] [--thread TID...] [--stacks N] [--json] FILE}. */
    void waits(Path workingDirectory, String... args) throws CommandException {
        WaitsArguments arguments = new WaitsArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        if (Arguments.parse(commandLine, out, args)) {
            check(commandLine, arguments.options.problem());
            printWaits(open(workingDirectory, arguments.file), arguments.options);
        }
    }

    /** {@code tachyon:timeline [--range START-END] [--width COLUMNS] [--thread TID...] FILE}. */
    void timeline(Path workingDirectory, String... args) throws CommandException {
        TimelineArguments arguments = new TimelineArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        if (Arguments.parse(commandLine, out, args)) {
            check(commandLine, arguments.options.problem());
            printTimeline(open(workingDirectory, arguments.file), arguments.options);
        }
    }

    /** {@code tachyon:functions [selection] [--limit N] [--sort self|total] [--json] FILE}. */
    void functions(Path workingDirectory, String... args) throws CommandException {
        FunctionsArguments arguments = new FunctionsArguments();
        standalone(workingDirectory, arguments, () -> arguments.file, () -> arguments.options.problem(),
                model -> printFunctions(model, arguments.options), args);
    }

    /** {@code tachyon:tree} ({@code inverted} false) or {@code tachyon:bottomup}: {@code [options] FILE}. */
    void tree(Path workingDirectory, boolean inverted, String... args) throws CommandException {
        TreeArguments arguments = new TreeArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        commandLine.setCommandName(inverted ? "tachyon:bottomup" : "tachyon:tree");
        if (Arguments.parse(commandLine, out, args)) {
            check(commandLine, arguments.options.problem());
            printTree(open(workingDirectory, arguments.file), arguments.options, inverted);
        }
    }

    /** {@code tachyon:butterfly [options] FUNCTION FILE}. */
    void butterfly(Path workingDirectory, String... args) throws CommandException {
        ButterflyArguments arguments = new ButterflyArguments();
        standalone(workingDirectory, arguments, () -> arguments.file, () -> arguments.options.problem(),
                model -> printButterfly(model, arguments.options), args);
    }

    /** {@code tachyon:cpus [--range START-END] [--width N] [--json] FILE}. */
    void cpus(Path workingDirectory, String... args) throws CommandException {
        CpusArguments arguments = new CpusArguments();
        standalone(workingDirectory, arguments, () -> arguments.file, () -> arguments.options.problem(),
                model -> printCpus(model, arguments.options), args);
    }

    private void standalone(Path workingDirectory, Object arguments, Supplier<String> file,
            Supplier<Optional<String>> problem, ModelPrinter printer, String... args) throws CommandException {
        CommandLine commandLine = Arguments.commandLine(arguments);
        if (Arguments.parse(commandLine, out, args)) {
            check(commandLine, problem.get());
            printer.print(open(workingDirectory, file.get()));
        }
    }

    private interface ModelPrinter {
        void print(CaptureModel model) throws CommandException;
    }

    /** {@code tachyon:report FILE VIEW [view options]}. */
    void report(Path workingDirectory, String... args) throws CommandException {
        ReportArguments arguments = new ReportArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        // Everything after FILE belongs to the view, so its options are parsed by the view.
        commandLine.setStopAtPositional(true);
        if (!Arguments.parse(commandLine, out, args)) {
            return;
        }
        String[] viewArgs = arguments.viewArgs.toArray(String[]::new);
        switch (arguments.view) {
            case "top" -> view(workingDirectory, arguments.file, "top", viewArgs, TopOptions::new,
                    TopOptions::problem, this::printTop);
            case "functions" -> view(workingDirectory, arguments.file, "functions", viewArgs, TopOptions::new,
                    TopOptions::problem, this::printFunctions);
            case "lines" -> view(workingDirectory, arguments.file, "lines", viewArgs, LinesOptions::new,
                    LinesOptions::problem, this::printLines);
            case "tree" -> view(workingDirectory, arguments.file, "tree", viewArgs, TreeOptions::new,
                    TreeOptions::problem, (model, options) -> printTree(model, options, false));
            case "bottomup" -> view(workingDirectory, arguments.file, "bottomup", viewArgs, TreeOptions::new,
                    TreeOptions::problem, (model, options) -> printTree(model, options, true));
            case "butterfly" -> view(workingDirectory, arguments.file, "butterfly", viewArgs, ButterflyOptions::new,
                    ButterflyOptions::problem, this::printButterfly);
            case "cpus" -> view(workingDirectory, arguments.file, "cpus", viewArgs, CpusOptions::new,
                    CpusOptions::problem, this::printCpus);
            case "threads" -> view(workingDirectory, arguments.file, "threads", viewArgs, ThreadsOptions::new,
                    ThreadsOptions::problem, this::printThreads);
            case "waits" -> view(workingDirectory, arguments.file, "waits", viewArgs, WaitsOptions::new,
                    WaitsOptions::problem, this::printWaits);
            case "timeline" -> view(workingDirectory, arguments.file, "timeline", viewArgs, TimelineOptions::new,
                    TimelineOptions::problem, this::printTimeline);
            case "stacks" -> view(workingDirectory, arguments.file, "stacks", viewArgs, StacksOptions::new,
                    StacksOptions::problem, this::printStacks);
            case "health" -> HealthCommand.report(models, workingDirectory, out,
                    java.util.stream.Stream.concat(java.util.stream.Stream.of(arguments.file),
                            java.util.Arrays.stream(viewArgs)).toArray(String[]::new));
            default -> throw Arguments.usageError(commandLine,
                    "unknown view '" + arguments.view + "'; the views are " + String.join(", ", VIEWS));
        }
    }

    private interface Printer<O> {
        void print(CaptureModel model, O options) throws CommandException;
    }

    private <O> void view(Path workingDirectory, String file, String view, String[] viewArgs, Supplier<O> newOptions,
            Function<O, Optional<String>> problem, Printer<O> printer) throws CommandException {
        O options = newOptions.get();
        CommandLine viewLine = viewCommandLine(options, view);
        if (Arguments.parse(viewLine, out, viewArgs)) {
            check(viewLine, problem.apply(options));
            printer.print(open(workingDirectory, file), options);
        }
    }

    private static CommandLine viewCommandLine(Object options, String view) {
        CommandLine commandLine = Arguments.commandLine(options);
        commandLine.setCommandName("tachyon:report FILE " + view);
        return commandLine;
    }

    private static void check(CommandLine commandLine, Optional<String> problem) throws CommandException {
        if (problem.isPresent()) {
            throw Arguments.usageError(commandLine, problem.get());
        }
    }

    private void printTop(CaptureModel model, TopOptions options) throws CommandException {
        printRows(model, options.selection(), options.json(), selected -> JsonViews.functions(selected, options),
                selected -> ConsoleViews.top(selected, options));
    }

    private void printFunctions(CaptureModel model, TopOptions options) throws CommandException {
        printRows(model, options.selection(), options.json(), selected -> JsonViews.functions(selected, options),
                selected -> SampleViews.functions(selected, options));
    }

    private void printLines(CaptureModel model, LinesOptions options) throws CommandException {
        printRows(model, options.selection(), options.json(), selected -> JsonViews.lines(selected, options),
                selected -> SampleViews.lines(selected, options));
    }

    /** A view of the selected samples: its JSON alone, or the capture's header and its text. */
    private void printRows(CaptureModel model, SampleSelection selection, boolean json,
            Function<CaptureModel, String> asJson, Function<CaptureModel, String> asText) throws CommandException {
        CaptureModel selected = selection.apply(model);
        if (json) {
            out.print(asJson.apply(selected));
            return;
        }
        printHeader(model);
        out.print(asText.apply(selected));
    }

    private void printTree(CaptureModel model, TreeOptions options, boolean inverted) throws CommandException {
        CaptureModel selected = options.selection().apply(model);
        CallTree tree = selected.callTree(inverted);
        if (options.json()) {
            out.print(JsonViews.tree(selected, tree, options));
            return;
        }
        printHeader(model);
        out.print(CallTreeView.render(tree, options));
    }

    private void printButterfly(CaptureModel model, ButterflyOptions options) throws CommandException {
        CaptureModel selected = options.selection().apply(model);
        Butterfly butterfly;
        try {
            butterfly = selected.butterfly(options.function());
        } catch (IllegalArgumentException e) {
            throw new CommandException(e.getMessage() + ". tachyon:report FILE functions lists the functions"
                    + " by name.");
        }
        if (options.json()) {
            out.print(JsonViews.butterfly(selected, butterfly, options));
            return;
        }
        printHeader(model);
        out.print(SampleViews.butterfly(selected, butterfly, options));
    }

    private void printCpus(CaptureModel model, CpusOptions options) {
        long from = model.startTime();
        long to = model.endTime();
        if (options.selection().rangeNanos().isPresent()) {
            long[] range = options.selection().rangeNanos().get();
            from = model.startTime() + range[0];
            to = model.startTime() + range[1];
        }
        if (options.json()) {
            out.print(JsonViews.cpus(model, from, to, options));
            return;
        }
        printHeader(model);
        out.print(SampleViews.cpus(model, from, to, options));
    }

    private void printStacks(CaptureModel model, StacksOptions options) throws CommandException {
        CaptureModel selected = options.selection().apply(model);
        // No header: the output goes straight into flame graph tools.
        out.print(options.json() ? JsonViews.stacks(selected, options) : ConsoleViews.collapsedStacks(selected));
    }

    private void printThreads(CaptureModel model, ThreadsOptions options) throws CommandException {
        CaptureModel selected = options.selection().apply(model);
        if (options.json()) {
            out.print(JsonViews.threads(selected, options));
            return;
        }
        printHeader(model);
        out.print(ConsoleViews.threads(selected, options));
    }

    /** Waits are not samples: the view selects them by thread and window itself, no filtered model is needed. */
    private void printWaits(CaptureModel model, WaitsOptions options) throws CommandException {
        options.selection().checkThreads(model);
        if (options.json()) {
            out.print(JsonViews.waits(model, options));
            return;
        }
        printHeader(model);
        out.print(WaitsView.render(model, options));
    }

    private void printHeader(CaptureModel model) {
        out.print(ConsoleViews.captureHeader(model));
        out.println();
    }

    private void printTimeline(CaptureModel model, TimelineOptions options) {
        out.print(ConsoleViews.captureHeader(model));
        out.println();
        out.print(TimelineView.render(model, options));
    }

    private CaptureModel open(Path workingDirectory, String name) throws CommandException {
        return CaptureFiles.open(models, workingDirectory.resolve(name).normalize(), name);
    }

    @Command(name = "tachyon:top", description = "Shows the functions of a capture by self and total time.")
    static final class TopArguments {

        @Mixin
        private TopOptions options = new TopOptions();

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:functions", description = "Shows every function with its self and total time.")
    static final class FunctionsArguments {

        @Mixin
        private TopOptions options = new TopOptions();

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:tree", description = "Shows the call tree, top-down or (tachyon:bottomup) bottom-up.")
    static final class TreeArguments {

        @Mixin
        private TreeOptions options = new TreeOptions();

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:butterfly", description = "Shows a function with its direct callers and callees.")
    static final class ButterflyArguments {

        @Mixin
        private ButterflyOptions options = new ButterflyOptions();

        @Parameters(index = "1", paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:cpus", description = "Shows how busy each CPU was over time.")
    static final class CpusArguments {

        @Mixin
        private CpusOptions options = new CpusOptions();

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:threads", description = "Shows the threads of a capture with their time in each state.")
    static final class ThreadsArguments {

        @Mixin
        private ThreadsOptions options = new ThreadsOptions();

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:waits", description = "Shows where the threads of a capture waited and who woke them.")
    static final class WaitsArguments {

        @Mixin
        private WaitsOptions options = new WaitsOptions();

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:timeline", description = "Draws each thread's states over time, a character per slice.")
    static final class TimelineArguments {

        @Mixin
        private TimelineOptions options = new TimelineOptions();

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:report", description = "Shows one view of a capture.",
            footer = {"", "Views (--help after a view for its options):",
                    "  top        functions by self time, the first 25",
                    "  functions  every function with self and total time, samples and %%",
                    "  lines      source lines by self time (file:line of each sampled instruction)",
                    "  tree       top-down call tree: outermost callers first, indented",
                    "  bottomup   bottom-up call tree: sampled functions first, then their callers",
                    "  butterfly FUNCTION  a function's direct callers and callees",
                    "  threads    threads with their time running, runnable, sleeping, in IO",
                    "  waits      wait stacks by time, with who woke them",
                    "  timeline   a row of states per thread",
                    "             (--range START-END ms, --width COLUMNS, --thread TID...)",
                    "  cpus       how busy each CPU was over time (--range, --width, --json)",
                    "  stacks     collapsed stacks (flamegraph.pl input), kernel frames marked _[k]", "",
                    "The sample views (top, functions, lines, tree, bottomup, butterfly, threads,",
                    "stacks) take --range START-END (ms from the capture's start), --thread TID...,",
                    "--process PID..., --focus F, --exclude F, --merge F (a trailing * matches by",
                    "prefix; lines stay where the instruction was) and --json; waits takes --range,",
                    "--thread, --process and --json.", "",
                    "Example: tachyon:report tachyon.tcap tree --focus main --min-percent 1"})
    static final class ReportArguments {

        @Parameters(index = "0", paramLabel = "FILE", description = "The capture file.")
        private String file;

        @Parameters(index = "1", paramLabel = "VIEW",
                description = "What to show: top, functions, lines, tree, bottomup, butterfly, threads, waits, timeline,"
                        + " cpus or stacks.")
        private String view;

        @Parameters(index = "2..*", paramLabel = "VIEW_OPTIONS", description = "Options of the view.")
        private List<String> viewArgs = new ArrayList<>();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        private boolean help;
    }
}
