package io.tachyon.api.event;

import java.util.Objects;

/**
 * An executable mapping of a file into a process (PERF_RECORD_MMAP2), or of the kernel and its
 * modules (then {@code pid == KERNEL_PID}).
 *
 * @param start      first virtual address of the mapping
 * @param length     length in bytes
 * @param fileOffset offset in the file of the byte mapped at {@code start}
 * @param path       the file mapped, or a pseudo path such as {@code [vdso]} or {@link #KERNEL_PATH}
 * @param buildId    the file's GNU build-id as lowercase hex, or {@code null} when the kernel did not give it
 */
public record ModuleMapping(long time, int pid, int tid, long start, long length, long fileOffset, String path,
        String buildId) implements CaptureEvent {

    /** The pid kernel mappings are recorded under. */
    public static final int KERNEL_PID = -1;
    /** The path of the kernel image, as perf names it. */
    public static final String KERNEL_PATH = "[kernel.kallsyms]";

    public ModuleMapping {
        Objects.requireNonNull(path, "path");
    }

    public long end() {
        return start + length;
    }

    public boolean contains(long address) {
        return Long.compareUnsigned(address, start) >= 0 && Long.compareUnsigned(address, end()) < 0;
    }
}
