package io.tachyon.console.internal;

import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.CallGraph;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordOptionsTest {

    private static final Path WORK = Path.of("/work/dir");

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private RecordOptions parse(String... args) throws CommandException {
        return RecordOptions.parse(out, args).orElseThrow();
    }

    @Test
    void aCommandAfterDoubleDashIsLaunchedWithPerfLikeDefaults() throws CommandException {
        RecordOptions options = parse("--", "ls", "-l", "/tmp");
        RecordingRequest request = options.request();

        assertThat(request.target()).isEqualTo(new RecordingRequest.Launch(List.of("ls", "-l", "/tmp")));
        assertThat(request.frequencyHz()).isEqualTo(4000);
        assertThat(request.callGraph()).isEqualTo(CallGraph.FRAME_POINTER);
        assertThat(request.kernel()).isTrue();
        assertThat(request.switches()).as("the whole timeline by default").isTrue();
        assertThat(request.duration()).isNull();
        assertThat(request.options()).isEmpty();
        assertThat(options.output(WORK)).isEqualTo(Path.of("/work/dir/tachyon.tcap"));
        assertThat(options.collectorId()).isEmpty();
    }

    @Test
    void everyShortFlagMapsToTheRequest() throws CommandException {
        RecordOptions options = parse("-o", "out/run.tcap", "-F", "999", "-g", "none", "--duration", "2.5",
                "--user-only", "--no-switches", "--collector", "perf-x86_64", "-p", "4242");
        RecordingRequest request = options.request();

        assertThat(request.target()).isEqualTo(new RecordingRequest.Attach(4242));
        assertThat(request.frequencyHz()).isEqualTo(999);
        assertThat(request.callGraph()).isEqualTo(CallGraph.NONE);
        assertThat(request.kernel()).isFalse();
        assertThat(request.switches()).isFalse();
        assertThat(request.duration()).isEqualTo(Duration.ofMillis(2500));
        assertThat(options.output(WORK)).isEqualTo(Path.of("/work/dir/out/run.tcap"));
        assertThat(options.collectorId()).contains("perf-x86_64");
    }

    @Test
    void longFlagsWithAttachedValues() throws CommandException {
        RecordOptions options = parse("--output=/tmp/a.tcap", "--freq=100", "--call-graph=none", "--all-cpus");
        RecordingRequest request = options.request();

        assertThat(request.target()).isEqualTo(new RecordingRequest.SystemWide());
        assertThat(request.frequencyHz()).isEqualTo(100);
        assertThat(request.callGraph()).isEqualTo(CallGraph.NONE);
        assertThat(options.output(WORK)).isEqualTo(Path.of("/tmp/a.tcap"));
    }

    @Test
    void pidLongForm() throws CommandException {
        assertThat(parse("--pid", "7").request().target()).isEqualTo(new RecordingRequest.Attach(7));
    }

    @Test
    void plainGMeansFramePointersAndLeavesTheNextWordAlone() throws CommandException {
        assertThat(parse("-g", "--", "ls").request())
                .satisfies(r -> assertThat(r.callGraph()).isEqualTo(CallGraph.FRAME_POINTER))
                .satisfies(r -> assertThat(r.target()).isEqualTo(new RecordingRequest.Launch(List.of("ls"))));
        assertThat(parse("-g", "ls", "-l").request().target())
                .isEqualTo(new RecordingRequest.Launch(List.of("ls", "-l")));
        assertThat(parse("-g", "-p", "5").request().callGraph()).isEqualTo(CallGraph.FRAME_POINTER);
        assertThat(parse("-a", "-g").request().callGraph()).isEqualTo(CallGraph.FRAME_POINTER);
        assertThat(parse("-ag").request().callGraph()).isEqualTo(CallGraph.FRAME_POINTER);
    }

    @Test
    void gTakesAModeWhenOneFollows() throws CommandException {
        assertThat(parse("-g", "none", "-a").request().callGraph()).isEqualTo(CallGraph.NONE);
        assertThat(parse("-g", "fp", "-a").request().callGraph()).isEqualTo(CallGraph.FRAME_POINTER);
        assertThat(parse("-a", "-g", "none", "--call-graph", "fp").request().callGraph())
                .isEqualTo(CallGraph.FRAME_POINTER);
    }

    @Test
    void theFirstPlainWordStartsTheCommandAndKeepsItsOptions() throws CommandException {
        assertThat(parse("-F", "99", "sleep", "-p", "1").request().target())
                .isEqualTo(new RecordingRequest.Launch(List.of("sleep", "-p", "1")));
    }

    @Test
    void anUnknownCallGraphModeNamesTheModes() {
        assertThatThrownBy(() -> parse("--call-graph", "dwarf", "-a"))
                .isInstanceOf(CommandException.class)
                .hasMessageContaining("expected fp or none but was 'dwarf'")
                .hasMessageContaining("Usage: tachyon:record");
    }

    @Test
    void withoutATargetTheErrorNamesTheChoices() {
        assertThatThrownBy(() -> parse("-F", "100"))
                .isInstanceOf(CommandException.class)
                .hasMessageStartingWith("tachyon:record: nothing to record: give a command after --,"
                        + " -p PID to attach to a running process, or -a to record all CPUs")
                .hasMessageContaining("Usage: tachyon:record");
    }

    @Test
    void twoTargetsAreRefusedNamingBoth() {
        assertThatThrownBy(() -> parse("-p", "1", "-a"))
                .hasMessageStartingWith("tachyon:record: choose one target, not -p 1 and -a:"
                        + " a command after --, -p PID or -a");
        assertThatThrownBy(() -> parse("-a", "--", "ls"))
                .hasMessageStartingWith("tachyon:record: choose one target, not a command (ls) and -a");
    }

    @Test
    void badNumbersAreRefused() {
        assertThatThrownBy(() -> parse("-F", "0", "-a"))
                .hasMessageContaining("-F needs a frequency in Hz greater than 0, not 0");
        assertThatThrownBy(() -> parse("-F", "fast", "-a")).hasMessageContaining("'fast' is not an int");
        assertThatThrownBy(() -> parse("-p", "0")).hasMessageContaining("-p needs a process id greater than 0, not 0");
        assertThatThrownBy(() -> parse("-p", "init")).hasMessageContaining("'init' is not an int");
        assertThatThrownBy(() -> parse("--duration", "0", "-a"))
                .hasMessageContaining("--duration needs a number of seconds greater than 0, not 0");
        assertThatThrownBy(() -> parse("--duration", "soon", "-a")).hasMessageContaining("'soon'");
    }

    @Test
    void unknownOptionsAndMissingValuesAreUsageErrors() {
        assertThatThrownBy(() -> parse("--no-such-flag", "-a"))
                .hasMessageContaining("Unknown option: '--no-such-flag'")
                .hasMessageContaining("Usage: tachyon:record");
        assertThatThrownBy(() -> parse("-a", "-o"))
                .hasMessageContaining("Missing required parameter for option '--output'");
    }

    @Test
    void helpPrintsTheUsageAndRecordsNothing() throws CommandException {
        assertThat(RecordOptions.parse(out, "--help")).isEmpty();
        String usage = printed.toString(StandardCharsets.UTF_8);
        assertThat(usage).startsWith("Usage: tachyon:record")
                .contains("-o, --output=FILE", "-F, --freq=HZ", "-g=[MODE]", "--call-graph=MODE", "-p, --pid=PID",
                        "-a, --all-cpus", "--duration=SECONDS", "--user-only", "--no-switches", "--collector=ID",
                        "default: tachyon.tcap", "default: 4000");
    }
}
