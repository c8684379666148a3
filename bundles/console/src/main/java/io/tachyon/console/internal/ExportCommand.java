package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.export.Exporter;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * {@code tachyon:export --format F [--range START-END] [--thread TID...] [--process PID...] FILE [-o OUT]}: writes
 * a capture, or the part the filters select, in another tool's format through the {@link Exporter} service of
 * that format. Exporters come and go with their bundles; the formats offered are those present when the command
 * runs. The filters select as the reports do: {@code --range} in milliseconds from the capture's start,
 * {@code --thread} by tid, {@code --process} by pid (a thread must match both when both are given).
 */
@Component(service = ExportCommand.class, property = {
        "osgi.command.scope=tachyon",
        "osgi.command.function=export"})
public final class ExportCommand {


    private final CaptureModelFactory models;
    /** The exporters present, by format id. */
    private final Map<String, Exporter> exporters = new ConcurrentSkipListMap<>();

    @Activate
    public ExportCommand(@Reference(name = "models") CaptureModelFactory models) {
        this.models = models;
    }

    @Reference(name = "exporter", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeExporter")
    void addExporter(Exporter exporter, Map<String, Object> properties) {
        exporters.put(format(exporter, properties), exporter);
    }

    void removeExporter(Exporter exporter, Map<String, Object> properties) {
        exporters.remove(format(exporter, properties), exporter);
    }

    @Descriptor("write a capture in another tool's format (pprof, chrome, firefox, speedscope, collapsed, html)")
    public void export(CommandSession session,
            @Descriptor("--format F [--range START-END] [--thread TID...] [--process PID...] FILE [-o OUT]")
            String... args) throws CommandException {
        run(session.currentDir(), System.out, args);
    }

    void run(Path workingDirectory, PrintStream out, String... args) throws CommandException {
        ExportArguments arguments = new ExportArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        commandLine.getCommandSpec().usageMessage().footer("", "Formats installed: " + formats());
        if (!Arguments.parse(commandLine, out, args)) {
            return;
        }
        Exporter exporter = exporters.get(arguments.format);
        if (exporter == null) {
            throw Arguments.usageError(commandLine, exporters.isEmpty()
                    ? "no exporter is installed (is the io.tachyon.export bundle running?)"
                    : "unknown format '" + arguments.format + "'; the formats installed are " + formats());
        }
        Optional<String> selectionProblem = arguments.selection.problem();
        if (selectionProblem.isPresent()) {
            throw Arguments.usageError(commandLine, selectionProblem.get());
        }
        Path capture = workingDirectory.resolve(arguments.file).normalize();
        Path output = arguments.output != null ? workingDirectory.resolve(arguments.output).normalize()
                : defaultOutput(capture, exporter.fileExtension());
        CaptureModel model = arguments.selection.apply(CaptureFiles.open(models, capture, arguments.file));
        write(exporter, model, output);
        out.printf(Locale.ROOT, "Wrote %s: %s, %d samples of %d threads, %.1f ms, %s bytes.%n", output,
                arguments.format, model.sampleCount(), model.threads().size(),
                (model.endTime() - model.startTime()) / 1e6, size(output));
    }

    private String formats() {
        return exporters.isEmpty() ? "none" : String.join(", ", exporters.keySet());
    }

    /** Writes into a file beside {@code output} first, so a failed export leaves no half-written file. */
    private static void write(Exporter exporter, CaptureModel model, Path output) throws CommandException {
        Path directory = output.getParent() == null ? Path.of(".") : output.getParent();
        if (!Files.isDirectory(directory)) {
            throw new CommandException("Cannot write " + output + ": there is no directory " + directory + ".");
        }
        Path partial = null;
        try {
            partial = Files.createTempFile(directory, "." + output.getFileName(), ".partial");
            try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16)) {
                exporter.export(model, file);
            }
            Files.move(partial, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | RuntimeException e) {
            deleteQuietly(partial);
            throw new CommandException("Cannot export " + model.file() + " as " + exporter.format() + " to "
                    + output + ": " + e.getMessage(), e);
        }
    }

    private static void deleteQuietly(Path file) {
        if (file == null) {
            return;
        }
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // The export's own failure is what the user needs to hear about; a leftover temp file is secondary.
            System.err.println("tachyon: could not remove " + file + ": " + e.getMessage());
        }
    }

    /** {@code capture.tcap} becomes {@code capture.EXT}, beside the capture. */
    private static Path defaultOutput(Path capture, String extension) {
        String name = capture.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return capture.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + extension);
    }

    private static String size(Path file) {
        try {
            return String.format(Locale.ROOT, "%,d", Files.size(file));
        } catch (IOException e) {
            return "?";
        }
    }

    private static String format(Exporter exporter, Map<String, Object> properties) {
        Object format = properties.get(Exporter.FORMAT_PROPERTY);
        return format instanceof String id ? id : exporter.format();
    }

    @Command(name = "tachyon:export", description = {
            "Writes a capture in another tool's format: pprof (go tool pprof, Pyroscope, Parca), chrome (Perfetto,"
                    + " chrome://tracing), firefox (Firefox Profiler), speedscope, collapsed (flamegraph.pl, inferno)"
                    + " or html (a self-contained flame graph).",
            "The filters select the part of the capture to export, as the reports do."})
    static final class ExportArguments {

        @Option(names = "--format", required = true, paramLabel = "F", description = "The format to write.")
        private String format;

        @Mixin
        private CaptureSelection selection = new CaptureSelection();

        @Option(names = {"-o", "--output"}, paramLabel = "OUT",
                description = "The file to write (default: the capture's name with the format's extension).")
        private String output;

        @Parameters(paramLabel = "FILE", description = "The capture file.")
        private String file;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        private boolean help;
    }
}
