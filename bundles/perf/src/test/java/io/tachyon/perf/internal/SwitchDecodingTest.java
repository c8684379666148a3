package io.tachyon.perf.internal;

import static io.tachyon.api.event.ContextSwitch.UNKNOWN_TID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Decodes hand-built sched_switch and sched_waking samples and PERF_RECORD_SWITCH records, laid out as the
 * kernel writes them, with tracepoint layouts read from real format files: this machine's 6.18 kernel, and
 * a 32-bit 4.4 kernel whose prev_state is a 4-byte int at a different place and means other bits.
 */
class SwitchDecodingTest {

    private static final long SWITCH_ID = 90;
    private static final long WAKING_ID = 91;
    private static final long CPU_CLOCK_ID = PerfRecordDecoderTest.CPU_CLOCK_ID;
    private static final long KERNEL_SCHEDULE = 0xffffffff81a01234L;
    private static final long KERNEL_NANOSLEEP = 0xffffffff81105678L;
    private static final long USER_SLEEPER = 0x401136L;

    private final List<CaptureEvent> events = new ArrayList<>();

    static TracepointFormat format(String resource) throws IOException {
        try (InputStream in = SwitchDecodingTest.class.getResourceAsStream(resource)) {
            return TracepointFormat.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        }
    }

    private static SchedTracepoints sched(String switchFormat) throws IOException {
        return SchedTracepoints.of(format(switchFormat), format("sched_waking-6.18.format"));
    }

    private static PerfRecordDecoder decoder(String switchFormat) throws IOException {
        return new PerfRecordDecoder(Map.of(CPU_CLOCK_ID, EventKind.CPU_CLOCK, SWITCH_ID, EventKind.SCHED_SWITCH,
                WAKING_ID, EventKind.SCHED_WAKING), true, sched(switchFormat));
    }

    private static PerfRecordDecoder fallbackDecoder() {
        return new PerfRecordDecoder(Map.of(CPU_CLOCK_ID, EventKind.CPU_CLOCK), true, null);
    }

    private List<CaptureEvent> decode(PerfRecordDecoder decoder, byte[]... records) {
        ByteBuffer buffer = RecordWriter.buffer(records);
        int offset = 0;
        while (offset < buffer.limit()) {
            offset += decoder.decode(buffer, offset, events::add);
        }
        return events;
    }

    /** sched_switch raw data of the 6.18 layout: prev_pid at 24, prev_state (long) at 32, next_pid at 56. */
    private static byte[] switchRaw618(int prevTid, long prevState, int nextTid) {
        ByteBuffer raw = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        raw.putShort(0, (short) 372).putInt(4, prevTid).put(8, "sleeper".getBytes(StandardCharsets.US_ASCII));
        raw.putInt(24, prevTid).putInt(28, 120).putLong(32, prevState).putInt(56, nextTid).putInt(60, 120);
        return raw.array();
    }

    /** sched_switch raw data of the 32-bit 4.4 layout: prev_state (int) at 32, next_pid at 52. */
    private static byte[] switchRaw44(int prevTid, int prevState, int nextTid) {
        ByteBuffer raw = ByteBuffer.allocate(60).order(ByteOrder.nativeOrder());
        raw.putShort(0, (short) 273).putInt(4, prevTid).putInt(24, prevTid).putInt(28, 120);
        raw.putInt(32, prevState).putInt(52, nextTid).putInt(56, 120);
        return raw.array();
    }

    private static byte[] wakingRaw(int wakeeTid, int targetCpu) {
        ByteBuffer raw = ByteBuffer.allocate(36).order(ByteOrder.nativeOrder());
        raw.putShort(0, (short) 375).putInt(24, wakeeTid).putInt(28, 120).putInt(32, targetCpu);
        return raw.array();
    }

