package io.tachyon.perf.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Reads one perf ring buffer: the header page ({@code struct perf_event_mmap_page}) and the data area that
 * follows it, both views of the kernel's shared mapping. {@link #take()} copies everything the kernel has
 * written since the last call out of the mapping in one or two bulk copies (two when it wraps around the
 * end) and hands the space back to the kernel at once, so decoding — which can be slow while the JIT warms
 * up — never holds the kernel back. {@code data_head} is read with acquire semantics so the records before
 * it are visible; {@code data_tail} is written with release semantics after the copy.
 */
final class RingBuffer {

    /** Offset of {@code data_head} in {@code struct perf_event_mmap_page}: after 1 KiB of header fields. */
    static final int DATA_HEAD_OFFSET = 1024;
    /** Offset of {@code data_tail}. */
    static final int DATA_TAIL_OFFSET = 1032;

    private static final VarHandle HEADER_LONGS =
            MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.nativeOrder());

    private final int cpu;
    private final ByteBuffer header;
    private final ByteBuffer data;
    private final long mask;
    private double lastFill;

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
     * Copies the complete records the kernel has written since the last call (it moves {@code data_head}
     * only past whole records) into a new buffer in native byte order, and hands their space back.
     *
     * @throws IllegalStateException when head and tail are further apart than the buffer is large
     */
    ByteBuffer take() {
        long head = (long) HEADER_LONGS.getAcquire(header, DATA_HEAD_OFFSET);
        long tail = (long) HEADER_LONGS.get(header, DATA_TAIL_OFFSET);
        long available = head - tail;
        if (available < 0 || available > data.capacity()) {
            throw new IllegalStateException("ring buffer of cpu " + cpu + ": head " + head + " and tail " + tail
                    + " are " + available + " bytes apart, outside its size " + data.capacity());
        }
        ByteBuffer records = ByteBuffer.allocate((int) available).order(ByteOrder.nativeOrder());
        int offset = (int) (tail & mask);
        int firstPart = (int) Math.min(available, data.capacity() - offset);
        records.put(0, data, offset, firstPart);
        records.put(firstPart, data, 0, (int) available - firstPart);
        HEADER_LONGS.setRelease(header, DATA_TAIL_OFFSET, head);
        lastFill = (double) available / data.capacity();
        return records;
    }

    /**
     * How full the buffer was at the last {@link #take()}, as a fraction of its size: a reader that finds it
     * filling fast should come back sooner.
     */
    double lastFill() {
        return lastFill;
    }
}
