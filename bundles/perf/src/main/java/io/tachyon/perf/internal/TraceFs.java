package io.tachyon.perf.internal;

import com.sun.jna.Native;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The kernel's tracing file system, where tracepoint ids and raw-data layouts are published. Found at
 * /sys/kernel/tracing when mounted there, else at /sys/kernel/debug/tracing (which the kernel mounts on
 * first access when debugfs is mounted); when neither exists and this process is root, it is mounted at
 * /sys/kernel/tracing and left mounted, as a distribution's boot would have done.
 *
 * @param root               the directory holding {@code events/}
 * @param mountedByCollector whether this collector mounted it
 */
record TraceFs(Path root, boolean mountedByCollector) {

    static final Path TRACING = Path.of("/sys/kernel/tracing");
    static final Path DEBUG_TRACING = Path.of("/sys/kernel/debug/tracing");
    static final Path MOUNTS = Path.of("/proc/self/mounts");

    /** Why tracefs cannot be used here, and what would fix it. */
    static final class Unavailable extends Exception {
        Unavailable(String message) {
            super(message);
        }
    }

    /**
     * Finds tracefs, mounting it when it is missing and this process may.
     *
     * @throws Unavailable when it is not mounted and cannot be, or cannot be read
     */
    static TraceFs locate(Libc libc) throws Unavailable {
        return locate(libc, TRACING, DEBUG_TRACING, ProcFs.isRoot());
    }

    static TraceFs locate(Libc libc, Path tracing, Path debugTracing, boolean root) throws Unavailable {
        List<Path> mounted = tracefsMountPoints();
        for (Path candidate : List.of(tracing, debugTracing)) {
            if (hasEvents(candidate)) {
                return new TraceFs(candidate, false);
            }
            if (mounted.contains(candidate)) {
                throw new Unavailable("tracefs is mounted at " + candidate + " but this process cannot read its "
                        + "events/ directory (it is readable by root only): run as root");
            }
        }
        if (!root) {
            throw new Unavailable("tracefs is not mounted (neither " + tracing + " nor " + debugTracing
                    + ") and mounting it needs root: `sudo mount -t tracefs nodev " + tracing + "`");
        }
        if (libc.mount("nodev", tracing.toString(), "tracefs", 0, null) != 0) {
            int errno = Native.getLastError();
            throw new Unavailable("tracefs is not mounted and mounting it at " + tracing + " failed: "
                    + libc.strerror(errno) + " (errno " + errno + "); mount it with `mount -t tracefs nodev "
                    + tracing + "`");
        }
        if (!hasEvents(tracing)) {
            throw new Unavailable("tracefs was mounted at " + tracing + " but has no events/ directory: this "
                    + "kernel was built without tracepoints (CONFIG_TRACEPOINTS / CONFIG_EVENT_TRACING)");
        }
        return new TraceFs(tracing, true);
    }

    private static boolean hasEvents(Path candidate) {
        return Files.isDirectory(candidate.resolve("events"));
    }

    /** Where tracefs is mounted, from /proc/self/mounts (the kernel escapes spaces there as \040). */
    static List<Path> tracefsMountPoints() {
        List<Path> points = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(MOUNTS)) {
                String[] fields = line.split(" ");
                if (fields.length > 2 && fields[2].equals("tracefs")) {
                    points.add(Path.of(fields[1].replace("\\040", " ")));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        return points;
    }

    /**
     * Reads the format file of tracepoint {@code system:name}.
     *
     * @throws Unavailable when this kernel has no such tracepoint or its format cannot be read
     */
    TracepointFormat format(String system, String name) throws Unavailable {
        Path file = root.resolve("events").resolve(system).resolve(name).resolve("format");
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new Unavailable("cannot read " + file + " (" + e.getMessage() + "): this kernel has no tracepoint "
                    + system + ":" + name + " or it is not readable");
        }
        try {
            return TracepointFormat.parse(text, file.toString());
        } catch (IllegalArgumentException e) {
            throw new Unavailable(e.getMessage());
        }
    }

    /** Reads both scheduler tracepoints. */
    SchedTracepoints schedTracepoints() throws Unavailable {
        TracepointFormat schedSwitch = format(SchedTracepoints.SYSTEM, SchedTracepoints.SWITCH);
        TracepointFormat schedWaking = format(SchedTracepoints.SYSTEM, SchedTracepoints.WAKING);
        try {
            return SchedTracepoints.of(schedSwitch, schedWaking);
        } catch (IllegalArgumentException e) {
            throw new Unavailable(e.getMessage());
        }
    }

    /** For the capture's metadata. */
    String describe() {
        return root + (mountedByCollector ? " (mounted by the collector)" : "");
    }
}