    /** A tracepoint sample: id, pid/tid, time, cpu, call chain (kernel then user), raw data. */
    private static byte[] tracepointSample(long id, int pid, int tid, long time, int cpu, byte[] raw) {
        return new RecordWriter(PerfRecordDecoder.RECORD_SAMPLE, PerfRecordDecoder.MISC_KERNEL).u64(id).u32(pid)
                .u32(tid).u64(time).u32(cpu).u32(0).u64(5).u64(PerfRecordDecoder.CONTEXT_KERNEL).u64(KERNEL_SCHEDULE)
                .u64(KERNEL_NANOSLEEP).u64(PerfRecordDecoder.CONTEXT_USER).u64(USER_SLEEPER).rawData(raw).build();
    }

    private static byte[] switchRecord(int misc, int pid, int tid, long time, int cpu) {
        return new RecordWriter(PerfRecordDecoder.RECORD_SWITCH, misc).sampleId(pid, tid, time, cpu).build();
    }

    @Test
    void aSchedSwitchSampleIsASwitchOutWithStateNextThreadAndTheOutgoingStack() throws IOException {
        byte[] sample = tracepointSample(SWITCH_ID, 40, 41, 1000, 1, switchRaw618(41, 0x1, 0));

        assertThat(decode(decoder("sched_switch-6.18.format"), sample)).singleElement().isEqualTo(
                new ContextSwitch(1000, 1, 40, 41, ThreadState.SLEEPING, UNKNOWN_TID, 0,
                        new long[] {KERNEL_SCHEDULE, KERNEL_NANOSLEEP}, new long[] {USER_SLEEPER}));
    }

    @Test
    void mapsEveryPrevStateOfA618Kernel() throws IOException {
        long[] states = {0x0, 0x100, 0x1, 0x2, 0x4, 0x8, 0x10, 0x20, 0x40, 0x80};
        PerfRecordDecoder decoder = decoder("sched_switch-6.18.format");
        byte[][] samples = new byte[states.length][];
        for (int i = 0; i < states.length; i++) {
            samples[i] = tracepointSample(SWITCH_ID, 40, 41, 1000 + i, 0, switchRaw618(41, states[i], 42));
        }

        assertThat(decode(decoder, samples)).map(event -> ((ContextSwitch) event).prevState()).containsExactly(
                ThreadState.RUNNABLE, ThreadState.RUNNABLE, ThreadState.SLEEPING, ThreadState.BLOCKED_IO,
                ThreadState.STOPPED, ThreadState.STOPPED, ThreadState.DEAD, ThreadState.DEAD, ThreadState.SLEEPING,
                ThreadState.SLEEPING);
    }

