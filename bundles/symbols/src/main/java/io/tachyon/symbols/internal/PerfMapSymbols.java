package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JIT-compiled code of one process from its perf map ({@code /tmp/perf-<pid>.map}, written by the JVM with
 * {@code -XX:+DumpPerfMapAtExit} or {@code jcmd <pid> Compiler.perfmap}, Node with {@code --perf-basic-prof}, .NET with
 * {@code DOTNET_PerfMapEnabled=1}): lines {@code <start> <size> <name>}, hex with or without {@code 0x}. Looked up by
 * process virtual address. Code is freed and its memory reused while a process runs, so where entries overlap the
 * later line wins. Names are kept as the runtime wrote them. Immutable, so thread-safe.
 */
public final class PerfMapSymbols implements ModuleSymbols {

    private final long[] starts;
    private final long[] ends;
    private final Symbol[] symbols;

    /** A part of an entry's extent still visible after later entries covered the rest. */
    private record Piece(long end, Symbol symbol) {
    }

    private PerfMapSymbols(TreeMap<Long, Piece> byStart) {
        int n = byStart.size();
        starts = new long[n];
        ends = new long[n];
        symbols = new Symbol[n];
        int i = 0;
        for (Map.Entry<Long, Piece> entry : byStart.entrySet()) {
            starts[i] = entry.getKey();
            ends[i] = entry.getValue().end();
            symbols[i] = entry.getValue().symbol();
            i++;
        }
    }

    /** Parses {@code map}; a line not in perf map form gives an IOException naming the file and line. */
    public static PerfMapSymbols read(Path map) throws IOException {
        TreeMap<Long, Piece> pieces = new TreeMap<>(Long::compareUnsigned);
        try (BufferedReader reader = Files.newBufferedReader(map, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                int firstSpace = line.indexOf(' ');
                int secondSpace = firstSpace < 0 ? -1 : line.indexOf(' ', firstSpace + 1);
                if (firstSpace <= 0 || secondSpace <= firstSpace + 1 || secondSpace == line.length() - 1) {
                    throw malformed(map, lineNumber, line);
                }
                long start;
                long size;
                try {
                    start = hex(line, 0, firstSpace);
                    size = hex(line, firstSpace + 1, secondSpace);
                } catch (NumberFormatException e) {
                    throw malformed(map, lineNumber, line);
                }
                long end = start + size;
                if (size == 0 || Long.compareUnsigned(end, start) < 0) {
                    continue;
                }
                insert(pieces, start, end, new Symbol(line.substring(secondSpace + 1), start, size));
            }
        }
        return new PerfMapSymbols(pieces);
    }

    /** Lays {@code [start, end)} over the pieces it overlaps, keeping the parts of older entries it leaves. */
    private static void insert(TreeMap<Long, Piece> pieces, long start, long end, Symbol symbol) {
        Map.Entry<Long, Piece> before = pieces.lowerEntry(start);
        if (before != null && Long.compareUnsigned(before.getValue().end(), start) > 0) {
            Piece old = before.getValue();
            pieces.put(before.getKey(), new Piece(start, old.symbol()));
            if (Long.compareUnsigned(old.end(), end) > 0) {
                pieces.put(end, new Piece(old.end(), old.symbol()));
            }
        }
        Map.Entry<Long, Piece> next = pieces.ceilingEntry(start);
        while (next != null && Long.compareUnsigned(next.getKey(), end) < 0) {
            Piece old = next.getValue();
            pieces.remove(next.getKey());
            if (Long.compareUnsigned(old.end(), end) > 0) {
                pieces.put(end, new Piece(old.end(), old.symbol()));
            }
            next = pieces.ceilingEntry(start);
        }
        pieces.put(start, new Piece(end, symbol));
    }

    private static long hex(String line, int from, int to) {
        int start = line.startsWith("0x", from) || line.startsWith("0X", from) ? from + 2 : from;
        return Long.parseUnsignedLong(line, start, to, 16);
    }

    private static IOException malformed(Path file, int lineNumber, String line) {
        return new IOException(file + ":" + lineNumber + ": expected '<hex start> <hex size> <name>', found '" + line
                + "'");
    }

    public int symbolCount() {
        return symbols.length;
    }

    @Override
    public Optional<Symbol> lookup(long address) {
        int found = UnsignedSearch.floor(starts, address);
        if (found < 0 || Long.compareUnsigned(address, ends[found]) >= 0) {
            return Optional.empty();
        }
        return Optional.of(symbols[found]);
    }
}
