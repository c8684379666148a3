package io.tachyon.perf.internal;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.tachyon.api.collect.CollectorException;
import io.tachyon.perf.spi.PerfArchitecture;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.TreeMap;

/**
 * The perf events of one recording: their file descriptors and one ring buffer per CPU. For every target
 * (thread, or -1 for every process) and CPU the same set of events is opened — the cpu-clock sampler, the
 * side-band dummy event and, when context switches are recorded through tracepoints, sched_switch and
 * sched_waking. The first event
 * opened on a CPU owns that CPU's ring buffer; every later event on the CPU writes into it
 * (PERF_EVENT_IOC_SET_OUTPUT). Each event's id (which its samples carry) is read back so the decoder can
 * tell the events apart. Not thread-safe: opened by the starting thread, then used by the reader.
 */
final class PerfEvents implements AutoCloseable {

    /** What the events are for; used to explain failures. */
    record Purpose(boolean kernel, boolean systemWide, int attachPid) {
    }

    private record Mapping(int cpu, int fd, Pointer address, long length, RingBuffer ring) {
    }

    private record SamplingFd(int fd, int cpu) {
    }

    private final Libc libc;
    private final PerfArchitecture architecture;
    private final int dataPages;
    private final Purpose purpose;
    private final List<Integer> fds = new ArrayList<>();
    /** The cpu-clock events, which take the samples: what fault injection and the safety valve act on. */
    private final List<SamplingFd> samplingFds = new ArrayList<>();
    private final Map<Integer, Mapping> mappingsByCpu = new LinkedHashMap<>();
    private final Map<Long, EventKind> kindsById = new HashMap<>();
    private final List<PerfEventAttr> attrs;
    private boolean closed;

    /**
     * @param attrs     the events opened for each target and CPU, the cpu-clock sampler first; its build-id
     *                  request is dropped if the kernel does not know it
     * @param dataPages data pages per ring buffer, a power of two
     */
    PerfEvents(Libc libc, PerfArchitecture architecture, List<PerfEventAttr> attrs, int dataPages, Purpose purpose) {
        if (attrs.isEmpty() || attrs.get(0).kind() != EventKind.CPU_CLOCK) {
            throw new IllegalArgumentException("the cpu-clock event comes first, not " + attrs);
        }
        this.libc = libc;
        this.architecture = architecture;
        this.attrs = new ArrayList<>(attrs);
        this.dataPages = dataPages;
        this.purpose = purpose;
    }

    /** The cpu-clock event as the kernel accepted it (without build-ids on kernels before 5.12). */
    PerfEventAttr attr() {
        return attrs.get(0);
    }

    /**
     * The side-band event (mmap, comm, task, switch records) as the kernel accepted it.
     *
     * @throws IllegalStateException when this recording has none
     */
    PerfEventAttr sideBandAttr() {
        return attrs.stream().filter(attr -> attr.kind() == EventKind.SIDE_BAND).findFirst()
                .orElseThrow(() -> new IllegalStateException("no side-band event among " + attrs));
    }

    /** Every event opened for each target and CPU, as the kernel accepted them, the cpu-clock event first. */
    List<PerfEventAttr> attrs() {
        return List.copyOf(attrs);
    }

    /** Which event each id in the records stands for. */
    Map<Long, EventKind> kindsById() {
        return Map.copyOf(kindsById);
    }

    /**
     * Opens every event for {@code pid} (-1: every process) on {@code cpu} and connects them to the CPU's ring
     * buffer.
     *
     * @return false when the thread or process no longer exists (ESRCH)
     */
    boolean open(int pid, int cpu) throws CollectorException {
        for (int index = 0; index < attrs.size(); index++) {
            OptionalInt fd = openFd(index, pid, cpu);
            if (fd.isEmpty()) {
                return false;
            }
            fds.add(fd.getAsInt());
            if (index == 0) {
                samplingFds.add(new SamplingFd(fd.getAsInt(), cpu));
            }
            kindsById.put(id(fd.getAsInt(), attrs.get(index)), attrs.get(index).kind());
            Mapping mapping = mappingsByCpu.get(cpu);
            if (mapping == null) {
                mappingsByCpu.put(cpu, map(cpu, fd.getAsInt()));
            } else if (libc.ioctl(fd.getAsInt(), architecture.perfEventIocSetOutput(), mapping.fd()) != 0) {
                throw failure("PERF_EVENT_IOC_SET_OUTPUT of " + attrs.get(index).kind().eventName() + " for pid "
                        + pid + " on cpu " + cpu, Native.getLastError());
            }
        }
        return true;
    }

    /** The event's id, from read(2) with PERF_FORMAT_ID: its count, then its id. */
    private long id(int fd, PerfEventAttr attr) throws CollectorException {
        byte[] value = new byte[16];
        long read = libc.read(fd, value, value.length);
        if (read != value.length) {
            throw failure("reading the id of event " + attr.kind().eventName() + " (got " + read + " bytes)",
                    read < 0 ? Native.getLastError() : 0);
        }
        return ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong(8);
    }