    @Test
    void readsPrevStateWhereAnOlderKernelPutsItAndWithItsBits() throws IOException {
        PerfRecordDecoder decoder = decoder("sched_switch-4.4-i386.format");
        byte[] preempted = tracepointSample(SWITCH_ID, 40, 41, 1, 0, switchRaw44(41, 2048, 42));
        byte[] zombie = tracepointSample(SWITCH_ID, 40, 41, 2, 0, switchRaw44(41, 16, 42));
        byte[] idleKernelThread = tracepointSample(SWITCH_ID, 40, 41, 3, 0, switchRaw44(41, 2 | 1024, 42));
        byte[] killable = tracepointSample(SWITCH_ID, 40, 41, 4, 0, switchRaw44(41, 2 | 128, 42));

        assertThat(decode(decoder, preempted, zombie, idleKernelThread, killable)).map(event -> (ContextSwitch) event)
                .extracting(ContextSwitch::prevState, ContextSwitch::nextTid).containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ThreadState.RUNNABLE, 42),
                        org.assertj.core.groups.Tuple.tuple(ThreadState.DEAD, 42),
                        org.assertj.core.groups.Tuple.tuple(ThreadState.SLEEPING, 42),
                        org.assertj.core.groups.Tuple.tuple(ThreadState.BLOCKED_IO, 42));
    }

    @Test
    void aSchedWakingSampleIsAWakeupByTheCurrentThreadWithItsStack() throws IOException {
        byte[] sample = tracepointSample(WAKING_ID, 40, 43, 2000, 0, wakingRaw(41, 1));

        assertThat(decode(decoder("sched_switch-6.18.format"), sample)).singleElement().isEqualTo(
                new Wakeup(2000, 0, 40, 43, UNKNOWN_TID, 41, 1, new long[] {KERNEL_SCHEDULE, KERNEL_NANOSLEEP},
                        new long[] {USER_SLEEPER}));
    }

    @Test
    void withTracepointsASwitchInIsKeptOnlyWhenNoSchedSwitchNamedIt() throws IOException {
        byte[] aToB = tracepointSample(SWITCH_ID, 40, 41, 100, 1, switchRaw618(41, 0x1, 42));
        byte[] aOut = switchRecord(PerfRecordDecoder.MISC_SWITCH_OUT, 40, 41, 101, 1);
        byte[] bIn = switchRecord(0, 40, 42, 102, 1);
        byte[] bInFromElsewhere = switchRecord(0, 40, 42, 300, 0);

        assertThat(decode(decoder("sched_switch-6.18.format"), aToB, aOut, bIn, bInFromElsewhere)).containsExactly(
                new ContextSwitch(100, 1, 40, 41, ThreadState.SLEEPING, UNKNOWN_TID, 42,
                        new long[] {KERNEL_SCHEDULE, KERNEL_NANOSLEEP}, new long[] {USER_SLEEPER}),
                new ContextSwitch(300, 0, UNKNOWN_TID, UNKNOWN_TID, ThreadState.UNKNOWN, 40, 42, new long[0],
                        new long[0]));
    }

    @Test
    void aSwitchOutRecordFillsInASchedSwitchTheKernelDidNotDeliver() throws IOException {
        byte[] aToB = tracepointSample(SWITCH_ID, 40, 41, 100, 1, switchRaw618(41, 0x1, 42));
        byte[] aOut = switchRecord(PerfRecordDecoder.MISC_SWITCH_OUT, 40, 41, 101, 1);
        byte[] bOutWithoutTracepoint = switchRecord(PerfRecordDecoder.MISC_SWITCH_OUT
                | PerfRecordDecoder.MISC_SWITCH_OUT_PREEMPT, 40, 42, 200, 1);

        assertThat(decode(decoder("sched_switch-6.18.format"), aToB, aOut, bOutWithoutTracepoint)).hasSize(2)
                .last().isEqualTo(new ContextSwitch(200, 1, 40, 42, ThreadState.RUNNABLE, UNKNOWN_TID, UNKNOWN_TID,
                        new long[0], new long[0]));
    }

    @Test
    void cpuWideSwitchRecordsFillInOnlyTheSwitchesSchedSwitchMissed() throws IOException {
        byte[] aToIdle = tracepointSample(SWITCH_ID, 40, 41, 100, 1, switchRaw618(41, 0x1, 0));
        byte[] aOut = new RecordWriter(PerfRecordDecoder.RECORD_SWITCH_CPU_WIDE, PerfRecordDecoder.MISC_SWITCH_OUT)
                .u32(0).u32(0).sampleId(40, 41, 101, 1).build();
        byte[] idleIn = new RecordWriter(PerfRecordDecoder.RECORD_SWITCH_CPU_WIDE, 0).u32(40).u32(41)
                .sampleId(0, 0, 102, 1).build();
        byte[] idleOut = new RecordWriter(PerfRecordDecoder.RECORD_SWITCH_CPU_WIDE,
                PerfRecordDecoder.MISC_SWITCH_OUT | PerfRecordDecoder.MISC_SWITCH_OUT_PREEMPT).u32(40).u32(41)
                .sampleId(0, 0, 300, 1).build();

        assertThat(decode(decoder("sched_switch-6.18.format"), aToIdle, aOut, idleIn, idleOut)).containsExactly(
                new ContextSwitch(100, 1, 40, 41, ThreadState.SLEEPING, UNKNOWN_TID, 0,
                        new long[] {KERNEL_SCHEDULE, KERNEL_NANOSLEEP}, new long[] {USER_SLEEPER}),
                new ContextSwitch(300, 1, 0, 0, ThreadState.RUNNABLE, 40, 41, new long[0], new long[0]));
    }

    @Test
    void withoutTracepointsSwitchRecordsSayOnlyWhetherTheThreadWasPreempted() {
        byte[] preempted = switchRecord(PerfRecordDecoder.MISC_SWITCH_OUT | PerfRecordDecoder.MISC_SWITCH_OUT_PREEMPT,
                40, 41, 10, 0);
        byte[] voluntary = switchRecord(PerfRecordDecoder.MISC_SWITCH_OUT, 40, 41, 20, 0);
        byte[] in = switchRecord(0, 40, 41, 30, 1);

        assertThat(decode(fallbackDecoder(), preempted, voluntary, in)).containsExactly(
                new ContextSwitch(10, 0, 40, 41, ThreadState.RUNNABLE, UNKNOWN_TID, UNKNOWN_TID, new long[0],
                        new long[0]),
                new ContextSwitch(20, 0, 40, 41, ThreadState.UNKNOWN, UNKNOWN_TID, UNKNOWN_TID, new long[0],
                        new long[0]),
                new ContextSwitch(30, 1, UNKNOWN_TID, UNKNOWN_TID, ThreadState.UNKNOWN, 40, 41, new long[0],
                        new long[0]));
    }

    @Test
    void aCpuWideSwitchOutIsTheWholeSwitchAndItsSwitchInTwinIsSkipped() {
        byte[] out = new RecordWriter(PerfRecordDecoder.RECORD_SWITCH_CPU_WIDE,
                PerfRecordDecoder.MISC_SWITCH_OUT | PerfRecordDecoder.MISC_SWITCH_OUT_PREEMPT).u32(50).u32(51)
                .sampleId(40, 41, 10, 1).build();
        byte[] in = new RecordWriter(PerfRecordDecoder.RECORD_SWITCH_CPU_WIDE, 0).u32(40).u32(41)
                .sampleId(50, 51, 11, 1).build();

        assertThat(decode(fallbackDecoder(), out, in)).containsExactly(new ContextSwitch(10, 1, 40, 41,
                ThreadState.RUNNABLE, 50, 51, new long[0], new long[0]));
    }

    @Test
    void lostSamplesAreCountedWithTheirTimeAndCpu() {
        byte[] lost = new RecordWriter(PerfRecordDecoder.RECORD_LOST_SAMPLES, 0).u64(12).sampleId(1, 1, 700, 1)
                .build();

        assertThat(decode(fallbackDecoder(), lost)).containsExactly(new LostRecords(700, 1, 12));
    }

    @Test
    void namesASampleOfAnEventTheRecordingDidNotOpen() throws IOException {
        byte[] sample = tracepointSample(999, 40, 41, 1000, 1, switchRaw618(41, 0x1, 0));

        assertThatThrownBy(() -> decode(decoder("sched_switch-6.18.format"), sample))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("perf sample at offset 0 names event id 999, which this recording did not open");
    }

    @Test
    void rejectsRawDataBeyondItsRecord() throws IOException {
        byte[] sample = tracepointSample(SWITCH_ID, 40, 41, 1000, 1, switchRaw618(41, 0x1, 0));
        ByteBuffer.wrap(sample).order(ByteOrder.nativeOrder()).putInt(sample.length - 72, 4000);

        assertThatThrownBy(() -> decode(decoder("sched_switch-6.18.format"), sample))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sched:sched_switch at offset 0 claims 4000 bytes of raw data");
    }

    @Test
    void rejectsATracepointFieldOutsideTheRawData() throws IOException {
        byte[] sample = tracepointSample(SWITCH_ID, 40, 41, 1000, 1, new byte[40]);

        assertThatThrownBy(() -> decode(decoder("sched_switch-6.18.format"), sample))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("lies beyond the");
    }
}
