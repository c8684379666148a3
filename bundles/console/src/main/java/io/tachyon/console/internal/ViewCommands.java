package io.tachyon.console.internal;

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
 * {@code tachyon:top}, {@code threads}, {@code waits}, {@code timeline} and {@code report}: open a capture's
 * model and print one view of it. {@code tachyon:VIEW [options] FILE} and {@code tachyon:report FILE VIEW
 * [options]} print the same.
 */
final class ViewCommands {

    static final List<String> VIEWS = List.of("top", "threads", "waits", "timeline", "stacks");

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
            case "threads" -> view(workingDirectory, arguments.file, "threads", viewArgs, ThreadsOptions::new,
                    ThreadsOptions::problem, this::printThreads);
            case "waits" -> view(workingDirectory, arguments.file, "waits", viewArgs, WaitsOptions::new,
                    WaitsOptions::problem, this::printWaits);
            case "timeline" -> view(workingDirectory, arguments.file, "timeline", viewArgs, TimelineOptions::new,
                    TimelineOptions::problem, this::printTimeline);
            case "stacks" -> {
                CommandLine viewLine = viewCommandLine(new StacksOptions(), "stacks");
                if (Arguments.parse(viewLine, out, viewArgs)) {
                    // No header: the output goes straight into flame graph tools.
                    out.print(ConsoleViews.collapsedStacks(open(workingDirectory, arguments.file)));
                }
            }
            default -> throw Arguments.usageError(commandLine,
                    "unknown view '" + arguments.view + "'; the views are " + String.join(", ", VIEWS));
        }
    }

    private interface Printer<O> {
        void print(CaptureModel model, O options);
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

    private void printTop(CaptureModel model, TopOptions options) {
        out.print(ConsoleViews.captureHeader(model));
        out.println();
        out.print(ConsoleViews.top(model, options));
    }

    private void printThreads(CaptureModel model, ThreadsOptions options) {
        if (options.json()) {
            out.print(JsonViews.threads(model, options));
            return;
        }
        out.print(ConsoleViews.captureHeader(model));
        out.println();
        out.print(ConsoleViews.threads(model, options));
    }

    private void printWaits(CaptureModel model, WaitsOptions options) {
        if (options.json()) {
            out.print(JsonViews.waits(model, options));
            return;
        }
        out.print(ConsoleViews.captureHeader(model));
        out.println();
        out.print(WaitsView.render(model, options));
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
            footer = {"", "Views:", "  top       functions by self and total time (--limit N, --sort self|total)",
                    "  threads   threads with their time running, runnable, sleeping, in IO (--limit N, --json)",
                    "  waits     wait stacks by time, with who woke them (--limit N, --thread TID..., --stacks N,"
                            + " --json)",
                    "  timeline  a row of states per thread (--range START-END ms, --width COLUMNS, --thread TID...)",
                    "  stacks    collapsed stacks (flamegraph.pl input), kernel frames marked _[k]", "",
                    "Example: tachyon:report tachyon.tcap top --limit 10"})
    static final class ReportArguments {

        @Parameters(index = "0", paramLabel = "FILE", description = "The capture file.")
        private String file;

        @Parameters(index = "1", paramLabel = "VIEW",
                description = "What to show: top, threads, waits, timeline or stacks.")
        private String view;

        @Parameters(index = "2..*", paramLabel = "VIEW_OPTIONS", description = "Options of the view.")
        private List<String> viewArgs = new ArrayList<>();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        private boolean help;
    }
}
