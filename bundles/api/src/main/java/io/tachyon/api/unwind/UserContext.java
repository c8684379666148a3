package io.tachyon.api.unwind;

import java.nio.ByteBuffer;
import java.util.Map;
import java.util.Objects;

/**
 * A thread's user-space state at one moment, as perf gives it with {@code PERF_SAMPLE_REGS_USER} and
 * {@code PERF_SAMPLE_STACK_USER}: the registers and a copy of the stack from the stack pointer upward.
 *
 * <p>The unwinder reads {@code stack} with absolute gets in the architecture's byte order and never changes it
 * or its position; the caller may reuse the buffer once {@link UserStackUnwinder#unwind} has returned.
 *
 * @param architecture   the architecture the registers belong to, as the collector names it
 *                       ({@link #X86_64}, {@link #AARCH64})
 * @param ip             the instruction pointer (x86_64 rip, aarch64 pc)
 * @param sp             the stack pointer (x86_64 rsp, aarch64 sp)
 * @param fp             the frame pointer (x86_64 rbp, aarch64 x29)
 * @param otherRegisters further registers by their DWARF number for the architecture (x86_64: rax 0, rdx 1,
 *                       rcx 2, rbx 3, rsi 4, rdi 5, r8..r15 8..15; aarch64: x0..x30 0..30, so the link
 *                       register x30 is key 30); empty when only ip, sp and fp were recorded
 * @param stack          the bytes of the stack copy, from index 0 to the buffer's limit (perf's
 *                       {@code dyn_size} bytes, not the requested size)
 * @param stackAddress   the address of {@code stack.get(0)} in the thread (perf copies from {@code sp})
 */
public record UserContext(String architecture, long ip, long sp, long fp, Map<Integer, Long> otherRegisters,
        ByteBuffer stack, long stackAddress) {

    public static final String X86_64 = "x86_64";
    public static final String AARCH64 = "aarch64";

    public UserContext {
        Objects.requireNonNull(architecture, "architecture");
        otherRegisters = Map.copyOf(otherRegisters);
        Objects.requireNonNull(stack, "stack");
    }

    /** A context of ip, sp and fp only, with the stack copied from {@code sp}. */
    public UserContext(String architecture, long ip, long sp, long fp, ByteBuffer stack) {
        this(architecture, ip, sp, fp, Map.of(), stack, sp);
    }
}
