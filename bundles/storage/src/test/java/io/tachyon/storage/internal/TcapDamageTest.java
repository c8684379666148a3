package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ThreadName;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_DICTIONARY;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_END;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_INDEX;
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
        Captures.write(file, new WriterSettings(1024, Duration.ofSeconds(1), 4, 2_000), RandomEvents.metadata(99),
                events);
        layout = ChunkLayout.of(file);
        assertThat(layout.ofType(CHUNK_EVENTS)).hasSizeGreaterThan(5);
        assertThat(layout.ofType(CHUNK_DICTIONARY)).hasSizeGreaterThan(5);
    }

    @Test
    void truncationAtEveryChunkBoundaryKeepsTheChunksBefore() throws IOException {
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            if (chunk.type() == CHUNK_METADATA) {
                continue;
            }
            Captures.ReadResult result = Captures.read(copy(Arrays.copyOf(layout.bytes(), (int) chunk.offset())));

            assertThat(result.damage()).as("cut at %d", chunk.offset()).isNull();
            assertThat(result.events()).isEqualTo(events.subList(0, (int) chunk.eventsBefore()));
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
            cuts.removeIf(cut -> cut >= chunk.end());
            for (long cut : cuts) {
                Path file = copy(Arrays.copyOf(layout.bytes(), (int) cut));
                Captures.ReadResult result = Captures.read(file);

                assertThat(result.damage()).as("cut at %d inside the chunk at %d", cut, chunk.offset()).isNotNull();
                assertThat(result.damage().offset()).isEqualTo(chunk.offset());
                assertThat(result.damage().file()).isEqualTo(file);
                assertThat(result.damage().getMessage()).containsAnyOf("truncated chunk header", "truncated or damaged");
                assertThat(result.events()).isEqualTo(events.subList(0, (int) chunk.eventsBefore()));
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
    void flippedByteAnywhereInAChunkIsDamageAtThatChunk() throws IOException {
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            if (chunk.type() == CHUNK_METADATA) {
                continue;
            }
            for (long position : List.of(chunk.offset() + 1, chunk.offset() + 5, chunk.offset() + 9,
                    chunk.payloadOffset(), chunk.payloadOffset() + chunk.length() / 2, chunk.end() - 1)) {
                byte[] damaged = layout.bytes().clone();
                damaged[(int) position] ^= 0x10;

                Captures.ReadResult result = Captures.read(copy(damaged));

                assertThat(result.damage()).as("flip at %d in the chunk at %d", position, chunk.offset()).isNotNull();
                assertThat(result.damage().offset()).as("flip at %d", position).isEqualTo(chunk.offset());
                assertThat(result.events()).isEqualTo(events.subList(0, (int) chunk.eventsBefore()));
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
    void absurdChunkLengthsAreDamageWithoutAllocatingThem() throws IOException {
        for (ChunkLayout.Chunk chunk : layout.chunks()) {
            if (chunk.type() == CHUNK_METADATA) {
                continue;
            }
            long left = layout.bytes().length - chunk.payloadOffset();
            for (long absurd : List.of(0xFFFFFFF0L, 0x7FFFFFFFL, left + 1)) {
                byte[] damaged = layout.bytes().clone();
                ByteBuffer.wrap(damaged).order(ByteOrder.LITTLE_ENDIAN).putInt((int) chunk.offset() + 4, (int) absurd);
                Path file = copy(damaged);

                long allocated = allocatedBytes(() -> {
                    Captures.ReadResult result = Captures.read(file);
                    assertThat(result.damage()).as("length %d at %d", absurd, chunk.offset()).isNotNull();
                    assertThat(result.damage().offset()).isEqualTo(chunk.offset());
                    assertThat(result.damage().getMessage()).contains("declares " + absurd + " payload bytes");
                    assertThat(result.events()).isEqualTo(events.subList(0, (int) chunk.eventsBefore()));
                });
                assertThat(allocated).as("bytes allocated for a length of %d", absurd).isLessThan(MAX_READ_ALLOCATION);
            }
        }
    }

    @Test
    void absurdCountsAndLengthsInsideIntactChunksAreDamageWithoutAllocatingThem() throws IOException {
        List<CaptureEvent> one = List.of(new ThreadName(5, 6, 7, "main", false));
        List<byte[]> absurdBodies = List.of(
                varints(0xFFFFFFFFFFL),                         // column "kinds" claims a terabyte
                varints(1, 5, 0x7FFFFFFF),                      // column "times" claims 2 GiB
                varints(Long.MAX_VALUE, Long.MAX_VALUE));       // a 10-byte varint length
        for (byte[] body : absurdBodies) {
            byte[][] chunks = Crafted.chunks(one, ignored -> body);
            Path file = copy(ChunkLayout.concat(metadataPrefix(), chunks[0], chunks[1]));

            long allocated = allocatedBytes(() -> {
                Captures.ReadResult result = Captures.read(file);
                assertThat(result.events()).isEmpty();
                assertThat(result.damage().offset()).as(result.damage().getMessage())
                        .isEqualTo(metadataPrefix().length + chunks[0].length);
                assertThat(result.damage().getMessage()).contains("EVENTS chunk").containsAnyOf("exceeds", "malformed");
            });
            assertThat(allocated).isLessThan(MAX_READ_ALLOCATION);
        }

        // A stored block that claims 60 MiB, and a dictionary that claims 2^31 stacks.
        byte[] hugeBlock = ChunkLayout.concat(new byte[] {TcapFormat.CODEC_NONE}, varints(60L << 20), new byte[10]);
        byte[] hugeDictionary = ChunkLayout.concat(new byte[] {TcapFormat.DICTIONARY_RESET, 0},
                Crafted.stored(varints(0, 0, 0, 0, 1, 0x7FFFFFFF)));
        for (byte[] chunk : List.of(ChunkLayout.chunk(CHUNK_DICTIONARY, ChunkLayout.concat(new byte[] {1, 0}, hugeBlock)),
                ChunkLayout.chunk(CHUNK_DICTIONARY, hugeDictionary))) {
            byte[][] valid = Crafted.chunks(one, body -> body);
            Path file = copy(ChunkLayout.concat(metadataPrefix(), chunk, valid[1]));
            long allocated = allocatedBytes(() -> {
                Captures.ReadResult result = Captures.read(file);
                assertThat(result.events()).isEmpty();
                // Fields stored as they are in the file are named by their own offset, inside the chunk.
                assertThat(result.damage().offset()).isBetween((long) metadataPrefix().length,
                        (long) metadataPrefix().length + chunk.length - 1);
                assertThat(result.damage().getMessage()).contains("DICTIONARY chunk at offset " + metadataPrefix().length);
            });
            assertThat(allocated).isLessThan(MAX_READ_ALLOCATION);
        }
    }

    @Test
    @Timeout(120)
    void randomDamageOnlyEverSurfacesAsCaptureFormatException() throws IOException {
        Random random = new Random(2024);
        for (int round = 0; round < 1000; round++) {
            byte[] damaged = layout.bytes().clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                damaged[random.nextInt(damaged.length)] ^= (byte) (1 + random.nextInt(255));
            }
            if (round % 3 == 0) {
                damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }
            Path file = copy(damaged);
            try {
                Captures.ReadResult result = Captures.read(file);
                assertThat(result.events().size()).isLessThanOrEqualTo(events.size());
                assertThat(result.events()).as("what was read is a prefix of what was written")
                        .isEqualTo(events.subList(0, result.events().size()));
                if (result.damage() != null) {
                    assertThat(result.damage().file()).isEqualTo(file);
                    assertThat(result.damage().offset()).isBetween(0L, (long) damaged.length);
                }
            } catch (CaptureFormatException refusedByOpen) {
                assertThat(refusedByOpen.file()).isEqualTo(file);
            }
        }
    }

    @Test
    void unknownChunksAreSkippedWithAWarning() throws IOException {
        ChunkLayout.Chunk secondEvents = layout.ofType(CHUNK_EVENTS).get(1);
        byte[] unknown = ChunkLayout.chunk(0x7A, "a future chunk".getBytes());
        byte[] unindexed = layout.withoutIndexAndEnd();
        byte[] file = ChunkLayout.concat(Arrays.copyOf(unindexed, (int) secondEvents.offset()), unknown,
                Arrays.copyOfRange(unindexed, (int) secondEvents.offset(), unindexed.length));
        Path scanned = copy(file);

        Captures.ReadResult result = Captures.read(scanned);
        assertThat(result.damage()).isNull();
        assertThat(result.events()).isEqualTo(events);
        assertThat(result.warnings()).containsExactly(
                "skipped a chunk of unknown type 0x0000007a (14 bytes) at offset " + secondEvents.offset());

        // A clean copy keeps the chunk, and its index lists it: the indexed reader warns about it too.
        Path clean = dir.resolve("clean.tcap");
        Recovery.recover(scanned, clean, WriterSettings.DEFAULTS);
        try (TcapReader reader = TcapReader.open(clean)) {
            assertThat(reader.indexed()).isTrue();
            assertThat(reader.warnings()).singleElement().asString().startsWith("skipped a chunk of unknown type 0x0000007a");
        }
        assertThat(Captures.read(clean).events()).isEqualTo(events);
    }

    @Test
    void newerMinorVersionIsReadWithAWarning() throws IOException {
        byte[] newer = layout.bytes().clone();
        newer[6] = 7;

        Captures.ReadResult result = Captures.read(copy(newer));

        assertThat(result.events()).isEqualTo(events);
        assertThat(result.warnings()).containsExactly(
                "capture format version 2.7 is newer than this reader's 2.2; chunks it does not know are skipped");
    }

    @Test
    void newerMajorVersionIsRefusedNamingBothVersions() throws IOException {
        byte[] newer = layout.bytes().clone();
        newer[4] = 3;
        newer[6] = 1;
        Path file = copy(newer);

        assertThatThrownBy(() -> TcapReader.open(file)).isInstanceOfSatisfying(CaptureFormatException.class, e -> {
            assertThat(e.offset()).isEqualTo(4);
            assertThat(e.getMessage()).contains("version 3.1 is newer than this reader's 2.2");
        });
    }

    @Test
    void theUnreleasedVersion1IsRefusedWithAClearMessage() throws IOException {
        byte[] old = layout.bytes().clone();
        old[4] = 1;
        Path file = copy(old);

        assertThatThrownBy(() -> TcapReader.open(file)).isInstanceOfSatisfying(CaptureFormatException.class,
                e -> assertThat(e.getMessage()).contains("version 1.0 is not supported; this reader reads 2.x"));
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
        List<CaptureEvent> main = List.of(new ThreadName(1, 2, 3, "main", false));
        byte[][] chunks = Crafted.chunks(main, body -> body);

        Path eventsFirst = copy(ChunkLayout.concat(ChunkLayout.fileHeader(2, 0), chunks[0], chunks[1], metadataChunk));
        assertThatThrownBy(() -> TcapReader.open(eventsFirst)).isInstanceOfSatisfying(CaptureFormatException.class,
                e -> assertThat(e.getMessage()).contains("expected the METADATA chunk first, found a chunk of DICTIONARY"));

        Path twice = copy(ChunkLayout.concat(ChunkLayout.fileHeader(2, 0), metadataChunk, chunks[0], chunks[1],
                metadataChunk));
        Captures.ReadResult result = Captures.read(twice);
        assertThat(result.events()).isEqualTo(main);
        assertThat(result.damage().offset()).isEqualTo(12 + metadataChunk.length + chunks[0].length + chunks[1].length);
        assertThat(result.damage().getMessage()).contains("second METADATA chunk");
    }

    @Test
    void badEventInsideAnIntactChunkIsDamageNamingTheChunkAndTheColumn() throws IOException {
        List<CaptureEvent> main = List.of(new ThreadName(1, 2, 3, "main", false));
        byte[][] chunks = Crafted.chunks(main, body -> {
            byte[] tampered = body.clone();
            tampered[1] = (byte) 0xEE; // the first kind, after the kinds column's length
            return tampered;
        });
        byte[] file = ChunkLayout.concat(metadataPrefix(), chunks[0], chunks[1]);

        Captures.ReadResult result = Captures.read(copy(file));

        assertThat(result.events()).isEmpty();
        assertThat(result.damage().offset()).isEqualTo(metadataPrefix().length + chunks[0].length);
        assertThat(result.damage().getMessage()).contains("EVENTS chunk body at offset", "column kinds",
                "unknown event kind 0xee");
    }

    @Test
    void endCountThatDisagreesWithTheEventsIsDamage() throws IOException {
        ChunkLayout.Chunk end = layout.last();
        long indexOffset = layout.ofType(CHUNK_INDEX).get(0).offset();
        byte[] payload = ByteBuffer.allocate(24).order(ByteOrder.LITTLE_ENDIAN).putLong(events.size() + 1).putLong(0)
                .putLong(indexOffset).array();
        byte[] forged = ChunkLayout.concat(Arrays.copyOf(layout.bytes(), (int) end.offset()),
                ChunkLayout.chunk(CHUNK_END, payload));

        Captures.ReadResult result = Captures.read(copy(forged));

        assertThat(result.events()).isEqualTo(events);
        assertThat(result.damage().offset()).isEqualTo(end.offset());
        assertThat(result.damage().getMessage()).contains("END chunk counts " + (events.size() + 1) + " events");
        assertThat(result.warnings()).anySatisfy(w -> assertThat(w).contains("the index of the capture is damaged"));
    }

    @Test
    void aDamagedIndexFallsBackToScanningTheChunks() throws IOException {
        ChunkLayout.Chunk index = layout.ofType(CHUNK_INDEX).get(0);
        byte[] damaged = layout.bytes().clone();
        damaged[(int) index.payloadOffset() + 2] ^= 0x40;
        Path file = copy(damaged);

        try (TcapReader reader = TcapReader.open(file)) {
            assertThat(reader.indexed()).isFalse();
            assertThat(reader.damage()).hasValueSatisfying(d -> assertThat(d.offset()).isEqualTo(index.offset()));
            assertThat(reader.warnings()).anySatisfy(w -> assertThat(w).contains("the index of the capture is damaged"));
        }
        Captures.ReadResult result = Captures.read(file);
        assertThat(result.events()).isEqualTo(events);
        assertThat(result.damage().offset()).isEqualTo(index.offset());
    }

    /** Reading a damaged file never allocates anything near what a damaged length or count claims. */
    private static final long MAX_READ_ALLOCATION = 32L << 20;

    private interface Read {
        void run() throws IOException;
    }

    private static long allocatedBytes(Read read) throws IOException {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long before = threads.getCurrentThreadAllocatedBytes();
        read.run();
        return threads.getCurrentThreadAllocatedBytes() - before;
    }

    private byte[] metadataPrefix() {
        return Arrays.copyOf(layout.bytes(), (int) layout.chunks().get(0).end());
    }

    private static byte[] varints(long... values) {
        ByteSink sink = new ByteSink(16);
        for (long value : values) {
            sink.uvar(value);
        }
        return sink.toByteArray();
    }

    private Path copy(byte[] bytes) throws IOException {
        Path file = Files.createTempFile(dir, "damaged", ".tcap");
        Files.write(file, bytes);
        return file;
    }
}
