package io.tachyon.unwind.internal;

import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.unwind.ModuleLookup;

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
 * Names addresses the way a person checking by hand would: {@code readelf -lW} for the loadable segments,
 * {@code nm} and {@code nm -D} for the function symbols. Independent of the code under test.
 */
final class ReferenceSymbols {

    private record Segment(long offset, long size, long address) {
    }

    private record FileSymbols(List<Segment> segments, TreeMap<Long, String> functions, Map<Long, Long> sizes) {
    }

    private final ModuleLookup modules;
    private final Map<String, FileSymbols> files = new HashMap<>();

    ReferenceSymbols(ModuleLookup modules) {
        this.modules = modules;
    }

    /** The function at each address, leaf first; {@code ?} where none is known. */
    List<String> names(long[] frames) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < frames.length; i++) {
            names.add(name(i == 0 ? frames[i] : frames[i] - 1));
        }
        return names;
    }

    String name(long address) {
        ModuleMapping mapping = modules.mappingAt(address);
        if (mapping == null || !mapping.path().startsWith("/")) {
            return "?";
        }
        FileSymbols symbols = files.computeIfAbsent(mapping.path(), ReferenceSymbols::load);
        long offset = address - mapping.start() + mapping.fileOffset();
        for (Segment segment : symbols.segments()) {
            if (offset >= segment.offset() && offset < segment.offset() + segment.size()) {
                long vaddr = offset - segment.offset() + segment.address();
                Map.Entry<Long, String> function = symbols.functions().floorEntry(vaddr);
                if (function == null) {
                    return "?";
                }
                long size = symbols.sizes().get(function.getKey());
                return size == 0 || vaddr < function.getKey() + size ? function.getValue() : "?";
            }
        }
        return "?";
    }

    /** The detached debug file (libc6-dbg and the like) by build-id, whose .symtab names static functions. */
    private static Optional<Path> debugFile(String path) {
        Matcher id = Pattern.compile("Build ID: ([0-9a-f]+)").matcher(Tools.run("readelf", "-n", path));
        if (!id.find()) {
            return Optional.empty();
        }
        Path debug = Path.of("/usr/lib/debug/.build-id", id.group(1).substring(0, 2), id.group(1).substring(2) + ".debug");
        return Files.isReadable(debug) ? Optional.of(debug) : Optional.empty();
    }

    private static FileSymbols load(String path) {
        List<Segment> segments = new ArrayList<>();
        for (String line : Tools.run("readelf", "-lW", path).split("\n")) {
            String[] fields = line.trim().split("\\s+");
            if (fields.length >= 6 && fields[0].equals("LOAD")) {
                segments.add(new Segment(Long.decode(fields[1]), Long.decode(fields[4]), Long.decode(fields[2])));
            }
        }
        TreeMap<Long, String> functions = new TreeMap<>();
        Map<Long, Long> sizes = new HashMap<>();
        List<String> listings = new ArrayList<>(List.of(Tools.run("nm", "-S", "--defined-only", path),
                Tools.run("nm", "-D", "-S", "--defined-only", path)));
        debugFile(path).ifPresent(debug -> listings.add(Tools.run("nm", "-S", "--defined-only", debug.toString())));
        for (String listing : listings) {
            for (String line : listing.split("\n")) {
                String[] fields = line.trim().split("\\s+");
                boolean sized = fields.length == 4;
                if (fields.length < 3 || "TtWwi".indexOf(fields[sized ? 2 : 1].charAt(0)) < 0) {
                    continue;
                }
                long address = Long.parseUnsignedLong(fields[0], 16);
                String name = fields[sized ? 3 : 2].replaceAll("@.*", "");
                long size = sized ? Long.parseUnsignedLong(fields[1], 16) : 0;
                String known = functions.get(address);
                if (known == null || name.length() < known.length() || size > sizes.get(address)) {
                    functions.put(address, known == null || name.length() < known.length() ? name : known);
                    sizes.put(address, Math.max(size, sizes.getOrDefault(address, 0L)));
                }
            }
        }
        return new FileSymbols(segments, functions, sizes);
    }
}
