package io.tachyon.perf.internal;

import io.tachyon.api.event.ModuleMapping;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Names the user frames of one recorded process as someone checking by hand would: the process's recorded
 * mappings place an address in a file, {@code readelf -lW} turns the file offset into an ELF address, and
 * {@code nm} / {@code nm -D} (plus the detached debug file by build-id, e.g. libc6-dbg, when installed) name the
 * function. Independent of the unwinder under test.
 */
final class FunctionNames {

    private record Segment(long offset, long size, long address) {
    }

    private record Function(String name, long size) {
    }

    private record FileSymbols(List<Segment> segments, TreeMap<Long, Function> functions, boolean debugSymbols) {
    }

    private final TreeMap<Long, ModuleMapping> mappings = new TreeMap<>(Long::compareUnsigned);
    private final Map<String, FileSymbols> files = new HashMap<>();

    FunctionNames(List<ModuleMapping> processMappings) {
        processMappings.forEach(mapping -> mappings.put(mapping.start(), mapping));
    }

    /** The function of each frame, leaf first (return addresses looked up one byte back); {@code ?} if unknown. */
    List<String> names(long[] frames) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) {
            names.add(name(i == 0 ? frames[i] : frames[i] - 1));
        }
        return names;
    }

    /** Whether the mapped file whose path ends with {@code pathSuffix} has a detached debug file naming its static functions. */
    boolean hasDebugSymbols(String pathSuffix) {
        return mappings.values().stream().filter(mapping -> mapping.path().endsWith(pathSuffix)).findFirst()
                .map(mapping -> files.computeIfAbsent(mapping.path(), FunctionNames::load).debugSymbols())
                .orElse(false);
    }

    private String name(long address) {
        Map.Entry<Long, ModuleMapping> entry = mappings.floorEntry(address);
        if (entry == null || address - entry.getValue().start() >= entry.getValue().length()
                || !entry.getValue().path().startsWith("/")) {
            return "?";
        }
        ModuleMapping mapping = entry.getValue();
        FileSymbols symbols = files.computeIfAbsent(mapping.path(), FunctionNames::load);
        long offset = address - mapping.start() + mapping.fileOffset();
        for (Segment segment : symbols.segments()) {
            if (offset >= segment.offset() && offset < segment.offset() + segment.size()) {
                long elfAddress = offset - segment.offset() + segment.address();
                Map.Entry<Long, Function> function = symbols.functions().floorEntry(elfAddress);
                return function != null && elfAddress < function.getKey() + function.getValue().size()
                        ? function.getValue().name() : "?";
            }
        }
        return "?";
    }

    private static FileSymbols load(String path) {
        List<Segment> segments = new ArrayList<>();
        for (String line : run("readelf", "-lW", path).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 6 && fields[0].equals("LOAD")) {
                segments.add(new Segment(Long.decode(fields[1]), Long.decode(fields[4]), Long.decode(fields[2])));
            }
        }
        List<String> listings = new ArrayList<>(List.of(run("nm", "-S", "--defined-only", path),
                run("nm", "-D", "-S", "--defined-only", path)));
        Optional<Path> debug = debugFile(path);
        debug.ifPresent(file -> listings.add(run("nm", "-S", "--defined-only", file.toString())));
        TreeMap<Long, Function> functions = new TreeMap<>();
        for (String listing : listings) {
            for (String line : listing.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                if (fields.length != 4 || "TtWwi".indexOf(fields[2].charAt(0)) < 0) {
                    continue;
                }
                long address = Long.parseUnsignedLong(fields[0], 16);
                Function function = new Function(fields[3].replaceAll("@.*", ""), Long.parseUnsignedLong(fields[1], 16));
                functions.merge(address, function, (known, other) -> other.name().length() < known.name().length()
                        ? new Function(other.name(), Math.max(known.size(), other.size()))
                        : new Function(known.name(), Math.max(known.size(), other.size())));
            }
        }
        return new FileSymbols(segments, functions, debug.isPresent());
    }

    private static Optional<Path> debugFile(String path) {
        Matcher id = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(run("readelf", "-n", path));
        if (!id.find()) {
            return Optional.empty();
        }
        Path debug = Path.of("/usr/lib/debug/.build-id", id.group(1).substring(0, 2),
                id.group(1).substring(2) + ".debug");
        return Files.isReadable(debug) ? Optional.of(debug) : Optional.empty();
    }

    private static String run(String... command) {
        try {
            return KernelAccess.run(List.of(command));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
