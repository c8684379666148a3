package io.tachyon.perf.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads one perf ring buffer in place: the header page ({@code struct perf_event_mmap_page}) and the data
 * area that follows it, both views of the kernel's shared mapping. {@code data_head} is read with acquire
 * semantics so the records before it are visible; {@code data_tail} is written with release semantics
 * only after the records were consumed, so the kernel does not overwrite them while they are read. Only a
 * record that wraps around the end of the data area is copied.
 */
final class RingBuffer {

    /** Offset of {@code data_head} in {@code struct perf_event_mmap_page}: after 1 KiB of header fields. */
    static final int DATA_HEAD_OFFSET = 1024;
    /** Offset of {@code data_tail}. */
    static final int DATA_TAIL_OFFSET = 1032;

    private static final VarHandle HEADER_LONGS =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());
    private static final int MAX_RECORD_SIZE = 0xffff;

    /** Receives one record; the bytes are valid only during the call. */
    @FunctionalInterface
    interface RecordHandler {
        void record(ByteBuffer buffer, int offset);
    }

    private final int cpu;
    private final ByteBuffer header;
    private final ByteBuffer data;
    private final long mask;
    private final ByteBuffer wrapped = ByteBuffer.allocate(MAX_RECORD_SIZE).order(ByteOrder.nativeOrder());

    /**
     * @param cpu    the CPU whose records this buffer holds, for error messages
     * @param header the header page
     * @param data   the data area; its capacity is a power of two
     */
    RingBuffer(int cpu, ByteBuffer header, ByteBuffer data) {
        int size = data.capacity();
        if (Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("ring buffer data size " + size + " is not a power of two");
        }
        this.cpu = cpu;
        this.header = header.order(ByteOrder.nativeOrder());
        this.data = data.order(ByteOrder.nativeOrder());
        this.mask = size - 1L;
    }

    int cpu() {
        return cpu;
    }

    /**
     * Passes every complete record the kernel has written since the last call to {@code handler}, then
     * hands their space back to the kernel.
     *
     * @return how many records were read
     * @throws IllegalStateException when a record header is impossible (the buffer is corrupt)
     */
    int drain(RecordHandler handler) {
        long head = (long) HEADER_LONGS.getAcquire(header, DATA_HEAD_OFFSET);
        long tail = (long) HEADER_LONGS.get(header, DATA_TAIL_OFFSET);
        int records = 0;
        while (head - tail > 0) {
            int offset = (int) (tail & mask);
            int size = Short.toUnsignedInt(data.getShort(offset + 6));
            if (size < PerfRecordDecoder.HEADER_SIZE || size > head - tail) {
                throw new IllegalStateException("ring buffer of cpu " + cpu + ": record at position " + tail
                        + " has size " + size + " with " + (head - tail) + " bytes written");
            }
            if (offset + size <= data.capacity()) {
                handler.record(data, offset);
            } else {
                int firstPart = data.capacity() - offset;
                wrapped.put(0, data, offset, firstPart);
                wrapped.put(firstPart, data, 0, size - firstPart);
                wrapped.limit(size);
                handler.record(wrapped, 0);
                wrapped.limit(wrapped.capacity());
            }
            tail += size;
            records++;
        }
        HEADER_LONGS.setRelease(header, DATA_TAIL_OFFSET, tail);
        return records;
    }
}
