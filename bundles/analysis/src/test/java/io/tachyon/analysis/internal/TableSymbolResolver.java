package io.tachyon.analysis.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;
import io.tachyon.api.symbols.SymbolResolver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A symbol source over a fixed table: module path to symbols. It records every load and lookup so tests
 * can see what the model asked, and can be made to fail like a resolver whose bundle has stopped.
 */
final class TableSymbolResolver implements SymbolResolver {

    private final Map<String, NavigableMap<Long, Symbol>> modules = new HashMap<>();
    final List<ModuleRef> loads = new ArrayList<>();
    final List<Long> lookups = new ArrayList<>();
    private volatile boolean stopped;

    TableSymbolResolver symbol(String path, String name, long address, long size) {
        modules.computeIfAbsent(path, p -> new TreeMap<>()).put(address, new Symbol(name, address, size));
        return this;
    }

    /** From now on every call fails, as a resolver whose bundle was stopped may. */
    void stop() {
        stopped = true;
    }

    @Override
    public Optional<ModuleSymbols> load(ModuleRef module) {
        failIfStopped();
        loads.add(module);
        NavigableMap<Long, Symbol> symbols = modules.get(module.path());
        if (symbols == null) {
            return Optional.empty();
        }
        return Optional.of(address -> {
            failIfStopped();
            lookups.add(address);
            Entry<Long, Symbol> floor = symbols.floorEntry(address);
            if (floor == null || address >= floor.getKey() + floor.getValue().size()) {
                return Optional.empty();
            }
            return Optional.of(floor.getValue());
        });
    }

    private void failIfStopped() {
        if (stopped) {
            throw new IllegalStateException("resolver stopped");
        }
    }
}
