package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.Symbol;
import io.tachyon.symbols.internal.demangle.Demangler;

import java.util.Optional;
import java.util.function.UnaryOperator;

/**
 * A {@link SymbolIndex} whose symbols come out with display names: each symbol is demangled the first time it is
 * looked up and kept, so a module's thousands of names cost nothing until used. Thread-safe: racing threads demangle
 * the same name to the same immutable symbol.
 */
final class DemangledSymbols {

    private final SymbolIndex index;
    private final Symbol[] display;
    private final UnaryOperator<String> demangle;

    DemangledSymbols(SymbolIndex index) {
        this(index, Demangler::demangle);
    }

    /** @param demangle the display name of a raw name: a cache the module's other lookups share, for one */
    DemangledSymbols(SymbolIndex index, UnaryOperator<String> demangle) {
        this.index = index;
        this.display = new Symbol[index.symbolCount()];
        this.demangle = demangle;
    }

    Optional<Symbol> lookup(long address) {
        int interval = index.intervalAt(address);
        if (interval < 0) {
            return Optional.empty();
        }
        int number = index.symbolNumber(interval);
        Symbol symbol = display[number];
        if (symbol == null) {
            Symbol raw = index.symbolOf(interval);
            symbol = new Symbol(demangle.apply(raw.name()), raw.name(), raw.address(), raw.size());
            display[number] = symbol;
        }
        return Optional.of(symbol);
    }

    int symbolCount() {
        return index.symbolCount();
    }
}
