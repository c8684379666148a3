package io.tachyon.perf.internal;

import java.util.OptionalInt;

/**
 * Explains why perf_event_open was refused and how to fix it, from the facts the kernel decides on:
 * {@code kernel.perf_event_paranoid}, root, CAP_PERFMON / CAP_SYS_ADMIN.
 *
 * @param paranoid   the current kernel.perf_event_paranoid, empty if unreadable
 * @param root       whether the effective user is root
 * @param capPerfmon whether the process has CAP_PERFMON or CAP_SYS_ADMIN in its effective set
 */
record PermissionAdvice(OptionalInt paranoid, boolean root, boolean capPerfmon) {

    static PermissionAdvice ofThisProcess() {
        return new PermissionAdvice(ProcFs.perfEventParanoid(), ProcFs.isRoot(),
                ProcFs.hasEffectiveCapability(ProcFs.CAP_PERFMON)
                        || ProcFs.hasEffectiveCapability(ProcFs.CAP_SYS_ADMIN));
    }

    boolean privileged() {
        return root || capPerfmon;
    }

    /**
     * The message for a refused perf_event_open.
     *
     * @param what       what was being opened, e.g. "perf_event_open(pid 123, cpu 0)"
     * @param errnoName  EACCES or EPERM
     * @param kernel     whether kernel code and call stacks were requested
     * @param systemWide whether every process was to be recorded
     * @param attachPid  the process attached to, or 0 when none
     */
    String refused(String what, String errnoName, boolean kernel, boolean systemWide, int attachPid) {
        StringBuilder message = new StringBuilder(what).append(" was refused (").append(errnoName).append("): ");
        message.append("kernel.perf_event_paranoid is ")
                .append(paranoid.isPresent() ? Integer.toString(paranoid.getAsInt()) : "unreadable")
                .append(" and this process ")
                .append(root ? "runs as root" : capPerfmon ? "has CAP_PERFMON" : "is not root and lacks CAP_PERFMON")
                .append(". ");
        message.append("Recording needs: user space of your own processes: paranoid <= 2; kernel samples and kernel "
                + "call stacks: paranoid <= 1; system-wide: paranoid <= 0; root or CAP_PERFMON lifts all of these");
        if (paranoid.isPresent() && paranoid.getAsInt() > 2) {
            message.append(" (paranoid ").append(paranoid.getAsInt())
                    .append(" is a distribution setting that forbids perf events to unprivileged users)");
        }
        message.append(". ");
        if (attachPid > 0) {
            message.append("Attaching to process ").append(attachPid)
                    .append(" also needs the same user or CAP_SYS_PTRACE. ");
        }
        message.append("Fix: ");
        if (systemWide) {
            message.append("`sudo sysctl kernel.perf_event_paranoid=0`, or run as root / with CAP_PERFMON.");
        } else if (kernel) {
            message.append("`sudo sysctl kernel.perf_event_paranoid=1`, run as root / with CAP_PERFMON, "
                    + "or record user space only (tachyon record --user-only).");
        } else {
            message.append("`sudo sysctl kernel.perf_event_paranoid=2` or lower, or run as root / with CAP_PERFMON.");
        }
        return message.toString();
    }
}
