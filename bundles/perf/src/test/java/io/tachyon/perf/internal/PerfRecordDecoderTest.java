package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Throttle;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

class PerfRecordDecoderTest {

    /** The id the cpu-clock event has in these records. */
    static final long CPU_CLOCK_ID = 77;

    private static final long KERNEL_A = 0xffffffff81001234L;
    private static final long KERNEL_B = 0xffffffff81005678L;
    private static final long USER_A = 0x401136L;
    private static final long USER_B = 0x401180L;

    private final List<CaptureEvent> events = new ArrayList<>();

    private List<CaptureEvent> decode(PerfRecordDecoder decoder, byte[]... records) {
        ByteBuffer buffer = RecordWriter.buffer(records);
        int offset = 0;
        while (offset < buffer.limit()) {
            offset += decoder.decode(buffer, offset, events::add);
        }
        return events;
    }

    private static RecordWriter sampleHeader(int misc, long ip, int pid, int tid, long time, int cpu, long period) {
        return new RecordWriter(PerfRecordDecoder.RECORD_SAMPLE, misc).u64(CPU_CLOCK_ID).u64(ip).u32(pid).u32(tid)
                .u64(time).u32(cpu).u32(0).u64(period);
    }

    /** A decoder of a recording with the cpu-clock event alone. */
    static PerfRecordDecoder cpuClockDecoder(boolean callChain) {
        return new PerfRecordDecoder(Map.of(CPU_CLOCK_ID, EventKind.CPU_CLOCK), callChain, null);
    }

    @Test
    void splitsTheCallChainAtContextMarkersLeafFirst() {
        byte[] record = sampleHeader(PerfRecordDecoder.MISC_KERNEL, KERNEL_A, 10, 11, 5000, 1, 1_000_000).u64(6)
                .u64(PerfRecordDecoder.CONTEXT_KERNEL).u64(KERNEL_A).u64(KERNEL_B)
                .u64(PerfRecordDecoder.CONTEXT_USER).u64(USER_A).u64(USER_B).build();

        assertThat(decode(cpuClockDecoder(true), record)).singleElement().isEqualTo(
                new Sample(5000, 1, 10, 11, 1_000_000, new long[] {KERNEL_A, KERNEL_B}, new long[] {USER_A, USER_B}));
    }

    @Test
    void dropsHypervisorFramesAndKeepsUserOnlyChains() {
        byte[] record = sampleHeader(2, USER_A, 10, 12, 6000, 0, 500).u64(4).u64(PerfRecordDecoder.CONTEXT_HV)
                .u64(0xdeadL).u64(PerfRecordDecoder.CONTEXT_USER).u64(USER_A).build();

        Sample sample = (Sample) decode(cpuClockDecoder(true), record).get(0);

        assertThat(sample.kernelFrames()).isEmpty();
        assertThat(sample.userFrames()).containsExactly(USER_A);
    }

    @Test
    void withoutCallChainsPutsTheIpWhereTheCpuModeSays() {
        byte[] inKernel = sampleHeader(PerfRecordDecoder.MISC_KERNEL, KERNEL_A, 1, 1, 1, 0, 1).build();
        byte[] inUser = sampleHeader(2, USER_A, 1, 1, 2, 0, 1).build();

        List<CaptureEvent> decoded = decode(cpuClockDecoder(false), inKernel, inUser);

        assertThat(((Sample) decoded.get(0)).kernelFrames()).containsExactly(KERNEL_A);
        assertThat(((Sample) decoded.get(0)).userFrames()).isEmpty();
        assertThat(((Sample) decoded.get(1)).kernelFrames()).isEmpty();
        assertThat(((Sample) decoded.get(1)).userFrames()).containsExactly(USER_A);
    }

    @Test
    void rejectsACallChainLongerThanItsRecord() {
        byte[] record = sampleHeader(2, USER_A, 1, 1, 1, 0, 1).u64(100).u64(USER_A).build();

        assertThatThrownBy(() -> decode(cpuClockDecoder(true), record))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("claims 100 call-chain entries");
    }

    @Test
    void decodesExecutableMmap2WithBuildId() {
        byte[] buildId = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef01234567");
        byte[] record = new RecordWriter(PerfRecordDecoder.RECORD_MMAP2, PerfRecordDecoder.MISC_MMAP_BUILD_ID)
                .u32(42).u32(43).u64(0x400000).u64(0x2000).u64(0x1000)
                .u8(20).u8(0).u8(0).u8(0).raw(buildId)
                .u32(0x5).u32(0x2).string("/usr/bin/busy").sampleId(42, 43, 7000, 3).build();

        assertThat(decode(cpuClockDecoder(true), record)).singleElement().isEqualTo(new ModuleMapping(7000, 42,
                43, 0x400000, 0x2000, 0x1000, "/usr/bin/busy", "0123456789abcdef0123456789abcdef01234567"));
    }

