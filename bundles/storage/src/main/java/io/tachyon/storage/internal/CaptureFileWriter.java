package io.tachyon.storage.internal;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_DICTIONARY;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_END;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_HEALTH;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_INDEX;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_LINES;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_METADATA;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_SYMBOLS;
import static io.tachyon.storage.internal.TcapFormat.DICTIONARY_RESET;
import static io.tachyon.storage.internal.TcapFormat.FILE_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.MAGIC;
import static io.tachyon.storage.internal.TcapFormat.MAJOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.BASE_MINOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.HEALTH_MINOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.LINES_MINOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.MINOR_VERSION_OFFSET;

/**
 * Writes the chunks of one capture file in order, single-threaded: the format half of {@link TcapWriter}
 * (which adds the threads) and the output of recovery. Keeps the index of what it wrote and appends it,
 * with END, on {@link #finish()}.
 */
final class CaptureFileWriter implements AutoCloseable {

    private final FileChannel channel;
    private final WriterSettings settings;
    private final Interner interner;
    private final EventsEncoder encoder;
    private final Compression compression = new Compression(Compression.DEFAULT_LEVEL);
    private final ByteSink raw;
    private final ByteSink payload;
    private final List<ChunkEntry> index = new ArrayList<>();
    /** Health events since the last HEALTH chunk, in the order they came. */
    private final List<CaptureEvent> health = new ArrayList<>();
    /** The minor version the header holds now; raised as chunks of later minor versions are written. */
    private int minorVersion = BASE_MINOR_VERSION;
    private final MetadataCodec metadataCodec = new MetadataCodec();
    private final AtomicLong bytesWritten = new AtomicLong();
    private long offset;
    private long afterMetadata;
    private long events;
    private long samples;
    private boolean unforced;

    CaptureFileWriter(Path file, FileChannel channel, WriterSettings settings) {
        this.channel = channel;
        this.settings = settings;
        this.interner = new Interner(settings.dictionaryEntries());
        this.encoder = new EventsEncoder(interner);
        this.raw = new ByteSink(settings.chunkBytes() + 64 * 1024);
        this.payload = new ByteSink(settings.chunkBytes() / 2 + 1024);
    }

    long bytesWritten() {
        return bytesWritten.get();
    }

    long events() {
        return events;
    }

    long samples() {
        return samples;
    }

