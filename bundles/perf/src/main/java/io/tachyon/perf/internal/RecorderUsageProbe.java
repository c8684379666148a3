package io.tachyon.perf.internal;

import io.tachyon.api.event.RecorderUsage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The recorder's own cost, from /proc/self: CPU time (utime + stime of /proc/self/stat, all threads, in clock ticks
 * of USER_HZ = 100 on every architecture Linux runs this on) and resident memory (/proc/self/statm, in pages).
 */
final class RecorderUsageProbe {

    private static final long NANOS_PER_TICK = 10_000_000L;

    private final long pageSize;

    RecorderUsageProbe(long pageSize) {
        this.pageSize = pageSize;
    }

    /** The usage now, stamped {@code time}; empty when /proc cannot be read. */
    Optional<RecorderUsage> sample(long time) {
        try {
            return Optional.of(new RecorderUsage(time, cpuNanos(Files.readString(Path.of("/proc/self/stat"))),
                    residentBytes(Files.readString(Path.of("/proc/self/statm")), pageSize)));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** utime + stime (fields 14 and 15) of a /proc/pid/stat line; the command name may hold spaces and ')'. */
    static long cpuNanos(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15.
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * NANOS_PER_TICK;
    }

    /** The second field of /proc/pid/statm (resident pages) in bytes. */
    static long residentBytes(String statm, long pageSize) {
        return Long.parseLong(statm.trim().split("\\s+")[1]) * pageSize;
    }
}
