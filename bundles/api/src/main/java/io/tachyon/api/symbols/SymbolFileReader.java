package io.tachyon.api.symbols;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads symbols and debug information from ELF files given by path: a service of the symbols bundle for sources that
 * find files elsewhere (a debuginfod client downloads a module's debug file, then asks this service to read it).
 * Never throws: a file that cannot be read gives empty and one warning for the module.
 */
public interface SymbolFileReader {

    /**
     * Whether the module's own file, or a separate debug file installed on this machine (by build-id or
     * {@code .gnu_debuglink}), carries DWARF debug information, so fetching one is not needed.
     */
    boolean hasLocalDebugInfo(ModuleRef module);

    /**
     * The symbols of {@code module} read from {@code file} (the module's code: its own path, or a copy of the same
     * build fetched elsewhere) together with {@code debugFile} (a separate debug file of the same build-id: its
     * symbol table and DWARF are used; may be {@code null}).
     */
    Optional<ModuleSymbols> read(ModuleRef module, Path file, Path debugFile);
}
