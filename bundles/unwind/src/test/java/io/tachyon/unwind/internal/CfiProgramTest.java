package io.tachyon.unwind.internal;

import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.unwind.UserContext;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import static org.assertj.core.api.Assertions.assertThat;

/** CFA programs and unwinds over hand-built {@code .eh_frame} bytes and hand-built stacks. */
class CfiProgramTest {

    static final int DEF_CFA = 0x0c;
    static final int DEF_CFA_REGISTER = 0x0d;
    static final int DEF_CFA_OFFSET = 0x0e;
    static final int DEF_CFA_EXPRESSION = 0x0f;
    static final int OFFSET_RBX = 0x80 | 3;
    static final int OFFSET_RBP = 0x80 | 6;
    static final int OFFSET_RA = 0x80 | 16;
    static final int RESTORE_RBX = 0xc0 | 3;
    static final int REMEMBER_STATE = 0x0a;
    static final int RESTORE_STATE = 0x0b;
    static final int UNDEFINED = 0x07;
    static final int SAME_VALUE = 0x08;
    static final int OFFSET_EXTENDED_SF = 0x11;
    static final int ADVANCE_LOC1 = 0x02;
    static final int ADVANCE_LOC2 = 0x03;
    static final int NOP = 0x00;

    static int advance(int delta) {
        return 0x40 | delta;
    }

    /** CIE: CFA = rsp + 8, return address at CFA - 8 (what gcc emits for x86_64). */
    static final int[] X86_CIE = {DEF_CFA, 7, 8, OFFSET_RA, 1};

    static final long NO_FRAME_POINTER = 0x1000;
    static final long WITH_FRAME_POINTER = 0x2000;
    static final long PLT = 0x3000;
    static final long THREAD_START = 0x4000;
    static final long ZPLR = 0x6000;

    static final long MAPPING_START = 0x55_0000_0000L;
    static final long STACK = 0x7ffd_0000_0000L;

    private final EhFrameBuilder builder = new EhFrameBuilder();
    private final ModuleUnwindTables tables;

    CfiProgramTest() {
        int cie = builder.cie(X86_CIE);
        // push rbx; sub $32, rsp; ... remember; epilogue (add, pop, ret); restore
        builder.fde(cie, NO_FRAME_POINTER, NO_FRAME_POINTER + 0x100, false,
                advance(1), DEF_CFA_OFFSET, 16, OFFSET_RBX, 2,
                advance(4), DEF_CFA_OFFSET, 48,
                ADVANCE_LOC1, 0x20, REMEMBER_STATE, DEF_CFA_OFFSET, 16,
                advance(4), DEF_CFA_OFFSET, 8, RESTORE_RBX,
                advance(1), RESTORE_STATE,
                ADVANCE_LOC2, 0x10, 0x00, SAME_VALUE, 3);
        // push rbp; mov rsp, rbp
        builder.fde(cie, WITH_FRAME_POINTER, WITH_FRAME_POINTER + 0x100, false,
                advance(1), DEF_CFA_OFFSET, 16, OFFSET_RBP, 2,
                advance(3), DEF_CFA_REGISTER, 6);
        // The PLT: CFA = rsp + 8 + ((rip & 15) >= 11 ? 8 : 0)
        builder.fde(cie, PLT, PLT + 0x40, false,
                DEF_CFA_OFFSET, 16, advance(6), DEF_CFA_OFFSET, 24,
                advance(10), DEF_CFA_EXPRESSION, 11, 0x77, 8, 0x80, 0, 0x3f, 0x1a, 0x3b, 0x2a, 0x33, 0x24, 0x22);
        builder.fde(cie, THREAD_START, THREAD_START + 0x40, false, UNDEFINED, 16);
        int plr = builder.ciePlr(X86_CIE);
        builder.fde(plr, ZPLR, ZPLR + 0x80, true, advance(2), DEF_CFA_OFFSET, 32, OFFSET_EXTENDED_SF, 6, 0x7d, NOP);
        tables = builder.tables(true);
    }

    private CfiRow rowAt(long address) {
        EhFrame.Fde fde = tables.fdeFor(address);
        assertThat(fde).as("FDE for 0x%x", address).isNotNull();
        return new CfiInterpreter(X86_64HybridUnwinder.REGISTERS).rowAt(tables.ehFrame(), fde, address);
    }

    private static String cfa(CfiRow row) {
        return row.cfaIsExpression() ? "exp" : "r" + row.cfaRegister + (row.cfaOffset >= 0 ? "+" : "")
                + row.cfaOffset;
    }

