package io.tachyon.api.symbols;

import java.util.List;
import java.util.Optional;

/** The symbols of one module. Thread-safe. Lookups never throw: what cannot be named gives empty. */
public interface ModuleSymbols {

    /**
     * The function containing {@code address} (a file offset for user modules, a kernel address for the
     * kernel, a process virtual address for JIT code; see {@link ModuleRef.Kind}), or empty when this source cannot
     * name it. The symbol's {@link Symbol#name() name} is the demangled display name; its address and size are the
     * symbol table's, so frames in one function share one symbol.
     */
    Optional<Symbol> lookup(long address);

    /**
     * Everything known about {@code address} (same address space as {@link #lookup}): the function, its source file
     * and line, and the functions inlined there, innermost first; empty when this source cannot name the address.
     * Sources without debug information give the {@link #lookup} symbol alone, without a source location.
     *
     * <p>With debug information the frames follow DWARF, as {@code addr2line -f -C -i} does: the outermost frame's
     * name is the DWARF subprogram's linkage name (demangled), which may be another alias of the function than
     * {@link #lookup}'s symbol table name.
     */
    default List<SymbolizedFrame> symbolize(long address) {
        return lookup(address).map(symbol -> List.of(SymbolizedFrame.of(symbol))).orElse(List.of());
    }

    /**
     * The address {@link #lookup} takes for {@code symbolAddress}, an address in the symbol table's space (a
     * {@link Symbol#address()}): for a file, its file offset (which differs from the ELF virtual address in non-PIE
     * executables and in what lld links); elsewhere the address itself. -1 when the module has no such address.
     */
    default long moduleAddressOf(long symbolAddress) {
        return symbolAddress;
    }
}
