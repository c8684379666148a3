package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tachyon.api.collect.CollectorException;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.CallGraph;
import io.tachyon.api.collect.RecordingStatus;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/** Records real processes through the real kernel interface. Needs root (or a permissive paranoid) and gcc. */
class LinuxPerfRecordingTest {

    private static final int FREQUENCY = 1000;
    /** Iterations of spin_light; spin_heavy does three times as many. About a second of CPU in total. */
    private static final String ITERATIONS = "150000000";

    @TempDir
    static Path directory;
    private static Path busy;
    private static String buildId;
    private static Map<String, long[]> functions;

    private final Libc libc = KernelAccess.libc();
    private PerfRecorder recorder;

    @BeforeAll
    static void compileWorkload() throws Exception {
        KernelAccess.assumePerfEvents();
        KernelAccess.assumeGcc();
        // Prologues not moved past the loop and no sibling calls, so the frame-pointer chain names every caller.
        busy = KernelAccess.compile("busy.c", directory, "-no-pie", "-pthread", "-Wl,--build-id",
                "-fno-shrink-wrap", "-fno-optimize-sibling-calls");
        Matcher id = Pattern.compile("Build ID: ([0-9a-f]+)")
                .matcher(KernelAccess.run(List.of("readelf", "-n", busy.toString())));
        assertThat(id.find()).as("readelf finds the build-id of " + busy).isTrue();
        buildId = id.group(1);
        functions = symbols(KernelAccess.run(List.of("nm", "-S", busy.toString())));
    }

    /** Address and size of the workload's functions, from nm -S of the non-PIE binary. */
    private static Map<String, long[]> symbols(String nm) {
        return nm.lines().map(line -> line.split("\\s+")).filter(fields -> fields.length == 4)
                .filter(fields -> fields[3].startsWith("spin"))
                .collect(Collectors.toMap(fields -> fields[3], fields -> new long[] {Long.parseLong(fields[0], 16),
                        Long.parseLong(fields[1], 16)}));
    }

    @BeforeEach
    void createRecorder() {
        recorder = new PerfRecorder(libc, KernelAccess.architecture(), null, null,
                new RecorderSettings(256, 1024, Duration.ofMillis(10), SwitchSource.AUTO, 2048, 2048, "test"));
    }

    private static RecordingRequest request(RecordingRequest.Target target, Duration duration) {
        return new RecordingRequest(target, FREQUENCY, CallGraph.FRAME_POINTER, true, false, duration, Map.of());
    }

    private PerfSession record(RecordingRequest request, CollectingSink sink) throws Exception {
        PerfSession session = recorder.start(request, sink, ended -> { });
        assertThat(session.awaitEnd(Duration.ofSeconds(60))).as("recording ended").isTrue();
        assertThat(sink.violations()).isEmpty();
        return session;
    }

    private static int launchedPid(CollectingSink sink) {
        return sink.events(ThreadName.class).filter(ThreadName::exec).filter(name -> name.name().equals("busy"))
                .mapToInt(ThreadName::pid).findFirst().orElseThrow(() -> new AssertionError("no exec COMM of busy"));
    }

    private static String functionAt(long address) {
        return functions.entrySet().stream()
                .filter(f -> address >= f.getValue()[0] && address < f.getValue()[0] + f.getValue()[1])
                .map(Map.Entry::getKey).findFirst().orElse("other");
    }

    /**
     * The interrupted user instructions that lie outside every mapping. Only the innermost user frame is
     * checked: deeper frames come from walking frame pointers, and code built without them (the dynamic
     * loader, libc) leaves stack data that the walk reads as return addresses, as it does for perf.
     */
    private static List<String> framesOutside(List<Sample> samples, List<ModuleMapping> mappings) {
        List<String> outside = new ArrayList<>();
        for (Sample sample : samples) {
            if (sample.userFrames().length > 0) {
                long instruction = sample.userFrames()[0];
                if (mappings.stream().noneMatch(m -> m.contains(instruction))) {
                    outside.add(Long.toHexString(instruction) + " of " + sample);
                }
            }
        }
        return outside;
    }

