package io.tachyon.console.internal;

import io.tachyon.api.collect.Collector;
import io.tachyon.api.collect.CollectorException;
import io.tachyon.api.collect.CollectorInfo.Capability;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.event.Sample;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.console.internal.Fakes.FakeCollector;
import io.tachyon.console.internal.Fakes.FakeModel;
import io.tachyon.console.internal.Fakes.FakeModelFactory;
import io.tachyon.console.internal.Fakes.FakeSession;
import io.tachyon.console.internal.Fakes.FakeStore;
import io.tachyon.console.internal.Fakes.FakeWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordCommandTest {

    @TempDir
    Path directory;

    private final FakeStore store = new FakeStore();
    private final FakeModel model = new FakeModel(Path.of("run.tcap"), null, 0, 0, 0, 0, 0, List.of(), List.of(),
            List.of(), List.of());
    private final FakeModelFactory models = new FakeModelFactory(model);
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final ByteArrayOutputStream terminal = new ByteArrayOutputStream();

    private RecordCommand command(boolean onTerminal) {
        return new RecordCommand(store, models, new PrintStream(printed, true, StandardCharsets.UTF_8),
                new ProgressLine(new PrintStream(terminal, true, StandardCharsets.UTF_8), onTerminal));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    private String terminal() {
        return terminal.toString(StandardCharsets.UTF_8);
    }

    private static FakeCollector perf(Fakes.SessionScript script) {
        return new FakeCollector(Fakes.available("perf", Capability.values()), script);
    }

    @Test
    void recordsACommandIntoTheFileAndSummarises() throws Exception {
        FakeCollector perf = perf(FakeSession.finishing(3, 0, 2, OptionalInt.of(0)));

        command(true).run(directory, List.of(perf), "-o", "run.tcap", "-F", "999", "--", "true", "x");

        Path file = directory.resolve("run.tcap");
        assertThat(perf.requests).singleElement().satisfies(request -> {
            assertThat(request.target()).isEqualTo(new RecordingRequest.Launch(List.of("true", "x")));
            assertThat(request.frequencyHz()).isEqualTo(999);
        });
        FakeWriter writer = store.writers.get(0);
        assertThat(writer.file).isEqualTo(file);
        assertThat(writer.closed).isTrue();
        assertThat(writer.events).hasSize(3).allMatch(Sample.class::isInstance);
        assertThat(perf.session.closed).isTrue();
        assertThat(printed()).isEqualTo(""
                + "Collector:     perf\n"
                + "Samples:       3\n"
                + "Lost records:  0\n"
                + "Duration:      0.001 s\n"
                + "Output:        " + file + " (" + ConsoleViews.bytes(Files.size(file)) + ")\n"
                + "Embedded symbols of 0 modules (0 functions, 0 source positions)\n"
                + "Health:        not checked (no capture analyzer is installed)\n");
        assertThat(Files.size(file)).isPositive();
    }

    @Test
    void embedsTheSymbolsTheWrittenCaptureNeedsBeforeClosingIt() throws Exception {
        EmbeddedSymbols app = new EmbeddedSymbols("/usr/bin/app", "ab12", List.of(
                new EmbeddedSymbols.Range(0x1000, 0x40, "main", null, 0, List.of()),
                new EmbeddedSymbols.Range(0x1040, 0x80, "work(int)", null, 0, List.of())), List.of(
                new EmbeddedSymbols.Range(0x1010, 1, "main", "app.c", 12, List.of()),
                new EmbeddedSymbols.Range(0x1052, 1, "work(int)", "app.c", 30,
                        List.of(new EmbeddedSymbols.InlinedCall("square(int)", "math.h", 4)))));
        EmbeddedSymbols kernel = new EmbeddedSymbols("[kernel.kallsyms]", null, List.of(
                new EmbeddedSymbols.Range(0xffffffff81000000L, 0x100, "do_syscall_64", null, 0, List.of())));
        model.symbolsToEmbed = List.of(app, kernel);

        command(false).run(directory, List.of(perf(FakeSession.finishing(3, 0, 0, OptionalInt.of(0)))),
                "-o", "run.tcap", "--", "true");

        Path file = directory.resolve("run.tcap");
        assertThat(models.opened).containsExactly(file);
        FakeWriter writer = store.writers.get(0);
        assertThat(writer.embedded).containsExactly(app, kernel);
        assertThat(writer.closed).isTrue();
        assertThat(printed()).contains(")\nEmbedded symbols of 2 modules (3 functions, 2 source positions)\n");
    }

    @Test
    void noEmbedLeavesTheSymbolsOut() throws Exception {
        model.symbolsToEmbed = List.of(new EmbeddedSymbols("/usr/bin/app", null,
                List.of(new EmbeddedSymbols.Range(0x1000, 0x40, "main", null, 0, List.of()))));

        command(false).run(directory, List.of(perf(FakeSession.finishing(3, 0, 0, OptionalInt.of(0)))),
                "-o", "run.tcap", "--no-embed", "--", "true");

        assertThat(models.opened).isEmpty();
        assertThat(store.writers.get(0).embedded).isEmpty();
        assertThat(printed()).doesNotContain("Embedded symbols");
    }

    @Test
    void progressIsRewrittenInPlaceOnATerminalAndClearedAtTheEnd() throws Exception {
        command(true).run(directory, List.of(perf(FakeSession.finishing(4, 1, 2, OptionalInt.empty()))), "-a");

        String line = "Recording: 0.0 s, 4 samples, 1 lost, "
                + ConsoleViews.bytes(store.writers.get(0).bytesWritten()) + " written";
        assertThat(terminal()).isEqualTo("\r" + line + "\r" + line + "\r" + " ".repeat(line.length()) + "\r");
    }

    @Test
    void noProgressOutsideATerminal() throws Exception {
        command(false).run(directory, List.of(perf(FakeSession.finishing(4, 0, 3, OptionalInt.empty()))), "-a");

        assertThat(terminal()).isEmpty();
        assertThat(printed()).contains("Samples:       4\n");
    }

    @Test
    void lostRecordsAndAFailedCommandAreSaidClearly() throws Exception {
        command(false).run(directory, List.of(perf(FakeSession.finishing(10, 42, 0, OptionalInt.of(3)))),
                "--", "false");

        assertThat(printed())
                .contains("Lost records:  42\n")
                .contains("WARNING: the kernel lost 42 records because its buffers were full; the capture has gaps"
                        + " there. Record again with a lower frequency (-F) to avoid it.\n")
                .endsWith("The recorded command exited with status 3.\n"
                        + "Health:        not checked (no capture analyzer is installed)\n");
    }

    @Test
    void anInterruptStopsTheSessionAndLeavesACompleteFile() throws Exception {
        FakeCollector perf = perf(FakeSession.untilStopped(5));
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicBoolean interruptPassedOn = new AtomicBoolean();
        Thread recording = new Thread(() -> {
            try {
                command(false).run(directory, List.of(perf), "-p", "1234");
                interruptPassedOn.set(Thread.currentThread().isInterrupted());
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        recording.start();
        while (perf.session == null) {
            Thread.onSpinWait();
        }
        perf.session.waiting.await();
        recording.interrupt();
        recording.join();

        assertThat(failure.get()).isNull();
        assertThat(interruptPassedOn).isFalse();
        assertThat(perf.session.stopped).isTrue();
        assertThat(perf.session.closed).isTrue();
        FakeWriter writer = store.writers.get(0);
        assertThat(writer.closed).isTrue();
        assertThat(writer.events).as("the sample delivered while stopping").hasSize(6);
        assertThat(Files.size(directory.resolve("tachyon.tcap"))).isPositive();
        assertThat(printed()).startsWith("Recording stopped on request.\n").contains("Samples:       6\n");
    }

    @Test
    void aCollectorThatCannotStartLeavesNoFileAndItsMessage() {
        FakeCollector perf = new FakeCollector(Fakes.available("perf", Capability.values()),
                new CollectorException("perf_event_open failed: permission denied; run as root"));

        assertThatThrownBy(() -> command(false).run(directory, List.of(perf), "-o", "x.tcap", "-a"))
                .isInstanceOf(CommandException.class)
                .hasMessage("perf_event_open failed: permission denied; run as root");
        assertThat(store.writers.get(0).closed).isTrue();
        assertThat(directory.resolve("x.tcap")).doesNotExist();
    }

    @Test
    void aFileThatCannotBeCreatedIsNamed() {
        Path missingDirectory = directory.resolve("no/such/dir");

        assertThatThrownBy(() -> command(false).run(directory,
                List.of(perf(FakeSession.finishing(1, 0, 0, OptionalInt.empty()))), "-o", "no/such/dir/x.tcap", "-a"))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("Cannot create the capture file " + missingDirectory.resolve("x.tcap"))
                .hasMessageEndingWith("Choose another file with -o FILE.");
    }

    @Test
    void withoutACollectorNothingIsCreated() {
        List<Collector> none = List.of();

        assertThatThrownBy(() -> command(false).run(directory, none, "-a"))
                .hasMessageStartingWith("No collector is installed.");
        assertThat(store.writers).isEmpty();
    }

    @Test
    void helpRecordsNothing() throws Exception {
        command(false).run(directory, List.of(), "-h");

        assertThat(printed()).startsWith("Usage: tachyon:record");
        assertThat(store.writers).isEmpty();
    }
}
