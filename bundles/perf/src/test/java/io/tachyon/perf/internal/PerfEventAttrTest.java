package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

/** Compares the hand-encoded attr with the one C fills in field by field from linux/perf_event.h. */
class PerfEventAttrTest {

    @TempDir
    Path directory;

    @Test
    void encodesTheSameBytesAsTheKernelHeader() throws Exception {
        KernelAccess.assumeGcc();
        Path dump = KernelAccess.compile("attr_dump.c", directory);

        String plain = KernelAccess.run(List.of(dump.toString(), "0")).trim();
        String everything = KernelAccess.run(List.of(dump.toString(), "1")).trim();
        String tracepoint = KernelAccess.run(List.of(dump.toString(), "2")).trim();
        String tracepointWithUserStack = KernelAccess.run(List.of(dump.toString(), "3")).trim();
        String sideBand = KernelAccess.run(List.of(dump.toString(), "4")).trim();
        String plainSideBand = KernelAccess.run(List.of(dump.toString(), "5")).trim();

        assertThat(HexFormat.of().formatHex(PerfEventAttr.cpuClock(997, false, true, false, false).toBytes()))
                .isEqualTo(plain);
        assertThat(HexFormat.of().formatHex(PerfEventAttr.cpuClock(997, true, false, true, true).toBytes()))
                .isEqualTo(everything);
        assertThat(HexFormat.of().formatHex(PerfEventAttr.sideBand(false, true, true, true, true).toBytes()))
                .isEqualTo(sideBand);
        assertThat(HexFormat.of().formatHex(PerfEventAttr.sideBand(true, false, false, false, false).toBytes()))
                .isEqualTo(plainSideBand);
        assertThat(HexFormat.of().formatHex(PerfEventAttr.tracepoint(EventKind.SCHED_SWITCH, 372, true, false, true,
                true).toBytes())).isEqualTo(tracepoint);
        assertThat(HexFormat.of().formatHex(PerfEventAttr.tracepoint(EventKind.SCHED_SWITCH, 372, true, false, true,
                true).withUserStack(0x1c0, 512).toBytes())).isEqualTo(tracepointWithUserStack);
    }

    @Test
    void dropsOnlyTheBuildIdBit() {
        PerfEventAttr attr = PerfEventAttr.sideBand(true, true, false, true, true);

        assertThat(attr.flags() ^ attr.withoutBuildId().flags()).isEqualTo(1L << PerfEventAttr.BIT_BUILD_ID);
    }

    @Test
    void copiesNoUserStateWhenEitherTheRegistersOrTheStackAreLeftOut() {
        PerfEventAttr attr = PerfEventAttr.tracepoint(EventKind.SCHED_WAKING, 375, true, true, false, false);

        assertThat(attr.withUserStack(0x1c0, 0)).isEqualTo(attr);
        assertThat(attr.withUserStack(0, 512)).isEqualTo(attr);
        assertThat(attr.withUserStack(0x1c0, 512).sampleType() & ~attr.sampleType())
                .isEqualTo(PerfEventAttr.SAMPLE_REGS_USER | PerfEventAttr.SAMPLE_STACK_USER);
    }
}
