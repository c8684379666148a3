package io.tachyon.perf.internal;

import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.CallGraph;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.RecorderUsage;
import io.tachyon.api.event.Sample;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The recording's own health through the real kernel: fault injection, the safety valve, the rate clamp, the kernel
 * log and the recorder's usage. Needs root (or a permissive paranoid) and gcc.
 */
class HealthRecordingTest {

    private static final int FREQUENCY = 1000;

    @TempDir
    static Path directory;
    private static Path busy;

    private final Libc libc = KernelAccess.libc();
    private final MonotonicClock clock = new MonotonicClock(libc);

    @BeforeAll
    static void compileWorkload() throws Exception {
        KernelAccess.assumePerfEvents();
        KernelAccess.assumeGcc();
        busy = KernelAccess.compile("busy.c", directory, "-pthread");
    }

    private PerfRecorder recorder(HealthSettings health) {
        return new PerfRecorder(libc, KernelAccess.architecture(), null, null,
                new RecorderSettings(256, 1024, Duration.ofMillis(10), SwitchSource.AUTO, 0, 0, "test"), health);
    }

    private static HealthSettings faultInjection(HealthSettings.ValveAction action) {
        return new HealthSettings(action, Duration.ofMillis(100), 3, true, Duration.ofMillis(800),
                Duration.ofMillis(300));
    }

    /** The whole machine while two threads spin. */
    private static RecordingRequest spinning(int frequencyHz, Duration duration) {
        return new RecordingRequest(new RecordingRequest.SystemWide(), frequencyHz, CallGraph.NONE, true, true,
                duration, Map.of());
    }

    private static CollectingSink record(PerfRecorder recorder, RecordingRequest request) throws Exception {
        Process spinner = new ProcessBuilder(busy.toString(), "2", "0", "0").start();
        try {
            CollectingSink sink = new CollectingSink();
            PerfSession session = recorder.start(request, sink, ended -> { });
            assertThat(session.awaitEnd(Duration.ofSeconds(30))).as("recording ended").isTrue();
            assertThat(sink.violations()).isEmpty();
            return sink;
        } finally {
            spinner.destroyForcibly().waitFor();
        }
    }

    private static List<CollectorNotice> notices(CollectingSink sink, String code) {
        return sink.events(CollectorNotice.class).filter(notice -> notice.code().equals(code)).toList();
    }

    /** The longest stretch without a sample on any CPU: from a sample to the start of the next one's period. */
    private static long longestSilence(CollectingSink sink) {
        List<Sample> samples = sink.events(Sample.class).sorted(java.util.Comparator.comparingLong(Sample::time))
                .toList();
        long longest = 0;
        for (int i = 1; i < samples.size(); i++) {
            long silence = samples.get(i).time() - samples.get(i).period() - samples.get(i - 1).time();
            longest = Math.max(longest, silence);
        }
        return longest;
    }

    @Test
    void faultInjectionDisablesSamplingOnEveryCpuFor300Ms() throws Exception {
        CollectingSink sink = record(recorder(faultInjection(HealthSettings.ValveAction.OFF)),
                spinning(FREQUENCY, Duration.ofMillis(2000)));

        List<CollectorNotice> steps = notices(sink, FaultInjection.NOTICE_CODE);
        assertThat(steps).hasSize(2);
        long injected = steps.get(1).time() - steps.get(0).time();
        long silence = longestSilence(sink);
        System.out.printf("fault injection: sampling off for %.1f ms, longest silence %.1f ms%n", injected / 1e6,
                silence / 1e6);
        assertThat(injected).isBetween(300_000_000L, 330_000_000L);
        assertThat(silence).isBetween(270_000_000L, 330_000_000L);
        assertThat(sink.events(Sample.class).filter(s -> s.time() > steps.get(1).time())).hasSizeGreaterThan(500);
        assertThat(notices(sink, SafetyValve.NOTICE_LOWERED)).isEmpty();
    }

