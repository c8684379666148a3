package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.TimeRange;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.RecorderUsage;
import io.tachyon.api.event.Throttle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Health events travel in HEALTH chunks; a file with them is 2.1, one without stays 2.0. */
class HealthChunkTest {

    @TempDir
    Path dir;

    private static final List<CaptureEvent> HEALTH = List.of(
            new CollectorNotice(5, CollectorNotice.Severity.WARNING, "rate-clamped",
                    "requested 100000 Hz; kernel.perf_event_max_sample_rate is 25000, so 25000 Hz is used"),
            new KernelMessage(1_200_000, 4, 1733,
                    "INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs"),
            new RecorderUsage(1_500_000, 81_000_000, 94_371_840),
            new KernelMessage(1_600_000, 6, 1734, "ünïcode ☃ line"),
            new CollectorNotice(1_700_000, CollectorNotice.Severity.ERROR, "safety-valve-stopped", "stopped"));

    /** The ordinary events mixed with the health events, as a recorder sends them. */
    private static List<CaptureEvent> mixed(List<CaptureEvent> ordinary) {
        List<CaptureEvent> all = new ArrayList<>(ordinary);
        for (int i = 0; i < HEALTH.size(); i++) {
            all.add(Math.min(all.size(), i * 97), HEALTH.get(i));
        }
        return all;
    }

    @Test
    void healthEventsRoundTripAndMarkTheFileAs21() throws Exception {
        Path file = dir.resolve("health.tcap");
        List<CaptureEvent> ordinary = new ArrayList<>(RandomEvents.stream(11, 800));
        ordinary.add(new Throttle(900, 1, true));
        Captures.write(file, new WriterSettings(2048, WriterSettings.DEFAULT_FLUSH_INTERVAL, 4), RandomEvents.metadata(11),
                mixed(ordinary));

        try (TcapReader reader = TcapReader.open(file)) {
            assertThat(reader.minorVersion()).isEqualTo(1);
            assertThat(reader.warnings()).isEmpty();
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(read::add);
            assertThat(read.stream().filter(HealthCodec::isHealthEvent)).containsExactlyElementsOf(HEALTH);
            assertThat(read.stream().filter(e -> !HealthCodec.isHealthEvent(e))).containsExactlyElementsOf(ordinary);
        }
        assertThat(Files.readAllBytes(file)).startsWith('T', 'C', 'A', 'P', 2, 0, 1, 0);
    }

    @Test
    void aWindowReadDeliversTheHealthEventsInTheWindowWhateverTheThreads() throws Exception {
        Path file = dir.resolve("window.tcap");
        Captures.write(file, WriterSettings.DEFAULTS, RandomEvents.metadata(2), mixed(RandomEvents.stream(2, 300)));

        try (TcapReader reader = TcapReader.open(file)) {
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(new TimeRange(1_000_000, 1_650_000), tid -> false, read::add);
            assertThat(read.stream().filter(HealthCodec::isHealthEvent)).containsExactly(HEALTH.get(1), HEALTH.get(2),
                    HEALTH.get(3));
        }
    }

    @Test
    void recoveryKeepsHealthChunks() throws Exception {
        Path file = dir.resolve("kept.tcap");
        List<CaptureEvent> events = mixed(RandomEvents.stream(4, 200));
        Captures.write(file, WriterSettings.DEFAULTS, RandomEvents.metadata(4), events);
        Path copy = dir.resolve("copy.tcap");

        new TcapCaptureStore(WriterSettings.DEFAULTS).recover(file, copy);

        try (TcapReader reader = TcapReader.open(copy)) {
            assertThat(reader.minorVersion()).isEqualTo(1);
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(read::add);
            assertThat(read.stream().filter(HealthCodec::isHealthEvent)).containsExactlyElementsOf(HEALTH);
        }
    }

    @Test
    void aDamagedHealthRowNamesItsField() {
        ByteSink rows = new ByteSink(64);
        rows.uvar(1);
        rows.u8(HealthCodec.KIND_KERNEL_MESSAGE);
        rows.svar(10);
        rows.u8(9);
        rows.uvar(1);
        rows.string("x");
        ByteSource source = new ByteSource(new ByteSource.Origin(dir.resolve("x.tcap"), 100, -1, "HEALTH chunk"),
                rows.array(), 0, rows.size());

        assertThatThrownBy(() -> HealthCodec.read(source)).isInstanceOf(CaptureFormatException.class)
                .hasMessageContaining("KernelMessage.priority 9 is not a syslog level");
    }
}
