package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.RecorderUsage;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.Throttle;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The model keeps the capture's health events in time order, and they do not widen its time span. */
class HealthRecordsModelTest {

    private static final Path FILE = Path.of("/captures/health.tcap");
    private static final CaptureMetadata METADATA = new CaptureMetadata("test", "1.0", "host", "6.1.0", "x86_64",
            "test cpu", 2, List.of("app"), "CLOCK_MONOTONIC", 5, 1_700_000_000_000_000_000L, Map.of());

    private final InMemoryCaptureStore store = new InMemoryCaptureStore();
    private final DefaultCaptureModelFactory factory = new DefaultCaptureModelFactory(store);

    @Test
    void keepsThrottlesKernelMessagesNoticesAndUsageInTimeOrder() throws IOException {
        CollectorNotice clamp = new CollectorNotice(1, CollectorNotice.Severity.WARNING, "rate-clamped", "clamped");
        KernelMessage nmi = new KernelMessage(60, 4, 12,
                "INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs");
        KernelMessage lockup = new KernelMessage(45, 0, 11, "watchdog: BUG: soft lockup - CPU#1 stuck for 22s!");
        Throttle throttled = new Throttle(30, 1, true);
        Throttle unthrottled = new Throttle(35, 1, false);
        RecorderUsage usage = new RecorderUsage(90, 5_000_000, 80 << 20);
        try (CaptureWriter writer = store.create(FILE)) {
            writer.metadata(METADATA);
            List.of(clamp, new Sample(20, 0, 100, 100, 250_000, new long[0], new long[] {0x1000}), unthrottled,
                    throttled, nmi, lockup, new Sample(50, 0, 100, 100, 250_000, new long[0], new long[] {0x1000}),
                    usage).forEach(writer::accept);
        }

        CaptureModel model = factory.open(FILE);

        assertThat(model.throttles()).containsExactly(throttled, unthrottled);
        assertThat(model.kernelMessages()).containsExactly(lockup, nmi);
        assertThat(model.notices()).containsExactly(clamp);
        assertThat(model.recorderUsage()).containsExactly(usage);
        assertThat(model.startTime()).isEqualTo(20);
        assertThat(model.endTime()).isEqualTo(50);
        CaptureModel filtered = model.filtered(new CaptureFilter(0, 30, Set.of(), Set.of()));
        assertThat(filtered.kernelMessages()).containsExactly(lockup, nmi);
        assertThat(filtered.notices()).containsExactly(clamp);
    }
}