    /**
     * Per-thread: the side-band event keeps PERF_RECORD_SWITCH going while fault injection has the sampling events
     * disabled, so the launched threads are still seen coming in from other processes (switches sched_switch, which
     * fires for recorded threads leaving, cannot give) while no sample of them is taken.
     */
    @Test
    void aPerThreadRecordingKeepsItsSwitchInsWhileSamplingIsDisabled() throws Exception {
        PerfRecorder recorder = recorder(faultInjection(HealthSettings.ValveAction.OFF));
        CollectingSink sink = new CollectingSink();
        PerfSession session = recorder.start(new RecordingRequest(new RecordingRequest.Launch(List.of(busy.toString(),
                "2", "0", "0")), FREQUENCY, CallGraph.NONE, true, true, Duration.ofMillis(1500), Map.of()), sink,
                ended -> { });
        assertThat(session.awaitEnd(Duration.ofSeconds(30))).isTrue();
        assertThat(sink.violations()).isEmpty();

        List<CollectorNotice> steps = notices(sink, FaultInjection.NOTICE_CODE);
        assertThat(steps).hasSize(2);
        long off = steps.get(0).time();
        long on = steps.get(1).time();
        int pid = sink.events(Sample.class).findFirst().orElseThrow().pid();
        long switchInsFromElsewhere = sink.events(ContextSwitch.class).filter(s -> s.time() > off && s.time() < on
                && s.nextPid() == pid && s.prevTid() == ContextSwitch.UNKNOWN_TID).count();
        System.out.printf("sampling off for %.1f ms: %d switch-ins of the launched threads from elsewhere%n",
                (on - off) / 1e6, switchInsFromElsewhere);
        assertThat(sink.samplesOf(pid).filter(s -> s.time() > off + 1_000_000L && s.time() < on)).isEmpty();
        assertThat(switchInsFromElsewhere).isPositive();
        assertThat(sink.samplesOf(pid).filter(s -> s.time() > on)).hasSizeGreaterThan(100);
    }

    @Test
    void theSafetyValveLowersTheRateOnAStall() throws Exception {
        CollectingSink sink = record(recorder(faultInjection(HealthSettings.ValveAction.LOWER)),
                spinning(FREQUENCY, Duration.ofMillis(3000)));

        CollectorNotice lowered = notices(sink, SafetyValve.NOTICE_LOWERED).stream().findFirst()
                .orElseThrow(() -> new AssertionError("no safety-valve notice in " + sink.events(CollectorNotice.class)
                        .toList()));
        assertThat(lowered.message()).contains("lowered sampling from 1000 Hz to 500 Hz");
        long after = sink.events(Sample.class).filter(s -> s.time() > lowered.time() + 200_000_000L
                && s.time() <= lowered.time() + 1_200_000_000L).count();
        System.out.println("after the valve lowered the rate: " + after + " samples in 1 s on 2 CPUs");
        assertThat(after).as("samples in the second after lowering, 2 threads at 500 Hz").isBetween(600L, 1300L);
    }

    @Test
    void theSafetyValveStopsTheRecordingCleanlyOnAStall() throws Exception {
        CollectingSink sink = record(recorder(faultInjection(HealthSettings.ValveAction.STOP)),
                spinning(FREQUENCY, Duration.ofSeconds(10)));

        CollectorNotice stopped = notices(sink, SafetyValve.NOTICE_STOPPED).stream().findFirst().orElseThrow();
        CaptureMetadata metadata = sink.metadata();
        assertThat((stopped.time() - metadata.startTime()) / 1e9).as("stopped after the stall").isBetween(1.0, 2.5);
        long lastSample = sink.events(Sample.class).mapToLong(Sample::time).max().orElseThrow();
        assertThat((lastSample - metadata.startTime()) / 1e9).as("the recording ended then").isLessThan(3.0);
        assertThat(sink.events(Sample.class).filter(s -> s.time() < stopped.time()).count()).isGreaterThan(1000);
    }

