package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.unwind.ModuleLookup;
import io.tachyon.api.unwind.UserContext;
import io.tachyon.api.unwind.UserStackUnwinder;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** REGS_USER and STACK_USER in hand-built samples: read in perf's order, handed to the unwinder, never fatal. */
class UserStackDecodingTest {

    private static final long CPU_CLOCK_ID = 11;
    private static final long SWITCH_ID = 12;
    private static final long WAKING_ID = 13;
    private static final long KERNEL_SCHEDULE = 0xffffffff81000100L;
    private static final long USER_LIBC = 0x7f0000001234L;
    private static final long USER_CALLER = 0x401100L;
    private static final long BP = 0x7ffd0000_1000L;
    private static final long SP = 0x7ffd0000_0f00L;
    private static final long IP = 0x7f0000001230L;
    private static final long[] UNWOUND = {IP, 0x7f0000002000L, 0x401050L, USER_CALLER};

    /** Remembers what it was asked and answers {@link #UNWOUND}, or throws when told to. */
    private static final class RecordingUnwinder implements UserStackUnwinder {
        final List<UserContext> contexts = new ArrayList<>();
        final List<ModuleLookup> lookups = new ArrayList<>();
        final List<long[]> chains = new ArrayList<>();
        boolean fail;

        @Override
        public long[] unwind(UserContext context, ModuleLookup modules, long[] framePointerChain) {
            if (fail) {
                throw new IllegalStateException("unwinder bug");
            }
            contexts.add(context);
            lookups.add(modules);
            chains.add(framePointerChain);
            return UNWOUND;
        }
    }

    private final RecordingUnwinder unwinder = new RecordingUnwinder();
    private final UserStackUnwinding unwinding = new UserStackUnwinding(unwinder, KernelAccess.x86_64());
    private final List<CaptureEvent> events = new ArrayList<>();

    private PerfRecordDecoder decoder() throws IOException {
        return new PerfRecordDecoder(Map.of(CPU_CLOCK_ID, EventKind.CPU_CLOCK, SWITCH_ID, EventKind.SCHED_SWITCH,
                WAKING_ID, EventKind.SCHED_WAKING), true, SchedTracepoints.of(format("sched_switch-6.18.format"),
                format("sched_waking-6.18.format")), Set.of(EventKind.CPU_CLOCK, EventKind.SCHED_SWITCH), unwinding);
    }

