package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** {@code tachyon:top} and {@code tachyon:report}: open a capture's model and print one view of it. */
final class ViewCommands {

    static final List<String> VIEWS = List.of("top", "threads", "stacks");

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
        if (!Arguments.parse(commandLine, out, args)) {
            return;
        }
        check(commandLine, arguments.options.problem());
        printTop(open(workingDirectory, arguments.file), arguments.options);
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
            case "top" -> {
                TopOptions options = new TopOptions();
                CommandLine viewLine = viewCommandLine(options, "top");
                if (Arguments.parse(viewLine, out, viewArgs)) {
                    check(viewLine, options.problem());
                    printTop(open(workingDirectory, arguments.file), options);
                }
            }
            case "threads" -> {
                ThreadsOptions options = new ThreadsOptions();
                CommandLine viewLine = viewCommandLine(options, "threads");
                if (Arguments.parse(viewLine, out, viewArgs)) {
                    check(viewLine, options.problem());
                    CaptureModel model = open(workingDirectory, arguments.file);
                    out.print(ConsoleViews.captureHeader(model));
                    out.println();
                    out.print(ConsoleViews.threads(model, options));
                }
            }
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

    private CaptureModel open(Path workingDirectory, String name) throws CommandException {
        Path file = workingDirectory.resolve(name).normalize();
        if (!Files.exists(file)) {
            throw new CommandException("No capture file " + file
                    + ". Check the name, or record one with tachyon:record -o " + name + " -- COMMAND.");
        }
        if (Files.isDirectory(file)) {
            throw new CommandException(file + " is a directory, not a capture file.");
        }
        try {
            return models.open(file);
        } catch (IOException e) {
            throw new CommandException("Cannot read capture " + file + ": " + e.getMessage(), e);
        }
    }

    @Command(name = "tachyon:top", description = "Shows the functions of a capture by self and total time.")
    static final class TopArguments {

        @Mixin
        private TopOptions options = new TopOptions();

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;
    }

    @Command(name = "tachyon:report", description = "Shows one view of a capture.",
            footer = {"", "Views:", "  top      functions by self and total time (--limit N, --sort self|total)",
                    "  threads  threads by CPU time (--limit N)",
                    "  stacks   collapsed stacks (flamegraph.pl input), kernel frames marked _[k]", "",
                    "Example: tachyon:report tachyon.tcap top --limit 10"})
    static final class ReportArguments {

        @Parameters(index = "0", paramLabel = "FILE", description = "The capture file.")
        private String file;

        @Parameters(index = "1", paramLabel = "VIEW", description = "What to show: top, threads or stacks.")
        private String view;

        @Parameters(index = "2..*", paramLabel = "VIEW_OPTIONS", description = "Options of the view.")
        private List<String> viewArgs = new ArrayList<>();

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        private boolean help;
    }
}
