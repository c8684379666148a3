package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.capture.EmbeddedSymbols.InlinedCall;
import io.tachyon.api.capture.EmbeddedSymbols.Range;
import io.tachyon.api.event.CaptureEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
