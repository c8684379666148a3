package io.tachyon.symbols.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The expected answer of a lookup, computed the slow and obvious way from a tool's symbol listing: among the
 * symbols whose extent contains the address, the one that starts last; a sized symbol covers [start, start+size),
 * a zero-size one reaches the next symbol's start or its limit (end of its section). Addresses are user-space
 * (positive) here.
 */
final class ReferenceSymbols {

    record Entry(String name, long start, long size, long limit, int rank) {
    }

    /** All symbols at one address. */
    record Group(long start, long end, TreeSet<String> names, String preferred) {
    }

    private final TreeMap<Long, Group> groups = new TreeMap<>();
    private final long longestExtent;

    ReferenceSymbols(List<Entry> entries) {
        TreeMap<Long, List<Entry>> byStart = new TreeMap<>();
        for (Entry e : entries) {
            byStart.computeIfAbsent(e.start(), k -> new ArrayList<>()).add(e);
        }
        long longest = 0;
        for (Map.Entry<Long, List<Entry>> at : byStart.entrySet()) {
            long start = at.getKey();
            long size = at.getValue().stream().mapToLong(Entry::size).max().orElseThrow();
            long limit = at.getValue().stream().mapToLong(Entry::limit).max().orElseThrow();
            Long next = byStart.higherKey(start);
            long end;
            if (size > 0) {
                end = start + size;
            } else {
                end = Math.min(next == null ? Long.MAX_VALUE : next, limit);
                end = end <= start ? start + 1 : end;
            }
            TreeSet<String> names = new TreeSet<>();
            at.getValue().forEach(e -> names.add(e.name()));
            String preferred = at.getValue().stream()
                    .min(Comparator.comparingInt(Entry::rank).thenComparingInt(e -> e.name().length())
                            .thenComparing(Entry::name))
                    .orElseThrow().name();
            groups.put(start, new Group(start, end, names, preferred));
            longest = Math.max(longest, end - start);
        }
        this.longestExtent = longest;
    }

    Iterable<Group> groups() {
        return groups.values();
    }

    int size() {
        return groups.size();
    }

    Optional<Group> expected(long address) {
        for (Group g : groups.headMap(address, true).descendingMap().values()) {
            if (address < g.end()) {
                return Optional.of(g);
            }
            if (g.start() < address - longestExtent) {
                break;
            }
        }
        return Optional.empty();
    }

    /** From {@code nm -S --defined-only [-D]}: text-type symbols (T t W w i) inside executable segments. */
    static ReferenceSymbols fromNm(Path file, boolean dynamic) {
        List<ReadElf.Load> loads = ReadElf.loads(file);
        List<ReadElf.Section> sections = ReadElf.sections(file);
        String listing = dynamic ? Tools.run("nm", "-S", "--defined-only", "-D", file.toString())
                : Tools.run("nm", "-S", "--defined-only", file.toString());
        List<Entry> entries = new ArrayList<>();
        for (String line : listing.split("\n")) {
            String[] f = line.trim().split("\\s+");
            if (f.length < 3) {
                continue;
            }
            boolean sized = f.length == 4;
            String type = sized ? f[2] : f[1];
            String name = sized ? f[3] : f[2];
            int at = name.indexOf('@');
            name = dynamic && at > 0 ? name.substring(0, at) : name;
            long start = Long.parseUnsignedLong(f[0], 16);
            if (!"TtWwi".contains(type) || !inExecutableSegment(loads, start)) {
                continue;
            }
            long size = sized ? Long.parseUnsignedLong(f[1], 16) : 0;
            entries.add(new Entry(name, start, size, sectionEndAt(sections, start), nmRank(type)));
        }
        return new ReferenceSymbols(entries);
    }

    /** From {@code readelf -sW}: defined FUNC and IFUNC symbols of .symtab and .dynsym. */
    static ReferenceSymbols fromReadelf(Path file) {
        List<ReadElf.Section> sections = ReadElf.sections(file);
        List<Entry> entries = new ArrayList<>();
        for (ReadElf.Sym s : ReadElf.symbols(file)) {
            if (!s.isDefinedFunction()) {
                continue;
            }
            long limit = Long.MAX_VALUE;
            if (s.sectionIndex().matches("\\d+")) {
                int index = Integer.parseInt(s.sectionIndex());
                limit = sections.stream().filter(sec -> sec.index() == index && sec.size() > 0)
                        .mapToLong(sec -> sec.address() + sec.size()).findFirst().orElse(Long.MAX_VALUE);
            }
            int rank = switch (s.binding()) {
                case "GLOBAL", "UNIQUE" -> 0;
                case "WEAK" -> 1;
                default -> 2;
            };
            entries.add(new Entry(s.name(), s.value(), s.size(), limit, rank));
        }
        return new ReferenceSymbols(entries);
    }

    private static boolean inExecutableSegment(List<ReadElf.Load> loads, long address) {
        return loads.stream().anyMatch(l -> l.executable() && address >= l.address()
                && address < l.address() + l.fileSize());
    }

    private static long sectionEndAt(List<ReadElf.Section> sections, long address) {
        return sections.stream()
                .filter(s -> s.address() != 0 && !s.type().equals("NOBITS") && address >= s.address()
                        && address < s.address() + s.size())
                .mapToLong(s -> s.address() + s.size()).findFirst().orElse(Long.MAX_VALUE);
    }

    private static int nmRank(String type) {
        return switch (type) {
            case "T" -> 0;
            case "W" -> 1;
            default -> 2;
        };
    }
}
