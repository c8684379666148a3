package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.RecoveryReport;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.capture.EmbeddedSymbols.InlinedCall;
import io.tachyon.api.capture.EmbeddedSymbols.Range;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CollectorNotice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_LINES;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_SYMBOLS;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SYMBOLS chunks hold a module's functions; LINES chunks (2.2) the source positions of the addresses hit. */
class SymbolsTest {

    @TempDir
    Path dir;

    @Test
    void embeddedSymbolsRoundTripBesideTheEvents() throws Exception {
        Path file = dir.resolve("symbols.tcap");
        List<CaptureEvent> events = RealisticEvents.stream(3, 5_000);
        List<EmbeddedSymbols> modules = List.of(module(1, "/usr/lib/libc.so.6", "0123abcd"),
                module(2, "[kernel.kallsyms]", null), module(3, "/opt/app/bin/server", ""),
                new EmbeddedSymbols("/empty.so", null, List.of()));
        try (TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(3));
            events.subList(0, 2_500).forEach(writer::accept);
            writer.embedSymbols(modules.get(0));
            events.subList(2_500, 5_000).forEach(writer::accept);
            for (EmbeddedSymbols module : modules.subList(1, modules.size())) {
                writer.embedSymbols(module);
            }
        }

        try (TcapReader reader = TcapReader.open(file)) {
            assertThat(reader.embeddedSymbols()).isEqualTo(modules);
            assertThat(reader.minorVersion()).as("no LINES, no HEALTH: what a 2.0 reader reads in full").isZero();
            assertThat(ChunkLayout.of(file).ofType(CHUNK_LINES)).isEmpty();
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(read::add);
            assertThat(read).isEqualTo(events);
        }
    }

    @Test
    void aDamagedSymbolsChunkIsDamageAtItsOffset() throws Exception {
        Path file = dir.resolve("damaged-symbols.tcap");
        try (TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(4));
            writer.embedSymbols(module(4, "/lib/x.so", "ff"));
        }
        ChunkLayout layout = ChunkLayout.of(file);
        ChunkLayout.Chunk symbols = layout.ofType(TcapFormat.CHUNK_SYMBOLS).get(0);
        byte[] damaged = layout.bytes().clone();
        damaged[(int) symbols.payloadOffset() + 3] ^= 0x01;
        Files.write(file, damaged);

        try (TcapReader reader = TcapReader.open(file)) {
            assertThatThrownBy(reader::embeddedSymbols).isInstanceOfSatisfying(CaptureFormatException.class,
                    e -> assertThat(e.offset()).isEqualTo(symbols.offset()));
        }
    }

    @Test
    void modulesWithAndWithoutLinesRoundTripAndMakeTheFile22() throws Exception {
        Path file = dir.resolve("lines.tcap");
        List<CaptureEvent> events = RealisticEvents.stream(5, 3_000);
        List<EmbeddedSymbols> modules = List.of(withLines(module(5, "/usr/lib/libc.so.6", "0123abcd"), 50),
                module(6, "/usr/lib/libm.so.6", "77"),
                new EmbeddedSymbols("[kernel.kallsyms]", null, module(7, "[kernel.kallsyms]", null).symbols(),
                        lines(51, 0xffffffff81000000L, 2_500)),
                new EmbeddedSymbols("/opt/stripped", "99", List.of(), lines(52, 0x401000, 3_000)),
                withLines(module(8, "/usr/lib/libc.so.6", "fedc"), 53));
        try (TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(5));
            events.forEach(writer::accept);
            for (EmbeddedSymbols module : modules) {
                writer.embedSymbols(module);
            }
        }

        try (TcapReader reader = TcapReader.open(file)) {
            assertThat(reader.minorVersion()).isEqualTo(TcapFormat.LINES_MINOR_VERSION);
            assertThat(reader.warnings()).isEmpty();
            assertThat(reader.embeddedSymbols()).isEqualTo(modules);
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(read::add);
            assertThat(read).isEqualTo(events);
        }
        assertThat(Files.readAllBytes(file)).startsWith('T', 'C', 'A', 'P', 2, 0, 2, 0);
        // One LINES chunk per module with lines, right after that module's SYMBOLS chunk.
        List<Integer> types = ChunkLayout.of(file).chunks().stream().map(ChunkLayout.Chunk::type)
                .filter(type -> type == CHUNK_SYMBOLS || type == CHUNK_LINES).toList();
        assertThat(types).containsExactly(CHUNK_SYMBOLS, CHUNK_LINES, CHUNK_SYMBOLS, CHUNK_SYMBOLS, CHUNK_LINES,
                CHUNK_SYMBOLS, CHUNK_LINES, CHUNK_SYMBOLS, CHUNK_LINES);
        // Without an index the scan finds the same.
        Path scanned = dir.resolve("lines-scanned.tcap");
        Files.write(scanned, ChunkLayout.of(file).withoutIndexAndEnd());
        try (TcapReader reader = TcapReader.open(scanned)) {
            assertThat(reader.indexed()).isFalse();
            assertThat(reader.embeddedSymbols()).isEqualTo(modules);
        }
    }

    @Test
    void healthAloneMakes21LinesMake22WhicheverComesFirst() throws Exception {
        CollectorNotice notice = new CollectorNotice(10, CollectorNotice.Severity.INFO, "test", "a health event");
        EmbeddedSymbols withLines = withLines(module(9, "/lib/a.so", "aa"), 54);

        Path healthOnly = dir.resolve("health-only.tcap");
        try (TcapWriter writer = new TcapWriter(healthOnly, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(9));
            writer.accept(notice);
            writer.embedSymbols(module(9, "/lib/a.so", "aa"));
        }
        Path healthThenLines = dir.resolve("health-then-lines.tcap");
        try (TcapWriter writer = new TcapWriter(healthThenLines, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(9));
            writer.accept(notice);
            writer.embedSymbols(withLines);
        }
        Path linesThenHealth = dir.resolve("lines-then-health.tcap");
        try (TcapWriter writer = new TcapWriter(linesThenHealth, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(9));
            writer.embedSymbols(withLines);
            writer.accept(notice);
        }

        assertThat(minorVersion(healthOnly)).isEqualTo(TcapFormat.HEALTH_MINOR_VERSION);
        assertThat(minorVersion(healthThenLines)).isEqualTo(TcapFormat.LINES_MINOR_VERSION);
        assertThat(minorVersion(linesThenHealth)).as("a HEALTH chunk after LINES does not lower the minor")
                .isEqualTo(TcapFormat.LINES_MINOR_VERSION);
        List<Integer> types = ChunkLayout.of(linesThenHealth).chunks().stream().map(ChunkLayout.Chunk::type).toList();
        assertThat(types.indexOf(TcapFormat.CHUNK_HEALTH)).isGreaterThan(types.indexOf(CHUNK_LINES));
        try (TcapReader reader = TcapReader.open(linesThenHealth)) {
            assertThat(reader.embeddedSymbols()).containsExactly(withLines);
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(read::add);
            assertThat(read).containsExactly(notice);
        }
    }

    @Test
    void linesJoinTheLatestModuleOfTheirPathAndBuildIdOrStandAlone() throws Exception {
        List<Range> libcA = lines(60, 0x1000, 40);
        List<Range> libcB = lines(61, 0x1000, 40);
        List<Range> libcMore = lines(62, 0x9000, 10);
        List<Range> kernel = lines(63, 0xffffffff81000000L, 30);
        List<Range> functionsA = module(64, "x", null).symbols();
        List<Range> functionsB = module(65, "x", null).symbols();
        List<Range> functionsKernel = module(66, "x", null).symbols();
        Path file = crafted("joined.tcap",
                moduleChunk(CHUNK_SYMBOLS, "/lib/libc.so", "aa", functionsA),
                moduleChunk(CHUNK_SYMBOLS, "/lib/libc.so", "bb", functionsB),
                moduleChunk(CHUNK_SYMBOLS, "[kernel.kallsyms]", null, functionsKernel),
                moduleChunk(CHUNK_LINES, "/lib/libc.so", "aa", libcA),
                moduleChunk(CHUNK_LINES, "[kernel.kallsyms]", null, kernel),
                moduleChunk(CHUNK_LINES, "/lib/libc.so", null, libcB),
                moduleChunk(CHUNK_LINES, "/lib/libc.so", "aa", libcMore));
        List<Range> allOfA = new ArrayList<>(libcA);
        allOfA.addAll(libcMore);
        List<EmbeddedSymbols> expected = List.of(new EmbeddedSymbols("/lib/libc.so", "aa", functionsA, allOfA),
                new EmbeddedSymbols("/lib/libc.so", "bb", functionsB),
                new EmbeddedSymbols("[kernel.kallsyms]", null, functionsKernel, kernel),
                new EmbeddedSymbols("/lib/libc.so", null, List.of(), libcB));

        try (TcapReader reader = TcapReader.open(file)) {
            assertThat(reader.warnings()).isEmpty();
            assertThat(reader.embeddedSymbols()).isEqualTo(expected);
        }
        // Recovery copies every chunk; the copy reads the same through its index and stays 2.2.
        Path clean = dir.resolve("joined-clean.tcap");
        RecoveryReport report = Recovery.recover(file, clean, WriterSettings.DEFAULTS);
        assertThat(report.damage()).isEmpty();
        try (TcapReader reader = TcapReader.open(clean)) {
            assertThat(reader.indexed()).isTrue();
            assertThat(reader.minorVersion()).isEqualTo(TcapFormat.LINES_MINOR_VERSION);
            assertThat(reader.embeddedSymbols()).isEqualTo(expected);
        }
    }

    @Test
    void recoveryOfAKilledRecordingKeepsTheLines() throws Exception {
        Path file = dir.resolve("killed.tcap");
        List<EmbeddedSymbols> modules = List.of(withLines(module(10, "/bin/app", "10"), 55),
                module(11, "/lib/b.so", null), new EmbeddedSymbols("[kernel.kallsyms]", null, List.of(),
                        lines(56, 0xffffffff81000000L, 100)));
        List<CaptureEvent> events = RealisticEvents.stream(10, 2_000);
        try (TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(10));
            events.forEach(writer::accept);
            for (EmbeddedSymbols module : modules) {
                writer.embedSymbols(module);
            }
        }
        Path killed = dir.resolve("killed-unindexed.tcap");
        Files.write(killed, ChunkLayout.of(file).withoutIndexAndEnd());
        Path clean = dir.resolve("killed-clean.tcap");

        RecoveryReport report = Recovery.recover(killed, clean, WriterSettings.DEFAULTS);

        assertThat(report.damage()).isEmpty();
        try (TcapReader reader = TcapReader.open(clean)) {
            assertThat(reader.minorVersion()).isEqualTo(TcapFormat.LINES_MINOR_VERSION);
            assertThat(reader.embeddedSymbols()).isEqualTo(modules);
            List<CaptureEvent> read = new ArrayList<>();
            reader.forEach(read::add);
            assertThat(read).isEqualTo(events);
        }
    }

    @Test
    void linesWhoseSymbolsChunkIsDamagedAreRecoveredAsAModuleWithoutFunctions() throws Exception {
        Path file = dir.resolve("lost-functions.tcap");
        EmbeddedSymbols hit = withLines(module(13, "/bin/app", "13"), 57);
        EmbeddedSymbols intact = withLines(module(14, "/lib/c.so", "14"), 58);
        try (TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(13));
            writer.embedSymbols(hit);
            writer.embedSymbols(intact);
        }
        ChunkLayout layout = ChunkLayout.of(file);
        ChunkLayout.Chunk symbols = layout.ofType(CHUNK_SYMBOLS).get(0);
        byte[] damaged = layout.bytes().clone();
        damaged[(int) symbols.payloadOffset() + symbols.length() / 2] ^= 0x20;
        Files.write(file, damaged);
        Path clean = dir.resolve("lost-functions-clean.tcap");

        RecoveryReport report = Recovery.recover(file, clean, WriterSettings.DEFAULTS);

        assertThat(report.damage()).singleElement().satisfies(d -> {
            assertThat(d.offset()).isEqualTo(symbols.offset());
            assertThat(d.problem()).contains("SYMBOLS");
        });
        try (TcapReader reader = TcapReader.open(clean)) {
            assertThat(reader.embeddedSymbols()).containsExactly(
                    new EmbeddedSymbols(hit.path(), hit.buildId(), List.of(), hit.lines()), intact);
        }
    }

    @Test
    void aDamagedLinesChunkIsLeftOutWithAWarningNamingItsOffsetAndTheFunctionsStay() throws Exception {
        Path file = dir.resolve("damaged-lines.tcap");
        EmbeddedSymbols module = withLines(module(15, "/lib/x.so", "ff"), 59);
        try (TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(15));
            writer.embedSymbols(module);
        }
        ChunkLayout layout = ChunkLayout.of(file);
        ChunkLayout.Chunk lines = layout.ofType(CHUNK_LINES).get(0);
        byte[] damaged = layout.bytes().clone();
        damaged[(int) lines.payloadOffset() + 3] ^= 0x01;
        Files.write(file, damaged);

        try (TcapReader reader = TcapReader.open(file)) {
            assertThat(reader.embeddedSymbols()).containsExactly(
                    new EmbeddedSymbols(module.path(), module.buildId(), module.symbols()));
            assertThat(reader.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("source lines embedded at offset " + lines.offset())
                    .contains("CRC-32C mismatch in chunk of LINES"));
        }
    }

    @Test
    void aMalformedLinesPayloadNamesTheLinesChunk() throws Exception {
        ByteSink payload = new ByteSink(256);
        SymbolsCodec.write("/lib/y.so", null, lines(16, 0x2000, 3), payload);
        payload.u8(0);
        byte[] chunk = ChunkLayout.chunk(CHUNK_LINES, Crafted.stored(payload.toByteArray()));
        Path file = crafted("malformed-lines.tcap", chunk);
        long offset = Files.size(file) - chunk.length;

        try (TcapReader reader = TcapReader.open(file)) {
            assertThat(reader.embeddedSymbols()).isEmpty();
            assertThat(reader.warnings()).anySatisfy(warning -> assertThat(warning)
                    .contains("LINES chunk at offset " + offset).contains("LINES payload: 1 bytes left over"));
        }
    }

    private static int minorVersion(Path file) throws Exception {
        try (TcapReader reader = TcapReader.open(file)) {
            return reader.minorVersion();
        }
    }

    /** A capture made of a header (2.2), the METADATA a writer wrote, and {@code chunks}, without INDEX and END. */
    private Path crafted(String name, byte[]... chunks) throws Exception {
        Path written = dir.resolve("metadata-of-" + name);
        try (TcapWriter writer = new TcapWriter(written, WriterSettings.DEFAULTS)) {
            writer.metadata(RandomEvents.metadata(1));
        }
        ChunkLayout layout = ChunkLayout.of(written);
        byte[] metadata = Arrays.copyOfRange(layout.bytes(), 12, (int) layout.chunks().get(0).end());
        byte[][] parts = new byte[chunks.length + 2][];
        parts[0] = ChunkLayout.fileHeader(2, TcapFormat.LINES_MINOR_VERSION);
        parts[1] = metadata;
        System.arraycopy(chunks, 0, parts, 2, chunks.length);
        Path file = dir.resolve(name);
        Files.write(file, ChunkLayout.concat(parts));
        return file;
    }

    private static byte[] moduleChunk(int type, String path, String buildId, List<Range> ranges) {
        ByteSink payload = new ByteSink(1024);
        SymbolsCodec.write(path, buildId, ranges, payload);
        return ChunkLayout.chunk(type, Crafted.stored(payload.toByteArray()));
    }

    private static EmbeddedSymbols withLines(EmbeddedSymbols module, long seed) {
        long start = module.symbols().isEmpty() ? 0x1000 : module.symbols().get(0).address();
        return new EmbeddedSymbols(module.path(), module.buildId(), module.symbols(), lines(seed, start, 2_500));
    }

    /**
     * Source positions as the analysis bundle makes them: a range per address hit, the outermost function with its
     * line there, and the inlined calls innermost first, files sometimes unknown.
     */
    private static List<Range> lines(long seed, long start, int count) {
        Random random = new Random(seed);
        List<Range> lines = new ArrayList<>();
        long address = start;
        for (int i = 0; i < count; i++) {
            address += 1 + random.nextInt(64);
            List<InlinedCall> inlined = new ArrayList<>();
            for (int j = random.nextInt(5) - 1; j > 0; j--) {
                inlined.add(new InlinedCall("inlined_" + random.nextInt(40), random.nextInt(4) == 0 ? null
                        : "include/h" + random.nextInt(6) + ".h", random.nextInt(2_000)));
            }
            lines.add(new Range(address, 1 + random.nextInt(16), "caller_" + random.nextInt(100),
                    random.nextInt(5) == 0 ? null : "src/unit" + random.nextInt(30) + ".c",
                    random.nextInt(6) == 0 ? 0 : 1 + random.nextInt(50_000), inlined));
        }
        return lines;
    }

    private static EmbeddedSymbols module(long seed, String path, String buildId) {
        Random random = new Random(seed);
        List<Range> ranges = new ArrayList<>();
        long address = random.nextBoolean() ? 0xffffffff81000000L : 0x1000;
        for (int i = 0; i < 2_000; i++) {
            address += random.nextInt(4096);
            List<InlinedCall> inlined = new ArrayList<>();
            for (int j = random.nextInt(4); j > 0; j--) {
                inlined.add(new InlinedCall("inl_" + random.nextInt(50), random.nextBoolean() ? null : "inl.h",
                        random.nextInt(9000)));
            }
            ranges.add(new Range(address, random.nextInt(500), "fn_" + random.nextInt(300) + RandomEvents.unicode(random, 2),
                    random.nextInt(3) == 0 ? null : "src/file" + random.nextInt(20) + ".c",
                    random.nextInt(3) == 0 ? 0 : random.nextInt(100_000), inlined));
        }
        return new EmbeddedSymbols(path, buildId, ranges);
    }
}
