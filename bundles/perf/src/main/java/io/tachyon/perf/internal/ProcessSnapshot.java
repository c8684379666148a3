package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.ThreadName;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Describes processes that existed before recording began, as the kernel would have had it recorded them
 * from their start: a {@link ThreadName} for each thread (/proc/pid/task/tid/comm) and a
 * {@link ModuleMapping} for each executable mapping (/proc/pid/maps). Build-ids are read from the mapped
 * files, once per path.
 */
final class ProcessSnapshot {

    /** The name perf gives anonymous executable memory, such as JIT-compiled code. */
    static final String ANONYMOUS = "//anon";

    private final long time;
    private final Map<String, Optional<String>> buildIds = new HashMap<>();

    /** @param time the time all synthesized events carry: when recording began */
    ProcessSnapshot(long time) {
        this.time = time;
    }

    /** Emits the threads and executable mappings of {@code pid}; a process that vanishes emits what was read. */
    void describe(int pid, Consumer<? super CaptureEvent> out) {
        for (int tid : ProcFs.threads(pid)) {
            threadName(pid, tid).ifPresent(name -> out.accept(new ThreadName(time, pid, tid, name, false)));
        }
        List<String> maps;
        try {
            maps = Files.readAllLines(Path.of("/proc", Integer.toString(pid), "maps"));
        } catch (IOException e) {
            return;
        }
        for (String line : maps) {
            mapping(pid, line).ifPresent(out);
        }
    }

    private static Optional<String> threadName(int pid, int tid) {
        try {
            return Optional.of(Files.readString(Path.of("/proc", Integer.toString(pid), "task", Integer.toString(tid),
                    "comm")).strip());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** One line of /proc/pid/maps as a mapping, if it is executable. */
    Optional<ModuleMapping> mapping(int pid, String line) {
        String[] fields = line.trim().split("\\s+", 6);
        if (fields.length < 5 || fields[1].length() < 3 || fields[1].charAt(2) != 'x') {
            return Optional.empty();
        }
        int dash = fields[0].indexOf('-');
        if (dash < 0) {
            throw new IllegalArgumentException("/proc/" + pid + "/maps line has no address range: " + line);
        }
        long start = Long.parseUnsignedLong(fields[0], 0, dash, 16);
        long end = Long.parseUnsignedLong(fields[0], dash + 1, fields[0].length(), 16);
        long fileOffset = Long.parseUnsignedLong(fields[2], 16);
        String path = fields.length == 6 && !fields[5].isBlank() ? fields[5].strip() : ANONYMOUS;
        return Optional.of(new ModuleMapping(time, pid, pid, start, end - start, fileOffset, path,
                buildId(path).orElse(null)));
    }

    private Optional<String> buildId(String path) {
        if (!path.startsWith("/")) {
            return Optional.empty();
        }
        return buildIds.computeIfAbsent(path, file -> {
            try {
                Path elf = Path.of(file);
                return Files.isRegularFile(elf) ? BuildIdReader.ofElfFile(elf) : Optional.empty();
            } catch (IOException | RuntimeException e) {
                return Optional.empty();
            }
        });
    }
}
