package io.tachyon.perf.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@code struct perf_event_attr}, encoded by hand: JNA structures cannot express its bitfields. Offsets
 * and bit positions follow {@code linux/perf_event.h}; the bitfield word is laid out from the least
 * significant bit, as on every little-endian Linux ABI.
 *
 * <p>Every event of a recording writes into the same per-CPU ring buffer, so all of them carry
 * PERF_SAMPLE_IDENTIFIER (the decoder learns from it which event a sample belongs to) and the same
 * {@code sample_id_all} trailer (TID, TIME, CPU, IDENTIFIER), and all stamp CLOCK_MONOTONIC. Side-band
 * records (mmap, comm, task, context switches) come from a dummy event of their own, as perf's tracking event
 * does: on the cpu-clock event they would stop whenever sampling stops (disabled, throttled), and the
 * tracepoints would only repeat them.
 *
 * @param kind          which event
 * @param tracepointId  the tracepoint's id from tracefs ({@code events/<system>/<name>/id}); 0 for cpu-clock
 * @param frequencyHz   cpu-clock samples per second ({@code freq=1, sample_freq}); tracepoints sample every hit
 * @param callChain     take the kernel's frame-pointer call chain ({@code PERF_SAMPLE_CALLCHAIN})
 * @param kernel        sample kernel code and take kernel call chains
 * @param inherit       follow threads and processes the target creates
 * @param enableOnExec  start counting when the target executes a new program
 * @param buildId       ask for build-ids in MMAP2 records (kernel 5.12 and later); side-band event only
 * @param contextSwitch ask for PERF_RECORD_SWITCH records ({@code context_switch}); side-band event only
 * @param userRegisterMask the user registers to copy ({@code sample_regs_user}, PERF_SAMPLE_REGS_USER), or 0
 * @param userStackBytes   how many bytes of user stack to copy from the stack pointer ({@code sample_stack_user},
 *                         PERF_SAMPLE_STACK_USER, a multiple of 8), or 0; asked for together with the registers
 */
