package io.tachyon.console.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.RecoveryReport;
import org.apache.felix.service.command.CommandSession;
import org.apache.felix.service.command.Descriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * {@code tachyon:recover DAMAGED -o CLEAN}: writes a clean, indexed copy of a capture whose recorder was
 * killed, that was cut short or that has damaged parts, through {@link CaptureStore#recover}, and says what
 * was salvaged and where the damage was.
 */
@Component(service = RecoverCommand.class, property = {
        "osgi.command.scope=tachyon",
        "osgi.command.function=recover"})
public final class RecoverCommand {

    private final CaptureStore store;

    @Activate
    public RecoverCommand(@Reference(name = "store") CaptureStore store) {
        this.store = store;
    }

    @Descriptor("write a clean copy of a damaged capture (killed recorder, cut short, damaged bytes)")
    public void recover(CommandSession session, @Descriptor("DAMAGED.tcap -o CLEAN.tcap") String... args)
            throws CommandException {
        run(session.currentDir(), System.out, args);
    }

    void run(Path workingDirectory, PrintStream out, String... args) throws CommandException {
        RecoverArguments arguments = new RecoverArguments();
        CommandLine commandLine = Arguments.commandLine(arguments);
        if (!Arguments.parse(commandLine, out, args)) {
            return;
        }
        Path damaged = workingDirectory.resolve(arguments.damaged).normalize();
        Path clean = workingDirectory.resolve(arguments.clean).normalize();
        if (!Files.isRegularFile(damaged)) {
            throw new CommandException("No capture file " + damaged + ". Check the name.");
        }
        if (damaged.equals(clean)) {
            throw Arguments.usageError(commandLine, "-o must name another file than " + damaged
                    + ": the damaged capture is kept as it is");
        }
        RecoveryReport report;
        try {
            report = store.recover(damaged, clean);
        } catch (CaptureFormatException e) {
            throw new CommandException("Cannot recover " + damaged + ": " + e.getMessage(), e);
        } catch (IOException e) {
            throw new CommandException("Cannot recover " + damaged + " into " + clean + ": " + e.getMessage(), e);
        } catch (UnsupportedOperationException e) {
            throw new CommandException("The capture store in use cannot recover captures: " + e.getMessage(), e);
        }
        out.print(describe(report));
    }

    static String describe(RecoveryReport report) {
        StringBuilder text = new StringBuilder();
        text.append("Recovered ").append(report.events()).append(" events (").append(report.samples())
                .append(" samples) into ").append(report.clean()).append('\n');
        if (report.damage().isEmpty()) {
            text.append(report.wasClosed() ? "The capture had no damage.\n"
                    : "The capture had no damage; its recorder had not closed it (killed, or still recording).\n");
        }
        for (RecoveryReport.Damage damage : report.damage()) {
            text.append("Damage at offset ").append(damage.offset()).append(": ").append(damage.problem()).append('\n');
        }
        if (report.bytesDropped() > 0) {
            text.append(report.bytesDropped()).append(" bytes of ").append(report.damaged())
                    .append(" could not be used.\n");
        }
        return text.toString();
    }

    @Command(name = "tachyon:recover",
            description = "Writes a clean copy of a damaged capture: every intact part, with a new index.")
    static final class RecoverArguments {

        @Parameters(paramLabel = "DAMAGED", description = "The damaged capture file; it is not changed.")
        private String damaged;

        @Option(names = {"-o", "--output"}, paramLabel = "CLEAN", required = true,
                description = "The clean capture to write (replaced if it exists).")
        private String clean;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
        private boolean help;
    }
}
