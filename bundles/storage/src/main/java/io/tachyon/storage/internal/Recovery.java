package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.RecoveryReport;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_DICTIONARY;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_END;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_INDEX;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_LINES;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_METADATA;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_SYMBOLS;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * Writes a clean copy of a damaged capture. Every chunk is read and checked as a reader would (CRC,
 * decompression, decoding against the dictionary before it); intact chunks are copied as they are, damaged
 * ones are dropped, and after damage the walk finds the next intact chunk by its header and CRC. EVENTS
 * chunks that depend on a lost DICTIONARY chunk are dropped until the dictionary starts anew. The copy gets
 * a fresh INDEX and END.
 */
final class Recovery {

    private static final int RESYNC_WINDOW = 64 * 1024;

    private final Path damaged;
    private final FileChannel in;
    private final ChunkIo io;
    private final long size;
    private final List<RecoveryReport.Damage> damage = new ArrayList<>();
    private Dictionary dictionary = new Dictionary();
    private boolean dictionaryLost;
    private long bytesDropped;
    private boolean wasClosed;

    private Recovery(Path damaged, FileChannel in) throws IOException {
        this.damaged = damaged;
        this.in = in;
        this.io = new ChunkIo(damaged, in);
        this.size = in.size();
    }

    static RecoveryReport recover(Path damaged, Path clean, WriterSettings settings) throws IOException {
        if (Files.exists(clean) && Files.isSameFile(damaged, clean)) {
            throw new IOException("recovery must write another file than the one it reads: " + clean);
        }
        CaptureMetadata metadata;
        long firstChunk;
        try (TcapReader reader = TcapReader.open(damaged)) {
            metadata = reader.metadata();
            firstChunk = reader.firstChunkAfterMetadata();
        }
        try (FileChannel in = FileChannel.open(damaged, StandardOpenOption.READ);
             FileChannel outChannel = FileChannel.open(clean, CREATE, TRUNCATE_EXISTING, WRITE);
             CaptureFileWriter out = new CaptureFileWriter(clean, outChannel, settings)) {
            Recovery recovery = new Recovery(damaged, in);
            out.header();
            out.metadata(metadata);
            recovery.copyChunks(firstChunk, out);
            out.finish();
            return new RecoveryReport(damaged, clean, out.events(), out.samples(), recovery.bytesDropped,
                    recovery.damage, recovery.wasClosed);
        }
    }

    private void copyChunks(long firstChunk, CaptureFileWriter out) throws IOException {
        long offset = firstChunk;
        while (offset < size) {
            ChunkIo.Header header;
            byte[] payload;
            try {
                header = io.header(offset, size);
                payload = io.payload(header);
            } catch (CaptureFormatException e) {
                damage.add(new RecoveryReport.Damage(e.offset(), DamageMessages.problem(e)));
                long next = nextIntactChunk(offset + 1);
                bytesDropped += next - offset;
                offset = next;
                continue;
            }
            try {
                copyChunk(header, payload, out);
            } catch (CaptureFormatException e) {
                damage.add(new RecoveryReport.Damage(e.offset(), DamageMessages.problem(e)));
                bytesDropped += header.end() - header.offset();
            }
            offset = header.end();
        }
    }

