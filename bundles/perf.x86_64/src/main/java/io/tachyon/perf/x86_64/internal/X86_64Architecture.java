package io.tachyon.perf.x86_64.internal;

import io.tachyon.api.unwind.UserContext;
import io.tachyon.perf.spi.PerfArchitecture;
import org.osgi.service.component.annotations.Component;

import java.nio.ByteBuffer;

/**
 * The x86_64 facts of the perf collector, from the kernel's x86_64 ABI: {@code __NR_perf_event_open} in
 * arch/x86/entry/syscalls/syscall_64.tbl, the asm-generic ioctl encoding ({@code _IO('$', n)}) and signal
 * numbers, the canonical upper half of the address space, and the user registers of
 * {@code arch/x86/include/uapi/asm/perf_regs.h}.
 */
@Component(service = PerfArchitecture.class)
public final class X86_64Architecture implements PerfArchitecture {

    static final String NAME = "x86_64";
    static final long PERF_EVENT_OPEN = 298;
    /** {@code _IO('$', nr)}: direction none, size 0, type '$' (0x24) in bits 8-15. */
    private static final long PERF_EVENT_IOC_BASE = '$' << 8;
    static final int SIGCONT = 18;
    /**
     * The start of kernel space with 5-level paging; with 4-level paging it begins at 0xffff800000000000 and
     * nothing is mapped between the two.
     */
    static final long KERNEL_SPACE_START = 0xff00_0000_0000_0000L;
    static final int PERF_REG_X86_BP = 6;
    static final int PERF_REG_X86_SP = 7;
    static final int PERF_REG_X86_IP = 8;
    /** rbp, rsp, rip: what the hybrid CFI / frame-pointer unwinder needs; perf writes them in this bit order. */
    static final long USER_REGISTER_MASK = (1L << PERF_REG_X86_BP) | (1L << PERF_REG_X86_SP)
            | (1L << PERF_REG_X86_IP);
    private static final int BP_INDEX = 0;
    private static final int SP_INDEX = 1;
    private static final int IP_INDEX = 2;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public long perfEventOpenSyscall() {
        return PERF_EVENT_OPEN;
    }

    @Override
    public long perfEventIocEnable() {
        return PERF_EVENT_IOC_BASE;
    }

    @Override
    public long perfEventIocDisable() {
        return PERF_EVENT_IOC_BASE | 1;
    }

    @Override
    public long perfEventIocSetOutput() {
        return PERF_EVENT_IOC_BASE | 5;
    }

    @Override
    public int signalContinue() {
        return SIGCONT;
    }

    @Override
    public long kernelSpaceStart() {
        return KERNEL_SPACE_START;
    }

    @Override
    public long userRegisterMask() {
        return USER_REGISTER_MASK;
    }

    @Override
    public UserContext userContext(long[] registers, ByteBuffer stack) {
        if (registers.length != Long.bitCount(USER_REGISTER_MASK)) {
            throw new IllegalArgumentException("x86_64 user registers bp, sp, ip expected, got " + registers.length
                    + " values");
        }
        return new UserContext(UserContext.X86_64, registers[IP_INDEX], registers[SP_INDEX], registers[BP_INDEX],
                stack);
    }
}
