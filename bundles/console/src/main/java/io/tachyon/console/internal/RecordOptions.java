package io.tachyon.console.internal;

import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.CallGraph;
import io.tachyon.api.collect.RecordingRequest.Target;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IParameterConsumer;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.TypeConversionException;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Stack;

/** The arguments of {@code tachyon:record}, spelled like {@code perf record}'s where perf has the flag. */
@Command(name = "tachyon:record", sortOptions = false,
        description = "Records sampled call stacks of a command, a running process or the whole system into a"
                + " capture file.",
        footer = {"", "Exactly one target: a command (after --), -p PID or -a.", "", "Examples:",
                "  tachyon:record -- ./server --port 8080",
                "  tachyon:record -F 999 -p 1234 --duration 10 -o server.tcap",
                "  tachyon:record -a -g none --duration 5"})
final class RecordOptions {

    static final String DEFAULT_OUTPUT = "tachyon" + CaptureStore.EXTENSION;
    static final int DEFAULT_FREQUENCY_HZ = 4000;

    @Option(order = 1, names = {"-o", "--output"}, paramLabel = "FILE", defaultValue = DEFAULT_OUTPUT,
            description = "Capture file to write (default: ${DEFAULT-VALUE}); an existing file is replaced.")
    private String output;

    @Option(order = 2, names = {"-F", "--freq"}, paramLabel = "HZ", defaultValue = "" + DEFAULT_FREQUENCY_HZ,
            description = "Samples per second per CPU (default: ${DEFAULT-VALUE}).")
    private int frequencyHz;

    private CallGraph callGraph = CallGraph.FRAME_POINTER;

    @Option(order = 5, names = {"-p", "--pid"}, paramLabel = "PID", description = "Attach to this running process.")
    private Integer pid;

    @Option(order = 6, names = {"-a", "--all-cpus"}, description = "Record every process on every CPU.")
    private boolean allCpus;

    @Option(order = 7, names = "--duration", paramLabel = "SECONDS",
            description = "Stop after this many seconds (default: when the target ends or on Ctrl-C).")
    private BigDecimal durationSeconds;

    @Option(order = 8, names = "--user-only",
            description = "Sample user code only: no kernel samples or kernel stacks.")
    private boolean userOnly;

    @Option(order = 9, names = "--no-switches",
            description = "Do not record context switches and wake-ups (no thread timeline, only samples).")
    private boolean noSwitches;

    @Option(order = 9, names = "--collector", paramLabel = "ID",
            description = "Collector to record with (default: the first available one, by id, that can"
                    + " record this target; see tachyon:collectors).")
    private String collectorId;

    @Option(order = 9, names = "--no-embed",
            description = "Do not embed the symbols of the sampled functions in the capture (then it shows names"
                    + " only where its modules are).")
    private boolean noEmbed;

    @Option(order = 10, names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    private boolean help;

    @Parameters(paramLabel = "COMMAND", arity = "0..*",
            description = "Command to launch and record, with its arguments; put it after --.")
    private List<String> command = new ArrayList<>();

    /**
     * Parses and checks the arguments of {@code tachyon:record}.
     *
     * @return empty when the user asked for help, which has been printed to {@code out}
     */
    static Optional<RecordOptions> parse(PrintStream out, String... args) throws CommandException {
        RecordOptions options = new RecordOptions();
        CommandLine commandLine = Arguments.commandLine(options);
        // As perf: the first word that is not an option starts the command, so its own options stay its own.
        commandLine.setStopAtPositional(true);
        if (!Arguments.parse(commandLine, out, args)) {
            return Optional.empty();
        }
        Optional<String> problem = options.problem();
        if (problem.isPresent()) {
            throw Arguments.usageError(commandLine, problem.get());
        }
        return Optional.of(options);
    }

    @Option(order = 3, names = "-g", arity = "0..1", paramLabel = "MODE",
            parameterConsumer = OptionalCallGraphMode.class,
            description = "Call stacks: fp (frame pointers, the default; plain -g means fp) or none.")
    private void callGraphShort(CallGraph mode) {
        callGraph = mode;
    }

    @Option(order = 4, names = "--call-graph", paramLabel = "MODE", converter = CallGraphMode.class,
            description = "Same as -g, with a required MODE: fp or none.")
    private void callGraphLong(CallGraph mode) {
        callGraph = mode;
    }

    private Optional<String> problem() {
        List<String> targets = new ArrayList<>();
        if (!command.isEmpty()) {
            targets.add("a command (" + String.join(" ", command) + ")");
        }
        if (pid != null) {
            targets.add("-p " + pid);
        }
        if (allCpus) {
            targets.add("-a");
        }
        if (targets.isEmpty()) {
            return Optional.of("nothing to record: give a command after --, -p PID to attach to a running process,"
                    + " or -a to record all CPUs");
        }
        if (targets.size() > 1) {
            return Optional.of("choose one target, not " + String.join(" and ", targets)
                    + ": a command after --, -p PID or -a");
        }
        if (pid != null && pid <= 0) {
            return Optional.of("-p needs a process id greater than 0, not " + pid);
        }
        if (frequencyHz <= 0) {
            return Optional.of("-F needs a frequency in Hz greater than 0, not " + frequencyHz);
        }
        if (durationSeconds != null && durationSeconds.signum() <= 0) {
            return Optional.of("--duration needs a number of seconds greater than 0, not "
                    + durationSeconds.toPlainString());
        }
        return Optional.empty();
    }

    RecordingRequest request() {
        return new RecordingRequest(target(), frequencyHz, callGraph, !userOnly, !noSwitches, duration(), Map.of());
    }

    private Target target() {
        if (pid != null) {
            return new RecordingRequest.Attach(pid);
        }
        if (allCpus) {
            return new RecordingRequest.SystemWide();
        }
        return new RecordingRequest.Launch(command);
    }

    private Duration duration() {
        if (durationSeconds == null) {
            return null;
        }
        return Duration.ofNanos(durationSeconds.movePointRight(9).longValue());
    }

    /** The capture file, relative paths taken from {@code workingDirectory}. */
    Path output(Path workingDirectory) {
        return workingDirectory.resolve(output).normalize();
    }

    boolean embedSymbols() {
        return !noEmbed;
    }

    Optional<String> collectorId() {
        return Optional.ofNullable(collectorId);
    }

    /** Reads a {@code --call-graph} mode by the name perf uses for it. */
    static final class CallGraphMode implements ITypeConverter<CallGraph> {

        static final String NAMES = "fp or none";

        @Override
        public CallGraph convert(String value) {
            return parse(value).orElseThrow(
                    () -> new TypeConversionException("expected " + NAMES + " but was '" + value + "'"));
        }

        static Optional<CallGraph> parse(String value) {
            return switch (value.toLowerCase(Locale.ROOT)) {
                case "fp" -> Optional.of(CallGraph.FRAME_POINTER);
                case "none" -> Optional.of(CallGraph.NONE);
                default -> Optional.empty();
            };
        }
    }

    /**
     * {@code -g} takes a mode only when the next word is one; otherwise it means frame pointers and the word
     * is left for what follows ({@code -g ls} records {@code ls}, as in perf).
     */
    static final class OptionalCallGraphMode implements IParameterConsumer {

        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            Optional<CallGraph> mode = args.isEmpty() ? Optional.empty() : CallGraphMode.parse(args.peek());
            if (mode.isPresent()) {
                args.pop();
            }
            argSpec.setValue(mode.orElse(CallGraph.FRAME_POINTER));
        }
    }
}