    private void copyChunk(ChunkIo.Header header, byte[] payload, CaptureFileWriter out) throws IOException {
        ChunkEntry entry = new ChunkEntry(header.type(), header.offset(), header.length(), null, false);
        switch (header.type()) {
            case CHUNK_EVENTS -> {
                ByteSource source = source(header, payload, "EVENTS chunk");
                ChunkSummary summary = ChunkSummary.read(source);
                if (dictionaryLost) {
                    throw new CaptureFormatException(damaged, header.offset(), "EVENTS chunk: dropped, it may use "
                            + "dictionary entries of a damaged DICTIONARY chunk");
                }
                int generationAt = source.position();
                dictionary.requireGeneration(source, generationAt, source.uvar("dictionary generation"));
                byte[] body = Compression.decompress(source);
                EventsDecoder.decode(decompressed(header, body, "EVENTS chunk body"), summary, dictionary);
                out.copy(new ChunkEntry(CHUNK_EVENTS, header.offset(), header.length(), summary, false), payload);
            }
            case CHUNK_DICTIONARY -> {
                ByteSource source = source(header, payload, "DICTIONARY chunk");
                Dictionary.Header dictionaryHeader = Dictionary.Header.read(source);
                if (dictionaryHeader.reset()) {
                    dictionary = new Dictionary();
                    dictionaryLost = false;
                } else if (dictionaryLost) {
                    throw new CaptureFormatException(damaged, header.offset(), "DICTIONARY chunk: dropped, it "
                            + "continues a dictionary whose earlier part is damaged");
                }
                byte[] entries = Compression.decompress(source);
                try {
                    dictionary.apply(dictionaryHeader, decompressed(header, entries, "DICTIONARY chunk"));
                } catch (CaptureFormatException e) {
                    dictionary = new Dictionary();
                    dictionaryLost = true;
                    throw e;
                }
                out.copy(new ChunkEntry(CHUNK_DICTIONARY, header.offset(), header.length(), null,
                        dictionaryHeader.reset()), payload);
            }
            case CHUNK_SYMBOLS, CHUNK_LINES -> {
                String name = TcapFormat.chunkTypeName(header.type());
                String what = name + " chunk";
                SymbolsCodec.read(decompressed(header, Compression.decompress(source(header, payload, what)), what),
                        name);
                out.copy(entry, payload);
            }
            case TcapFormat.CHUNK_HEALTH -> {
                HealthCodec.read(decompressed(header,
                        Compression.decompress(source(header, payload, "HEALTH chunk")), "HEALTH chunk"));
                out.copy(entry, payload);
            }
            case CHUNK_END -> wasClosed = true;
            case CHUNK_INDEX -> {
                // The copy gets an index of its own.
            }
            case CHUNK_METADATA -> throw new CaptureFormatException(damaged, header.offset(),
                    "second METADATA chunk; expected exactly one, at offset " + TcapFormat.FILE_HEADER_BYTES);
            default -> out.copy(entry, payload);
        }
    }

    /**
     * The offset of the first intact chunk at or after {@code from}: a header of a known type whose length
     * fits in the file and whose CRC matches. The end of the file when there is none.
     */
    private long nextIntactChunk(long from) throws IOException {
        ByteBuffer window = ByteBuffer.allocate(RESYNC_WINDOW + CHUNK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        for (long base = from; base + CHUNK_HEADER_BYTES <= size; base += RESYNC_WINDOW) {
            window.clear();
            window.limit((int) Math.min(window.capacity(), size - base));
            io.readFully(window, base);
            int candidates = window.limit() - CHUNK_HEADER_BYTES;
            for (int i = 0; i <= Math.min(candidates, RESYNC_WINDOW - 1); i++) {
                int type = window.getInt(i);
                if (type < CHUNK_EVENTS || type > TcapFormat.CHUNK_LAST) {
                    continue;
                }
                long length = Integer.toUnsignedLong(window.getInt(i + 4));
                long offset = base + i;
                if (length > size - offset - CHUNK_HEADER_BYTES) {
                    continue;
                }
                try {
                    io.payload(io.header(offset, size));
                    return offset;
                } catch (CaptureFormatException notAChunk) {
                    // Bytes that only look like a header: keep looking.
                }
            }
        }
        return size;
    }

    private ByteSource source(ChunkIo.Header header, byte[] payload, String what) {
        return new ByteSource(new ByteSource.Origin(damaged, header.offset(), header.payloadOffset(),
                what + " at offset " + header.offset()), payload, 0, payload.length);
    }

    private ByteSource decompressed(ChunkIo.Header header, byte[] data, String what) {
        return new ByteSource(new ByteSource.Origin(damaged, header.offset(), -1, what + " at offset "
                + header.offset()), data, 0, data.length);
    }
}
