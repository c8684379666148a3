package io.tachyon.console.internal;

import io.tachyon.api.collect.CollectorInfo.Capability;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.console.internal.Fakes.FakeCollector;
import io.tachyon.console.internal.Fakes.FakeModelFactory;
import io.tachyon.console.internal.Fakes.FakeSession;
import io.tachyon.console.internal.Fakes.FakeStore;
import org.apache.felix.gogo.runtime.CommandProcessorImpl;
import org.apache.felix.gogo.runtime.threadio.ThreadIOImpl;
import org.apache.felix.service.command.CommandSession;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Runs the commands through Gogo's real command processor the way the launcher does: each user word in a
 * session variable, so the commands must receive them as typed.
 */
class TachyonCommandsGogoTest {

    @TempDir
    Path directory;

    private final ThreadIOImpl threadIO = new ThreadIOImpl();
    private final FakeStore store = new FakeStore();
    private final FakeModelFactory models = new FakeModelFactory(ConsoleViewsTest.model(0));
    private final TachyonCommands commands = new TachyonCommands(store, models);
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private CommandSession session;

    @BeforeEach
    void startGogo() {
        threadIO.start();
        CommandProcessorImpl processor = new CommandProcessorImpl(threadIO);
        for (String function : List.of("collectors", "record", "top", "threads", "waits", "timeline", "report")) {
            processor.addCommand("tachyon", commands, function);
        }
        session = processor.createSession(new ByteArrayInputStream(new byte[0]), out, new ByteArrayOutputStream());
        session.currentDir(directory);
    }

    @AfterEach
    void stopGogo() {
        session.close();
        threadIO.stop();
    }

    /** {@code tachyon:<function> $a1 $a2 ...} with each word in a variable, as the launcher runs it. */
    private String run(String function, String... words) throws Exception {
        for (int i = 0; i < words.length; i++) {
            session.put("a" + (i + 1), words[i]);
        }
        String variables = IntStream.rangeClosed(1, words.length).mapToObj(i -> " $a" + i)
                .collect(Collectors.joining());
        out.reset();
        session.execute("tachyon:" + function + variables);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void recordReceivesEveryWordAsTyped() throws Exception {
        FakeCollector perf = new FakeCollector(Fakes.available("perf", Capability.values()),
                FakeSession.finishing(2, 0, 0, OptionalInt.of(0)));
        commands.addCollector(perf);

        String printed = run("record", "-o", "g.tcap", "-F", "4000", "-g", "--", "sleep", "1");

        assertThat(perf.requests).singleElement()
                .satisfies(r -> assertThat(r.target()).isEqualTo(new RecordingRequest.Launch(List.of("sleep", "1"))));
        assertThat(printed).contains("Samples:       2\n", "Output:        " + directory.resolve("g.tcap"));
        assertThat(Files.exists(directory.resolve("g.tcap"))).isTrue();
    }

    @Test
    void recordWithoutWordsIsAUsageError() {
        assertThatThrownBy(() -> run("record"))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("tachyon:record: nothing to record");
    }

    @Test
    void topAndReportWithOneAndManyWords() throws Exception {
        Files.writeString(directory.resolve("app.tcap"), "capture");

        assertThat(run("top", "app.tcap")).contains(" 60.0    600.0    90.0     900.0     2400  work      app\n");
        assertThat(run("report", "app.tcap", "top", "--limit", "1", "--sort", "total"))
                .endsWith(" 10.0    100.0   100.0    1000.0      400  main      app\n");
        assertThat(run("report", "app.tcap", "threads")).contains("\n100  101  worker  app         1000   250.0  ");
        assertThat(models.opened).containsOnly(directory.resolve("app.tcap"));
    }

    @Test
    void threadsWaitsAndTimelineAsGogoCommands() throws Exception {
        Files.writeString(directory.resolve("app.tcap"), "capture");

        assertThat(run("threads", "app.tcap", "--limit", "1")).contains("\n100  100  app   app         3000   750.0  ")
                .doesNotContain("worker");
        assertThat(run("waits", "--thread", "101", "app.tcap")).endsWith("No waits of thread 101 in this capture.\n");
        assertThat(run("timeline", "app.tcap", "--width", "4")).contains("\n100  app     |    |\n");
    }

    @Test
    void theComponentRegistersEveryCommandItHas() throws Exception {
        // bnd writes the component description from the annotations before the tests run.
        String description = Files.readString(Path.of("target/classes/OSGI-INF/"
                + TachyonCommands.class.getName() + ".xml"));

        String marker = "<property name=\"osgi.command.function\" type=\"String\">";
        int start = description.indexOf(marker) + marker.length();
        List<String> functions = description.substring(start, description.indexOf("</property>", start))
                .lines().map(String::strip).toList();

        assertThat(functions).contains("collectors", "record", "top", "threads", "waits", "timeline", "report");
        for (String function : functions) {
            assertThat(TachyonCommands.class.getMethods()).anyMatch(method -> method.getName().equals(function));
        }
    }

    @Test
    void deactivationStopsARunningRecordingAndWaitsForItsFile() throws Exception {
        FakeCollector perf = new FakeCollector(Fakes.available("perf", Capability.values()),
                FakeSession.untilStopped(3));
        commands.addCollector(perf);
        AtomicReference<String> printed = new AtomicReference<>();
        AtomicReference<Exception> failure = new AtomicReference<>();
        Thread shell = new Thread(() -> {
            try {
                printed.set(run("record", "-a"));
            } catch (Exception e) {
                failure.set(e);
            }
        });
        shell.start();
        while (perf.session == null) {
            Thread.onSpinWait();
        }
        perf.session.waiting.await();

        commands.deactivate();

        assertThat(perf.session.stopped).isTrue();
        assertThat(store.writers.get(0).closed).isTrue();
        shell.join();
        assertThat(failure.get()).isNull();
        assertThat(printed.get()).startsWith("Recording stopped on request.\n").contains("Samples:       4\n");
        assertThatThrownBy(() -> run("record", "-a"))
                .hasMessage("Tachyon is shutting down; no new recording can start.");
    }

    @Test
    void collectorsFollowServicesComingAndGoing() throws Exception {
        FakeCollector perf = new FakeCollector(Fakes.available("perf", Capability.LAUNCH),
                FakeSession.finishing(0, 0, 0, OptionalInt.empty()));
        assertThat(run("collectors")).isEqualTo("No collector is installed.\n");

        commands.addCollector(perf);
        assertThat(run("collectors")).contains("perf  x86_64        yes        launch");

        commands.removeCollector(perf);
        assertThat(run("collectors")).isEqualTo("No collector is installed.\n");
    }
}
