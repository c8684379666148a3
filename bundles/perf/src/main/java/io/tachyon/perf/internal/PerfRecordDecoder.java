package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Throttle;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.function.Consumer;

/**
 * Turns perf ring-buffer records into events. It understands the records of the event
 * {@link PerfEventAttr} opens: samples of IP, TID, TIME, CPU, PERIOD and optionally CALLCHAIN, and the
 * side-band records with {@code sample_id_all} (TID, TIME, CPU at the end of each record). Layouts follow
 * {@code linux/perf_event.h}. Records of other types are skipped.
 */
final class PerfRecordDecoder {

    static final int HEADER_SIZE = 8;

    static final int RECORD_MMAP = 1;
    static final int RECORD_LOST = 2;
    static final int RECORD_COMM = 3;
    static final int RECORD_EXIT = 4;
    static final int RECORD_THROTTLE = 5;
    static final int RECORD_UNTHROTTLE = 6;
    static final int RECORD_FORK = 7;
    static final int RECORD_SAMPLE = 9;
    static final int RECORD_MMAP2 = 10;
    static final int RECORD_LOST_SAMPLES = 13;

    static final int MISC_CPUMODE_MASK = 0x7;
    static final int MISC_KERNEL = 1;
    static final int MISC_MMAP_DATA = 1 << 13;
    static final int MISC_COMM_EXEC = 1 << 13;
    static final int MISC_MMAP_BUILD_ID = 1 << 14;

    static final long CONTEXT_HV = -32;
    static final long CONTEXT_KERNEL = -128;
    static final long CONTEXT_USER = -512;
    /** Call-chain entries at or above this (unsigned) value are context markers, not addresses. */
    static final long CONTEXT_MAX = -4095;

    static final int PROT_EXEC = 0x4;

    /** pid, tid (u32 each), time (u64), cpu, reserved (u32 each). */
    static final int SAMPLE_ID_SIZE = 24;

    private static final int MMAP2_BUILD_ID_MAX = 20;

    private final boolean callChain;

    /** @param callChain whether samples carry PERF_SAMPLE_CALLCHAIN */
    PerfRecordDecoder(boolean callChain) {
        this.callChain = callChain;
    }

    /**
     * Decodes the record at {@code offset} of {@code buffer} (native byte order, absolute reads; the
     * buffer's position is not used) and passes the event it stands for, if any, to {@code out}.
     *
     * @return the record's size in bytes
     * @throws IllegalArgumentException when the record is malformed; the message names type and offset
     */
    int decode(ByteBuffer buffer, int offset, Consumer<? super CaptureEvent> out) {
        if (buffer.order() != ByteOrder.nativeOrder()) {
            throw new IllegalArgumentException("perf records are in native byte order; the buffer is "
                    + buffer.order());
        }
        int type = buffer.getInt(offset);
        int misc = Short.toUnsignedInt(buffer.getShort(offset + 4));
        int size = Short.toUnsignedInt(buffer.getShort(offset + 6));
        if (size < HEADER_SIZE || offset + size > buffer.limit()) {
            throw new IllegalArgumentException("perf record of type " + type + " at offset " + offset
                    + " has size " + size + ", beyond the " + buffer.limit() + " bytes available");
        }
        switch (type) {
            case RECORD_SAMPLE -> out.accept(sample(buffer, offset, misc, size));
            case RECORD_MMAP2 -> mmap2(buffer, offset, misc, size, out);
            case RECORD_MMAP -> mmap(buffer, offset, misc, size, out);
            case RECORD_COMM -> out.accept(comm(buffer, offset, misc, size));
            case RECORD_FORK -> out.accept(new ThreadStart(sampleIdTime(buffer, offset, size, type),
                    buffer.getInt(offset + 8), buffer.getInt(offset + 16), buffer.getInt(offset + 12),
                    buffer.getInt(offset + 20)));
            case RECORD_EXIT -> out.accept(new ThreadExit(sampleIdTime(buffer, offset, size, type),
                    buffer.getInt(offset + 8), buffer.getInt(offset + 16)));
            case RECORD_LOST -> out.accept(new LostRecords(sampleIdTime(buffer, offset, size, type),
                    sampleIdCpu(buffer, offset, size), buffer.getLong(offset + 16)));
            case RECORD_LOST_SAMPLES -> out.accept(new LostRecords(sampleIdTime(buffer, offset, size, type),
                    sampleIdCpu(buffer, offset, size), buffer.getLong(offset + 8)));
            case RECORD_THROTTLE, RECORD_UNTHROTTLE -> out.accept(new Throttle(
                    sampleIdTime(buffer, offset, size, type), sampleIdCpu(buffer, offset, size),
                    type == RECORD_THROTTLE));
            default -> {
                // Record types this collector did not ask for carry nothing it reports.
            }
        }
        return size;
    }

    private Sample sample(ByteBuffer buffer, int offset, int misc, int size) {
        int fixed = HEADER_SIZE + 40 + (callChain ? 8 : 0);
        requireSize(RECORD_SAMPLE, offset, size, fixed);
        long ip = buffer.getLong(offset + 8);
        int pid = buffer.getInt(offset + 16);
        int tid = buffer.getInt(offset + 20);
        long time = buffer.getLong(offset + 24);
        int cpu = buffer.getInt(offset + 32);
        long period = buffer.getLong(offset + 40);
        if (!callChain) {
            long[] frame = {ip};
            boolean inKernel = (misc & MISC_CPUMODE_MASK) == MISC_KERNEL;
            return new Sample(time, cpu, pid, tid, period, inKernel ? frame : new long[0],
                    inKernel ? new long[0] : frame);
        }
        long count = buffer.getLong(offset + 48);
        if (count < 0 || count > (size - fixed) / 8) {
            throw new IllegalArgumentException("perf sample at offset " + offset + " claims " + count
                    + " call-chain entries but its size " + size + " holds at most " + (size - fixed) / 8);
        }
        return splitCallChain(buffer, offset + 56, (int) count, misc, time, cpu, pid, tid, period);
    }

