package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ThreadName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
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
import java.util.TreeSet;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_END;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_METADATA;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcapDamageTest {

    @TempDir
    Path dir;

    private List<CaptureEvent> events;
    private ChunkLayout layout;

    @BeforeEach
    void writeIntactCapture() throws IOException {
        Path file = dir.resolve("intact.tcap");
        events = RandomEvents.stream(99, 400);
        Captures.write(file, new WriterSettings(1024, Duration.ofSeconds(1), 4), RandomEvents.metadata(99), events);
        layout = ChunkLayout.of(file);
        assertThat(layout.ofType(CHUNK_EVENTS)).hasSizeGreaterThan(5);
    }

    @Test
    void truncationAtEveryChunkBoundaryKeepsTheChunksBefore() throws IOException {
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            if (chunk.type() == CHUNK_METADATA) {
                continue;
            }
            Captures.ReadResult result = Captures.read(copy(Arrays.copyOf(layout.bytes(), (int) chunk.offset())));

            assertThat(result.damage()).as("cut at %d", chunk.offset()).isNull();
            assertThat(result.events()).isEqualTo(events.subList(0, chunk.eventsBefore()));
            assertThat(result.closedCleanly()).isFalse();
        }
        assertThat(Captures.read(copy(layout.bytes())).closedCleanly()).isTrue();
    }

    @Test
    void truncationInsideAChunkIsDamageAtThatChunkAfterTheIntactPrefix() throws IOException {
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            if (chunk.type() == CHUNK_METADATA) {
                continue;
            }
            TreeSet<Long> cuts = new TreeSet<>(List.of(chunk.offset() + 1, chunk.offset() + 4, chunk.offset() + 11,
                    chunk.payloadOffset(), chunk.payloadOffset() + chunk.length() / 2, chunk.end() - 1));
            for (long cut : cuts) {
                Captures.ReadResult result = Captures.read(copy(Arrays.copyOf(layout.bytes(), (int) cut)));

                assertThat(result.damage()).as("cut at %d inside the chunk at %d", cut, chunk.offset()).isNotNull();
                assertThat(result.damage().offset()).isEqualTo(chunk.offset());
                assertThat(result.damage().getMessage()).containsAnyOf("truncated chunk header", "truncated or damaged");
                assertThat(result.events()).isEqualTo(events.subList(0, chunk.eventsBefore()));
                assertThat(result.closedCleanly()).isFalse();
            }
        }
    }

    @Test
    void truncationBeforeTheEndOfMetadataIsRefusedByOpen() throws IOException {
        ChunkLayout.Chunk metadata = layout.chunks().get(0);
        for (long cut : List.of(12L, 13L, 23L, metadata.payloadOffset() + 3, metadata.end() - 1)) {
            Path file = copy(Arrays.copyOf(layout.bytes(), (int) cut));

            assertThatThrownBy(() -> TcapReader.open(file)).as("cut at %d", cut)
                    .isInstanceOfSatisfying(CaptureFormatException.class, e -> {
                        assertThat(e.offset()).isEqualTo(12);
                        assertThat(e.file()).isEqualTo(file);
                    });
        }
    }

    @Test
    void flippedPayloadOrCrcByteIsDamageAtThatChunk() throws IOException {
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            if (chunk.type() == CHUNK_METADATA) {
                continue;
            }
            for (long position : List.of(chunk.offset() + 9, chunk.payloadOffset(), chunk.end() - 1)) {
                byte[] damaged = layout.bytes().clone();
                damaged[(int) position] ^= 0x10;

                Captures.ReadResult result = Captures.read(copy(damaged));

                assertThat(result.damage()).as("flip at %d", position).isNotNull();
                assertThat(result.damage().offset()).isEqualTo(chunk.offset());
                assertThat(result.damage().getMessage()).contains("CRC-32C mismatch");
                assertThat(result.events()).isEqualTo(events.subList(0, chunk.eventsBefore()));
                if (chunk.type() == CHUNK_END) {
                    assertThat(result.closedCleanly()).isFalse();
                }
            }
        }
    }

    @Test
    void flippedMetadataByteIsRefusedByOpen() throws IOException {
        byte[] damaged = layout.bytes().clone();
        damaged[(int) layout.chunks().get(0).payloadOffset() + 5] ^= 0x01;
        Path file = copy(damaged);

        assertThatThrownBy(() -> TcapReader.open(file)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(12);
            assertThat(e.getMessage()).contains("CRC-32C mismatch in chunk of METADATA");
        });
    }

    @Test
    void absurdLengthsAreDamageWithoutAllocatingThem() throws IOException {
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            if (chunk.type() == CHUNK_METADATA) {
                continue;
            }
            long left = layout.bytes().length - chunk.payloadOffset();
            for (long absurd : List.of(0xFFFFFFF0L, 0x7FFFFFFFL, left + 1)) {
                byte[] damaged = layout.bytes().clone();
                ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt((int) chunk.offset() + 4, (int) absurd);

                Captures.ReadResult result = Captures.read(copy(damaged));

                assertThat(result.damage()).as("length %d at %d", absurd, chunk.offset()).isNotNull();
                assertThat(result.damage().offset()).isEqualTo(chunk.offset());
                assertThat(result.damage().getMessage()).contains("declares " + absurd + " payload bytes");
                assertThat(result.events()).isEqualTo(events.subList(0, chunk.eventsBefore()));
            }
        }
    }

    @Test
    void randomDamageOnlyEverSurfacesAsCaptureFormatException() throws IOException {
        Random random = new Random(2024);
        for (int round = 0; round < 500; round++) {
            byte[] damaged = layout.bytes().clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            Path file = copy(damaged);
            try {
                Captures.ReadResult result = Captures.read(file);
                // Damage that is neither reported nor warned about can only be in the reserved header field.
                if (result.damage() == null && result.warnings().isEmpty()) {
                    assertThat(result.events()).isEqualTo(events);
                }
            } catch (CaptureFormatException refusedByOpen) {
                assertThat(refusedByOpen.file()).isEqualTo(file);
            }
        }
    }

    @Test
    void unknownChunksAreSkippedWithAWarning() throws IOException {
        ChunkLayout.Chunk secondEvents = layout.ofType(CHUNK_EVENTS).get(1);
        byte[] unknownBeforeEnd = ChunkLayout.chunk(0x7A, "a future index".getBytes());
        byte[] unknownAfterEnd = ChunkLayout.chunk(0xF00D, new byte[0]);
        byte[] file = ChunkLayout.concat(Arrays.copyOf(layout.bytes(), (int) secondEvents.offset()), unknownBeforeEnd,
                Arrays.copyOfRange(layout.bytes(), (int) secondEvents.offset(), layout.bytes().length), unknownAfterEnd);

        Captures.ReadResult result = Captures.read(copy(file));

        assertThat(result.damage()).isNull();
        assertThat(result.events()).isEqualTo(events);
        assertThat(result.closedCleanly()).isTrue();
        assertThat(result.warnings()).containsExactly(
                "skipped a chunk of unknown type 0x0000007a (14 bytes) at offset " + secondEvents.offset(),
                "skipped a chunk of unknown type 0x0000f00d (0 bytes) at offset "
                        + (layout.bytes().length + unknownBeforeEnd.length));
    }

    @Test
    void newerMinorVersionIsReadWithAWarning() throws IOException {
        byte[] newer = layout.bytes().clone();
        newer[6] = 7;

        Captures.ReadResult result = Captures.read(copy(newer));

        assertThat(result.events()).isEqualTo(events);
        assertThat(result.warnings()).containsExactly(
                "capture format version 1.7 is newer than this reader's 1.0; chunks it does not know are skipped");
    }

    @Test
    void newerMajorVersionIsRefusedNamingBothVersions() throws IOException {
        byte[] newer = layout.bytes().clone();
        newer[4] = 2;
        newer[6] = 3;
        Path file = copy(newer);

        assertThatThrownBy(() -> TcapReader.open(file)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(4);
            assertThat(e.getMessage()).contains("version 2.3 is newer than this reader's 1.0");
        });
    }

    @Test
    void wrongMagicOrEmptyFileIsNotACapture() throws IOException {
        byte[] elf = layout.bytes().clone();
        System.arraycopy(new byte[] {0x7F, 'E', 'L', 'F'}, 0, elf, 0, 4);
        for (byte[] bytes : List.of(elf, new byte[0], "TCA".getBytes(), "PK\u0003\u0004".getBytes())) {
            Path file = copy(bytes);
            assertThatThrownBy(() -> TcapReader.open(file)).isInstanceOfSatisfying(CaptureFormatException.class,
                    e -> assertThat(e.getMessage()).contains(file.toString())
                            .contains(bytes.length == 3 ? "truncated file header" : "not a Tachyon capture"));
        }
    }

    @Test
    void metadataMustComeFirstAndOnlyOnce() throws IOException {
        byte[] metadataChunk = Arrays.copyOfRange(layout.bytes(), 12, (int) layout.chunks().get(0).end());
        EventEncoder encoder = new EventEncoder(64);
        encoder.encode(new ThreadName(1, 2, 3, "main", false));
        byte[] eventsChunk = ChunkLayout.chunk(CHUNK_EVENTS, encoder.takeChunk());

        Path eventsFirst = copy(ChunkLayout.concat(ChunkLayout.fileHeader(1, 0), eventsChunk, metadataChunk));
        assertThatThrownBy(() -> TcapReader.open(eventsFirst)).isInstanceOfSatisfying(CaptureFormatException.class,
                e -> assertThat(e.getMessage()).contains("expected the METADATA chunk first, found a chunk of EVENTS"));

        Path twice = copy(ChunkLayout.concat(ChunkLayout.fileHeader(1, 0), metadataChunk, eventsChunk, metadataChunk));
        Captures.ReadResult result = Captures.read(twice);
        assertThat(result.events()).containsExactly(new ThreadName(1, 2, 3, "main", false));
        assertThat(result.damage().offset()).isEqualTo(12 + metadataChunk.length + eventsChunk.length);
        assertThat(result.damage().getMessage()).contains("second METADATA chunk");
    }

    @Test
    void badEventInsideAnIntactChunkIsDamageAtItsByteAfterThePreviousChunks() throws IOException {
        ChunkLayout.Chunk firstEvents = layout.ofType(CHUNK_EVENTS).get(0);
        EventEncoder encoder = new EventEncoder(64);
        encoder.encode(new ThreadName(1, 2, 3, "main", false));
        byte[] payload = ChunkLayout.concat(encoder.takeChunk(), new byte[] {(byte) 0xEE});
        byte[] file = ChunkLayout.concat(Arrays.copyOf(layout.bytes(), (int) firstEvents.end()),
                ChunkLayout.chunk(CHUNK_EVENTS, payload));

        Captures.ReadResult result = Captures.read(copy(file));

        assertThat(result.events()).isEqualTo(events.subList(0, layout.ofType(CHUNK_EVENTS).get(1).eventsBefore()));
        assertThat(result.damage().offset()).isEqualTo(firstEvents.end() + 12 + payload.length - 1);
        assertThat(result.damage().getMessage()).contains("unknown event tag 0xee");
    }

    @Test
    void endCountThatDisagreesWithTheEventsIsDamage() throws IOException {
        byte[] damaged = layout.bytes().clone();
        ChunkLayout.Chunk end = layout.end();
        byte[] payload = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(events.size() + 1).putLong(0)
                .array();
        byte[] forged = ChunkLayout.concat(Arrays.copyOf(damaged, (int) end.offset()),
                ChunkLayout.chunk(CHUNK_END, payload));

        Captures.ReadResult result = Captures.read(copy(forged));

        assertThat(result.events()).isEqualTo(events);
        assertThat(result.damage().offset()).isEqualTo(end.offset());
        assertThat(result.damage().getMessage()).contains("END chunk counts " + (events.size() + 1) + " events");
    }

    private Path copy(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "damaged", ".tcap");
        Files.write(file, bytes);
        return file;
    }
}
