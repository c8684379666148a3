package io.tachyon.analysis.internal;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What a capture needs embedded, worked out once, on first use: finding the source line of every hit address reads
 * the modules' debug information, which only the recorder asks for, not a report or the viewer. Until then it keeps
 * each module's named functions, hit addresses and symbols, not the build's tables.
 */
final class SymbolsToEmbed implements Supplier<List<EmbeddedSymbols>> {

    private static final System.Logger LOG = System.getLogger(SymbolsToEmbed.class.getName());
    private static final ModuleSymbols NO_SYMBOLS = address -> Optional.empty();

    /**
     * @param functions the functions that named the module's frames, at the addresses lookups take
     * @param source    the symbols that named them (a resolver's, or the capture's embedded ones), or null
     * @param addresses every module address its frames hit, ascending
     */
    record Module(ModuleRef ref, List<EmbeddedSymbols.Range> functions, ModuleSymbols source, long[] addresses) {
    }

    private List<Module> modules;
    private List<EmbeddedSymbols> symbols;

    SymbolsToEmbed(List<Module> modules) {
        this.modules = List.copyOf(modules);
    }

    @Override
    public synchronized List<EmbeddedSymbols> get() {
        if (symbols == null) {
            List<List<EmbeddedSymbols.Range>> lines = lines();
            List<EmbeddedSymbols> embed = new ArrayList<>(modules.size());
            for (int i = 0; i < modules.size(); i++) {
                Module module = modules.get(i);
                embed.add(new EmbeddedSymbols(module.ref().path(), module.ref().buildId(), module.functions(),
                        lines.get(i)));
            }
            symbols = List.copyOf(embed);
            modules = null;
        }
        return symbols;
    }

    /** The source positions per module; none at all when finding them fails, which must not cost the functions. */
    private List<List<EmbeddedSymbols.Range>> lines() {
        List<ModuleSymbols> sources = new ArrayList<>();
        List<long[]> addresses = new ArrayList<>();
        for (Module module : modules) {
            sources.add(module.source() != null ? module.source() : NO_SYMBOLS);
            addresses.add(module.addresses());
        }
        try {
            return SourcePositions.ofModules(sources, addresses, LOG);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "source lines not embedded", e);
            List<List<EmbeddedSymbols.Range>> none = new ArrayList<>();
            for (int i = 0; i < modules.size(); i++) {
                none.add(List.of());
            }
            return none;
        }
    }
}
