package io.tachyon.perf.spi;

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

    /** The ioctl request {@code PERF_EVENT_IOC_SET_OUTPUT}. */
    long perfEventIocSetOutput();

    /** The number of {@code SIGCONT}, which resumes a launched command stopped until recording is ready. */
    int signalContinue();

    /**
     * The lowest address of kernel space. Used for the kernel's module mapping when {@code /proc/kallsyms}
     * hides its addresses ({@code kernel.kptr_restrict}).
     */
    long kernelSpaceStart();
}
