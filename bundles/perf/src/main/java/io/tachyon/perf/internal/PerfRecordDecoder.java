package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Throttle;
import io.tachyon.api.event.Wakeup;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Turns perf ring-buffer records into events. It understands the records of the events
 * {@link PerfEventAttr} opens: samples that begin with their event's id (PERF_SAMPLE_IDENTIFIER) — cpu-clock
 * samples of IP, TID, TIME, CPU, PERIOD and optionally CALLCHAIN; sched_switch and sched_waking samples of
 * TID, TIME, CPU, optionally CALLCHAIN, and RAW tracepoint data; either may end with REGS_USER and STACK_USER,
 * whose user frames a {@link UserStackUnwinding} then corrects — and the side-band records with
 * {@code sample_id_all} (TID, TIME, CPU, IDENTIFIER at the end of each record). Layouts follow
 * {@code linux/perf_event.h}. Records of other types are skipped.
 *
 * <p>Context switches come from two sources. With tracepoints, sched_switch gives every switch-out of a
 * recorded thread with its state, the next thread and the outgoing thread's stack. PERF_RECORD_SWITCH
 * records are asked for as well, because the tracepoint misses switches: in a per-thread recording it does
 * not see a recorded thread come in from an unrecorded one, and the kernel drops some of its hits when the
 * idle task leaves a CPU. The kernel writes a switch's records right after its sched_switch sample, on the
 * same CPU; a record that the last sched_switch on its CPU already covers (same outgoing thread, or same
 * incoming thread) is skipped, and any other becomes a switch of its own — a switch-in with an unknown
 * previous thread, or a switch-out that is RUNNABLE when preempted and UNKNOWN otherwise, without a stack.
 * Without tracepoints, PERF_RECORD_SWITCH records are all there is, decoded the same way. A CPU-wide
 * switch-out names the next thread too, so it is a whole switch and its switch-in twin is skipped.
 *
 * <p>A decoder keeps per-CPU state: use one per recording, and pass each CPU's records in buffer order.
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
    static final int RECORD_SWITCH = 14;
    static final int RECORD_SWITCH_CPU_WIDE = 15;

    static final int MISC_CPUMODE_MASK = 0x7;
    static final int MISC_KERNEL = 1;
    static final int MISC_MMAP_DATA = 1 << 13;
    static final int MISC_COMM_EXEC = 1 << 13;
    static final int MISC_SWITCH_OUT = 1 << 13;
    static final int MISC_MMAP_BUILD_ID = 1 << 14;
    static final int MISC_SWITCH_OUT_PREEMPT = 1 << 14;

    static final long CONTEXT_HV = -32;
    static final long CONTEXT_KERNEL = -128;
    static final long CONTEXT_USER = -512;
    /** Call-chain entries at or above this (unsigned) value are context markers, not addresses. */
    static final long CONTEXT_MAX = -4095;

    static final int PROT_EXEC = 0x4;

    /** pid, tid (u32 each), time (u64), cpu, reserved (u32 each), identifier (u64). */
    static final int SAMPLE_ID_SIZE = 32;

    private static final int MMAP2_BUILD_ID_MAX = 20;
    private static final long[] NO_FRAMES = new long[0];
    private static final int NO_THREAD = ContextSwitch.UNKNOWN_TID;
    /** PERF_SAMPLE_REGS_ABI_NONE: no user registers (a kernel thread), and then no stack copy either. */
    static final long REGS_ABI_NONE = 0;

    private final Map<Long, EventKind> kindsById;
    private final boolean callChain;
    private final SchedTracepoints sched;
    private final Set<EventKind> userStackKinds;
    private final UserStackUnwinding unwinding;
    /** Per CPU, in a CPU-wide recording: the thread the last switch seen there brought in. */
    private final Map<Integer, Integer> cpuWideIncoming = new HashMap<>();
    /** Per CPU: the last sched_switch seen there. */
    private final Map<Integer, AnnouncedSwitch> announcedSwitches = new HashMap<>();

    /**
     * @param kindsById which event each id in the samples stands for
     * @param callChain whether samples carry PERF_SAMPLE_CALLCHAIN
     * @param sched     the scheduler tracepoints' layouts when they were opened, else null (switches, if any,
     *                  come from PERF_RECORD_SWITCH alone)
     */
    PerfRecordDecoder(Map<Long, EventKind> kindsById, boolean callChain, SchedTracepoints sched) {
        this(kindsById, callChain, sched, Set.of(), null);
    }

    /**
     * @param userStackKinds the events whose samples carry REGS_USER and STACK_USER
     * @param unwinding      what corrects their user frames; null when {@code userStackKinds} is empty
     */
    PerfRecordDecoder(Map<Long, EventKind> kindsById, boolean callChain, SchedTracepoints sched,
            Set<EventKind> userStackKinds, UserStackUnwinding unwinding) {
        this.kindsById = Map.copyOf(kindsById);
        this.callChain = callChain;
        this.sched = sched;
        this.userStackKinds = Set.copyOf(userStackKinds);
        this.unwinding = unwinding;
        if (unwinding == null && !userStackKinds.isEmpty()) {
            throw new IllegalArgumentException("user stacks of " + userStackKinds + " need an unwinder");
        }
        if (sched == null && kindsById.values().stream().anyMatch(EventKind::isTracepoint)) {
            throw new IllegalArgumentException("tracepoint events need their tracepoint layouts");
        }
    }

    /**
     * Tells the unwinder's process mappings about an event that did not come from the ring buffers (the /proc
     * snapshot of processes that existed before recording). Call before decoding the records that follow it.
     */
    void observe(CaptureEvent event) {
        if (unwinding != null) {
            unwinding.observe(event);
        }
    }

    /**
     * Tells the unwinder's process mappings about the mapping record at {@code offset}, if it is one, without
     * passing any event on. Run over a whole batch before decoding it: the batch holds every ring's records,
     * and a sample read from one CPU's ring can need a mapping that another CPU's ring, decoded later, holds.
     *
     * @return the record's size in bytes
     */
    int observeMapping(ByteBuffer buffer, int offset) {
        int type = buffer.getInt(offset);
        int misc = Short.toUnsignedInt(buffer.getShort(offset + 4));
        int size = Short.toUnsignedInt(buffer.getShort(offset + 6));
        if (size < HEADER_SIZE || offset + size > buffer.limit()) {
            throw new IllegalArgumentException("perf record of type " + type + " at offset " + offset
                    + " has size " + size + ", beyond the " + buffer.limit() + " bytes available");
        }
        if (unwinding != null && type == RECORD_MMAP2) {
            mmap2(buffer, offset, misc, size, unwinding::observe);
        } else if (unwinding != null && type == RECORD_MMAP) {
            mmap(buffer, offset, misc, size, unwinding::observe);
        }
        return size;
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
        if (unwinding != null && type != RECORD_SAMPLE) {
            Consumer<? super CaptureEvent> events = out;
            out = event -> {
                unwinding.observe(event);
                events.accept(event);
            };
        }
        switch (type) {
            case RECORD_SAMPLE -> sample(buffer, offset, misc, size, out);
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
            case RECORD_SWITCH -> switchRecord(buffer, offset, misc, size, out);
            case RECORD_SWITCH_CPU_WIDE -> cpuWideSwitchRecord(buffer, offset, misc, size, out);
            default -> {
                // Record types this collector did not ask for carry nothing it reports.
            }
        }
        return size;
    }

    private void sample(ByteBuffer buffer, int offset, int misc, int size, Consumer<? super CaptureEvent> out) {
        requireSize(RECORD_SAMPLE, offset, size, HEADER_SIZE + 8);
        long id = buffer.getLong(offset + 8);
        EventKind kind = kindsById.get(id);
        if (kind == null) {
            throw new IllegalArgumentException("perf sample at offset " + offset + " names event id " + id
                    + ", which this recording did not open (it opened " + kindsById.keySet() + ")");
        }
        if (kind == EventKind.SIDE_BAND) {
            throw new IllegalArgumentException("perf sample at offset " + offset + " names the side-band event (id "
                    + id + "), which never samples");
        }
        boolean cpuClock = kind == EventKind.CPU_CLOCK;
        int fixed = HEADER_SIZE + 8 + (cpuClock ? 8 : 0) + 24 + (cpuClock ? 8 : 0);
        requireSize(RECORD_SAMPLE, offset, size, fixed + (callChain ? 8 : 0) + (cpuClock ? 0 : 4));
        int at = offset + 16;
        long ip = 0;
        if (cpuClock) {
            ip = buffer.getLong(at);
            at += 8;
        }
        int pid = buffer.getInt(at);
        int tid = buffer.getInt(at + 4);
        long time = buffer.getLong(at + 8);
        int cpu = buffer.getInt(at + 16);
        at += 24;
        long period = 0;
        if (cpuClock) {
            period = buffer.getLong(at);
            at += 8;
        }
        long[][] frames;
        if (callChain) {
            long count = buffer.getLong(at);
            long room = (size - (at + 8 - offset) - (cpuClock ? 0 : 4)) / 8;
            if (count < 0 || count > room) {
                throw new IllegalArgumentException("perf sample at offset " + offset + " claims " + count
                        + " call-chain entries but its size " + size + " holds at most " + room);
            }
            frames = splitCallChain(buffer, at + 8, (int) count, misc);
            at += 8 + 8 * (int) count;
        } else {
            boolean inKernel = (misc & MISC_CPUMODE_MASK) == MISC_KERNEL;
            long[] frame = cpuClock ? new long[] {ip} : NO_FRAMES;
            frames = new long[][] {inKernel ? frame : NO_FRAMES, inKernel ? NO_FRAMES : frame};
        }
        if (cpuClock) {
            long[] user = userStackKinds.contains(kind) ? userFrames(buffer, offset, size, at, pid, frames[1])
                    : frames[1];
            out.accept(new Sample(time, cpu, pid, tid, period, frames[0], user));
            return;
        }
        int rawSize = buffer.getInt(at);
        int raw = at + 4;
        if (rawSize < 0 || raw + rawSize > offset + size) {
            throw new IllegalArgumentException("perf sample of " + kind.eventName() + " at offset " + offset
                    + " claims " + rawSize + " bytes of raw data beyond its size " + size);
        }
        if (userStackKinds.contains(kind)) {
            frames[1] = userFrames(buffer, offset, size, raw + rawSize, pid, frames[1]);
        }
        if (kind == EventKind.SCHED_SWITCH) {
            SchedTracepoints.Switch hit = sched.decodeSwitch(buffer, raw, rawSize);
            announcedSwitches.put(cpu, new AnnouncedSwitch(hit.prevTid(), hit.nextTid()));
            cpuWideIncoming.put(cpu, hit.nextTid());
            out.accept(new ContextSwitch(time, cpu, hit.prevTid() == tid ? pid : NO_THREAD, hit.prevTid(),
                    hit.prevState(), NO_THREAD, hit.nextTid(), frames[0], frames[1]));
        } else {
            SchedTracepoints.Waking hit = sched.decodeWaking(buffer, raw, rawSize);
            out.accept(new Wakeup(time, cpu, pid, tid, NO_THREAD, hit.wakeeTid(), hit.targetCpu(), frames[0],
                    frames[1]));
        }
    }

    /**
     * Reads REGS_USER ({@code u64 abi; u64 regs[]} — registers only when abi is not NONE) and STACK_USER
     * ({@code u64 size; u8 data[size]; u64 dyn_size} — data and dyn_size only when size is not 0, and only
     * dyn_size bytes valid) at {@code at}, and has the unwinder correct the user frames.
     *
     * @return the corrected user frames, or {@code framePointerChain} when there are no registers or stack bytes
     */
    private long[] userFrames(ByteBuffer buffer, int offset, int size, int at, int pid, long[] framePointerChain) {
        int end = offset + size;
        requireRoom(offset, at, 8, end, "the user register ABI");
        long abi = buffer.getLong(at);
        at += 8;
        long[] registers = null;
        if (abi != REGS_ABI_NONE) {
            registers = new long[unwinding.registerCount()];
            requireRoom(offset, at, 8 * registers.length, end, registers.length + " user registers");
            for (int i = 0; i < registers.length; i++) {
                registers[i] = buffer.getLong(at + 8 * i);
            }
            at += 8 * registers.length;
        }
        requireRoom(offset, at, 8, end, "the user stack size");
        long stackSize = buffer.getLong(at);
        at += 8;
        if (stackSize == 0) {
            return framePointerChain;
        }
        if (stackSize < 0 || stackSize > end - at - 8) {
            throw new IllegalArgumentException("perf sample at offset " + offset + " claims a user stack copy of "
                    + stackSize + " bytes and its dyn_size beyond its size " + size);
        }
        long dynamicSize = buffer.getLong(at + (int) stackSize);
        if (dynamicSize < 0 || dynamicSize > stackSize) {
            throw new IllegalArgumentException("perf sample at offset " + offset + " claims " + dynamicSize
                    + " valid bytes of a " + stackSize + "-byte user stack copy");
        }
        if (registers == null || dynamicSize == 0) {
            return framePointerChain;
        }
        ByteBuffer stack = buffer.slice(at, (int) dynamicSize).order(ByteOrder.nativeOrder());
        return unwinding.userFrames(pid, registers, stack, framePointerChain);
    }

    private static void requireRoom(int offset, int at, int bytes, int end, String what) {
        if (at + bytes > end) {
            throw new IllegalArgumentException("perf sample at offset " + offset + " ends before " + what + " ("
                    + bytes + " bytes at offset " + at + ", record ends at " + end + ")");
        }
    }

    /**
     * Splits the call chain at its context markers: entries after PERF_CONTEXT_KERNEL are kernel frames,
     * after PERF_CONTEXT_USER user frames; hypervisor and guest frames are dropped. Entries before the first
     * marker belong to the mode the sample interrupted.
     *
     * @return the kernel frames and the user frames, leaf first
     */
    private static long[][] splitCallChain(ByteBuffer buffer, int start, int count, int misc) {
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
        return new long[][] {Arrays.copyOf(kernel, kernelCount), Arrays.copyOf(user, userCount)};
    }

    /** A per-thread PERF_RECORD_SWITCH: the thread of its sample_id left (SWITCH_OUT) or took the CPU. */
    private void switchRecord(ByteBuffer buffer, int offset, int misc, int size, Consumer<? super CaptureEvent> out) {
        requireSize(RECORD_SWITCH, offset, size, HEADER_SIZE + SAMPLE_ID_SIZE);
        int trailer = offset + size - SAMPLE_ID_SIZE;
        int pid = buffer.getInt(trailer);
        int tid = buffer.getInt(trailer + 4);
        long time = buffer.getLong(trailer + 8);
        int cpu = buffer.getInt(trailer + 16);
        AnnouncedSwitch announced = announcedSwitches.get(cpu);
        if ((misc & MISC_SWITCH_OUT) != 0) {
            if (announced == null || !announced.claimOut(tid)) {
                out.accept(new ContextSwitch(time, cpu, pid, tid, switchOutState(misc), NO_THREAD, NO_THREAD,
                        NO_FRAMES, NO_FRAMES));
            }
        } else if (announced == null || !announced.claimIn(tid)) {
            out.accept(new ContextSwitch(time, cpu, NO_THREAD, NO_THREAD, ThreadState.UNKNOWN, pid, tid, NO_FRAMES,
                    NO_FRAMES));
        }
    }

    /**
     * A CPU-wide PERF_RECORD_SWITCH: a switch-out names the next thread, so it is the whole switch; the
     * switch-in that follows it names the same two threads and is skipped.
     */
    private void cpuWideSwitchRecord(ByteBuffer buffer, int offset, int misc, int size,
            Consumer<? super CaptureEvent> out) {
        requireSize(RECORD_SWITCH_CPU_WIDE, offset, size, HEADER_SIZE + 8 + SAMPLE_ID_SIZE);
        int trailer = offset + size - SAMPLE_ID_SIZE;
        int tid = buffer.getInt(trailer + 4);
        int cpu = buffer.getInt(trailer + 16);
        if ((misc & MISC_SWITCH_OUT) == 0) {
            // A switch in from a thread perf no longer names (-1: it has exited) closes no gap: the exiting
            // thread's last switch-out was seen, as DEAD, through sched_switch.
            Integer incoming = cpuWideIncoming.get(cpu);
            if ((incoming == null || incoming != tid) && buffer.getInt(offset + 12) != NO_THREAD) {
                cpuWideIncoming.put(cpu, tid);
                out.accept(new ContextSwitch(buffer.getLong(trailer + 8), cpu, buffer.getInt(offset + 8),
                        buffer.getInt(offset + 12), ThreadState.UNKNOWN, buffer.getInt(trailer), tid, NO_FRAMES,
                        NO_FRAMES));
            }
            return;
        }
        int nextTid = buffer.getInt(offset + 12);
        Integer running = cpuWideIncoming.put(cpu, nextTid);
        int pid = buffer.getInt(trailer);
        if (tid == NO_THREAD && running != null) {
            // perf names an exiting thread -1 in its last switch-out; it is the thread the CPU was running.
            tid = running;
            pid = NO_THREAD;
        }
        AnnouncedSwitch announced = announcedSwitches.get(cpu);
        if (announced == null || !announced.claimOut(tid)) {
            out.accept(new ContextSwitch(buffer.getLong(trailer + 8), cpu, pid, tid, switchOutState(misc),
                    buffer.getInt(offset + 8), nextTid, NO_FRAMES, NO_FRAMES));
        }
    }

    /**
     * The last sched_switch seen on a CPU, until the PERF_RECORD_SWITCH records of the same switch (written
     * by the kernel right after it, on the same CPU) have been matched to it.
     */
    private static final class AnnouncedSwitch {
        private final int prevTid;
        private final int nextTid;
        private boolean outClaimed;
        private boolean inClaimed;

        AnnouncedSwitch(int prevTid, int nextTid) {
            this.prevTid = prevTid;
            this.nextTid = nextTid;
        }

        /** Whether a switch-out record of {@code tid} is this switch, seen already through the tracepoint. */
        boolean claimOut(int tid) {
            if (outClaimed || tid != prevTid) {
                return false;
            }
            outClaimed = true;
            return true;
        }

        /** Whether a switch-in record of {@code tid} is this switch, seen already through the tracepoint. */
        boolean claimIn(int tid) {
            if (inClaimed || tid != nextTid) {
                return false;
            }
            inClaimed = true;
            return true;
        }
    }

    /** PERF_RECORD_SWITCH tells only whether the thread was preempted (Linux 4.17 and later). */
    private static ThreadState switchOutState(int misc) {
        return (misc & MISC_SWITCH_OUT_PREEMPT) != 0 ? ThreadState.RUNNABLE : ThreadState.UNKNOWN;
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
