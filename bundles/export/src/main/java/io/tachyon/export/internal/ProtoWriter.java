package io.tachyon.export.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol buffers wire format for the few messages pprof needs: varints, packed varints, strings and nested
 * messages (https://protobuf.dev/programming-guides/encoding/). A message is built in memory, so a nested one
 * knows its length when it is added to its parent. Written by hand because the alternative, protobuf-java with
 * generated classes, needs protoc at build time for a format of five small messages.
 */
final class ProtoWriter {

    private static final int VARINT = 0;
    private static final int LENGTH_DELIMITED = 2;

    private byte[] bytes = new byte[64];
    private int size;

    ProtoWriter varint(int field, long value) {
        tag(field, VARINT);
        rawVarint(value);
        return this;
    }

    /** A varint field, left out when 0 (the default every reader assumes). */
    ProtoWriter optionalVarint(int field, long value) {
        return value == 0 ? this : varint(field, value);
    }

    ProtoWriter bool(int field, boolean value) {
        return value ? varint(field, 1) : this;
    }

    ProtoWriter string(int field, String value) {
        byte[] utf8 = value.getBytes(StandardCharsets.UTF_8);
        tag(field, LENGTH_DELIMITED);
        rawVarint(utf8.length);
        append(utf8, utf8.length);
        return this;
    }

    ProtoWriter message(int field, ProtoWriter message) {
        tag(field, LENGTH_DELIMITED);
        rawVarint(message.size);
        append(message.bytes, message.size);
        return this;
    }

    /** A repeated integer field, packed: one length, then the varints. */
    ProtoWriter packed(int field, long[] values) {
        if (values.length == 0) {
            return this;
        }
        int length = 0;
        for (long value : values) {
            length += varintSize(value);
        }
        tag(field, LENGTH_DELIMITED);
        rawVarint(length);
        for (long value : values) {
            rawVarint(value);
        }
        return this;
    }

    int size() {
        return size;
    }

    void writeTo(OutputStream out) throws IOException {
        out.write(bytes, 0, size);
    }

    private void tag(int field, int wireType) {
        rawVarint(((long) field << 3) | wireType);
    }

    private void rawVarint(long value) {
        ensure(10);
        while ((value & ~0x7FL) != 0) {
            bytes[size++] = (byte) ((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        bytes[size++] = (byte) value;
    }

    private static int varintSize(long value) {
        int length = 1;
        while ((value & ~0x7FL) != 0) {
            value >>>= 7;
            length++;
        }
        return length;
    }

    private void append(byte[] data, int length) {
        ensure(length);
        System.arraycopy(data, 0, bytes, size, length);
        size += length;
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }
}