    private OptionalInt openFd(int index, int pid, int cpu) throws CollectorException {
        while (true) {
            PerfEventAttr attr = attrs.get(index);
            OpenResult result = tryOpen(libc, architecture, attr, pid, cpu);
            if (result.fd() >= 0) {
                return OptionalInt.of(result.fd());
            }
            if (result.errno() == Libc.EINVAL && attr.buildId()) {
                // Kernels before 5.12 reject the build_id bit; their MMAP2 records carry inode numbers instead.
                attrs.set(index, attr.withoutBuildId());
                continue;
            }
            if (result.errno() == Libc.ESRCH) {
                return OptionalInt.empty();
            }
            throw openFailure(attr, pid, cpu, result.errno());
        }
    }

    /** A descriptor, or -1 and the error number. */
    record OpenResult(int fd, int errno) {
    }

    /** One perf_event_open call. */
    static OpenResult tryOpen(Libc libc, PerfArchitecture architecture, PerfEventAttr attr, int pid, int cpu) {
        long fd = libc.syscall(architecture.perfEventOpenSyscall(), attr.toBytes(), pid, cpu, -1, 0);
        return fd >= 0 ? new OpenResult((int) fd, 0) : new OpenResult(-1, Native.getLastError());
    }

    private CollectorException openFailure(PerfEventAttr attr, int pid, int cpu, int errno) {
        String what = "perf_event_open(" + attr.kind().eventName() + ", "
                + (pid == -1 ? "every process" : "pid " + pid) + ", cpu " + cpu + ")";
        return switch (errno) {
            case Libc.EACCES, Libc.EPERM -> new CollectorException(PermissionAdvice.ofThisProcess().refused(what,
                    errno == Libc.EACCES ? "EACCES" : "EPERM", purpose.kernel(), purpose.systemWide(),
                    purpose.attachPid()));
            case Libc.ENOENT, Libc.ENODEV, Libc.EOPNOTSUPP -> new CollectorException(what
                    + " failed: this kernel has no " + (attr.isTracepoint() ? "such tracepoint" : "software cpu-clock "
                    + "event") + " (" + libc.strerror(errno) + ")");
            case Libc.ENOSYS -> new CollectorException(what
                    + " failed: this kernel was built without perf events (CONFIG_PERF_EVENTS)");
            case Libc.EMFILE -> new CollectorException(what + " failed: too many open files; recording needs "
                    + attrs.size() + " file descriptors per thread and CPU. Raise the limit with `ulimit -n`.");
            case Libc.EINVAL, Libc.E2BIG -> new CollectorException(what + " failed: the kernel rejected the event "
                    + "(" + libc.strerror(errno) + "); it needs Linux 4.1 or later for use_clockid, mmap2 and "
                    + "comm_exec" + (attr.contextSwitch() ? ", 4.3 for context_switch" : "") + ".");
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

    /**
     * Stops ({@code false}) or restarts sampling on every CPU: PERF_EVENT_IOC_DISABLE / ENABLE of every cpu-clock
     * event, leaving context switches and side-band records running. Does nothing once the events are closed.
     *
     * @return whether every event took the request
     */
    synchronized boolean setSampling(boolean enabled) {
        long request = enabled ? architecture.perfEventIocEnable() : architecture.perfEventIocDisable();
        boolean all = !closed;
        for (SamplingFd sampling : samplingFds) {
            all &= libc.ioctl(sampling.fd(), request, 0) == 0;
        }
        return all;
    }

    /**
     * Sets the sampling frequency of every cpu-clock event through PERF_EVENT_IOC_PERIOD. The kernel turns a
     * cpu-clock event's frequency into a fixed hrtimer period when it opens it (perf_swevent_init_hrtimer clears
     * attr.freq), so the ioctl takes a period in nanoseconds, not a frequency. Does nothing once the events are
     * closed.
     *
     * @return whether every event took the new frequency
     */
    synchronized boolean setFrequency(int hz) {
        boolean all = !closed;
        Memory value = new Memory(Long.BYTES);
        value.setLong(0, 1_000_000_000L / hz);
        for (SamplingFd sampling : samplingFds) {
            all &= libc.ioctl(sampling.fd(), architecture.perfEventIocPeriod(), Pointer.nativeValue(value)) == 0;
        }
        return all;
    }

    /**
     * The CPU time each CPU's cpu-clock events counted so far, in nanoseconds, by CPU: with the samples taken, the
     * rate achieved. Per-thread events count while their threads ran (children included), system-wide ones always.
     */
    synchronized Map<Integer, Long> countedNanosByCpu() {
        Map<Integer, Long> counted = new TreeMap<>();
        byte[] value = new byte[16];
        for (SamplingFd sampling : samplingFds) {
            if (!closed && libc.read(sampling.fd(), value, value.length) == value.length) {
                counted.merge(sampling.cpu(), ByteBuffer.wrap(value).order(ByteOrder.nativeOrder()).getLong(0),
                        Long::sum);
            }
        }
        return counted;
    }

    /** Stops counting on every event (and the events the targets' children inherited). */
    synchronized void disable() {
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
    public synchronized void close() {
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
        samplingFds.clear();
    }

    private CollectorException failure(String what, int errno) {
        return new CollectorException(what + " failed: " + libc.strerror(errno) + " (errno " + errno + ")");
    }
}
