package io.tachyon.perf.x86_64.internal;

import io.tachyon.perf.spi.PerfArchitecture;
import org.osgi.service.component.annotations.Component;

/**
 * The x86_64 facts of the perf collector, from the kernel's x86_64 ABI: {@code __NR_perf_event_open} in
 * arch/x86/entry/syscalls/syscall_64.tbl, the asm-generic ioctl encoding ({@code _IO('$', n)}) and signal
 * numbers, and the canonical upper half of the address space.
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
}
