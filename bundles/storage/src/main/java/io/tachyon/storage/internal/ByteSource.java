package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Reads the primitives of docs/capture-format.md from a byte range, never past its limit. Every problem is
 * a {@link CaptureFormatException}: for bytes as they are in the file it names the offset of the field; for
 * bytes that were decompressed it names the chunk and the position in the decompressed data.
 */
final class ByteSource {

    /**
     * Where the bytes come from, for error messages.
     *
     * @param chunkOffset file offset of the chunk they belong to
     * @param fileOffset  file offset of {@code data[0]}, or -1 when the data was decompressed
     * @param what        what the bytes are, e.g. "EVENTS chunk at offset 100, column stacks"
     */
    record Origin(Path file, long chunkOffset, long fileOffset, String what) {
    }

    private final Origin origin;
    private final byte[] data;
    private final int limit;
    private int position;

    ByteSource(Origin origin, byte[] data, int from, int limit) {
        this.origin = origin;
        this.data = data;
        this.position = from;
        this.limit = limit;
    }

    int position() {
        return position;
    }

    int remaining() {
        return limit - position;
    }

    boolean hasRemaining() {
        return position < limit;
    }

    byte[] data() {
        return data;
    }

    /** The next {@code length} bytes as a source of their own, described by {@code what}. */
    ByteSource slice(int length, String what) {
        Origin sliceOrigin = new Origin(origin.file(), origin.chunkOffset(),
                origin.fileOffset(), origin.what() + ", " + what);
        ByteSource slice = new ByteSource(sliceOrigin, data, position, position + length);
        position += length;
        return slice;
    }

    /** A length-prefixed block, as {@link ByteSink#block} writes it. */
    ByteSource block(String what) throws CaptureFormatException {
        int length = length(what + " length");
        return slice(length, what);
    }

    int u8(String field) throws CaptureFormatException {
        if (position >= limit) {
            throw damage(position, field + ": expected a byte, found the end of the data");
        }
        return data[position++] & 0xFF;
    }

    long u64(String field) throws CaptureFormatException {
        if (limit - position < 8) {
            throw damage(position, field + ": expected 8 bytes, " + (limit - position) + " left");
        }
        long value = 0;
        for (int i = 0; i < 8; i++) {
            value |= (long) (data[position++] & 0xFF) << (8 * i);
        }
        return value;
    }

    boolean bool(String field) throws CaptureFormatException {
        int start = position;
        int value = u8(field);
        if (value > 1) {
            throw damage(start, field + ": expected a byte 0 or 1, found " + value);
        }
        return value == 1;
    }

    /** LEB128: at most 10 bytes, and the 10th may only hold the 64th bit. */
    long uvar(String field) throws CaptureFormatException {
        int start = position;
        long result = 0;
        for (int shift = 0; ; shift += 7) {
            if (position >= limit) {
                throw damage(start, field + ": varint runs past the end of the data");
            }
            int b = data[position++] & 0xFF;
            if (shift == 63 && b > 1) {
                throw damage(start, field + ": malformed varint, more than 64 bits");
            }
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    long svar(String field) throws CaptureFormatException {
        long zigzag = uvar(field);
        return (zigzag >>> 1) ^ -(zigzag & 1);
    }

    int s32(String field) throws CaptureFormatException {
        int start = position;
        long value = svar(field);
        if (value != (int) value) {
            throw damage(start, field + ": expected a 32-bit value, found " + value);
        }
        return (int) value;
    }

    /** An unsigned count or id below {@code bound} (exclusive). */
    int below(String field, long bound) throws CaptureFormatException {
        int start = position;
        long value = uvar(field);
        if (Long.compareUnsigned(value, bound) >= 0) {
            throw damage(start, field + " " + Long.toUnsignedString(value) + " is out of range; expected less than "
                    + bound);
        }
        return (int) value;
    }

    /** A count of items that take at least {@code minBytesEach} bytes each in the rest of the data. */
    int count(String field, int minBytesEach) throws CaptureFormatException {
        int start = position;
        long count = uvar(field);
        long fits = (long) remaining() / minBytesEach;
        if (Long.compareUnsigned(count, fits) > 0) {
            throw damage(start, field + " " + Long.toUnsignedString(count) + " exceeds what the " + remaining()
                    + " bytes left can hold");
        }
        return (int) count;
    }

    /** A byte length that must fit in the rest of the data. */
    int length(String field) throws CaptureFormatException {
        return count(field, 1);
    }

    String string(String field) throws CaptureFormatException {
        int length = length(field + " length");
        return utf8(field, length);
    }

    String nullableString(String field) throws CaptureFormatException {
        int start = position;
        long lengthPlusOne = uvar(field + " length");
        if (lengthPlusOne == 0) {
            return null;
        }
        if (Long.compareUnsigned(lengthPlusOne - 1, remaining()) > 0) {
            throw damage(start, field + " length " + Long.toUnsignedString(lengthPlusOne - 1)
                    + " exceeds the " + remaining() + " bytes left");
        }
        return utf8(field, (int) (lengthPlusOne - 1));
    }

    /** Fails unless every byte has been read: leftovers mean the data is not what its writer wrote. */
    void expectEnd(String what) throws CaptureFormatException {
        if (position != limit) {
            throw damage(position, what + ": " + (limit - position) + " bytes left over after the last field");
        }
    }

    CaptureFormatException damage(int at, String problem) {
        if (origin.fileOffset() >= 0) {
            return new CaptureFormatException(origin.file(), origin.fileOffset() + at, origin.what() + ": " + problem);
        }
        return new CaptureFormatException(origin.file(), origin.chunkOffset(),
                origin.what() + ", byte " + at + " of the decompressed data: " + problem);
    }

    private String utf8(String field, int length) throws CaptureFormatException {
        int start = position;
        position += length;
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(data, start, length)).toString();
        } catch (CharacterCodingException e) {
            throw damage(start, field + " is not valid UTF-8");
        }
    }
}
