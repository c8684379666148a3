package io.tachyon.api.symbols;

import java.util.Objects;

/**
 * A named function.
 *
 * @param name    the function's name as the module spells it (mangled names are kept as they are)
 * @param address start address in the module's own address space (ELF virtual address, or kernel address)
 * @param size    size in bytes, 0 when the source does not know it
 */
public record Symbol(String name, long address, long size) {

    public Symbol {
        Objects.requireNonNull(name, "name");
    }
}