    @Test
    void aRateAboveTheKernelsLimitIsClampedAndTheAchievedRateReported() throws Exception {
        // Far above any limit: the kernel lowers the limit by itself when sampling interrupts take too long, so it is
        // read from what the recording says.
        CollectingSink sink = record(recorder(HealthSettings.DEFAULTS), spinning(10_000_000, Duration.ofMillis(500)));

        String limit = sink.metadata().settings().get("max-sample-rate");
        assertThat(notices(sink, Preflight.NOTICE_RATE_CLAMPED)).singleElement().satisfies(notice -> assertThat(
                notice.message()).contains("10000000 Hz is above kernel.perf_event_max_sample_rate = " + limit));
        assertThat(sink.metadata().settings()).containsEntry("frequency", limit)
                .containsEntry("requested-frequency", "10000000");
        CollectorNotice achieved = notices(sink, PerfSession.NOTICE_ACHIEVED_RATE).stream().findFirst().orElseThrow();
        System.out.println(achieved.message());
        assertThat(achieved.message()).contains("of " + limit + " Hz (10000000 Hz requested, clamped)")
                .contains("CPU 0: ").contains("CPU 1: ");
    }

    @Test
    void aHealthyRecordingHasOnlyItsAchievedRateAndUsage() throws Exception {
        CollectingSink sink = record(recorder(HealthSettings.DEFAULTS), spinning(FREQUENCY, Duration.ofMillis(1500)));

        assertThat(sink.events(CollectorNotice.class).map(CollectorNotice::code))
                .containsExactly(PerfSession.NOTICE_ACHIEVED_RATE);
        CollectorNotice achieved = notices(sink, PerfSession.NOTICE_ACHIEVED_RATE).get(0);
        System.out.println(achieved.message());
        double rate = Double.parseDouble(achieved.message().replaceAll("achieved sampling rate (\\d+) Hz.*", "$1"));
        assertThat(rate).isBetween(FREQUENCY * 0.8, FREQUENCY * 1.2);
        List<RecorderUsage> usage = sink.events(RecorderUsage.class).toList();
        assertThat(usage).hasSizeBetween(2, 4);
        assertThat(usage.get(usage.size() - 1).cpuNanos()).isGreaterThan(usage.get(0).cpuNanos());
        assertThat(usage).allSatisfy(u -> assertThat(u.residentBytes()).isGreaterThan(10L << 20));
    }

    @Test
    void aKernelLogLineWrittenWhileRecordingIsKeptAtItsTime() throws Exception {
        Path kmsg = Path.of(KernelLogFollower.DEV_KMSG);
        KernelAccess.assumeWritable(kmsg);
        PerfRecorder recorder = recorder(HealthSettings.DEFAULTS);
        CollectingSink sink = new CollectingSink();
        PerfSession session = recorder.start(new RecordingRequest(new RecordingRequest.Launch(List.of(busy.toString(),
                "2", "0", "0")), FREQUENCY, CallGraph.NONE, true, true, Duration.ofMillis(1500), Map.of()), sink,
                ended -> { });
        Thread.sleep(500);
        long before = clock.nanoTime();
        write(kmsg, "<4>INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs\n");
        long after = clock.nanoTime();
        write(kmsg, "<6>tachyon test: an unrelated line\n");
        assertThat(session.awaitEnd(Duration.ofSeconds(30))).isTrue();

        KernelMessage kept = sink.events(KernelMessage.class).filter(m -> m.text().contains("NMI handler"))
                .findFirst().orElseThrow(() -> new AssertionError("the written line is not in " + sink.events(
                        KernelMessage.class).toList()));
        System.out.printf("kernel log line at %+.3f ms of the write%n", (kept.time() - before) / 1e6);
        assertThat(kept.text()).isEqualTo(
                "INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs");
        assertThat(kept.priority()).isEqualTo(4);
        assertThat(kept.time()).isBetween(before - 5_000_000L, after + 5_000_000L);
        assertThat(sink.events(KernelMessage.class).filter(m -> m.text().contains("unrelated"))).isEmpty();
    }

    private static void write(Path kmsg, String line) throws IOException {
        Files.writeString(kmsg, line, StandardCharsets.UTF_8, StandardOpenOption.WRITE);
    }
}
