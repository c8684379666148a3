package io.tachyon.analysis.internal;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;

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
            byModule.put(new Key(module.path(), module.buildId()), new Ranges(module.symbols()));
        }
    }

    /** The embedded symbols of {@code ref}, or null when the capture embedded none for it. */
    ModuleSymbols load(ModuleRef ref) {
        if (ref.kind() == ModuleRef.Kind.JIT) {
            return null;
        }
        return byModule.get(new Key(ref.path(), ref.buildId()));
    }

    /** Function ranges sorted by address; a range of unknown size reaches up to the next range. */
    private static final class Ranges implements ModuleSymbols {

        private final long[] starts;
        private final Symbol[] symbols;

        Ranges(List<EmbeddedSymbols.Range> ranges) {
            EmbeddedSymbols.Range[] sorted = ranges.toArray(EmbeddedSymbols.Range[]::new);
            Arrays.sort(sorted, Comparator.comparingLong(EmbeddedSymbols.Range::address));
            starts = new long[sorted.length];
            symbols = new Symbol[sorted.length];
            for (int i = 0; i < sorted.length; i++) {
                starts[i] = sorted[i].address();
                symbols[i] = new Symbol(sorted[i].name(), sorted[i].address(), sorted[i].size());
            }
        }

        @Override
        public Optional<Symbol> lookup(long address) {
            int index = Arrays.binarySearch(starts, address);
            int floor = index >= 0 ? index : -index - 2;
            if (floor < 0) {
                return Optional.empty();
            }
            Symbol symbol = symbols[floor];
            boolean inside = symbol.size() == 0 || address - symbol.address() < symbol.size();
            return inside ? Optional.of(symbol) : Optional.empty();
        }

        @Override
        public String toString() {
            return "embedded symbols (" + symbols.length + " functions)";
        }
    }
}
