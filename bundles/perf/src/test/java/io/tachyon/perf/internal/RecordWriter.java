package io.tachyon.perf.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** Builds perf records byte by byte, as the kernel lays them out, for decoder and ring buffer tests. */
final class RecordWriter {

    private final ByteBuffer bytes = ByteBuffer.allocate(4096).order(ByteOrder.nativeOrder());

    RecordWriter(int type, int misc) {
        bytes.putInt(type).putShort((short) misc).putShort((short) 0);
    }

    RecordWriter u32(int value) {
        bytes.putInt(value);
        return this;
    }

    RecordWriter u64(long value) {
        bytes.putLong(value);
        return this;
    }

    RecordWriter u8(int value) {
        bytes.put((byte) value);
        return this;
    }

    RecordWriter raw(byte[] value) {
        bytes.put(value);
        return this;
    }

    /** A NUL-terminated string padded to a multiple of 8 bytes. */
    RecordWriter string(String value) {
        byte[] encoded = value.getBytes(StandardCharsets.UTF_8);
        bytes.put(encoded);
        int padded = (encoded.length + 8) & -8;
        for (int i = encoded.length; i < padded; i++) {
            bytes.put((byte) 0);
        }
        return this;
    }

    /** The sample_id trailer: pid, tid, time, cpu, reserved, identifier. */
    RecordWriter sampleId(int pid, int tid, long time, int cpu) {
        return u32(pid).u32(tid).u64(time).u32(cpu).u32(0).u64(PerfRecordDecoderTest.CPU_CLOCK_ID);
    }

    /** The tracepoint raw data of PERF_SAMPLE_RAW: its size, then the bytes padded so the record ends aligned. */
    RecordWriter rawData(byte[] data) {
        int padded = ((4 + data.length + 7) & -8) - 4;
        u32(padded).raw(data);
        for (int i = data.length; i < padded; i++) {
            bytes.put((byte) 0);
        }
        return this;
    }

    byte[] build() {
        int size = bytes.position();
        bytes.putShort(6, (short) size);
        byte[] record = new byte[size];
        bytes.get(0, record);
        return record;
    }

    /** Concatenates records into a buffer in native order, as they would sit in a ring buffer. */
    static ByteBuffer buffer(byte[]... records) {
        int size = 0;
        for (byte[] record : records) {
            size += record.length;
        }
        ByteBuffer buffer = ByteBuffer.allocate(size).order(ByteOrder.nativeOrder());
        for (byte[] record : records) {
            buffer.put(record);
        }
        return buffer.clear();
    }
}
