package io.tachyon.perf.internal;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;

/** What the collector reads from /proc and /sys. */
final class ProcFs {

    static final Path ONLINE_CPUS = Path.of("/sys/devices/system/cpu/online");
    static final Path PERF_EVENT_PARANOID = Path.of("/proc/sys/kernel/perf_event_paranoid");
    static final Path PERF_EVENT_MAX_SAMPLE_RATE = Path.of("/proc/sys/kernel/perf_event_max_sample_rate");
    static final Path PERF_EVENT_MLOCK_KB = Path.of("/proc/sys/kernel/perf_event_mlock_kb");
    static final Path KALLSYMS = Path.of("/proc/kallsyms");
    static final Path KERNEL_NOTES = Path.of("/sys/kernel/notes");

    /** CAP_SYS_ADMIN: before Linux 5.8 the capability that lifts perf_event_paranoid. */
    static final int CAP_SYS_ADMIN = 21;
    /** CAP_PERFMON (Linux 5.8): the capability that lifts perf_event_paranoid. */
    static final int CAP_PERFMON = 38;

    private ProcFs() {
    }

    /** Parses a CPU list such as {@code 0-3,6,8-9}. */
    static List<Integer> parseCpuList(String list) {
        List<Integer> cpus = new ArrayList<>();
        for (String part : list.trim().split(",")) {
            if (part.isEmpty()) {
                continue;
            }
            int dash = part.indexOf('-');
            try {
                int first = Integer.parseInt(dash < 0 ? part : part.substring(0, dash));
                int last = dash < 0 ? first : Integer.parseInt(part.substring(dash + 1));
                for (int cpu = first; cpu <= last; cpu++) {
                    cpus.add(cpu);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("CPU list '" + list + "' has a malformed part '" + part + "'", e);
            }
        }
        return cpus;
    }

    static List<Integer> onlineCpus() {
        return parseCpuList(readString(ONLINE_CPUS));
    }

    /** The CPU's model name from /proc/cpuinfo, or {@code unknown}. */
    static String cpuModel() {
        try (BufferedReader reader = Files.newBufferedReader(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    String key = line.substring(0, colon).trim();
                    if (key.equals("model name") || key.equals("Model") || key.equals("cpu model")
                            || key.equals("uarch")) {
                        return line.substring(colon + 1).trim();
                    }
                }
            }
            return "unknown";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** kernel.perf_event_paranoid, empty when the kernel has no perf events. */
    static OptionalInt perfEventParanoid() {
        return readInt(PERF_EVENT_PARANOID);
    }

    static OptionalInt perfEventMlockKb() {
        return readInt(PERF_EVENT_MLOCK_KB);
    }

    static OptionalInt perfEventMaxSampleRate() {
        return readInt(PERF_EVENT_MAX_SAMPLE_RATE);
    }

    /**
     * A number from a /proc/sys file. Read in one call: the kernel's integer sysctl handlers answer a read at
     * a non-zero offset with end-of-file, so a reader that reads a byte at a time (as Files.readString does
     * for files that report size 0) would get only the first digit.
     */
    private static OptionalInt readInt(Path path) {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] buffer = new byte[64];
            int length = in.read(buffer);
            return OptionalInt.of(Integer.parseInt(new String(buffer, 0, Math.max(length, 0),
                    StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** A field of /proc/self/status such as {@code CapEff} or {@code Uid}. */
    static Optional<String> selfStatus(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Optional.of(line.substring(field.length() + 1).trim());
                }
            }
            return Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static boolean hasEffectiveCapability(int capability) {
        return selfStatus("CapEff").map(hex -> (Long.parseUnsignedLong(hex, 16) >>> capability & 1) == 1)
                .orElse(false);
    }

    /** Whether the effective user is root (the second Uid field). */
    static boolean isRoot() {
        return selfStatus("Uid").map(uids -> uids.split("\\s+")).map(uids -> uids.length > 1 && uids[1].equals("0"))
                .orElse(false);
    }

    /**
     * The state letter of a process from /proc/pid/stat ({@code R}, {@code S}, {@code T}, {@code Z}, ...), or
     * empty when there is no such process.
     */
    static Optional<Character> processState(int pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Integer.toString(pid), "stat"));
            int nameEnd = stat.lastIndexOf(')');
            if (nameEnd < 0 || nameEnd + 2 >= stat.length()) {
                throw new IllegalStateException("/proc/" + pid + "/stat has no state after the command name: " + stat);
            }
            return Optional.of(stat.charAt(nameEnd + 2));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            // A process that vanished between open and read reads as ESRCH.
            return Optional.empty();
        }
    }

    /** Whether a process exists and has not yet exited (zombies count as exited). */
    static boolean isRunning(int pid) {
        return processState(pid).map(state -> state != 'Z' && state != 'X').orElse(false);
    }

    /**
     * The process (thread group) a thread belongs to, from the Tgid line of /proc/tid/status, which exists
     * for every live thread though /proc lists only processes; empty when the thread is gone.
     */
    static OptionalInt processOfThread(int tid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Integer.toString(tid), "status"))) {
                if (line.startsWith("Tgid:")) {
                    return OptionalInt.of(Integer.parseInt(line.substring("Tgid:".length()).trim()));
                }
            }
            return OptionalInt.empty();
        } catch (IOException | NumberFormatException e) {
            return OptionalInt.empty();
        }
    }

    /** The thread ids of a process, from /proc/pid/task; empty when the process is gone. */
    static List<Integer> threads(int pid) {
        return numericEntries(Path.of("/proc", Integer.toString(pid), "task"));
    }

    /** The process of every thread of {@code processes}, by thread id, as /proc lists them now. */
    static Map<Integer, Integer> processesByThread(List<Integer> processes) {
        Map<Integer, Integer> processByThread = new HashMap<>();
        for (int pid : processes) {
            for (int tid : threads(pid)) {
                processByThread.put(tid, pid);
            }
        }
        return processByThread;
    }

    static List<Integer> processes() {
        return numericEntries(Path.of("/proc"));
    }

    private static List<Integer> numericEntries(Path directory) {
        List<Integer> ids = new ArrayList<>();
        try (var entries = Files.newDirectoryStream(directory)) {
            for (Path entry : entries) {
                String name = entry.getFileName().toString();
                if (!name.isEmpty() && name.chars().allMatch(Character::isDigit)) {
                    ids.add(Integer.parseInt(name));
                }
            }
        } catch (IOException e) {
            return List.of();
        }
        ids.sort(null);
        return ids;
    }

    /** A process's command line, split at its NUL separators; empty for kernel threads or gone processes. */
    static List<String> commandLine(int pid) {
        try {
            byte[] bytes = Files.readAllBytes(Path.of("/proc", Integer.toString(pid), "cmdline"));
            List<String> arguments = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < bytes.length; i++) {
                if (bytes[i] == 0) {
                    arguments.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
                    start = i + 1;
                }
            }
            if (start < bytes.length) {
                arguments.add(new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8));
            }
            return arguments;
        } catch (IOException e) {
            return List.of();
        }
    }

    /**
     * The lowest address of kernel code (text symbols, types {@code t} and {@code T}) in /proc/kallsyms;
     * empty when its addresses are hidden (all zero) or unreadable. Data symbols are skipped: per-CPU
     * variables are listed at small offsets, not at kernel addresses.
     */
    static OptionalLong lowestKernelTextAddress() {
        long lowest = 0;
        try (BufferedReader reader = Files.newBufferedReader(KALLSYMS, StandardCharsets.US_ASCII)) {
            String line;
            while ((line = reader.readLine()) != null) {
                int space = line.indexOf(' ');
                if (space <= 0 || space + 1 >= line.length()) {
                    continue;
                }
                char type = line.charAt(space + 1);
                if (type != 't' && type != 'T') {
                    continue;
                }
                long address = Long.parseUnsignedLong(line, 0, space, 16);
                if (address != 0 && (lowest == 0 || Long.compareUnsigned(address, lowest) < 0)) {
                    lowest = address;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
        return lowest == 0 ? OptionalLong.empty() : OptionalLong.of(lowest);
    }

    static String readString(Path path) {
        try {
            return Files.readString(path).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path, e);
        }
    }
}
