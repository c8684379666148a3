package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.collect.CaptureSession;
import io.tachyon.api.collect.Collector;
import io.tachyon.api.collect.CollectorException;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingStatus;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * {@code tachyon:record}: chooses a collector, streams its events into a new capture file while showing
 * progress, embeds the symbols the capture needs (unless {@code --no-embed}) and prints what was recorded.
 *
 * <p>The symbols are embedded before the writer is closed, since a store cannot append to a completed capture:
 * once the session has ended the writer is flushed, the model of the file so far (every event, without index)
 * names the frames through the symbol sources, and its {@code symbolsToEmbed} go into the still open writer.
 */
final class RecordCommand {

    /** How often the progress line is rewritten while recording. */
    static final Duration PROGRESS_INTERVAL = Duration.ofMillis(500);

    private final CaptureStore store;
    private final CaptureModelFactory models;
    private final PrintStream out;
    private final ProgressLine progress;

    RecordCommand(CaptureStore store, CaptureModelFactory models, PrintStream out, ProgressLine progress) {
        this.store = store;
        this.models = models;
        this.out = out;
        this.progress = progress;
    }

    /**
     * Parses {@code args}, chooses among {@code collectors} and records. Relative paths start at
     * {@code workingDirectory}.
     */
    void run(Path workingDirectory, Collection<Collector> collectors, String... args) throws CommandException {
        Optional<RecordOptions> parsed = RecordOptions.parse(out, args);
        if (parsed.isEmpty()) {
            return;
        }
        RecordOptions options = parsed.get();
        RecordingRequest request = options.request();
        CollectorChooser.Described collector = CollectorChooser.choose(collectors, options.collectorId(), request);
        record(collector, request, options.output(workingDirectory), options.embedSymbols());
    }

    /**
     * Records into {@code output} until the target ends, the duration is over or this thread is interrupted
     * (Ctrl-C); in every case the file is complete when this returns normally. With {@code embedSymbols} the
     * symbols its frames need are embedded in it.
     */
    void record(CollectorChooser.Described collector, RecordingRequest request, Path output, boolean embedSymbols)
            throws CommandException {
        CaptureWriter writer = create(output);
        CaptureSession session;
        try {
            session = collector.collector().start(request, writer);
        } catch (CollectorException e) {
            discard(writer, output, e);
            throw new CommandException(e.getMessage(), e);
        } catch (RuntimeException e) {
            discard(writer, output, e);
            throw e;
        }
        Outcome outcome;
        try (session) {
            outcome = awaitEnd(session, writer);
        } catch (RuntimeException e) {
            closeAfterFailure(writer, e);
            throw e;
        } finally {
            progress.clear();
        }
        String embedded = null;
        try {
            embedded = embedSymbols ? embedSymbols(writer, output) : null;
        } finally {
            // Whatever embedding the symbols costs (even an Error), what was recorded is completed and kept.
            complete(writer, output);
        }
        out.print(summary(collector.info().id(), outcome, output, sizeOf(output), embedded));
        out.print(health(output));
    }

    /**
     * The short health summary of the finished capture (see {@link HealthCommand#summary}); a capture that cannot be
     * modelled says why instead, since the recording itself succeeded.
     */
    private String health(Path output) {
        try (HealthCommand.Analyzers analyzers = HealthCommand.Analyzers.present()) {
            if (analyzers.list().isEmpty()) {
                return "Health:        not checked (no capture analyzer is installed)\n";
            }
            return HealthCommand.summary(models.open(output), analyzers.list());
        } catch (IOException | RuntimeException e) {
            return "Health:        not checked: " + e.getMessage() + "\n";
        }
    }

    /** How a recording ended. */
    record Outcome(RecordingStatus status, OptionalInt targetExitStatus, boolean interrupted) {
    }

    private CaptureWriter create(Path output) throws CommandException {
        try {
            return store.create(output);
        } catch (IOException e) {
            throw new CommandException("Cannot create the capture file " + output + ": " + e.getMessage()
                    + ". Choose another file with -o FILE.", e);
        }
    }

