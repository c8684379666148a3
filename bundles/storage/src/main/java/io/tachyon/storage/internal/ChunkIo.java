package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.chunkTypeName;

/** Chunk framing on a file: headers, payloads and their CRC-32C (over type, length and payload). */
final class ChunkIo {

    /** Java arrays cannot be larger; a longer chunk is beyond what a reader can hold. */
    static final long MAX_PAYLOAD_BYTES = Integer.MAX_VALUE - 8;

    /** A chunk header as read, its length already checked against the file. */
    record Header(long offset, int type, long length, int crc) {
        long payloadOffset() {
            return offset + CHUNK_HEADER_BYTES;
        }

        long end() {
            return payloadOffset() + length;
        }
    }

    private final Path file;
    private final FileChannel channel;
    private long bytesRead;

    ChunkIo(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
    }

    /** Bytes read through this object so far. */
    long bytesRead() {
        return bytesRead;
    }

    static int crc(int type, int length, byte[] payload, int payloadOffset, int payloadLength) {
        CRC32C crc = new CRC32C();
        ByteBuffer typeAndLength = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(type).putInt(length);
        crc.update(typeAndLength.array(), 0, 8);
        crc.update(payload, payloadOffset, payloadLength);
        return (int) crc.getValue();
    }

    /** The chunk header at {@code offset}, refusing a length that runs past {@code size}. */
    Header header(long offset, long size) throws IOException {
        long left = size - offset;
        if (left < CHUNK_HEADER_BYTES) {
            throw new CaptureFormatException(file, offset, "truncated chunk header: expected " + CHUNK_HEADER_BYTES
                    + " bytes, the file has " + left + " left");
        }
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        readFully(buffer, offset);
        Header header = new Header(offset, buffer.getInt(0), Integer.toUnsignedLong(buffer.getInt(4)),
                buffer.getInt(8));
        long payloadLeft = left - CHUNK_HEADER_BYTES;
        if (header.length() > payloadLeft) {
            throw new CaptureFormatException(file, offset, "chunk of " + chunkTypeName(header.type()) + " declares "
                    + header.length() + " payload bytes, but the file has " + payloadLeft
                    + " left (truncated or damaged chunk)");
        }
        return header;
    }

    /** Reads a payload and verifies its CRC; its length has been checked against the file size. */
    byte[] payload(Header header) throws IOException {
        if (header.length() > MAX_PAYLOAD_BYTES) {
            throw new CaptureFormatException(file, header.offset(), "chunk of " + header.length()
                    + " payload bytes; expected at most " + MAX_PAYLOAD_BYTES);
        }
        byte[] payload = new byte[(int) header.length()];
        readFully(ByteBuffer.wrap(payload), header.payloadOffset());
        int actual = crc(header.type(), payload.length, payload, 0, payload.length);
        if (actual != header.crc()) {
            throw new CaptureFormatException(file, header.offset(), String.format(
                    "CRC-32C mismatch in chunk of %s: expected 0x%08x as its header says, the chunk has 0x%08x",
                    chunkTypeName(header.type()), header.crc(), actual));
        }
        return payload;
    }

    void readFully(ByteBuffer buffer, long offset) throws IOException {
        long position = offset;
        while (buffer.hasRemaining()) {
            int read = channel.read(buffer, position);
            if (read < 0) {
                throw new CaptureFormatException(file, position, "expected " + buffer.remaining()
                        + " more bytes, found the end of the file (it shrank while being read)");
            }
            position += read;
            bytesRead += read;
        }
    }

    /** Frames {@code payload} as a chunk of {@code type}: the bytes to append to a file. */
    static ByteBuffer[] frame(int type, byte[] payload, int length) {
        ByteBuffer header = ByteBuffer.allocate(CHUNK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(type).putInt(length).putInt(crc(type, length, payload, 0, length)).flip();
        return new ByteBuffer[] {header, ByteBuffer.wrap(payload, 0, length)};
    }
}
