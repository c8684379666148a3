package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_END;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_METADATA;
import static io.tachyon.storage.internal.TcapFormat.END_PAYLOAD_BYTES;
import static io.tachyon.storage.internal.TcapFormat.FILE_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.MAGIC;
import static io.tachyon.storage.internal.TcapFormat.MAJOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.MINOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.chunkTypeName;

/**
 * Reads a .tcap file. {@link #open} validates the header and the METADATA chunk and walks the chunk
 * headers once, so that {@link #closedCleanly()} and {@link #warnings()} are known before any event is
 * read; {@link #forEach} streams the events chunk by chunk, delivering a chunk only once all of it has
 * been verified and decoded.
 */
public final class TcapReader implements CaptureReader {

    /** Java arrays cannot be larger; a longer chunk is beyond what this reader can hold. */
    private static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;

    private record ChunkHeader(long offset, int type, long length, int crc) {
        long payloadOffset() {
            return offset + CHUNK_HEADER_BYTES;
        }

        long end() {
            return payloadOffset() + length;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private final MetadataCodec metadataCodec = new MetadataCodec();
    private final int majorVersion;
    private final int minorVersion;
    private final CaptureMetadata metadata;
    private final long firstChunkAfterMetadata;
    private final List<String> warnings = new ArrayList<>();
    private boolean closedCleanly;

    private TcapReader(Path file, FileChannel channel) throws IOException {
        this.file = file;
        this.channel = channel;
        long size = channel.size();
        ByteBuffer header = readHeader(size);
        majorVersion = Short.toUnsignedInt(header.getShort(4));
        minorVersion = Short.toUnsignedInt(header.getShort(6));
        if (majorVersion > MAJOR_VERSION) {
            throw new CaptureFormatException(file, 4, "capture format version " + majorVersion + "." + minorVersion
                    + " is newer than this reader's " + MAJOR_VERSION + "." + MINOR_VERSION
                    + "; a newer Tachyon is needed to read it");
        }
        if (majorVersion < MAJOR_VERSION) {
            throw new CaptureFormatException(file, 4, "capture format version " + majorVersion + "." + minorVersion
                    + " is not supported; this reader reads " + MAJOR_VERSION + ".x");
        }
        if (minorVersion > MINOR_VERSION) {
            warnings.add("capture format version " + majorVersion + "." + minorVersion + " is newer than this reader's "
                    + MAJOR_VERSION + "." + MINOR_VERSION + "; chunks it does not know are skipped");
        }
        if (size == FILE_HEADER_BYTES) {
            throw new CaptureFormatException(file, FILE_HEADER_BYTES,
                    "expected the METADATA chunk, found the end of the file");
        }
        ChunkHeader first = readChunkHeader(FILE_HEADER_BYTES, size);
        if (first.type() != CHUNK_METADATA) {
            throw new CaptureFormatException(file, first.offset(),
                    "expected the METADATA chunk first, found a chunk of " + chunkTypeName(first.type()));
        }
        metadata = metadataCodec.decode(file, first.offset(), readPayload(first));
        firstChunkAfterMetadata = first.end();
        scanChunkHeaders(size);
    }

    /** Opens {@code file}, or throws {@link CaptureFormatException} when it is not a capture this reader can read. */
    public static TcapReader open(Path file) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new TcapReader(file, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public CaptureMetadata metadata() {
        return metadata;
    }

    public int majorVersion() {
        return majorVersion;
    }

    public int minorVersion() {
        return minorVersion;
    }

    /** Whether the file has an intact END chunk, i.e. its writer was closed rather than killed. */
    @Override
    public boolean closedCleanly() {
        return closedCleanly;
    }

    /** What this reader skipped: chunks of types it does not know, a newer minor version. */
    @Override
    public List<String> warnings() {
        return List.copyOf(warnings);
    }

    @Override
    public void forEach(Consumer<? super CaptureEvent> consumer) throws IOException {
        long size = channel.size();
        long offset = firstChunkAfterMetadata;
        long delivered = 0;
        boolean skippedUnknown = false;
        boolean endSeen = false;
        List<CaptureEvent> chunkEvents = new ArrayList<>();
        while (offset < size) {
            ChunkHeader chunk = readChunkHeader(offset, size);
            switch (chunk.type()) {
                case CHUNK_EVENTS -> {
                    if (endSeen) {
                        throw new CaptureFormatException(file, offset,
                                "EVENTS chunk after END; expected END after the last EVENTS chunk");
                    }
                    byte[] payload = readPayload(chunk);
                    chunkEvents.clear();
                    new EventDecoder(file, chunk.payloadOffset(), payload, payload.length).decodeAll(chunkEvents::add);
                    chunkEvents.forEach(consumer);
                    delivered += chunkEvents.size();
                }
                case CHUNK_END -> {
                    if (endSeen) {
                        throw new CaptureFormatException(file, offset, "second END chunk; expected exactly one");
                    }
                    long recordedEvents = readEndPayload(chunk).getLong(0);
                    // Events in chunk types this reader skipped are not among those delivered.
                    if (!skippedUnknown && recordedEvents != delivered) {
                        throw new CaptureFormatException(file, offset, "END chunk counts " + recordedEvents
                                + " events, but the EVENTS chunks before it hold " + delivered);
                    }
                    endSeen = true;
                }
                case CHUNK_METADATA -> throw new CaptureFormatException(file, offset,
                        "second METADATA chunk; expected exactly one, at offset " + FILE_HEADER_BYTES);
                default -> skippedUnknown = true;
            }
            offset = chunk.end();
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private ByteBuffer readHeader(long size) throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        int available = (int) Math.min(size, FILE_HEADER_BYTES);
        header.limit(available);
        readFully(header, 0);
        byte[] magic = new byte[Math.min(available, MAGIC.length)];
        header.get(0, magic);
        for (int i = 0; i < magic.length; i++) {
            if (magic[i] != MAGIC[i]) {
                throw new CaptureFormatException(file, 0, "not a Tachyon capture: expected the magic \"TCAP\" (hex "
                        + HexFormat.of().formatHex(MAGIC) + "), found hex " + HexFormat.of().formatHex(magic));
            }
        }
        if (available < FILE_HEADER_BYTES) {
            throw new CaptureFormatException(file, available, available == 0
                    ? "not a Tachyon capture: the file is empty"
                    : "truncated file header: expected " + FILE_HEADER_BYTES + " bytes, the file has " + available);
        }
        return header;
    }

    /** Walks the chunk headers up to the first structural damage, which {@link #forEach} then reports. */
    private void scanChunkHeaders(long size) throws IOException {
        long offset = firstChunkAfterMetadata;
        while (size - offset >= CHUNK_HEADER_BYTES) {
            ChunkHeader chunk;
            try {
                chunk = readChunkHeader(offset, size);
                if (chunk.type() == CHUNK_END) {
                    readEndPayload(chunk);
                    closedCleanly = true;
                }
            } catch (CaptureFormatException damaged) {
                return;
            }
            if (chunk.type() != CHUNK_METADATA && chunk.type() != CHUNK_EVENTS && chunk.type() != CHUNK_END) {
                warnings.add("skipped a chunk of " + chunkTypeName(chunk.type()) + " (" + chunk.length()
                        + " bytes) at offset " + offset);
            }
            offset = chunk.end();
        }
    }

    private ChunkHeader readChunkHeader(long offset, long size) throws IOException {
        long left = size - offset;
        if (left < CHUNK_HEADER_BYTES) {
            throw new CaptureFormatException(file, offset, "truncated chunk header: expected " + CHUNK_HEADER_BYTES
                    + " bytes, the file has " + left + " left");
        }
        ByteBuffer header = ByteBuffer.allocate(CHUNK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(header, offset);
        ChunkHeader chunk = new ChunkHeader(offset, header.getInt(0), Integer.toUnsignedLong(header.getInt(4)),
                header.getInt(8));
        long payloadLeft = left - CHUNK_HEADER_BYTES;
        if (chunk.length() > payloadLeft) {
            throw new CaptureFormatException(file, offset, "chunk of " + chunkTypeName(chunk.type()) + " declares "
                    + chunk.length() + " payload bytes, but the file has " + payloadLeft
                    + " left (truncated or damaged chunk)");
        }
        return chunk;
    }

    /** Reads and verifies a payload; its length has already been checked against the file size. */
    private byte[] readPayload(ChunkHeader chunk) throws IOException {
        if (chunk.length() > MAX_PAYLOAD_BYTES) {
            throw new CaptureFormatException(file, chunk.offset(), "chunk of " + chunk.length()
                    + " payload bytes; expected at most " + MAX_PAYLOAD_BYTES);
        }
        byte[] payload = new byte[(int) chunk.length()];
        readFully(ByteBuffer.wrap(payload), chunk.payloadOffset());
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length);
        int actual = (int) crc.getValue();
        if (actual != chunk.crc()) {
            throw new CaptureFormatException(file, chunk.offset(), String.format(
                    "CRC-32C mismatch in chunk of %s: expected 0x%08x as its header says, the payload has 0x%08x",
                    chunkTypeName(chunk.type()), chunk.crc(), actual));
        }
        return payload;
    }

    private ByteBuffer readEndPayload(ChunkHeader chunk) throws IOException {
        byte[] payload = readPayload(chunk);
        if (payload.length < END_PAYLOAD_BYTES) {
            throw new CaptureFormatException(file, chunk.offset(), "END chunk: expected at least " + END_PAYLOAD_BYTES
                    + " payload bytes, found " + payload.length);
        }
        return ByteBuffer.wrap(payload).order(ByteOrder.LITTLE_ENDIAN);
    }

    private void readFully(ByteBuffer buffer, long offset) throws IOException {
        long position = offset;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new CaptureFormatException(file, position, "expected " + buffer.remaining()
                        + " more bytes, found the end of the file (it shrank while being read)");
            }
            position += read;
        }
    }
}
