package io.tachyon.api.symbols;

import java.util.Optional;

/** The symbols of one module. Thread-safe. */
public interface ModuleSymbols {

    /**
     * The function containing {@code address} (a file offset for user modules, a kernel address for the
     * kernel; see {@link ModuleRef.Kind}), or empty when this source cannot name it.
     */
    Optional<Symbol> lookup(long address);
}
