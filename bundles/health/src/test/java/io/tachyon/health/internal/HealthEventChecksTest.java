package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.analysis.Finding.Severity;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.RecorderUsage;
import io.tachyon.api.event.Throttle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static io.tachyon.health.internal.TestCapture.MS;
import static io.tachyon.health.internal.TestCapture.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** The checks over health events, on real capture files (4 kHz, two CPUs; see {@link TestCapture}). */
class HealthEventChecksTest {

    private static final int BUSY = 101;
    private static final int OTHER = 102;

    @TempDir
    Path directory;

    private static List<Finding> all(CaptureModel model) {
        List<Finding> findings = new ArrayList<>();
        findings.addAll(HealthEventChecks.throttling(model));
        findings.addAll(HealthEventChecks.kernelMessages(model));
        findings.addAll(HealthEventChecks.collectorNotices(model));
        findings.addAll(HealthEventChecks.achievedRate(model));
        return findings;
    }

    private static long at(double ms) {
        return START + (long) (ms * MS);
    }

    @Test
    void aHealthyCaptureWithUsageAndInformationNoticesHasNoFindings() throws IOException {
        CaptureModel model = new TestCapture().thread(BUSY, "busy").thread(OTHER, "other")
                .run(BUSY, 0, 0, 1000).run(OTHER, 1, 0, 600).silence(300, 301)
                .event(new RecorderUsage(at(500), 40 * MS, 90L << 20))
                .event(new CollectorNotice(at(1000), CollectorNotice.Severity.INFO, "achieved-rate", "4000 Hz"))
                .event(new CollectorNotice(at(0), CollectorNotice.Severity.WARNING, "known-issue", "Linux 6.17"))
                .open(directory);

        assertThat(all(model)).isEmpty();
    }

    @Test
    void throttledStretchesAreFoundPerCpuUntilResumedOrTheEnd() throws IOException {
        CaptureModel model = new TestCapture().thread(BUSY, "busy").run(BUSY, 0, 0, 1000)
                .event(new Throttle(at(100), 1, true)).event(new Throttle(at(112), 1, false))
                .event(new Throttle(at(900), 0, true)).open(directory);

        assertThat(HealthEventChecks.throttling(model)).extracting(Finding::startTime, Finding::endTime,
                Finding::summary).containsExactly(
                tuple(at(100), at(112), "the kernel throttled sampling on CPU 1 over 100.000-112.000 ms (12.0 ms): its "
                        + "sampling interrupts took too long (the kernel may also have lowered "
                        + "kernel.perf_event_max_sample_rate)"),
                tuple(at(900), at(1000), "the kernel throttled sampling on CPU 0 over 900.000-1000.000 ms (100.0 ms), "
                        + "to the end of the capture: its sampling interrupts took too long (the kernel may also have "
                        + "lowered kernel.perf_event_max_sample_rate)"));
    }

    @Test
    void kernelLogLinesAreFindingsWithWhatTheyMean() throws IOException {
        CaptureModel model = new TestCapture().thread(BUSY, "busy").run(BUSY, 0, 0, 1000)
                .event(new KernelMessage(at(400), 6, 17,
                        "INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs"))
                .event(new KernelMessage(at(700), 0, 18, "watchdog: BUG: soft lockup - CPU#1 stuck for 22s! [x:1]"))
                .open(directory);

        assertThat(HealthEventChecks.kernelMessages(model)).extracting(Finding::severity, Finding::summary)
                .containsExactly(
                        tuple(Severity.ERROR, "kernel log at 700.000 ms: \"watchdog: BUG: soft lockup - CPU#1 stuck "
                                + "for 22s! [x:1]\" (a CPU was stuck: the machine stalled)"),
                        tuple(Severity.WARNING, "kernel log at 400.000 ms: \"INFO: NMI handler "
                                + "(perf_event_nmi_handler) took too long to run: 250.424 msecs\" (an NMI handler held "
                                + "a CPU: samples around it are missing or late)"));
    }

    @Test
    void warningAndErrorNoticesAreFindings() throws IOException {
        CaptureModel model = new TestCapture().thread(BUSY, "busy").run(BUSY, 0, 0, 1000)
                .event(new CollectorNotice(at(0), CollectorNotice.Severity.WARNING, "rate-clamped", "clamped to 4000"))
                .event(new CollectorNotice(at(600), CollectorNotice.Severity.ERROR, "safety-valve-stopped", "stopped"))
                .open(directory);

        assertThat(HealthEventChecks.collectorNotices(model)).extracting(Finding::severity, Finding::summary)
                .containsExactly(tuple(Severity.ERROR, "safety-valve-stopped at 600.000 ms: stopped"),
                        tuple(Severity.WARNING, "rate-clamped at 0.000 ms: clamped to 4000"));
    }

    @Test
    void aCpuSampledWellBelowTheFrequencyIsFound() throws IOException {
        // CPU 1 loses its samples from 200 to 800 ms: 1601 of 4000 in its 1 s of running. CPU 0 keeps all of them.
        CaptureModel model = new TestCapture().thread(BUSY, "busy").thread(OTHER, "other")
                .run(BUSY, 0, 0, 1000).run(OTHER, 1, 0, 1000).silence(1, 200, 800).open(directory);

        assertThat(HealthEventChecks.achievedRate(model)).singleElement().satisfies(finding -> assertThat(
                finding.summary()).isEqualTo("CPU 1 was sampled at 1601 Hz of 4000 Hz (40%) over 1.00 s of running "
                        + "threads"));
    }

    @Test
    void aRateTheSafetyValveLoweredIsTheRateExpected() throws IOException {
        // Recording began at 16 kHz and the valve halved it twice: 4 kHz is what the capture should hold.
        TestCapture capture = new TestCapture().frequency("16000").thread(BUSY, "busy")
                .run(BUSY, 0, 0, 1000);
        assertThat(HealthEventChecks.achievedRate(capture.open(directory))).singleElement()
                .satisfies(finding -> assertThat(finding.summary()).contains("of 16000 Hz"));

        for (int lowered = 1; lowered <= 2; lowered++) {
            capture.event(new CollectorNotice(at(100 * lowered), CollectorNotice.Severity.WARNING,
                    "safety-valve-lowered", "a system stall; the safety valve lowered sampling"));
        }
        assertThat(HealthEventChecks.achievedRate(capture.open(directory))).isEmpty();
    }
}
