package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.RecoveryReport;
import io.tachyon.api.event.CaptureEvent;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_DICTIONARY;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecoveryTest {

    @TempDir
    Path dir;

    private List<CaptureEvent> events;
    private ChunkLayout layout;

    @BeforeEach
    void writeIntactCapture() throws IOException {
        Path file = dir.resolve("intact.tcap");
        events = RealisticEvents.stream(21, 6_000);
        // A small dictionary starts anew every few chunks, so damage to one costs only until the next start.
        Captures.write(file, new WriterSettings(4 * 1024, Duration.ofSeconds(1), 4, 1_500), RandomEvents.metadata(21),
                events);
        layout = ChunkLayout.of(file);
        assertThat(layout.ofType(CHUNK_EVENTS)).hasSizeGreaterThan(20);
    }

    @Test
    void aFileWithoutItsEndGetsAnIndexAndAnEnd() throws IOException {
        Path killed = copy(layout.withoutIndexAndEnd());

        RecoveryReport report = recover(killed);

        assertThat(report.damage()).isEmpty();
        assertThat(report.wasClosed()).isFalse();
        assertThat(report.bytesDropped()).isZero();
        assertThat(report.events()).isEqualTo(events.size());
        assertCleanCopyHolds(report, events);
    }

    @Test
    void aCutInsideAChunkKeepsEverythingBeforeIt() throws IOException {
        ChunkLayout.Chunk cutChunk = layout.ofType(CHUNK_EVENTS).get(10);
        Path cut = copy(Arrays.copyOf(layout.bytes(), (int) cutChunk.payloadOffset() + 20));

        RecoveryReport report = recover(cut);

        assertThat(report.damage()).singleElement().satisfies(d -> {
            assertThat(d.offset()).isEqualTo(cutChunk.offset());
            assertThat(d.problem()).contains("truncated or damaged");
        });
        assertThat(report.bytesDropped()).isEqualTo(32);
        assertCleanCopyHolds(report, events.subList(0, (int) cutChunk.eventsBefore()));
    }

    @Test
    void aDamagedEventsChunkIsDroppedAndTheChunksAfterItAreKept() throws IOException {
        ChunkLayout.Chunk hit = layout.ofType(CHUNK_EVENTS).get(7);
        ChunkLayout.Chunk next = layout.chunks().get(layout.chunks().indexOf(hit) + 1);
        byte[] damaged = layout.bytes().clone();
        damaged[(int) hit.payloadOffset() + hit.length() / 2] ^= 0x5A;

        RecoveryReport report = recover(copy(damaged));

        assertThat(report.damage()).singleElement().satisfies(d -> {
            assertThat(d.offset()).isEqualTo(hit.offset());
            assertThat(d.problem()).contains("CRC-32C mismatch");
        });
        assertThat(report.bytesDropped()).isEqualTo(hit.end() - hit.offset());
        List<CaptureEvent> expected = new java.util.ArrayList<>(events.subList(0, (int) hit.eventsBefore()));
        expected.addAll(events.subList((int) next.eventsBefore(), events.size()));
        assertCleanCopyHolds(report, expected);
    }

    @Test
    void aDamagedLengthIsSkippedByFindingTheNextIntactChunk() throws IOException {
        ChunkLayout.Chunk hit = layout.ofType(CHUNK_EVENTS).get(5);
        ChunkLayout.Chunk next = layout.chunks().get(layout.chunks().indexOf(hit) + 1);
        byte[] damaged = layout.bytes().clone();
        ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt((int) hit.offset() + 4, 0x7FFFFFF0);

        RecoveryReport report = recover(copy(damaged));

        assertThat(report.damage()).singleElement().satisfies(d -> assertThat(d.offset()).isEqualTo(hit.offset()));
        List<CaptureEvent> expected = new java.util.ArrayList<>(events.subList(0, (int) hit.eventsBefore()));
        expected.addAll(events.subList((int) next.eventsBefore(), events.size()));
        assertCleanCopyHolds(report, expected);
    }

    @Test
    void eventsThatNeedALostDictionaryAreDroppedUntilTheDictionaryStartsAnew() throws IOException {
        List<ChunkLayout.Chunk> dictionaries = layout.ofType(CHUNK_DICTIONARY);
        ChunkLayout.Chunk hit = dictionaries.get(3);
        byte[] damaged = layout.bytes().clone();
        damaged[(int) hit.end() - 1] ^= 0x01;

        RecoveryReport report = recover(copy(damaged));

        assertThat(report.damage()).first().satisfies(d -> assertThat(d.offset()).isEqualTo(hit.offset()));
        assertThat(report.events()).isLessThan(events.size()).isGreaterThanOrEqualTo(hit.eventsBefore());
        List<CaptureEvent> recovered = Captures.read(report.clean()).events();
        assertThat(recovered.subList(0, (int) hit.eventsBefore())).isEqualTo(events.subList(0, (int) hit.eventsBefore()));
        assertThat(isSubsequence(recovered, events)).isTrue();
        assertThat(recovered.get(recovered.size() - 1)).as("the last chunks are kept").isEqualTo(events.get(events.size() - 1));
    }

    @Test
    @Timeout(120)
    void randomDamageAlwaysGivesACleanFileOfIntactEvents() throws IOException {
        Random random = new Random(11);
        for (int round = 0; round < 150; round++) {
            byte[] damaged = layout.bytes().clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                int at = (int) layout.chunks().get(0).end() + random.nextInt(damaged.length - (int) layout.chunks().get(0).end());
                damaged[at] ^= (byte) (1 + random.nextInt(255));
            }
            if (round % 4 == 0) {
                damaged = Arrays.copyOf(damaged, (int) layout.chunks().get(0).end() + random.nextInt(damaged.length / 2));
            }
            RecoveryReport report = recover(copy(damaged));

            Captures.ReadResult clean = Captures.read(report.clean());
            assertThat(clean.damage()).isNull();
            assertThat(clean.closedCleanly()).isTrue();
            assertThat(clean.events()).hasSize((int) report.events());
            assertThat(isSubsequence(clean.events(), events)).as("round %d", round).isTrue();
        }
    }

    @Test
    void lostMetadataCannotBeRecoveredAndTheFileIsNotOverwritten() throws IOException {
        byte[] damaged = layout.bytes().clone();
        damaged[20] ^= 0x01;
        Path file = copy(damaged);

        assertThatThrownBy(() -> Recovery.recover(file, dir.resolve("never.tcap"), WriterSettings.DEFAULTS))
                .isInstanceOfSatisfying(CaptureFormatException.class, e -> assertThat(e.offset()).isEqualTo(12));
        assertThat(dir.resolve("never.tcap")).doesNotExist();
        assertThatThrownBy(() -> Recovery.recover(file, file, WriterSettings.DEFAULTS))
                .hasMessageContaining("another file");
        assertThat(Files.readAllBytes(file)).isEqualTo(damaged);
    }

    private RecoveryReport recover(Path damaged) throws IOException {
        Path clean = dir.resolve(damaged.getFileName() + ".clean.tcap");
        return Recovery.recover(damaged, clean, WriterSettings.DEFAULTS);
    }

    private static void assertCleanCopyHolds(RecoveryReport report, List<CaptureEvent> expected) throws IOException {
        assertThat(report.events()).isEqualTo(expected.size());
        try (TcapReader reader = TcapReader.open(report.clean())) {
            assertThat(reader.indexed()).isTrue();
            assertThat(reader.closedCleanly()).isTrue();
            assertThat(reader.warnings()).isEmpty();
        }
        Captures.ReadResult result = Captures.read(report.clean());
        assertThat(result.damage()).isNull();
        assertThat(result.events()).isEqualTo(expected);
    }

    /** Whether {@code part} is {@code whole} with some events left out, in the same order. */
    private static boolean isSubsequence(List<CaptureEvent> part, List<CaptureEvent> whole) {
        int j = 0;
        for (CaptureEvent event : part) {
            while (j < whole.size() && !whole.get(j).equals(event)) {
                j++;
            }
            if (j == whole.size()) {
                return false;
            }
            j++;
        }
        return true;
    }

    private Path copy(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "damaged", ".tcap");
        Files.write(file, bytes);
        return file;
    }
}
