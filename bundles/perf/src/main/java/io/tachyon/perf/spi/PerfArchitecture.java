package io.tachyon.perf.spi;

import io.tachyon.api.unwind.UserContext;

import java.nio.ByteBuffer;

/**
 * The facts about one CPU architecture that the Linux perf collector cannot learn portably at run time:
 * syscall and ioctl numbers, signal numbers and where the kernel's half of the address space begins.
 * Registered as a service by the architecture's bundle; the collector uses the one whose {@link #name()}
 * equals this machine's {@code uname -m}.
 */
public interface PerfArchitecture {

    /** The architecture as {@code uname -m} names it, e.g. {@code x86_64} or {@code aarch64}. */
    String name();

    /** The number of the {@code perf_event_open} system call ({@code __NR_perf_event_open}). */
    long perfEventOpenSyscall();

    /** The ioctl request {@code PERF_EVENT_IOC_ENABLE}. */
    long perfEventIocEnable();

    /** The ioctl request {@code PERF_EVENT_IOC_DISABLE}. */
    long perfEventIocDisable();

    /**
     * The ioctl request {@code PERF_EVENT_IOC_PERIOD} ({@code _IOW('$', 4, __u64)}), which sets a sampling event's
     * period, or its frequency when it samples by frequency. The default is the asm-generic encoding that x86 and
     * arm64 use; architectures with another ioctl encoding (powerpc, mips, sparc) override it.
     *
     * @since 1.2
     */
    default long perfEventIocPeriod() {
        long write = 1L << 30;
        long size = (long) Long.BYTES << 16;
        return write | size | '$' << 8 | 4;
    }

    /** The ioctl request {@code PERF_EVENT_IOC_SET_OUTPUT}. */
    long perfEventIocSetOutput();

    /** The number of {@code SIGCONT}, which resumes a launched command stopped until recording is ready. */
    int signalContinue();

    /**
     * The lowest address of kernel space. Used for the kernel's module mapping when {@code /proc/kallsyms}
     * hides its addresses ({@code kernel.kptr_restrict}).
     */
    long kernelSpaceStart();

    /**
     * The {@code sample_regs_user} mask (bits numbered as in the architecture's {@code asm/perf_regs.h}) of the
     * user registers a stack unwinder needs — instruction, stack and frame pointer at least — or 0 when this
     * architecture does not say, in which case the collector copies no user registers or stacks.
     */
    default long userRegisterMask() {
        return 0;
    }

    /**
     * The user context of a sample that carried the registers of {@link #userRegisterMask()} and a copy of the
     * user stack taken from the stack pointer.
     *
     * @param registers the sampled register values in ascending bit order of the mask, as perf writes them
     * @param stack     the valid bytes of the stack copy ({@code dyn_size}), from index 0
     * @throws IllegalArgumentException when {@code registers} does not hold one value per bit of the mask
     * @throws UnsupportedOperationException when {@link #userRegisterMask()} is 0
     */
    default UserContext userContext(long[] registers, ByteBuffer stack) {
        throw new UnsupportedOperationException(name() + " names no user registers for stack unwinding");
    }
}
