package io.tachyon.api.symbols;

import java.util.Objects;

/**
 * A named function.
 *
 * @param name    the name to show: demangled (C++ Itanium ABI, Rust legacy and v0) when the source knows the
 *                scheme, else as the module spells it
 * @param rawName the name as the module spells it (the mangled linkage name); equal to {@code name} when nothing
 *                was demangled
 * @param address start address in the module's own address space (ELF virtual address, kernel address, or process
 *                virtual address for JIT code)
 * @param size    size in bytes, 0 when the source does not know it
 */
public record Symbol(String name, String rawName, long address, long size) {

    public Symbol {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(rawName, "rawName");
    }

    /** A symbol whose name needs no demangling: {@code rawName} is {@code name}. */
    public Symbol(String name, long address, long size) {
        this(name, name, address, size);
    }
}
