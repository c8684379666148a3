package io.tachyon.api.symbols;

import java.util.Optional;

/**
 * One source of symbols (ELF files, the kernel, JIT maps, debug servers...). Many may be registered;
 * they are consulted in {@code service.ranking} order and the first that serves a module is used. A
 * source that fails on a module (missing or corrupt file) returns empty rather than throwing.
 */
public interface SymbolResolver {

    /** Loads the symbols of {@code module}, or empty when this source cannot serve it. */
    Optional<ModuleSymbols> load(ModuleRef module);
}
