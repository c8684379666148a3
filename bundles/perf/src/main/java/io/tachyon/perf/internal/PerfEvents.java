package io.tachyon.perf.internal;

import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.tachyon.api.collect.CollectorException;
import io.tachyon.perf.spi.PerfArchitecture;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The perf events of one recording: their file descriptors and one ring buffer per CPU. The first event
 * opened on a CPU owns that CPU's ring buffer; every later event on the CPU writes into it
 * (PERF_EVENT_IOC_SET_OUTPUT). Not thread-safe: opened by the starting thread, then used by the reader.
 */
final class PerfEvents implements AutoCloseable {

    /** What the events are for; used to explain failures. */
    record Purpose(boolean kernel, boolean systemWide, int attachPid) {
    }

    private record Mapping(int cpu, int fd, Pointer address, long length, RingBuffer ring) {
    }

    private final Libc libc;
    private final PerfArchitecture architecture;
    private final int dataPages;
    private final Purpose purpose;
    private final List<Integer> fds = new ArrayList<>();
    private final Map<Integer, Mapping> mappingsByCpu = new LinkedHashMap<>();
    private PerfEventAttr attr;
    private boolean closed;

    /**
     * @param attr      the event; its build-id request is dropped if the kernel does not know it
     * @param dataPages data pages per ring buffer, a power of two
     */
    PerfEvents(Libc libc, PerfArchitecture architecture, PerfEventAttr attr, int dataPages, Purpose purpose) {
        this.libc = libc;
        this.architecture = architecture;
        this.attr = attr;
        this.dataPages = dataPages;
        this.purpose = purpose;
    }

    /** The event as the kernel accepted it (without build-ids on kernels before 5.12). */
    PerfEventAttr attr() {
        return attr;
    }

    /**
     * Opens the event for {@code pid} (-1: every process) on {@code cpu} and connects it to the CPU's ring
     * buffer.
     *
     * @return false when the thread or process no longer exists (ESRCH)
     */
    boolean open(int pid, int cpu) throws CollectorException {
        OptionalInt fd = openFd(pid, cpu);
        if (fd.isEmpty()) {
            return false;
        }
        fds.add(fd.getAsInt());
        Mapping mapping = mappingsByCpu.get(cpu);
        if (mapping == null) {
            mappingsByCpu.put(cpu, map(cpu, fd.getAsInt()));
        } else if (libc.ioctl(fd.getAsInt(), architecture.perfEventIocSetOutput(), mapping.fd()) != 0) {
            throw failure("PERF_EVENT_IOC_SET_OUTPUT for pid " + pid + " on cpu " + cpu, Native.getLastError());
        }
        return true;
    }

    private OptionalInt openFd(int pid, int cpu) throws CollectorException {
        while (true) {
            long fd = libc.syscall(architecture.perfEventOpenSyscall(), attr.toBytes(), pid, cpu, -1, 0);
            if (fd >= 0) {
                return OptionalInt.of((int) fd);
            }
            int errno = Native.getLastError();
            if (errno == Libc.EINVAL && attr.buildId()) {
                // Kernels before 5.12 reject the build_id bit; their MMAP2 records carry inode numbers instead.
                attr = attr.withoutBuildId();
                continue;
            }
            if (errno == Libc.ESRCH) {
                return OptionalInt.empty();
            }
            throw openFailure(pid, cpu, errno);
        }
    }

    private CollectorException openFailure(int pid, int cpu, int errno) {
        String what = "perf_event_open(" + (pid == -1 ? "every process" : "pid " + pid) + ", cpu " + cpu + ")";
        return switch (errno) {
            case Libc.EACCES, Libc.EPERM -> new CollectorException(PermissionAdvice.ofThisProcess().refused(what,
                    errno == Libc.EACCES ? "EACCES" : "EPERM", purpose.kernel(), purpose.systemWide(),
                    purpose.attachPid()));
            case Libc.ENOENT, Libc.ENODEV, Libc.EOPNOTSUPP -> new CollectorException(what
                    + " failed: this kernel has no software cpu-clock event (" + libc.strerror(errno) + ")");
            case Libc.ENOSYS -> new CollectorException(what
                    + " failed: this kernel was built without perf events (CONFIG_PERF_EVENTS)");
            case Libc.EMFILE -> new CollectorException(what + " failed: too many open files; recording needs one "
                    + "file descriptor per thread and CPU. Raise the limit with `ulimit -n`.");
            case Libc.EINVAL, Libc.E2BIG -> new CollectorException(what + " failed: the kernel rejected the event "
                    + "(" + libc.strerror(errno) + "); it needs Linux 4.1 or later for use_clockid, mmap2 and "
                    + "comm_exec.");
            default -> failure(what, errno);
        };
    }

    private Mapping map(int cpu, int fd) throws CollectorException {
        long pageSize = libc.getpagesize();
        long length = (1 + (long) dataPages) * pageSize;
        Pointer address = libc.mmap(null, length, Libc.PROT_READ | Libc.PROT_WRITE, Libc.MAP_SHARED, fd, 0);
        if (Pointer.nativeValue(address) == -1L) {
            int errno = Native.getLastError();
            if (errno == Libc.EPERM || errno == Libc.ENOMEM) {
                OptionalInt limit = ProcFs.perfEventMlockKb();
                throw new CollectorException("mmap of the " + length / 1024 + " KiB ring buffer of cpu " + cpu
                        + " failed (" + libc.strerror(errno) + "): it exceeds the locked memory allowed to this user ("
                        + "kernel.perf_event_mlock_kb = " + (limit.isPresent() ? limit.getAsInt() : "unknown")
                        + " KiB, plus RLIMIT_MEMLOCK). Fix: configure fewer ring buffer pages, raise "
                        + "kernel.perf_event_mlock_kb, or run as root.");
            }
            throw failure("mmap of the ring buffer of cpu " + cpu, errno);
        }
        ByteBuffer all = address.getByteBuffer(0, length);
        ByteBuffer header = all.slice(0, (int) pageSize);
        ByteBuffer data = all.slice((int) pageSize, (int) (length - pageSize));
        return new Mapping(cpu, fd, address, length, new RingBuffer(cpu, header, data));
    }

    /** Starts counting on every event. */
    void enable() throws CollectorException {
        for (int fd : fds) {
            if (libc.ioctl(fd, architecture.perfEventIocEnable(), 0) != 0) {
                throw failure("PERF_EVENT_IOC_ENABLE", Native.getLastError());
            }
        }
    }

    /** Stops counting on every event (and the events the targets' children inherited). */
    void disable() {
        for (int fd : fds) {
            libc.ioctl(fd, architecture.perfEventIocDisable(), 0);
        }
    }

    List<RingBuffer> ringBuffers() {
        return mappingsByCpu.values().stream().map(Mapping::ring).toList();
    }

    int eventCount() {
        return fds.size();
    }

    /** Unmaps every ring buffer and closes every event. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (Mapping mapping : mappingsByCpu.values()) {
            libc.munmap(mapping.address(), mapping.length());
        }
        mappingsByCpu.clear();
        for (int fd : fds) {
            libc.close(fd);
        }
        fds.clear();
    }

    private CollectorException failure(String what, int errno) {
        return new CollectorException(what + " failed: " + libc.strerror(errno) + " (errno " + errno + ")");
    }
}
