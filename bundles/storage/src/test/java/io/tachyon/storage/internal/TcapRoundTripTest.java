package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureChunk;
import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.capture.TimeRange;
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
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TcapRoundTripTest {

    @TempDir
    Path dir;

    @Test
    void randomStreamsRoundTripThroughFiles() throws Exception {
        for (long seed = 0; seed < 100; seed++) {
            Path file = dir.resolve("seed-" + seed + ".tcap");
            List<CaptureEvent> events = RandomEvents.stream(seed, 1 + (int) (seed * 37 % 1500));
            CaptureMetadata metadata = RandomEvents.metadata(seed);
            Captures.write(file, settingsFor(seed), metadata, events);

            try (TcapReader reader = TcapReader.open(file)) {
                assertThat(reader.metadata()).isEqualTo(metadata);
                assertThat(reader.closedCleanly()).isTrue();
                assertThat(reader.indexed()).isTrue();
                assertThat(reader.warnings()).isEmpty();
                assertThat(reader.damage()).isEmpty();
                assertThat(reader.majorVersion()).isEqualTo(2);
                assertThat(reader.minorVersion()).isEqualTo(0);
                List<CaptureEvent> read = new ArrayList<>();
                reader.forEach(read::add);
                assertThat(read).as("seed %d", seed).containsExactlyElementsOf(events);
            }
        }
    }

    /** Small chunks, and dictionaries small enough to start anew many times within one capture. */
    private static WriterSettings settingsFor(long seed) {
        return switch ((int) (seed % 3)) {
            case 0 -> WriterSettings.DEFAULTS;
            case 1 -> new WriterSettings(2048, WriterSettings.DEFAULT_FLUSH_INTERVAL, 4);
            default -> new WriterSettings(4096, WriterSettings.DEFAULT_FLUSH_INTERVAL, 2, 300);
        };
    }

    @Test
    void windowAndThreadReadsDeliverExactlyTheMatchingEvents() throws Exception {
        Random random = new Random(77);
        for (long seed = 0; seed < 30; seed++) {
            Path file = dir.resolve("window-" + seed + ".tcap");
            List<CaptureEvent> events = RealisticEvents.stream(seed, 20_000);
            Captures.write(file, new WriterSettings(8 * 1024, WriterSettings.DEFAULT_FLUSH_INTERVAL, 4, 2_000),
                    RandomEvents.metadata(seed), events);
            try (TcapReader reader = TcapReader.open(file)) {
                TimeRange all = reader.timeRange().orElseThrow();
                for (int query = 0; query < 20; query++) {
                    long start = all.first() + (long) (random.nextDouble() * (all.last() - all.first()));
                    TimeRange window = TimeRange.startingAt(start, 1 + random.nextInt(50_000_000));
                    Set<Integer> chosen = Set.copyOf(List.of(RealisticEvents.TID_BASE + random.nextInt(8),
                            RealisticEvents.TID_BASE + random.nextInt(8)));
                    IntPredicate threads = query % 4 == 0 ? tid -> true : chosen::contains;

                    List<CaptureEvent> read = new ArrayList<>();
                    reader.forEach(window, threads, read::add);

                    List<CaptureEvent> expected = events.stream().filter(e -> window.contains(e.time())
                            && CaptureReader.concerns(e, threads)).toList();
                    assertThat(read).as("seed %d window %s threads %s", seed, window, chosen)
                            .containsExactlyElementsOf(expected);
                }
            }
        }
    }

    @Test
    void aConsumerThatFailsMidwayLeavesTheReaderReadableAgain() throws Exception {
        Path file = dir.resolve("consumer-fails.tcap");
        List<CaptureEvent> events = RealisticEvents.stream(11, 30_000);
        Captures.write(file, new WriterSettings(8 * 1024, WriterSettings.DEFAULT_FLUSH_INTERVAL, 4, 2_000),
                RandomEvents.metadata(11), events);
        try (TcapReader reader = TcapReader.open(file)) {
            // Chunks are decoded ahead on machines with 2 CPUs or more; on one this checks the sequential read.
            assertThat(reader.chunks()).hasSizeGreaterThan(4);
            int[] seen = {0};
            assertThatThrownBy(() -> reader.forEach(event -> {
                if (++seen[0] == 10_000) {
                    throw new IllegalStateException("consumer gave up");
                }
            })).hasMessage("consumer gave up");

            List<CaptureEvent> again = new ArrayList<>();
            reader.forEach(again::add);
            assertThat(again).containsExactlyElementsOf(events);
        }
    }

    @Test
    void theIndexListsEveryEventsChunkWithItsTimesAndThreads() throws Exception {
        Path file = dir.resolve("index.tcap");
        List<CaptureEvent> events = RealisticEvents.stream(5, 30_000);
        Captures.write(file, new WriterSettings(16 * 1024, WriterSettings.DEFAULT_FLUSH_INTERVAL, 4),
                RandomEvents.metadata(5), events);

        try (TcapReader reader = TcapReader.open(file)) {
            List<CaptureChunk> chunks = reader.chunks();
            assertThat(chunks).hasSizeGreaterThan(5);
            assertThat(chunks.stream().mapToLong(CaptureChunk::events).sum()).isEqualTo(events.size());
            assertThat(chunks.stream().mapToLong(CaptureChunk::samples).sum())
                    .isEqualTo(events.stream().filter(e -> e instanceof Sample).count());
            int from = 0;
            for (CaptureChunk chunk : chunks) {
                List<CaptureEvent> inChunk = events.subList(from, from + (int) chunk.events());
                from += (int) chunk.events();
                assertThat(chunk.times().first()).isEqualTo(inChunk.stream().mapToLong(CaptureEvent::time).min()
                        .orElseThrow());
                assertThat(chunk.times().last()).isEqualTo(inChunk.stream().mapToLong(CaptureEvent::time).max()
                        .orElseThrow());
                if (!chunk.allThreads()) {
                    Set<Integer> tids = inChunk.stream().flatMap(e -> RealisticEvents.threadsOf(e).stream())
                            .collect(Collectors.toSet());
                    assertThat(chunk.threads()).containsExactlyInAnyOrderElementsOf(tids);
                }
            }
            assertThat(reader.timeRange()).contains(new TimeRange(
                    events.stream().mapToLong(CaptureEvent::time).min().orElseThrow(),
                    events.stream().mapToLong(CaptureEvent::time).max().orElseThrow()));
        }
    }

    @Test
    void aWindowReadReadsOnlyTheChunksItNeeds() throws Exception {
        Path file = dir.resolve("sparse-read.tcap");
        List<CaptureEvent> events = RealisticEvents.stream(9, 200_000);
        Captures.write(file, WriterSettings.DEFAULTS, RandomEvents.metadata(9), events);
        ChunkLayout layout = ChunkLayout.of(file);

        try (TcapReader reader = TcapReader.open(file)) {
            long afterOpen = reader.bytesRead();
            TimeRange all = reader.timeRange().orElseThrow();
            TimeRange window = TimeRange.startingAt(all.first() + (all.last() - all.first()) / 2, 100_000_000);
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(window, tid -> true, read::add);

            // What the window needs: the EVENTS chunks it overlaps and the DICTIONARY chunks before them.
            List<CaptureChunk> overlapping = reader.chunks().stream().filter(c -> c.times().overlaps(window)).toList();
            long lastNeeded = overlapping.get(overlapping.size() - 1).offset();
            long needed = overlapping.stream().mapToLong(CaptureChunk::bytes).sum()
                    + layout.ofType(TcapFormat.CHUNK_DICTIONARY).stream().filter(c -> c.offset() < lastNeeded)
                            .mapToLong(c -> c.end() - c.offset()).sum();
            assertThat(read).isNotEmpty();
            assertThat(overlapping.size()).isLessThan(reader.chunks().size() / 4);
            assertThat(afterOpen).as("open reads header, metadata, END and INDEX").isLessThan(layout.bytes().length / 20);
            assertThat(reader.bytesRead() - afterOpen).as("bytes read for the window").isLessThanOrEqualTo(needed);
        }
    }

    @Test
    void largeCaptureSpansManyChunksAndEndsWithIndexAndCounts() throws Exception {
        Path file = dir.resolve("large.tcap");
        List<CaptureEvent> events = RandomEvents.stream(42, 60_000);
        long bytesWritten;
        try (TcapWriter writer = new TcapWriter(file, new WriterSettings(16 * 1024, Duration.ofMillis(1), 2, 5_000))) {
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
        assertThat(layout.ofType(TcapFormat.CHUNK_DICTIONARY)).hasSizeGreaterThan(10);
        assertThat(layout.chunks().get(layout.chunks().size() - 2).type()).isEqualTo(TcapFormat.CHUNK_INDEX);
        assertThat(layout.last().type()).isEqualTo(TcapFormat.CHUNK_END);
        ByteBuffer end = ByteBuffer.wrap(layout.bytes(), (int) layout.last().payloadOffset(), 24)
                .order(ByteOrder.LITTLE_ENDIAN);
        assertThat(end.getLong()).isEqualTo(events.size());
        assertThat(end.getLong()).isEqualTo(events.stream().filter(e -> e instanceof Sample).count());
        assertThat(end.getLong()).isEqualTo(layout.ofType(TcapFormat.CHUNK_INDEX).get(0).offset());

        Captures.ReadResult result = Captures.read(file);
        assertThat(result.damage()).isNull();
        assertThat(result.events()).containsExactlyElementsOf(events);
    }

    @Test
    void sharedCallersAreStoredOnce() throws Exception {
        Path file = dir.resolve("stacks.tcap");
        long[] callers = new long[60];
        Arrays.setAll(callers, i -> 0x400000L + 0x100L * i);
        List<CaptureEvent> events = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            long[] user = callers.clone();
            user[0] = 0x500000L + i % 7;
            events.add(new Sample(1_000L * i, 0, 10, 11, 250_000, new long[0], user));
        }
        Captures.write(file, WriterSettings.DEFAULTS, RandomEvents.metadata(1), events);

        // 10 000 samples of 60 frames as perf stores them would be 4.8 MB of addresses alone.
        assertThat(Files.size(file)).isLessThan(40_000);
        assertThat(Captures.read(file).events()).containsExactlyElementsOf(events);
    }

    @Test
    void fileStartsWithTheDocumentedHeader() throws Exception {
        Path file = dir.resolve("header.tcap");
        Captures.write(file, WriterSettings.DEFAULTS, RandomEvents.metadata(1), List.of());

        byte[] bytes = Files.readAllBytes(file);
        assertThat(bytes).startsWith('T', 'C', 'A', 'P', 2, 0, 0, 0, 0, 0, 0, 0);
        Captures.ReadResult result = Captures.read(file);
        assertThat(result.events()).isEmpty();
        assertThat(result.closedCleanly()).isTrue();
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
            assertThat(whileOpen.damage()).isNull();
        }
        assertThat(Captures.read(file).closedCleanly()).isTrue();
    }

    @Test
    void storeServiceCreatesOpensAndRecoversCaptures() throws Exception {
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
        Path copy = dir.resolve("copy.tcap");
        assertThat(store.recover(file, copy).events()).isEqualTo(events.size());
        assertThat(Captures.read(copy).events()).containsExactlyElementsOf(events);
    }
}
