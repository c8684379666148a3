package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.console.internal.Fakes.FakeModel;
import io.tachyon.console.internal.Fakes.FakeModelFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ViewCommandsTest {

    @TempDir
    Path directory;

    private Path capture;
    private final FakeModelFactory factory = new FakeModelFactory(ConsoleViewsTest.model(0));
    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    @BeforeEach
    void aCaptureFile() throws IOException {
        capture = Files.writeString(directory.resolve("app.tcap"), "capture");
    }

    private ViewCommands commands(CaptureModelFactory models) {
        return new ViewCommands(models, new PrintStream(printed, true, StandardCharsets.UTF_8));
    }

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void topPrintsTheHeaderThenTheFunctions() throws CommandException {
        commands(factory).top(directory, "--limit", "1", "app.tcap", "--sort", "total");

        assertThat(factory.opened).containsExactly(capture);
        assertThat(printed()).isEqualTo(ConsoleViews.captureHeader(ConsoleViewsTest.model(0)) + "\n"
                + "Self%  Self ms  Total%  Total ms  Samples  Function  Module\n"
                + " 10.0    100.0   100.0    1000.0      400  main      app\n");
    }

    @Test
    void reportTopIsTop() throws CommandException {
        commands(factory).report(directory, "app.tcap", "top", "--sort", "TOTAL", "--limit", "1");

        assertThat(printed()).endsWith(" 10.0    100.0   100.0    1000.0      400  main      app\n");
    }

    @Test
    void reportThreads() throws CommandException {
        commands(factory).report(directory, capture.toString(), "threads");

        assertThat(printed()).contains("Capture: /captures/app.tcap\n")
                .contains("\n100  101  worker  app         1000   250.0  ")
                .endsWith("Percentages are of each thread's life in the capture; Other is stopped or unknown.\n");
    }

    @Test
    void threadsWaitsAndTimelinePrintTheHeaderThenTheView() throws CommandException {
        FakeModel model = StateViewsTest.model();
        FakeModelFactory states = new FakeModelFactory(model);
        String header = ConsoleViews.captureHeader(model) + "\n";

        commands(states).threads(directory, "app.tcap", "--limit", "2");
        assertThat(printed()).isEqualTo(header
                + ConsoleViews.threads(model, StateViewsTest.options(new ThreadsOptions(), "--limit", "2")));
        printed.reset();
        commands(states).waits(directory, "--thread", "101", "app.tcap", "--stacks", "3");
        assertThat(printed()).isEqualTo(header + WaitsView.render(model,
                StateViewsTest.options(new WaitsOptions(), "--thread", "101", "--stacks", "3")));
        printed.reset();
        commands(states).timeline(directory, "app.tcap", "--width", "10", "--range", "20-80");
        assertThat(printed()).isEqualTo(header + TimelineView.render(model,
                StateViewsTest.options(new TimelineOptions(), "--width", "10", "--range", "20-80")));
        assertThat(states.opened).containsOnly(capture);
    }

    @Test
    void reportViewsAreTheCommands() throws CommandException {
        FakeModel model = StateViewsTest.model();
        FakeModelFactory states = new FakeModelFactory(model);

        commands(states).report(directory, "app.tcap", "waits", "--limit", "1");
        String waits = printed();
        printed.reset();
        commands(states).waits(directory, "app.tcap", "--limit", "1");
        assertThat(printed()).isEqualTo(waits).contains("#1 ").doesNotContain("#2 ");
        printed.reset();
        commands(states).report(directory, "app.tcap", "timeline", "--width", "10");
        assertThat(printed()).endsWith("101  waiter          |#...-##...|\n"
                + "102  io              |  ##DDD?  |\n"
                + "     cpu 0           |##########|\n"
                + "     (lost records)  |     !   !|\n");
        printed.reset();
        commands(states).report(directory, "app.tcap", "threads", "--json");
        assertThat(printed()).startsWith("{\n  \"capture\": \"/captures/app.tcap\"");
    }

    @Test
    void badOptionsOfTheNewViewsAreUsageErrors() {
        assertThatThrownBy(() -> commands(factory).timeline(directory, "app.tcap", "--range", "9-3"))
                .hasMessageStartingWith("tachyon:timeline: --range must end after it starts, not '9-3'");
        assertThatThrownBy(() -> commands(factory).report(directory, "app.tcap", "waits", "--thread", "main"))
                .hasMessageStartingWith("tachyon:report FILE waits: Invalid value for option '--thread'");
        assertThatThrownBy(() -> commands(factory).waits(directory))
                .hasMessageStartingWith("tachyon:waits: Missing required parameter: 'FILE'");
        assertThat(factory.opened).isEmpty();
    }

    @Test
    void aMissingFileIsNamed() {
        assertThatThrownBy(() -> commands(factory).top(directory, "gone.tcap"))
                .isInstanceOf(CommandException.class)
                .hasMessage("No capture file " + directory.resolve("gone.tcap")
                        + ". Check the name, or record one with tachyon:record -o gone.tcap -- COMMAND.");
        assertThatThrownBy(() -> commands(factory).report(directory, "gone.tcap", "threads"))
                .hasMessageStartingWith("No capture file " + directory.resolve("gone.tcap"));
        assertThat(factory.opened).isEmpty();
    }

    @Test
    void aDirectoryIsNotACapture() {
        assertThatThrownBy(() -> commands(factory).top(directory, "."))
                .hasMessage(directory + " is a directory, not a capture file.");
    }

    @Test
    void aDamagedCaptureIsReportedWithTheReadersMessage() {
        CaptureModelFactory damaged = file -> {
            throw new CaptureFormatException(file, 64, "expected a section header");
        };

        assertThatThrownBy(() -> commands(damaged).top(directory, "app.tcap"))
                .hasMessage("Cannot read capture " + capture + ": " + capture
                        + " at offset 64: expected a section header");
    }

    @Test
    void anUnknownViewListsTheViews() {
        assertThatThrownBy(() -> commands(factory).report(directory, "app.tcap", "flame"))
                .hasMessageStartingWith("tachyon:report: unknown view 'flame'; the views are top, functions, lines, tree,"
                        + " bottomup, butterfly, threads, waits, timeline, cpus, stacks, health")
                .hasMessageContaining("Usage: tachyon:report");
    }

    @Test
    void reportNeedsAFileAndAView() {
        assertThatThrownBy(() -> commands(factory).report(directory, "app.tcap"))
                .hasMessageStartingWith("tachyon:report: Missing required parameter: 'VIEW'");
        assertThatThrownBy(() -> commands(factory).top(directory))
                .hasMessageStartingWith("tachyon:top: Missing required parameter: 'FILE'");
    }

    @Test
    void badViewOptionsAreUsageErrorsOfTheView() {
        assertThatThrownBy(() -> commands(factory).report(directory, "app.tcap", "top", "--limit", "0"))
                .hasMessageStartingWith("tachyon:report FILE top: --limit needs a number greater than 0, not 0");
        assertThatThrownBy(() -> commands(factory).report(directory, "app.tcap", "top", "--sort", "name"))
                .hasMessageContaining("expected one of [SELF, TOTAL]");
        assertThatThrownBy(() -> commands(factory).report(directory, "app.tcap", "threads", "--sort", "self"))
                .hasMessageStartingWith("tachyon:report FILE threads: Unknown options: '--sort', 'self'");
        assertThatThrownBy(() -> commands(factory).top(directory, "--limit", "-3", "app.tcap"))
                .hasMessageStartingWith("tachyon:top: --limit needs a number greater than 0, not -3");
        assertThat(factory.opened).isEmpty();
    }

    @Test
    void helpOfAView() throws CommandException {
        commands(factory).report(directory, "app.tcap", "top", "--help");

        assertThat(printed()).startsWith("Usage: tachyon:report FILE top").contains("--limit=N", "--sort=self|total");
        assertThat(factory.opened).isEmpty();
    }

    @Test
    void helpOfReportAndOfEveryViewPrintsWithoutFormattingWarnings() throws CommandException {
        ByteArrayOutputStream warnings = new ByteArrayOutputStream();
        PrintStream standardError = System.err;
        System.setErr(new PrintStream(warnings, true, StandardCharsets.UTF_8));
        try {
            commands(factory).report(directory, "--help");
            for (String view : new String[] {"top", "functions", "lines", "tree", "bottomup", "butterfly", "threads",
                    "waits", "timeline", "cpus", "stacks"}) {
                commands(factory).report(directory, "app.tcap", view, "--help");
            }
        } finally {
            System.setErr(standardError);
        }

        // picocli formats each help line; a lone % made it warn on standard error and print that line unformatted.
        assertThat(warnings.toString(StandardCharsets.UTF_8)).isEmpty();
        assertThat(printed()).contains("samples and %\n", "  stacks     collapsed stacks");
        assertThat(printed().lines().takeWhile(line -> !line.startsWith("Usage: tachyon:report FILE top")))
                .allSatisfy(line -> assertThat(line).hasSizeLessThanOrEqualTo(80));
        assertThat(factory.opened).isEmpty();
    }
}