    @Test
    void launchSamplesTheCommandAtTheRequestedRate() throws Exception {
        Path cpuTime = directory.resolve("cpu-time-single");
        CollectingSink sink = new CollectingSink();

        PerfSession session = record(request(new RecordingRequest.Launch(List.of(busy.toString(), "0", ITERATIONS,
                "3", cpuTime.toString())), null), sink);

        int pid = launchedPid(sink);
        List<Sample> samples = sink.samplesOf(pid).toList();
        double cpuSeconds = Double.parseDouble(Files.readString(cpuTime).trim());
        double rate = samples.size() / cpuSeconds;
        assertThat(rate).as(samples.size() + " samples in " + cpuSeconds + " s of CPU")
                .isBetween(FREQUENCY * 0.6, FREQUENCY * 1.4);

        assertThat(samples).filteredOn(s -> s.userFrames().length > 0 && functionAt(s.userFrames()[0]).equals("spin"))
                .as("samples in the loop").hasSizeGreaterThan(samples.size() * 9 / 10);
        Map<String, Long> byCaller = samples.stream().filter(s -> s.userFrames().length > 1)
                .collect(Collectors.groupingBy(s -> functionAt(s.userFrames()[1]), Collectors.counting()));
        double split = (double) byCaller.getOrDefault("spin_heavy", 0L) / byCaller.getOrDefault("spin_light", 1L);
        assertThat(split).as("heavy:light callers of spin in " + byCaller).isBetween(2.0, 4.5);

        List<ModuleMapping> mappings = sink.mappingsOf(pid).toList();
        assertThat(mappings).filteredOn(m -> m.path().equals(busy.toString()))
                .as("the executable's mapping with its build-id").isNotEmpty()
                .allSatisfy(m -> assertThat(m.buildId()).isEqualTo(buildId));
        assertThat(framesOutside(samples, mappings)).as("user instructions outside every mapping of pid " + pid).isEmpty();

        ModuleMapping kernel = sink.mappingsOf(ModuleMapping.KERNEL_PID).findFirst().orElseThrow();
        assertThat(samples).flatMap(s -> Arrays.stream(s.kernelFrames()).boxed().toList())
                .allMatch(kernel::contains);

        assertThat(sink.events(ThreadExit.class)).anyMatch(exit -> exit.pid() == pid && exit.tid() == pid);
        assertThat(session.targetExitStatus()).hasValue(3);
        RecordingStatus status = session.status();
        assertThat(status.ended()).isTrue();
        assertThat(status.lostRecords()).isZero();
        assertThat(status.samples()).isEqualTo(sink.events(Sample.class).count());
        assertThat(status.events()).isEqualTo(sink.events().size());
    }

    @Test
    void launchFollowsEveryThreadOfAMultiThreadedCommand() throws Exception {
        CollectingSink sink = new CollectingSink();

        PerfSession session = record(request(new RecordingRequest.Launch(List.of(busy.toString(), "3", "30000000",
                "0")), null), sink);

        int pid = launchedPid(sink);
        Set<Integer> started = sink.events(ThreadStart.class).filter(start -> start.pid() == pid && !start.isProcess())
                .map(ThreadStart::tid).collect(Collectors.toSet());
        Set<Integer> exited = sink.events(ThreadExit.class).filter(exit -> exit.pid() == pid)
                .map(ThreadExit::tid).collect(Collectors.toSet());
        Set<Integer> sampled = sink.samplesOf(pid).map(Sample::tid).collect(Collectors.toSet());
        assertThat(started).hasSize(3);
        assertThat(exited).containsAll(started).contains(pid);
        assertThat(sampled).containsAll(started);
        assertThat(session.status().lostRecords()).isZero();
        assertThat(session.targetExitStatus()).hasValue(0);
    }

    @Test
    void metadataDescribesTheRecording() throws Exception {
        CollectingSink sink = new CollectingSink();

        record(request(new RecordingRequest.Launch(List.of("true")), null), sink);

        CaptureMetadata metadata = sink.metadata();
        assertThat(metadata.collectorId()).isEqualTo("linux-perf");
        assertThat(metadata.clock()).isEqualTo("CLOCK_MONOTONIC");
        assertThat(metadata.architecture()).isEqualTo(KernelAccess.architecture().name());
        assertThat(metadata.kernelRelease()).isEqualTo(Files.readString(Path.of("/proc/sys/kernel/osrelease")).trim());
        assertThat(metadata.cpuCount()).isEqualTo(ProcFs.onlineCpus().size());
        assertThat(metadata.commandLine()).containsExactly("true");
        assertThat(metadata.settings()).containsEntry("event", "cpu-clock").containsEntry("frequency", "1000")
                .containsEntry("call-graph", "fp").containsEntry("kernel", "true")
                .containsEntry("ring-buffer-pages", "256").containsKey("hardware-events");
        long wallClockNow = System.currentTimeMillis() * 1_000_000L;
        assertThat(metadata.startWallClockNanos()).isBetween(wallClockNow - 60_000_000_000L, wallClockNow);
        assertThat(sink.events(ModuleMapping.class).filter(m -> m.pid() == ModuleMapping.KERNEL_PID))
                .singleElement().satisfies(kernel -> {
                    assertThat(kernel.path()).isEqualTo(ModuleMapping.KERNEL_PATH);
                    assertThat(kernel.start()).isNegative();
                    assertThat(kernel.contains(-2L)).isTrue();
                });
    }