    @Test
    void decodesMmap2WithInodeAndSkipsDataMappings() {
        byte[] executable = new RecordWriter(PerfRecordDecoder.RECORD_MMAP2, 2).u32(1).u32(1).u64(0x7f0000000000L)
                .u64(0x1000).u64(0).u32(8).u32(1).u64(1234).u64(0).u32(0x4).u32(0x2).string("[vdso]")
                .sampleId(1, 1, 10, 0).build();
        byte[] data = new RecordWriter(PerfRecordDecoder.RECORD_MMAP2, PerfRecordDecoder.MISC_MMAP_DATA).u32(1).u32(1)
                .u64(0x600000).u64(0x1000).u64(0).u32(8).u32(1).u64(99).u64(0).u32(0x3).u32(0x2).string("/data")
                .sampleId(1, 1, 11, 0).build();

        assertThat(decode(cpuClockDecoder(false), executable, data)).singleElement()
                .isEqualTo(new ModuleMapping(10, 1, 1, 0x7f0000000000L, 0x1000, 0, "[vdso]", null));
    }

    @Test
    void decodesLegacyMmap() {
        byte[] record = new RecordWriter(PerfRecordDecoder.RECORD_MMAP, 2).u32(5).u32(6).u64(0x1000).u64(0x3000)
                .u64(0x200).string("/lib/libc.so.6").sampleId(5, 6, 99, 1).build();

        assertThat(decode(cpuClockDecoder(false), record)).singleElement()
                .isEqualTo(new ModuleMapping(99, 5, 6, 0x1000, 0x3000, 0x200, "/lib/libc.so.6", null));
    }

    @Test
    void decodesCommWithAndWithoutExec() {
        byte[] exec = new RecordWriter(PerfRecordDecoder.RECORD_COMM, PerfRecordDecoder.MISC_COMM_EXEC).u32(7).u32(7)
                .string("busy").sampleId(7, 7, 100, 0).build();
        byte[] rename = new RecordWriter(PerfRecordDecoder.RECORD_COMM, 0).u32(7).u32(8).string("worker-1")
                .sampleId(7, 8, 101, 0).build();

        assertThat(decode(cpuClockDecoder(false), exec, rename)).containsExactly(
                new ThreadName(100, 7, 7, "busy", true), new ThreadName(101, 7, 8, "worker-1", false));
    }

    @Test
    void decodesForkExitLostAndThrottle() {
        byte[] fork = new RecordWriter(PerfRecordDecoder.RECORD_FORK, 0).u32(7).u32(7).u32(9).u32(7).u64(1)
                .sampleId(7, 9, 200, 1).build();
        byte[] exit = new RecordWriter(PerfRecordDecoder.RECORD_EXIT, 0).u32(7).u32(7).u32(9).u32(9).u64(1)
                .sampleId(7, 9, 300, 1).build();
        byte[] lost = new RecordWriter(PerfRecordDecoder.RECORD_LOST, 0).u64(1).u64(17).sampleId(0, 0, 400, 2).build();
        byte[] throttle = new RecordWriter(PerfRecordDecoder.RECORD_THROTTLE, 0).u64(500).u64(1).u64(1)
                .sampleId(0, 0, 500, 3).build();
        byte[] unthrottle = new RecordWriter(PerfRecordDecoder.RECORD_UNTHROTTLE, 0).u64(600).u64(1).u64(1)
                .sampleId(0, 0, 600, 3).build();

        assertThat(decode(cpuClockDecoder(true), fork, exit, lost, throttle, unthrottle)).containsExactly(
                new ThreadStart(200, 7, 9, 7, 7), new ThreadExit(300, 7, 9), new LostRecords(400, 2, 17),
                new Throttle(500, 3, true), new Throttle(600, 3, false));
    }

    @Test
    void skipsUnknownRecordsBySize() {
        byte[] unknown = new RecordWriter(21, 0).u64(1).u64(2).u64(3).build();
        byte[] exit = new RecordWriter(PerfRecordDecoder.RECORD_EXIT, 0).u32(3).u32(1).u32(3).u32(1).u64(1)
                .sampleId(3, 3, 50, 0).build();

        assertThat(decode(cpuClockDecoder(false), unknown, exit)).containsExactly(new ThreadExit(50, 3, 3));
    }

    @Test
    void namesTheRecordWhoseSizeOverrunsTheBuffer() {
        ByteBuffer buffer = ByteBuffer.allocate(16).order(ByteOrder.nativeOrder());
        buffer.putInt(0, PerfRecordDecoder.RECORD_COMM).putShort(6, (short) 64);

        assertThatThrownBy(() -> cpuClockDecoder(false).decode(buffer, 0, events::add))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perf record of type 3 at offset 0 has size 64, beyond the 16 bytes available");
    }

    @Test
    void rejectsARecordTooShortForItsLayout() {
        byte[] exit = new RecordWriter(PerfRecordDecoder.RECORD_EXIT, 0).u64(1).build();

        assertThatThrownBy(() -> decode(cpuClockDecoder(false), exit))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("type 4 at offset 0 has size 16");
    }
}