    @Test
    void followsOffsetsAdvancesAndRememberedState() {
        assertThat(cfa(rowAt(NO_FRAME_POINTER))).isEqualTo("r7+8");
        CfiRow entry = rowAt(NO_FRAME_POINTER);
        assertThat(entry.ruleKinds[16]).isEqualTo(CfiRow.OFFSET);
        assertThat(entry.ruleValues[16]).isEqualTo(-8);
        assertThat(entry.ruleKinds[3]).isEqualTo(CfiRow.SAME_VALUE);

        CfiRow pushed = rowAt(NO_FRAME_POINTER + 1);
        assertThat(cfa(pushed)).isEqualTo("r7+16");
        assertThat(pushed.ruleKinds[3]).isEqualTo(CfiRow.OFFSET);
        assertThat(pushed.ruleValues[3]).isEqualTo(-16);

        assertThat(cfa(rowAt(NO_FRAME_POINTER + 5))).isEqualTo("r7+48");
        assertThat(cfa(rowAt(NO_FRAME_POINTER + 0x24))).isEqualTo("r7+48");
        assertThat(cfa(rowAt(NO_FRAME_POINTER + 0x25))).isEqualTo("r7+16");
        CfiRow epilogue = rowAt(NO_FRAME_POINTER + 0x29);
        assertThat(cfa(epilogue)).isEqualTo("r7+8");
        assertThat(epilogue.ruleKinds[3]).as("DW_CFA_restore gives rbx the CIE's rule back")
                .isEqualTo(CfiRow.SAME_VALUE);
        CfiRow restored = rowAt(NO_FRAME_POINTER + 0x2a);
        assertThat(cfa(restored)).as("DW_CFA_restore_state").isEqualTo("r7+48");
        assertThat(restored.ruleKinds[3]).isEqualTo(CfiRow.OFFSET);
        assertThat(rowAt(NO_FRAME_POINTER + 0x2a + 0x10).ruleKinds[3]).as("DW_CFA_same_value after advance_loc2")
                .isEqualTo(CfiRow.SAME_VALUE);
        assertThat(rowAt(NO_FRAME_POINTER + 0x2a + 0xf).ruleKinds[3]).isEqualTo(CfiRow.OFFSET);
        assertThat(tables.fdeFor(NO_FRAME_POINTER + 0x100)).as("FDE ranges are half-open").isNull();
    }

    @Test
    void framePointerFunctionSwitchesToRbp() {
        assertThat(cfa(rowAt(WITH_FRAME_POINTER + 3))).isEqualTo("r7+16");
        CfiRow body = rowAt(WITH_FRAME_POINTER + 4);
        assertThat(cfa(body)).isEqualTo("r6+16");
        assertThat(body.ruleValues[6]).isEqualTo(-16);
    }

    @Test
    void zplrAugmentationIsSkippedToTheInstructions() {
        CfiRow row = rowAt(ZPLR + 2);
        assertThat(cfa(row)).isEqualTo("r7+32");
        assertThat(row.ruleKinds[6]).isEqualTo(CfiRow.OFFSET);
        assertThat(row.ruleValues[6]).as("offset_extended_sf: -3 * -8").isEqualTo(24);
        assertThat(tables.fdeFor(ZPLR).pcEnd()).isEqualTo(ZPLR + 0x80);
    }

    @Test
    void headerTableAndScanFindTheSameEntries() {
        ModuleUnwindTables scanned = builder.tables(false);
        assertThat(scanned.fdes().size()).isEqualTo(tables.fdes().size()).isEqualTo(5);
        for (long address : new long[] {NO_FRAME_POINTER, WITH_FRAME_POINTER + 7, PLT + 0x3f, THREAD_START, ZPLR}) {
            assertThat(scanned.fdeFor(address)).isEqualTo(tables.fdeFor(address));
        }
        assertThat(tables.fdeFor(0x0fff)).isNull();
        assertThat(tables.fdeFor(0x2100)).isNull();
    }

