package io.tachyon.analysis.internal;

import io.tachyon.api.capture.EmbeddedSymbols;

import java.util.List;
import java.util.function.Supplier;

/**
 * What a capture needs embedded, worked out once, on first use: finding the source line of every hit address reads
 * the modules' debug information, which only the recorder asks for, not a report or the viewer.
 */
final class SymbolsToEmbed implements Supplier<List<EmbeddedSymbols>> {

    private FrameSymbolizer symbolizer;
    private List<EmbeddedSymbols> symbols;

    SymbolsToEmbed(FrameSymbolizer symbolizer) {
        this.symbolizer = symbolizer;
    }

    @Override
    public synchronized List<EmbeddedSymbols> get() {
        if (symbols == null) {
            symbols = List.copyOf(symbolizer.symbolsToEmbed());
            symbolizer = null;
        }
        return symbols;
    }
}