    /**
     * Splits the call chain at its context markers: entries after PERF_CONTEXT_KERNEL are kernel frames,
     * after PERF_CONTEXT_USER user frames; hypervisor and guest frames are dropped. Entries before the first
     * marker belong to the mode the sample interrupted.
     */
    private static Sample splitCallChain(ByteBuffer buffer, int start, int count, int misc, long time, int cpu,
            int pid, int tid, long period) {
        long[] kernel = new long[count];
        long[] user = new long[count];
        int kernelCount = 0;
        int userCount = 0;
        long context = (misc & MISC_CPUMODE_MASK) == MISC_KERNEL ? CONTEXT_KERNEL : CONTEXT_USER;
        for (int i = 0; i < count; i++) {
            long entry = buffer.getLong(start + 8 * i);
            if (Long.compareUnsigned(entry, CONTEXT_MAX) >= 0) {
                context = entry;
            } else if (context == CONTEXT_KERNEL) {
                kernel[kernelCount++] = entry;
            } else if (context == CONTEXT_USER) {
                user[userCount++] = entry;
            }
        }
        return new Sample(time, cpu, pid, tid, period, Arrays.copyOf(kernel, kernelCount),
                Arrays.copyOf(user, userCount));
    }

    private static void mmap2(ByteBuffer buffer, int offset, int misc, int size, Consumer<? super CaptureEvent> out) {
        int filenameOffset = HEADER_SIZE + 64;
        requireSize(RECORD_MMAP2, offset, size, filenameOffset + SAMPLE_ID_SIZE);
        int protection = buffer.getInt(offset + 64);
        if ((protection & PROT_EXEC) == 0) {
            return;
        }
        String buildId = null;
        if ((misc & MISC_MMAP_BUILD_ID) != 0) {
            int length = Math.min(Byte.toUnsignedInt(buffer.get(offset + 40)), MMAP2_BUILD_ID_MAX);
            byte[] bytes = new byte[length];
            buffer.get(offset + 44, bytes);
            buildId = HexFormat.of().formatHex(bytes);
        }
        out.accept(new ModuleMapping(sampleIdTime(buffer, offset, size, RECORD_MMAP2), buffer.getInt(offset + 8),
                buffer.getInt(offset + 12), buffer.getLong(offset + 16), buffer.getLong(offset + 24),
                buffer.getLong(offset + 32), string(buffer, offset + filenameOffset, offset + size - SAMPLE_ID_SIZE),
                buildId));
    }

    private static void mmap(ByteBuffer buffer, int offset, int misc, int size, Consumer<? super CaptureEvent> out) {
        int filenameOffset = HEADER_SIZE + 32;
        requireSize(RECORD_MMAP, offset, size, filenameOffset + SAMPLE_ID_SIZE);
        if ((misc & MISC_MMAP_DATA) != 0) {
            return;
        }
        out.accept(new ModuleMapping(sampleIdTime(buffer, offset, size, RECORD_MMAP), buffer.getInt(offset + 8),
                buffer.getInt(offset + 12), buffer.getLong(offset + 16), buffer.getLong(offset + 24),
                buffer.getLong(offset + 32), string(buffer, offset + filenameOffset, offset + size - SAMPLE_ID_SIZE),
                null));
    }

    private static ThreadName comm(ByteBuffer buffer, int offset, int misc, int size) {
        int nameOffset = HEADER_SIZE + 8;
        requireSize(RECORD_COMM, offset, size, nameOffset + SAMPLE_ID_SIZE);
        return new ThreadName(sampleIdTime(buffer, offset, size, RECORD_COMM), buffer.getInt(offset + 8),
                buffer.getInt(offset + 12), string(buffer, offset + nameOffset, offset + size - SAMPLE_ID_SIZE),
                (misc & MISC_COMM_EXEC) != 0);
    }

    private static long sampleIdTime(ByteBuffer buffer, int offset, int size, int type) {
        requireSize(type, offset, size, HEADER_SIZE + SAMPLE_ID_SIZE);
        return buffer.getLong(offset + size - SAMPLE_ID_SIZE + 8);
    }

    private static int sampleIdCpu(ByteBuffer buffer, int offset, int size) {
        return buffer.getInt(offset + size - SAMPLE_ID_SIZE + 16);
    }

    /** A NUL-terminated string padded to 8 bytes, in {@code [start, end)}. */
    private static String string(ByteBuffer buffer, int start, int end) {
        int length = 0;
        while (start + length < end && buffer.get(start + length) != 0) {
            length++;
        }
        byte[] bytes = new byte[length];
        buffer.get(start, bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static void requireSize(int type, int offset, int size, int minimum) {
        if (size < minimum) {
            throw new IllegalArgumentException("perf record of type " + type + " at offset " + offset + " has size "
                    + size + ", less than the " + minimum + " bytes its layout needs");
        }
    }
}