    /** A leaf without frame pointer, called by a frame-pointer function, called by a thread start. */
    @Test
    void unwindsThroughCfiThenSplicesTheKernelChain() {
        Stack stack = new Stack();
        long outerRbp = STACK + 0x200;
        // frame of the frame-pointer function: saved rbp at rbp, return address at rbp + 8
        long fpFrame = STACK + 0x100;
        stack.put(fpFrame, outerRbp);
        stack.put(fpFrame + 8, address(THREAD_START + 0x10));
        // the leaf at +5: CFA = rsp + 48, rbx saved at CFA - 16, return address at CFA - 8
        long sp = STACK + 0x40;
        stack.put(sp + 32, 0xb0b);
        stack.put(sp + 40, address(WITH_FRAME_POINTER + 0x20));
        long[] kernelChain = {address(NO_FRAME_POINTER + 5), address(THREAD_START + 0x10), 0xdead};
        UserContext context = new UserContext(UserContext.X86_64, address(NO_FRAME_POINTER + 5), sp, fpFrame,
                stack.buffer(0x200));

        long[] frames = unwinder().unwind(context, this::mapping, kernelChain);

        assertThat(frames).containsExactly(address(NO_FRAME_POINTER + 5), address(WITH_FRAME_POINTER + 0x20),
                address(THREAD_START + 0x10), 0xdead);
        assertThat(kernelChain).as("the kernel chain skipped the caller of the leaf")
                .doesNotContain(address(WITH_FRAME_POINTER + 0x20));
    }

    @Test
    void endsAtAnUndefinedReturnAddress() {
        Stack stack = new Stack();
        long sp = STACK + 0x40;
        stack.put(sp, address(THREAD_START + 4));
        UserContext context = new UserContext(UserContext.X86_64, address(NO_FRAME_POINTER), sp, 0,
                stack.buffer(0x100));
        assertThat(unwinder().unwind(context, this::mapping, new long[0]))
                .containsExactly(address(NO_FRAME_POINTER), address(THREAD_START + 4));
    }

    @Test
    void evaluatesThePltExpression() {
        Stack stack = new Stack();
        long sp = STACK + 0x40;
        stack.put(sp, address(THREAD_START + 4));
        stack.put(sp + 8, address(THREAD_START + 8));
        UserContext early = new UserContext(UserContext.X86_64, address(PLT + 0x10 + 4), sp, 0, stack.buffer(0x100));
        UserContext late = new UserContext(UserContext.X86_64, address(PLT + 0x10 + 11), sp, 0, stack.buffer(0x100));
        assertThat(unwinder().unwind(early, this::mapping, new long[0])).as("rip & 15 < 11: CFA = rsp + 8")
                .containsExactly(address(PLT + 0x14), address(THREAD_START + 4));
        assertThat(unwinder().unwind(late, this::mapping, new long[0])).as("rip & 15 >= 11: CFA = rsp + 16")
                .containsExactly(address(PLT + 0x1b), address(THREAD_START + 8));
    }

    @Test
    void stackCopyTooShortFallsBackToTheKernelChain() {
        Stack stack = new Stack();
        long sp = STACK + 0x40;
        long[] kernelChain = {address(NO_FRAME_POINTER + 5), address(THREAD_START + 0x10)};
        UserContext context = new UserContext(UserContext.X86_64, address(NO_FRAME_POINTER + 5), sp, STACK + 0x100,
                stack.buffer(0x48));
        assertThat(unwinder().unwind(context, this::mapping, kernelChain)).isEqualTo(kernelChain);
    }

    @Test
    void otherArchitecturesAreLeftAsTheyAre() {
        long[] kernelChain = {1, 2, 3};
        UserContext context = new UserContext(UserContext.AARCH64, 1, STACK, STACK, ByteBuffer.allocate(0));
        assertThat(unwinder().unwind(context, this::mapping, kernelChain)).isSameAs(kernelChain);
    }

    private X86_64HybridUnwinder unwinder() {
        return new X86_64HybridUnwinder(mapping -> tables);
    }

    private ModuleMapping mapping(long address) {
        return address >= MAPPING_START && address < MAPPING_START + 0x10000
                ? new ModuleMapping(0, 1, 1, MAPPING_START, 0x10000, 0, "/synthetic", null)
                : null;
    }

    private static long address(long vaddr) {
        return MAPPING_START + vaddr;
    }

    /** A stack region starting at {@link #STACK}, with a context whose copy starts at a given sp. */
    private static final class Stack {
        private final ByteBuffer bytes = ByteBuffer.allocate(0x1000).order(ByteOrder.LITTLE_ENDIAN);

        void put(long address, long value) {
            bytes.putLong((int) (address - STACK), value);
        }

        /** The copy from sp (STACK + 0x40) up to STACK + {@code end}, as perf takes it. */
        ByteBuffer buffer(int end) {
            return ByteBuffer.wrap(bytes.array(), 0x40, end - 0x40).slice();
        }
    }

}
