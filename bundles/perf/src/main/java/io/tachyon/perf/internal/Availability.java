package io.tachyon.perf.internal;

import com.sun.jna.Native;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.collect.CollectorInfo.Capability;
import io.tachyon.perf.spi.PerfArchitecture;

import java.util.EnumSet;
import java.util.Set;

/** Decides whether the perf collector can record on this machine now, and if not, says why. */
final class Availability {

    static final String DESCRIPTION = "Linux perf_event sampling of call stacks (cpu-clock), context switches and "
            + "wake-ups (sched tracepoints), with threads and module mappings";
    static final Set<Capability> CAPABILITIES = EnumSet.of(Capability.LAUNCH, Capability.ATTACH,
            Capability.SYSTEM_WIDE, Capability.USER_STACKS, Capability.KERNEL_STACKS, Capability.CONTEXT_SWITCHES);

    private Availability() {
    }

    /**
     * @param osName       the os.name system property
     * @param libc         the C library, or null when it could not be loaded
     * @param libcProblem  why the C library could not be loaded
     * @param architecture the architecture service, or null when none is registered
     */
    static CollectorInfo describe(String osName, Libc libc, String libcProblem, PerfArchitecture architecture) {
        if (!osName.startsWith("Linux")) {
            return unavailable(architecture == null ? "any" : architecture.name(), "not Linux: this is " + osName
                    + "; the linux-perf collector records through the Linux perf_event interface");
        }
        if (libc == null) {
            return unavailable("any", "the C library cannot be loaded through JNA: " + libcProblem);
        }
        String machine = Uname.of(libc).machine();
        if (architecture == null) {
            return unavailable(machine, "no PerfArchitecture for " + machine + ": install and start the bundle "
                    + "io.tachyon.perf." + machine + " (none is registered)");
        }
        if (!architecture.name().equals(machine)) {
            return unavailable(machine, "the registered PerfArchitecture is for " + architecture.name()
                    + " but this machine is " + machine + ": install io.tachyon.perf." + machine);
        }
        if (ProcFs.perfEventParanoid().isEmpty()) {
            return unavailable(machine, "this kernel has no perf events: " + ProcFs.PERF_EVENT_PARANOID
                    + " does not exist (a kernel built with CONFIG_PERF_EVENTS is needed)");
        }
        String probe = probe(libc, architecture);
        if (probe != null) {
            return unavailable(machine, probe);
        }
        return new CollectorInfo(PerfRecorder.COLLECTOR_ID, DESCRIPTION, machine, CAPABILITIES, true, "");
    }

    /** Opens and closes the least privileged event: user-space sampling of this process. */
    private static String probe(Libc libc, PerfArchitecture architecture) {
        PerfEventAttr attr = PerfEventAttr.cpuClock(1, false, false, false, false);
        long fd = libc.syscall(architecture.perfEventOpenSyscall(), attr.toBytes(), 0, -1, -1, 0);
        if (fd >= 0) {
            libc.close((int) fd);
            return null;
        }
        int errno = Native.getLastError();
        if (errno == Libc.EACCES || errno == Libc.EPERM) {
            return PermissionAdvice.ofThisProcess().refused("perf_event_open of a user-space cpu-clock event",
                    errno == Libc.EACCES ? "EACCES" : "EPERM", false, false, 0);
        }
        return "perf_event_open of a user-space cpu-clock event failed: " + libc.strerror(errno) + " (errno " + errno
                + ")";
    }

    private static CollectorInfo unavailable(String architecture, String reason) {
        return new CollectorInfo(PerfRecorder.COLLECTOR_ID, DESCRIPTION, architecture, CAPABILITIES, false, reason);
    }
}
