package io.tachyon.storage.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** A growable byte buffer written with the primitives of docs/capture-format.md. Not thread-safe. */
final class ByteSink {

    private static final int MAX_SIZE = Integer.MAX_VALUE - 16;

    private byte[] buffer;
    private int size;

    ByteSink(int initialCapacity) {
        buffer = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    boolean isEmpty() {
        return size == 0;
    }

    byte[] array() {
        return buffer;
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buffer, size);
    }

    void clear() {
        size = 0;
    }

    void u8(int value) {
        ensureCapacity(1);
        buffer[size++] = (byte) value;
    }

    void u64(long value) {
        ensureCapacity(8);
        for (int i = 0; i < 8; i++) {
            buffer[size++] = (byte) (value >>> (8 * i));
        }
    }

    /** Unsigned LEB128. */
    void uvar(long value) {
        ensureCapacity(10);
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            buffer[size++] = (byte) ((rest & 0x7F) | 0x80);
            rest >>>= 7;
        }
        buffer[size++] = (byte) rest;
    }

    /** Zigzag, then unsigned LEB128. */
    void svar(long value) {
        uvar((value << 1) ^ (value >> 63));
    }

    void bool(boolean value) {
        u8(value ? 1 : 0);
    }

    void bytes(byte[] bytes, int offset, int length) {
        ensureCapacity(length);
        System.arraycopy(bytes, offset, buffer, size, length);
        size += length;
    }

    void string(String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        uvar(utf8.length);
        bytes(utf8, 0, utf8.length);
    }

    /** A nullable string: length + 1, 0 for null. */
    void nullableString(String value) {
        if (value == null) {
            uvar(0);
            return;
        }
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        uvar(utf8.length + 1L);
        bytes(utf8, 0, utf8.length);
    }

    /** {@code other}'s bytes prefixed by their length: a column or a nested block. */
    void block(ByteSink other) {
        uvar(other.size);
        bytes(other.buffer, 0, other.size);
    }

    private void ensureCapacity(int more) {
        long needed = (long) size + more;
        if (needed <= buffer.length) {
            return;
        }
        if (needed > MAX_SIZE) {
            throw new IllegalStateException("a chunk cannot exceed 2 GiB");
        }
        buffer = Arrays.copyOf(buffer, (int) Math.min(MAX_SIZE, Math.max(needed, 2L * buffer.length)));
    }
}
