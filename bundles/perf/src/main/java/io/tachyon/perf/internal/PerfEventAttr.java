package io.tachyon.perf.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The {@code struct perf_event_attr} of the cpu-clock sampling event, encoded by hand: JNA structures
 * cannot express its bitfields. Offsets and bit positions follow {@code linux/perf_event.h}; the
 * bitfield word is laid out from the least significant bit, as on every little-endian Linux ABI.
 *
 * @param frequencyHz   samples per second ({@code freq=1, sample_freq})
 * @param callChain     take the kernel's frame-pointer call chain ({@code PERF_SAMPLE_CALLCHAIN})
 * @param kernel        sample kernel code and kernel call chains
 * @param inherit       follow threads and processes the target creates
 * @param enableOnExec  start counting when the target executes a new program
 * @param buildId       ask for build-ids in MMAP2 records (kernel 5.12 and later)
 */
record PerfEventAttr(int frequencyHz, boolean callChain, boolean kernel, boolean inherit, boolean enableOnExec,
        boolean buildId) {

    /** PERF_ATTR_SIZE_VER7: the struct up to and including sig_data. */
    static final int SIZE = 128;

    static final int PERF_TYPE_SOFTWARE = 1;
    static final long PERF_COUNT_SW_CPU_CLOCK = 0;

    static final long SAMPLE_IP = 1L << 0;
    static final long SAMPLE_TID = 1L << 1;
    static final long SAMPLE_TIME = 1L << 2;
    static final long SAMPLE_CALLCHAIN = 1L << 5;
    static final long SAMPLE_CPU = 1L << 7;
    static final long SAMPLE_PERIOD = 1L << 8;

    static final int BIT_DISABLED = 0;
    static final int BIT_INHERIT = 1;
    static final int BIT_EXCLUDE_KERNEL = 5;
    static final int BIT_EXCLUDE_HV = 6;
    static final int BIT_MMAP = 8;
    static final int BIT_COMM = 9;
    static final int BIT_FREQ = 10;
    static final int BIT_ENABLE_ON_EXEC = 12;
    static final int BIT_TASK = 13;
    static final int BIT_SAMPLE_ID_ALL = 18;
    static final int BIT_EXCLUDE_CALLCHAIN_KERNEL = 21;
    static final int BIT_MMAP2 = 23;
    static final int BIT_COMM_EXEC = 24;
    static final int BIT_USE_CLOCKID = 25;
    static final int BIT_BUILD_ID = 34;

    static final int OFFSET_TYPE = 0;
    static final int OFFSET_SIZE = 4;
    static final int OFFSET_CONFIG = 8;
    static final int OFFSET_SAMPLE_FREQ = 16;
    static final int OFFSET_SAMPLE_TYPE = 24;
    static final int OFFSET_FLAGS = 40;
    static final int OFFSET_CLOCKID = 92;

    PerfEventAttr withoutBuildId() {
        return new PerfEventAttr(frequencyHz, callChain, kernel, inherit, enableOnExec, false);
    }

    long sampleType() {
        long type = SAMPLE_IP | SAMPLE_TID | SAMPLE_TIME | SAMPLE_CPU | SAMPLE_PERIOD;
        return callChain ? type | SAMPLE_CALLCHAIN : type;
    }

    long flags() {
        long flags = bit(BIT_DISABLED) | bit(BIT_EXCLUDE_HV) | bit(BIT_MMAP) | bit(BIT_COMM) | bit(BIT_FREQ)
                | bit(BIT_TASK) | bit(BIT_SAMPLE_ID_ALL) | bit(BIT_MMAP2) | bit(BIT_COMM_EXEC) | bit(BIT_USE_CLOCKID);
        if (inherit) {
            flags |= bit(BIT_INHERIT);
        }
        if (!kernel) {
            flags |= bit(BIT_EXCLUDE_KERNEL) | bit(BIT_EXCLUDE_CALLCHAIN_KERNEL);
        }
        if (enableOnExec) {
            flags |= bit(BIT_ENABLE_ON_EXEC);
        }
        if (buildId) {
            flags |= bit(BIT_BUILD_ID);
        }
        return flags;
    }

    byte[] toBytes() {
        ByteBuffer attr = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        attr.putInt(OFFSET_TYPE, PERF_TYPE_SOFTWARE);
        attr.putInt(OFFSET_SIZE, SIZE);
        attr.putLong(OFFSET_CONFIG, PERF_COUNT_SW_CPU_CLOCK);
        attr.putLong(OFFSET_SAMPLE_FREQ, frequencyHz);
        attr.putLong(OFFSET_SAMPLE_TYPE, sampleType());
        attr.putLong(OFFSET_FLAGS, flags());
        attr.putInt(OFFSET_CLOCKID, Libc.CLOCK_MONOTONIC);
        return attr.array();
    }

    private static long bit(int position) {
        return 1L << position;
    }
}