    void header() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putShort((short) MAJOR_VERSION).putShort((short) minorVersion).putInt(0)
                .flip();
        write(new ByteBuffer[] {header});
    }

    void metadata(CaptureMetadata metadata) throws IOException {
        byte[] json = metadataCodec.encode(metadata);
        writeChunk(CHUNK_METADATA, json, json.length);
        afterMetadata = offset;
    }

    /** Encodes one event; writes the chunk out once it is full or the dictionary must start anew. */
    void event(CaptureEvent event) throws IOException {
        if (HealthCodec.isHealthEvent(event)) {
            health.add(event);
            return;
        }
        encoder.add(event);
        if (encoder.size() >= settings.chunkBytes() || interner.isFull()) {
            sealEvents();
        }
    }

    /** Writes the events encoded so far, after the dictionary entries they use, and the health events so far. */
    void sealEvents() throws IOException {
        sealHealth();
        if (encoder.isEmpty()) {
            return;
        }
        if (interner.hasNewEntries()) {
            raw.clear();
            boolean reset = interner.isResetPending();
            interner.writeNewEntries(raw);
            payload.clear();
            payload.u8(reset ? DICTIONARY_RESET : 0);
            payload.uvar(interner.generation());
            compression.compress(raw, payload);
            index.add(new ChunkEntry(CHUNK_DICTIONARY, offset, payload.size(), null, reset));
            writeChunk(CHUNK_DICTIONARY, payload.array(), payload.size());
        }
        ChunkSummary summary = encoder.summary();
        raw.clear();
        encoder.writeBody(raw);
        payload.clear();
        summary.write(payload);
        payload.uvar(interner.generation());
        compression.compress(raw, payload);
        index.add(new ChunkEntry(CHUNK_EVENTS, offset, payload.size(), summary, false));
        writeChunk(CHUNK_EVENTS, payload.array(), payload.size());
        events += summary.events();
        samples += summary.samples();
        encoder.clear();
        if (interner.isFull()) {
            interner.reset();
        }
    }

    private void sealHealth() throws IOException {
        if (health.isEmpty()) {
            return;
        }
        ByteSink rows = new ByteSink(64 * health.size() + 16);
        HealthCodec.write(health, rows);
        ByteSink block = new ByteSink(rows.size() / 2 + 64);
        compression.compress(rows, block);
        raiseMinorVersion(HEALTH_MINOR_VERSION);
        index.add(new ChunkEntry(CHUNK_HEALTH, offset, block.size(), null, false));
        writeChunk(CHUNK_HEALTH, block.array(), block.size());
        health.clear();
    }

    /**
     * A file is the lowest minor version whose chunks it holds (2.1 with HEALTH, 2.2 with LINES); it says so in its
     * header, by a positional write of the two bytes, once it holds the first chunk of that version. Never lowered.
     */
    private void raiseMinorVersion(int minor) throws IOException {
        if (minor <= minorVersion) {
            return;
        }
        ByteBuffer bytes = ByteBuffer.allocate(2).order(ByteOrder.LITTLE_ENDIAN);
        bytes.putShort(0, (short) minor);
        while (bytes.hasRemaining()) {
            channel.write(bytes, MINOR_VERSION_OFFSET + bytes.position());
        }
        minorVersion = minor;
    }

    /** Writes a module's functions as a SYMBOLS chunk and, when it has any, its source lines as a LINES chunk. */
    void symbols(EmbeddedSymbols symbols) throws IOException {
        sealEvents();
        writeModuleRanges(CHUNK_SYMBOLS, symbols.path(), symbols.buildId(), symbols.symbols());
        if (!symbols.lines().isEmpty()) {
            raiseMinorVersion(LINES_MINOR_VERSION);
            writeModuleRanges(CHUNK_LINES, symbols.path(), symbols.buildId(), symbols.lines());
        }
    }

    private void writeModuleRanges(int type, String path, String buildId, List<EmbeddedSymbols.Range> ranges)
            throws IOException {
        ByteSink module = new ByteSink(1024);
        SymbolsCodec.write(path, buildId, ranges, module);
        ByteSink block = new ByteSink(module.size() / 2 + 64);
        compression.compress(module, block);
        index.add(new ChunkEntry(type, offset, block.size(), null, false));
        writeChunk(type, block.array(), block.size());
    }

    /** Copies a chunk that was verified elsewhere (recovery), as it is. */
    void copy(ChunkEntry entry, byte[] chunkPayload) throws IOException {
        sealEvents();
        index.add(new ChunkEntry(entry.type(), offset, chunkPayload.length, entry.summary(), entry.reset()));
        if (entry.type() == CHUNK_HEALTH) {
            raiseMinorVersion(HEALTH_MINOR_VERSION);
        } else if (entry.type() == CHUNK_LINES) {
            raiseMinorVersion(LINES_MINOR_VERSION);
        }
        writeChunk(entry.type(), chunkPayload, chunkPayload.length);
        if (entry.type() == CHUNK_EVENTS) {
            events += entry.summary().events();
            samples += entry.summary().samples();
        }
    }

    /** Writes what is pending, the INDEX and END, and forces the file to disk. */
    void finish() throws IOException {
        sealEvents();
        long indexOffset = offset;
        raw.clear();
        ChunkEntry.writeIndex(index, afterMetadata, raw);
        payload.clear();
        compression.compress(raw, payload);
        writeChunk(CHUNK_INDEX, payload.array(), payload.size());
        ByteSink end = new ByteSink(TcapFormat.END_PAYLOAD_BYTES);
        end.u64(events);
        end.u64(samples);
        end.u64(indexOffset);
        writeChunk(CHUNK_END, end.array(), end.size());
        channel.force(true);
        unforced = false;
    }

    /** Forces what was written since the last call to disk, so that even a machine crash keeps it. */
    void force() throws IOException {
        if (unforced) {
            channel.force(false);
            unforced = false;
        }
    }

    private void writeChunk(int type, byte[] bytes, int length) throws IOException {
        write(ChunkIo.frame(type, bytes, length));
    }

    private void write(ByteBuffer[] buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            long written = channel.write(buffers);
            remaining -= written;
            offset += written;
            bytesWritten.addAndGet(written);
        }
        unforced = true;
    }

    @Override
    public void close() {
        compression.close();
    }
}