    private static TracepointFormat format(String resource) throws IOException {
        try (InputStream in = UserStackDecodingTest.class.getResourceAsStream(resource)) {
            return TracepointFormat.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), resource);
        }
    }

    private List<CaptureEvent> decode(PerfRecordDecoder decoder, byte[]... records) {
        ByteBuffer buffer = RecordWriter.buffer(records);
        int offset = 0;
        while (offset < buffer.limit()) {
            offset += decoder.decode(buffer, offset, events::add);
        }
        return events;
    }

    private static byte[] switchRaw(int prevTid, int nextTid) {
        ByteBuffer raw = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        raw.putShort(0, (short) 372).putInt(4, prevTid).putInt(24, prevTid).putLong(32, 1).putInt(56, nextTid);
        return raw.array();
    }

    /** A sched_switch sample of pid 40 / tid 41 whose user chain is libc then its caller's caller. */
    private static RecordWriter switchSample() {
        return new RecordWriter(PerfRecordDecoder.RECORD_SAMPLE, PerfRecordDecoder.MISC_KERNEL).u64(SWITCH_ID)
                .u32(40).u32(41).u64(1000).u32(1).u32(0).u64(4).u64(PerfRecordDecoder.CONTEXT_KERNEL)
                .u64(KERNEL_SCHEDULE).u64(PerfRecordDecoder.CONTEXT_USER).u64(USER_LIBC).rawData(switchRaw(41, 0));
    }

    /** {@code u64 abi; u64 bp, sp, ip; u64 size; u8 data[size]; u64 dyn_size}, data counting up from 1. */
    private static RecordWriter userStack(RecordWriter sample, int size, int dynamicSize) {
        sample.u64(2).u64(BP).u64(SP).u64(IP).u64(size);
        for (int i = 0; i < size; i++) {
            sample.u8(i + 1);
        }
        return size == 0 ? sample : sample.u64(dynamicSize);
    }

    @Test
    void aSwitchSampleHandsRegistersTheValidStackBytesAndTheMappingsToTheUnwinder() throws IOException {
        PerfRecordDecoder decoder = decoder();
        ModuleMapping libc = new ModuleMapping(0, 40, 40, 0x7f0000000000L, 0x10000, 0, "/usr/lib/libc.so.6", null);
        decoder.observe(libc);

        ContextSwitch cs = (ContextSwitch) decode(decoder, userStack(switchSample(), 64, 24).build()).get(0);

        assertThat(cs.prevTid()).isEqualTo(41);
        assertThat(cs.kernelFrames()).containsExactly(KERNEL_SCHEDULE);
        assertThat(cs.userFrames()).containsExactly(UNWOUND);
        UserContext context = unwinder.contexts.get(0);
        assertThat(context.architecture()).isEqualTo(UserContext.X86_64);
        assertThat(new long[] {context.ip(), context.sp(), context.fp(), context.stackAddress()})
                .containsExactly(IP, SP, BP, SP);
        assertThat(context.stack().remaining()).isEqualTo(24);
        assertThat(context.stack().get(0)).isEqualTo((byte) 1);
        assertThat(context.stack().get(23)).isEqualTo((byte) 24);
        assertThat(unwinder.chains.get(0)).containsExactly(USER_LIBC);
        assertThat(unwinder.lookups.get(0).mappingAt(USER_LIBC)).isEqualTo(libc);
        assertThat(unwinder.lookups.get(0).mappingAt(USER_CALLER)).isNull();
    }

    @Test
    void aCpuClockSampleReadsTheStackAfterItsCallChain() throws IOException {
        byte[] sample = userStack(new RecordWriter(PerfRecordDecoder.RECORD_SAMPLE, 2).u64(CPU_CLOCK_ID).u64(IP)
                .u32(40).u32(41).u64(2000).u32(0).u32(0).u64(1_000_000).u64(2).u64(PerfRecordDecoder.CONTEXT_USER)
                .u64(IP), 16, 16).build();

        Sample decoded = (Sample) decode(decoder(), sample).get(0);

        assertThat(decoded.userFrames()).containsExactly(UNWOUND);
        assertThat(unwinder.contexts.get(0).stack().remaining()).isEqualTo(16);
    }

    @Test
    void kernelThreadsAndEmptyCopiesKeepTheKernelChainWithoutAskingTheUnwinder() throws IOException {
        byte[] kernelThread = switchSample().u64(PerfRecordDecoder.REGS_ABI_NONE).u64(0).build();
        byte[] nothingCopied = userStack(switchSample(), 32, 0).build();

        List<CaptureEvent> decoded = decode(decoder(), kernelThread, nothingCopied);

        assertThat(decoded).hasSize(2).allSatisfy(event ->
                assertThat(((ContextSwitch) event).userFrames()).containsExactly(USER_LIBC));
        assertThat(unwinder.contexts).isEmpty();
    }

    @Test
    void anUnwinderThatThrowsCostsOnlyTheCorrection() throws IOException {
        unwinder.fail = true;

        List<CaptureEvent> decoded = decode(decoder(), userStack(switchSample(), 16, 16).build(),
                userStack(switchSample(), 16, 16).build());

        assertThat(decoded).hasSize(2).allSatisfy(event ->
                assertThat(((ContextSwitch) event).userFrames()).containsExactly(USER_LIBC));
        assertThat(unwinding.failures()).isEqualTo(2);
    }

    @Test
    void aStackCopyClaimingMoreValidBytesThanItHoldsIsAnError() {
        byte[] sample = userStack(switchSample(), 16, 24).build();

        assertThatThrownBy(() -> decode(decoder(), sample)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("perf sample at offset 0 claims 24 valid bytes of a 16-byte user stack copy");
    }

    @Test
    void processMappingsFollowForkExecAndExit() {
        ProcessModules modules = new ProcessModules();
        ModuleMapping program = new ModuleMapping(0, 40, 40, 0x400000, 0x1000, 0, "/bin/program", null);
        ModuleMapping library = new ModuleMapping(0, 40, 40, 0x7f0000000000L, 0x10000, 0, "/lib/a.so", null);
        ModuleMapping replacement = new ModuleMapping(1, 40, 40, 0x7f0000000000L, 0x8000, 0, "/lib/b.so", null);
        modules.observe(program);
        modules.observe(library);
        modules.observe(new ThreadStart(2, 50, 50, 40, 40));
        modules.observe(replacement);

        assertThat(modules.of(40).mappingAt(0x400800)).isEqualTo(program);
        assertThat(modules.of(40).mappingAt(0x7f0000000100L)).isEqualTo(replacement);
        assertThat(modules.of(40).mappingAt(0x7f0000009000L)).as("past the newer, shorter mapping").isNull();
        assertThat(modules.of(40).mappingAt(0x401000)).as("one past the end").isNull();
        assertThat(modules.of(50).mappingAt(0x7f0000000100L)).as("the child's copy, from before").isEqualTo(library);

        modules.observe(new ThreadName(3, 50, 50, "other", true));
        modules.observe(new io.tachyon.api.event.ThreadExit(4, 40, 40));

        assertThat(modules.of(50).mappingAt(0x400800)).as("exec left nothing of the old program").isNull();
        assertThat(modules.of(40).mappingAt(0x400800)).as("the process exited").isNull();
    }
}