    private Outcome awaitEnd(CaptureSession session, CaptureWriter writer) {
        try {
            while (!session.awaitEnd(PROGRESS_INTERVAL)) {
                showProgress(session, writer);
            }
            return new Outcome(session.status(), session.targetExitStatus(), false);
        } catch (InterruptedException e) {
            // The user asked to stop (Ctrl-C): keep what was recorded and finish the file. The interrupt has
            // been answered by stopping, so it is not passed on.
            session.stop();
            awaitEndAfterStop(session, writer);
            return new Outcome(session.status(), session.targetExitStatus(), true);
        }
    }

    /** Waits for the last events to reach the writer; a second interrupt cannot cut that short. */
    private void awaitEndAfterStop(CaptureSession session, CaptureWriter writer) {
        boolean ended = false;
        while (!ended) {
            try {
                ended = session.awaitEnd(PROGRESS_INTERVAL);
                if (!ended) {
                    showProgress(session, writer);
                }
            } catch (InterruptedException again) {
                // Already stopping: keep waiting, the file is complete only once the last events are in.
            }
        }
    }

    private void showProgress(CaptureSession session, CaptureWriter writer) {
        RecordingStatus status = session.status();
        progress.show(String.format(Locale.ROOT, "Recording: %.1f s, ", status.elapsedNanos() / 1e9)
                + status.samples() + " samples, " + status.lostRecords() + " lost, "
                + ConsoleViews.bytes(writer.bytesWritten()) + " written");
    }

    /**
     * Embeds the symbols of the capture written so far; says what was embedded or why nothing was. Not embedding
     * costs only portability, so a failure is reported and the capture is still completed.
     */
    private String embedSymbols(CaptureWriter writer, Path output) {
        try {
            writer.flush();
            List<EmbeddedSymbols> symbols = models.open(output).symbolsToEmbed();
            for (EmbeddedSymbols module : symbols) {
                writer.embedSymbols(module);
            }
            int functions = symbols.stream().mapToInt(module -> module.symbols().size()).sum();
            int lines = symbols.stream().mapToInt(module -> module.lines().size()).sum();
            return "Embedded symbols of " + symbols.size() + " modules (" + functions + " functions, " + lines
                    + " source positions)";
        } catch (IOException | RuntimeException e) {
            return "WARNING: symbols not embedded (the capture shows names only where its modules are): " + e;
        }
    }

    private static void complete(CaptureWriter writer, Path output) throws CommandException {
        try {
            writer.close();
        } catch (IOException e) {
            throw new CommandException("Could not complete the capture file " + output + ": " + e.getMessage(), e);
        }
    }

    private static void closeAfterFailure(CaptureWriter writer, Exception failure) {
        try {
            writer.close();
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /** Removes a capture that never started, so no empty file is left to be mistaken for a recording. */
    private static void discard(CaptureWriter writer, Path output, Exception failure) {
        closeAfterFailure(writer, failure);
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    private static long sizeOf(Path output) throws CommandException {
        try {
            return Files.size(output);
        } catch (IOException e) {
            throw new CommandException("The capture file " + output + " is gone after recording: " + e.getMessage(), e);
        }
    }

    /** @param embedded what was embedded (one line), or null when embedding was not asked for */
    static String summary(String collectorId, Outcome outcome, Path output, long size, String embedded) {
        RecordingStatus status = outcome.status();
        StringBuilder summary = new StringBuilder();
        if (outcome.interrupted()) {
            summary.append("Recording stopped on request.\n");
        }
        summary.append("Collector:     ").append(collectorId).append('\n')
                .append("Samples:       ").append(status.samples()).append('\n')
                .append("Lost records:  ").append(status.lostRecords()).append('\n')
                .append("Duration:      ").append(ConsoleViews.seconds(status.elapsedNanos())).append(" s\n")
                .append("Output:        ").append(output).append(" (").append(ConsoleViews.bytes(size)).append(")\n");
        if (embedded != null) {
            summary.append(embedded).append('\n');
        }
        if (status.lostRecords() > 0) {
            summary.append("WARNING: the kernel lost ").append(status.lostRecords())
                    .append(" records because its buffers were full; the capture has gaps there.")
                    .append(" Record again with a lower frequency (-F) to avoid it.\n");
        }
        OptionalInt exitStatus = outcome.targetExitStatus();
        if (exitStatus.isPresent() && exitStatus.getAsInt() != 0) {
            summary.append("The recorded command exited with status ").append(exitStatus.getAsInt()).append(".\n");
        }
        return summary.toString();
    }
}
