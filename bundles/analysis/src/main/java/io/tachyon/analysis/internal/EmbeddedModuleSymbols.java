package io.tachyon.analysis.internal;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SourceLocation;
import io.tachyon.api.symbols.Symbol;
import io.tachyon.api.symbols.SymbolizedFrame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The symbols embedded in a capture, as a source consulted before the resolver services. A module is served
 * when a capture embedded its path with the same build-id (both unknown counts as the same). JIT code is never
 * served: its addresses belong to one process of one run.
 */
final class EmbeddedModuleSymbols {

    private record Key(String path, String buildId) {
    }

    private final Map<Key, ModuleSymbols> byModule = new HashMap<>();

    EmbeddedModuleSymbols(List<EmbeddedSymbols> embedded) {
        for (EmbeddedSymbols module : embedded) {
            byModule.put(new Key(module.path(), module.buildId()), new Ranges(module.symbols(), module.lines()));
        }
    }

    /** The embedded symbols of {@code ref}, or null when the capture embedded none for it. */
    ModuleSymbols load(ModuleRef ref) {
        if (ref.kind() == ModuleRef.Kind.JIT) {
            return null;
        }
        return byModule.get(new Key(ref.path(), ref.buildId()));
    }

    /**
     * Function ranges sorted by address; a range of unknown size reaches up to the next range. Source positions
     * (the embedded lines) sorted by address, each covering its own range only.
     */
    private static final class Ranges implements ModuleSymbols {

        private final long[] starts;
        private final Symbol[] symbols;
        private final long[] lineStarts;
        private final EmbeddedSymbols.Range[] lines;

        Ranges(List<EmbeddedSymbols.Range> ranges, List<EmbeddedSymbols.Range> positions) {
            EmbeddedSymbols.Range[] sorted = ranges.toArray(EmbeddedSymbols.Range[]::new);
            Arrays.sort(sorted, Comparator.comparingLong(EmbeddedSymbols.Range::address));
            starts = new long[sorted.length];
            symbols = new Symbol[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                starts[i] = sorted[i].address();
                symbols[i] = new Symbol(sorted[i].name(), sorted[i].address(), sorted[i].size());
            }
            lines = positions.toArray(EmbeddedSymbols.Range[]::new);
            Arrays.sort(lines, Comparator.comparingLong(EmbeddedSymbols.Range::address));
            lineStarts = new long[lines.length];
            for (int i = 0; i < lines.length; i++) {
                lineStarts[i] = lines[i].address();
            }
        }

        @Override
        public Optional<Symbol> lookup(long address) {
            int floor = floor(starts, address);
            if (floor < 0) {
                return Optional.empty();
            }
            Symbol symbol = symbols[floor];
            boolean inside = symbol.size() == 0 || address - symbol.address() < symbol.size();
            return inside ? Optional.of(symbol) : Optional.empty();
        }

        /** The embedded position of {@code address} (inlined calls innermost first), else the function alone. */
        @Override
        public List<SymbolizedFrame> symbolize(long address) {
            int floor = floor(lineStarts, address);
            if (floor < 0 || address - lines[floor].address() >= Math.max(lines[floor].size(), 1)) {
                return ModuleSymbols.super.symbolize(address);
            }
            EmbeddedSymbols.Range position = lines[floor];
            List<SymbolizedFrame> frames = new ArrayList<>(position.inlined().size() + 1);
            for (EmbeddedSymbols.InlinedCall call : position.inlined()) {
                frames.add(new SymbolizedFrame(call.name(), call.name(), source(call.file(), call.line()), true));
            }
            frames.add(new SymbolizedFrame(position.name(), position.name(), source(position.file(), position.line()),
                    false));
            return frames;
        }

        private static SourceLocation source(String file, int line) {
            return file == null ? null : new SourceLocation(file, line, 0);
        }

        private static int floor(long[] sorted, long address) {
            int index = Arrays.binarySearch(sorted, address);
            return index >= 0 ? index : -index - 2;
        }

        @Override
        public String toString() {
            return "embedded symbols (" + symbols.length + " functions, " + lines.length + " source positions)";
        }
    }
}