    @Test
    void attachRecordsARunningProcessAndWhatItHadMapped() throws Exception {
        Process target = new ProcessBuilder(busy.toString(), "2", "0", "0").start();
        try {
            int pid = (int) target.pid();
            while (ProcFs.threads(pid).size() < 3) {
                Thread.sleep(1);
            }
            CollectingSink sink = new CollectingSink();

            PerfSession session = record(request(new RecordingRequest.Attach(pid), Duration.ofSeconds(1)), sink);

            assertThat(sink.metadata().commandLine()).containsExactly(busy.toString(), "2", "0", "0");
            assertThat(sink.events(ThreadName.class).filter(name -> name.pid() == pid)).hasSize(3)
                    .allMatch(name -> name.name().equals("busy"));
            assertThat(sink.mappingsOf(pid)).filteredOn(m -> m.path().equals(busy.toString())).isNotEmpty()
                    .allSatisfy(m -> assertThat(m.buildId()).isEqualTo(buildId));
            List<Sample> samples = sink.samplesOf(pid).toList();
            assertThat(samples.stream().map(Sample::tid).collect(Collectors.toSet())).as("both workers sampled")
                    .hasSize(2);
            assertThat(framesOutside(samples, sink.mappingsOf(pid).toList())).isEmpty();
            assertThat(session.targetExitStatus()).isEmpty();
            assertThat(session.status().lostRecords()).isZero();
        } finally {
            target.destroyForcibly().waitFor();
        }
    }

    @Test
    void attachEndsWhenTheProcessExits() throws Exception {
        Process target = new ProcessBuilder(busy.toString(), "0", "30000000", "0").start();
        CollectingSink sink = new CollectingSink();

        record(request(new RecordingRequest.Attach((int) target.pid()), null), sink);

        assertThat(target.isAlive()).isFalse();
        assertThat(sink.events(ThreadExit.class)).anyMatch(exit -> exit.tid() == target.pid());
    }

    @Test
    void stopEndsTheRecordingAndTerminatesTheLaunchedCommand() throws Exception {
        CollectingSink sink = new CollectingSink();
        PerfSession session = recorder.start(request(new RecordingRequest.Launch(List.of("sleep", "30")), null), sink,
                ended -> { });
        try {
            assertThat(session.awaitEnd(Duration.ofMillis(200))).isFalse();
            session.stop();

            assertThat(session.awaitEnd(Duration.ofSeconds(5))).isTrue();
            assertThat(session.status().ended()).isTrue();
            assertThat(session.targetExitStatus()).as("sleep ended by SIGTERM").hasValue(128 + 15);
        } finally {
            sink.events(ThreadName.class).filter(ThreadName::exec).forEach(name -> libc.kill(name.pid(), Libc.SIGKILL));
            session.close();
        }
    }

    @Test
    void systemWideSeesOtherProcesses() throws Exception {
        Process other = new ProcessBuilder(busy.toString(), "0", "0", "0").start();
        try {
            CollectingSink sink = new CollectingSink();

            record(new RecordingRequest(new RecordingRequest.SystemWide(), 200, CallGraph.NONE, true, false,
                    Duration.ofMillis(500), Map.of()), sink);

            assertThat(sink.events(ThreadName.class)).anyMatch(name -> name.pid() == 1);
            assertThat(sink.samplesOf((int) other.pid())).isNotEmpty()
                    .allSatisfy(sample -> assertThat(sample.depth()).isEqualTo(1));
            assertThat(sink.mappingsOf((int) other.pid())).anyMatch(m -> m.path().equals(busy.toString()));
        } finally {
            other.destroyForcibly().waitFor();
        }
    }

    @Test
    void aMissingCommandIsNamed() {
        assertThatThrownBy(() -> recorder.start(request(new RecordingRequest.Launch(List.of("tachyon-missing-cmd")),
                null), new CollectingSink(), ended -> { })).isInstanceOf(CollectorException.class)
                .hasMessage("command not found: tachyon-missing-cmd");
    }

    @Test
    void aMissingPidIsNamed() {
        assertThatThrownBy(() -> recorder.start(request(new RecordingRequest.Attach(Integer.MAX_VALUE), null),
                new CollectingSink(), ended -> { })).isInstanceOf(CollectorException.class)
                .hasMessage("no process with pid " + Integer.MAX_VALUE);
    }

    @Test
    void describesItselfAsAvailableWithTheMachinesArchitecture() {
        var info = Availability.describe("Linux", libc, "", KernelAccess.architecture());

        assertThat(info.available()).as(info.unavailableReason()).isTrue();
        assertThat(info.id()).isEqualTo("linux-perf");
        assertThat(info.architecture()).isEqualTo(KernelAccess.architecture().name());
        assertThat(info.capabilities()).hasSize(6).contains(CollectorInfo.Capability.CONTEXT_SWITCHES);
    }

    @Test
    void saysWhatIsMissingWhenItCannotRecord() {
        String machine = Uname.of(libc).machine();

        assertThat(Availability.describe("Linux", libc, "", null).unavailableReason())
                .isEqualTo("no PerfArchitecture for " + machine + ": install and start the bundle io.tachyon.perf."
                        + machine + " (none is registered)");
        assertThat(Availability.describe("Mac OS X", null, "no libc", null).unavailableReason())
                .startsWith("not Linux: this is Mac OS X");
    }
}