record PerfEventAttr(EventKind kind, long tracepointId, int frequencyHz, boolean callChain, boolean kernel,
        boolean inherit, boolean enableOnExec, boolean buildId, boolean contextSwitch, long userRegisterMask,
        int userStackBytes) {

    /** PERF_ATTR_SIZE_VER7: the struct up to and including sig_data. */
    static final int SIZE = 128;

    static final int PERF_TYPE_SOFTWARE = 1;
    static final int PERF_TYPE_TRACEPOINT = 2;
    static final long PERF_COUNT_SW_CPU_CLOCK = 0;
    static final long PERF_COUNT_SW_DUMMY = 9;

    static final long SAMPLE_IP = 1L << 0;
    static final long SAMPLE_TID = 1L << 1;
    static final long SAMPLE_TIME = 1L << 2;
    static final long SAMPLE_CALLCHAIN = 1L << 5;
    static final long SAMPLE_CPU = 1L << 7;
    static final long SAMPLE_PERIOD = 1L << 8;
    static final long SAMPLE_RAW = 1L << 10;
    static final long SAMPLE_REGS_USER = 1L << 12;
    static final long SAMPLE_STACK_USER = 1L << 13;
    static final long SAMPLE_IDENTIFIER = 1L << 16;

    /** read(2) of the event's descriptor gives its value and then its id. */
    static final long FORMAT_ID = 1L << 2;

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
    static final int BIT_CONTEXT_SWITCH = 26;
    static final int BIT_BUILD_ID = 34;

    static final int OFFSET_TYPE = 0;
    static final int OFFSET_SIZE = 4;
    static final int OFFSET_CONFIG = 8;
    static final int OFFSET_SAMPLE_PERIOD = 16;
    static final int OFFSET_SAMPLE_TYPE = 24;
    static final int OFFSET_READ_FORMAT = 32;
    static final int OFFSET_FLAGS = 40;
    static final int OFFSET_SAMPLE_REGS_USER = 80;
    static final int OFFSET_SAMPLE_STACK_USER = 88;
    static final int OFFSET_CLOCKID = 92;

    /** The sampling timer: samples only, no side-band records. */
    static PerfEventAttr cpuClock(int frequencyHz, boolean callChain, boolean kernel, boolean inherit,
            boolean enableOnExec) {
        return new PerfEventAttr(EventKind.CPU_CLOCK, 0, frequencyHz, callChain, kernel, inherit, enableOnExec,
                false, false, 0, 0);
    }

    /**
     * The side-band event (PERF_COUNT_SW_DUMMY, which counts and samples nothing): the records of threads, names,
     * mappings and, with {@code contextSwitch}, context switches, whatever happens to sampling.
     */
    static PerfEventAttr sideBand(boolean kernel, boolean inherit, boolean enableOnExec, boolean buildId,
            boolean contextSwitch) {
        return new PerfEventAttr(EventKind.SIDE_BAND, 0, 0, false, kernel, inherit, enableOnExec, buildId,
                contextSwitch, 0, 0);
    }

    /**
     * A scheduler tracepoint sampled at every hit with its raw data. It is never {@code exclude_kernel}:
     * tracepoints fire in the kernel, and the kernel drops hits of an event that excludes it; without
     * {@code kernel} only the kernel half of its call chain is left out.
     */
    static PerfEventAttr tracepoint(EventKind kind, long id, boolean callChain, boolean kernel, boolean inherit,
            boolean enableOnExec) {
        if (!kind.isTracepoint()) {
            throw new IllegalArgumentException(kind.eventName() + " is not a tracepoint");
        }
        return new PerfEventAttr(kind, id, 0, callChain, kernel, inherit, enableOnExec, false, false, 0, 0);
    }

    boolean isTracepoint() {
        return kind.isTracepoint();
    }

    PerfEventAttr withoutBuildId() {
        return new PerfEventAttr(kind, tracepointId, frequencyHz, callChain, kernel, inherit, enableOnExec, false,
                contextSwitch, userRegisterMask, userStackBytes);
    }

    /**
     * This event, copying the user registers of {@code registerMask} and {@code stackBytes} of user stack with
     * each sample, for unwinding; unchanged when either is 0 (one is no use without the other).
     */
    PerfEventAttr withUserStack(long registerMask, int stackBytes) {
        if (registerMask == 0 || stackBytes == 0) {
            return this;
        }
        if (stackBytes < 0 || stackBytes % 8 != 0) {
            throw new IllegalArgumentException("the user stack copy must be a positive multiple of 8 bytes, not "
                    + stackBytes);
        }
        return new PerfEventAttr(kind, tracepointId, frequencyHz, callChain, kernel, inherit, enableOnExec, buildId,
                contextSwitch, registerMask, stackBytes);
    }

    /** Whether samples carry user registers and a user stack copy. */
    boolean userStack() {
        return userRegisterMask != 0 && userStackBytes != 0;
    }

    long sampleType() {
        long type = SAMPLE_IDENTIFIER | SAMPLE_TID | SAMPLE_TIME | SAMPLE_CPU;
        if (isTracepoint()) {
            type |= SAMPLE_RAW;
        } else if (kind == EventKind.CPU_CLOCK) {
            type |= SAMPLE_IP | SAMPLE_PERIOD;
        }
        if (callChain) {
            type |= SAMPLE_CALLCHAIN;
        }
        return userStack() ? type | SAMPLE_REGS_USER | SAMPLE_STACK_USER : type;
    }

    long flags() {
        long flags = bit(BIT_DISABLED) | bit(BIT_SAMPLE_ID_ALL) | bit(BIT_USE_CLOCKID);
        if (kind == EventKind.CPU_CLOCK) {
            flags |= bit(BIT_FREQ);
        } else if (kind == EventKind.SIDE_BAND) {
            flags |= bit(BIT_MMAP) | bit(BIT_COMM) | bit(BIT_TASK) | bit(BIT_MMAP2) | bit(BIT_COMM_EXEC);
        }
        if (!isTracepoint()) {
            flags |= bit(BIT_EXCLUDE_HV);
            if (!kernel) {
                flags |= bit(BIT_EXCLUDE_KERNEL);
            }
        }
        if (!kernel) {
            flags |= bit(BIT_EXCLUDE_CALLCHAIN_KERNEL);
        }
        if (inherit) {
            flags |= bit(BIT_INHERIT);
        }
        if (enableOnExec) {
            flags |= bit(BIT_ENABLE_ON_EXEC);
        }
        if (buildId) {
            flags |= bit(BIT_BUILD_ID);
        }
        if (contextSwitch) {
            flags |= bit(BIT_CONTEXT_SWITCH);
        }
        return flags;
    }

    byte[] toBytes() {
        ByteBuffer attr = ByteBuffer.allocate(SIZE).order(ByteOrder.LITTLE_ENDIAN);
        attr.putInt(OFFSET_TYPE, isTracepoint() ? PERF_TYPE_TRACEPOINT : PERF_TYPE_SOFTWARE);
        attr.putInt(OFFSET_SIZE, SIZE);
        attr.putLong(OFFSET_CONFIG, switch (kind) {
            case CPU_CLOCK -> PERF_COUNT_SW_CPU_CLOCK;
            case SIDE_BAND -> PERF_COUNT_SW_DUMMY;
            default -> tracepointId;
        });
        attr.putLong(OFFSET_SAMPLE_PERIOD, switch (kind) {
            case CPU_CLOCK -> frequencyHz;
            case SIDE_BAND -> 0;
            default -> 1;
        });
        attr.putLong(OFFSET_SAMPLE_TYPE, sampleType());
        attr.putLong(OFFSET_READ_FORMAT, FORMAT_ID);
        attr.putLong(OFFSET_FLAGS, flags());
        if (userStack()) {
            attr.putLong(OFFSET_SAMPLE_REGS_USER, userRegisterMask);
            attr.putInt(OFFSET_SAMPLE_STACK_USER, userStackBytes);
        }
        attr.putInt(OFFSET_CLOCKID, Libc.CLOCK_MONOTONIC);
        return attr.array();
    }

    private static long bit(int position) {
        return 1L << position;
    }
}
