package io.tachyon.api.symbols;

import java.util.Objects;
import java.util.Optional;

/**
 * One function in the answer for an address. An address in inlined code gives several frames, innermost first (the
 * order {@code addr2line -i} prints): each frame but the last was inlined into the frame after it.
 *
 * @param name    the function's display name: demangled, with parameter types for C++ where the mangled name has
 *                them (what {@code addr2line -C} prints)
 * @param rawName the function's name as the debug information or symbol table spells it (mangled linkage name)
 * @param source  where the address lies in this function's source: for the innermost frame the line of the
 *                address itself, for each outer frame the line of the call that was inlined; null when unknown
 * @param inlined whether this frame's code was inlined into the next frame of the list
 */
public record SymbolizedFrame(String name, String rawName, SourceLocation source, boolean inlined) {

    public SymbolizedFrame {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rawName, "rawName");
    }

    /** The frame of a symbol without source information. */
    public static SymbolizedFrame of(Symbol symbol) {
        return new SymbolizedFrame(symbol.name(), symbol.rawName(), null, false);
    }

    public Optional<SourceLocation> sourceLocation() {
        return Optional.ofNullable(source);
    }
}
