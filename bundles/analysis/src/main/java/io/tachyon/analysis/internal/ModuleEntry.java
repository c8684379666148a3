package io.tachyon.analysis.internal;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One module of a capture while its model is built: its symbols, loaded on first use, and the
 * function each looked-up address resolved to, so a hot address is resolved once, and the symbols that
 * named its frames (what a capture embeds).
 */
final class ModuleEntry {

    private final int id;
    private final ModuleRef ref;
    private final String fileName;
    private final LongIntHashMap functionByAddress = new LongIntHashMap();
    private final Map<Long, NamedFunction> namedFunctions = new HashMap<>();
    private ModuleSymbols symbols;
    private boolean symbolsLoaded;

    ModuleEntry(int id, ModuleRef ref) {
        this.id = id;
        this.ref = ref;
        this.fileName = fileName(ref.path());
    }

    int id() {
        return id;
    }

    ModuleRef ref() {
        return ref;
    }

    /** The last element of the path; pseudo paths such as {@code [kernel.kallsyms]} are kept whole. */
    String fileName() {
        return fileName;
    }

    /** The function cached for the module address, or {@link LongIntHashMap#MISSING}. */
    int cachedFunction(long moduleAddress) {
        return functionByAddress.get(moduleAddress);
    }

    void cacheFunction(long moduleAddress, int function) {
        functionByAddress.put(moduleAddress, function);
    }

    /** Every module address looked up, ascending. */
    long[] hitAddresses() {
        return functionByAddress.sortedKeys();
    }

    boolean isNamed(Symbol symbol) {
        return namedFunctions.containsKey(symbol.address());
    }

    /**
     * @param moduleStart where the function starts in the address space lookups take (a file offset for files, which
     *                    differs from the symbol's virtual address in non-PIE executables); -1 when unknown
     */
    void functionNamed(Symbol symbol, long moduleStart) {
        namedFunctions.putIfAbsent(symbol.address(), new NamedFunction(symbol, moduleStart));
    }

    boolean hasNamedFunctions() {
        return !namedFunctions.isEmpty();
    }

    /**
     * The functions that named frames of this module, one per function start, by the address lookups take: what a
     * capture embeds so the same lookups find them where the module is not.
     */
    List<EmbeddedSymbols.Range> namedFunctionRanges() {
        List<EmbeddedSymbols.Range> ranges = new ArrayList<>(namedFunctions.size());
        for (NamedFunction named : namedFunctions.values()) {
            if (named.moduleStart() != -1) {
                ranges.add(new EmbeddedSymbols.Range(named.moduleStart(), named.symbol().size(), named.symbol().name(),
                        null, 0, List.of()));
            }
        }
        ranges.sort(Comparator.comparingLong(EmbeddedSymbols.Range::address));
        return ranges;
    }

    private record NamedFunction(Symbol symbol, long moduleStart) {
    }

    boolean symbolsLoaded() {
        return symbolsLoaded;
    }

    /** The symbols, null when no source serves this module. */
    ModuleSymbols symbols() {
        return symbols;
    }

    void symbolsLoaded(ModuleSymbols symbols) {
        this.symbols = symbols;
        this.symbolsLoaded = true;
    }

    private static String fileName(String path) {
        if (path.startsWith("[")) {
            return path;
        }
        String name = path.substring(path.lastIndexOf('/') + 1);
        return name.isEmpty() ? path : name;
    }
}
