package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.Sample;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class TcapRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void randomStreamsRoundTripThroughFiles() throws Exception {
        WriterSettings smallChunks = new WriterSettings(2048, WriterSettings.DEFAULT_FLUSH_INTERVAL, 4);
        for (long seed = 0; seed < 100; seed++) {
            Path file = dir.resolve("seed-" + seed + ".tcap");
            List<CaptureEvent> events = RandomEvents.stream(seed, 1 + (int) (seed * 37 % 1500));
            CaptureMetadata metadata = RandomEvents.metadata(seed);
            Captures.write(file, seed % 2 == 0 ? smallChunks : WriterSettings.DEFAULTS, metadata,
                    events);

            try (TcapReader reader = TcapReader.open(file)) {
                assertThat(reader.metadata()).isEqualTo(metadata);
                assertThat(reader.closedCleanly()).isTrue();
                assertThat(reader.warnings()).isEmpty();
                assertThat(reader.majorVersion()).isEqualTo(1);
                assertThat(reader.minorVersion()).isEqualTo(0);
                List<CaptureEvent> read = new ArrayList<>();
                reader.forEach(read::add);
                assertThat(read).as("seed %d", seed).containsExactlyElementsOf(events);
            }
        }
    }

    @Test
    void largeCaptureSpansManyChunksAndEndsWithCounts() throws Exception {
        Path file = dir.resolve("large.tcap");
        List<CaptureEvent> events = RandomEvents.stream(42, 60_000);
        long bytesWritten;
        try (TcapWriter writer = new TcapWriter(file, new WriterSettings(16 * 1024, Duration.ofMillis(1), 2))) {
            writer.metadata(RandomEvents.metadata(42));
            // A 1 ms flush interval makes the writer thread cut partial chunks while events keep arriving.
            events.forEach(writer::accept);
            writer.close();
            bytesWritten = writer.bytesWritten();
        }

        ChunkLayout layout = ChunkLayout.of(file);
        assertThat(bytesWritten).isEqualTo(Files.size(file));
        assertThat(layout.chunks().get(0).type()).isEqualTo(TcapFormat.CHUNK_METADATA);
        assertThat(layout.ofType(TcapFormat.CHUNK_EVENTS)).hasSizeGreaterThan(50);
        assertThat(layout.chunks().get(layout.chunks().size() - 1).type()).isEqualTo(TcapFormat.CHUNK_END);
        ByteBuffer end = ByteBuffer.wrap(layout.bytes(), (int) layout.end().payloadOffset(), 16)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(end.getLong()).isEqualTo(events.size());
        assertThat(end.getLong()).isEqualTo(events.stream().filter(e -> e instanceof Sample).count());

        Captures.ReadResult result = Captures.read(file);
        assertThat(result.damage()).isNull();
        assertThat(result.events()).containsExactlyElementsOf(events);
    }

    @Test
    void fileStartsWithTheDocumentedHeader() throws Exception {
        Path file = dir.resolve("header.tcap");
        Captures.write(file, WriterSettings.DEFAULTS, RandomEvents.metadata(1), List.of());

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith('T', 'C', 'A', 'P', 1, 0, 0, 0, 0, 0, 0, 0);
        assertThat(Captures.read(file).events()).isEmpty();
    }

    @Test
    void flushWritesEverythingAcceptedSoFar() throws Exception {
        Path file = dir.resolve("flushed.tcap");
        List<CaptureEvent> events = RandomEvents.stream(7, 500);
        try (TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(7));
            events.forEach(writer::accept);
            writer.flush();

            assertThat(writer.bytesWritten()).isEqualTo(Files.size(file));
            Captures.ReadResult whileOpen = Captures.read(file);
            assertThat(whileOpen.events()).containsExactlyElementsOf(events);
            assertThat(whileOpen.closedCleanly()).isFalse();
        }
        assertThat(Captures.read(file).closedCleanly()).isTrue();
    }

    @Test
    void storeServiceCreatesAndOpensCaptures() throws Exception {
        TcapCaptureStore store = new TcapCaptureStore(WriterSettings.DEFAULTS);
        Path file = dir.resolve("service" + TcapCaptureStore.EXTENSION);
        List<CaptureEvent> events = RandomEvents.stream(3, 100);
        try (CaptureWriter writer = store.create(file)) {
            writer.metadata(RandomEvents.metadata(3));
            events.forEach(writer::accept);
        }
        try (CaptureReader reader = store.open(file)) {
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(read::add);
            assertThat(read).containsExactlyElementsOf(events);
            assertThat(reader.file()).isEqualTo(file);
        }
    }
}
