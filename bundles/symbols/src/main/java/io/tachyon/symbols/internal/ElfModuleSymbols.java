package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The function symbols of one ELF file, looked up by file offset: the offset is turned into the file's own virtual
 * address through its PT_LOAD segments (the same for PIE, non-PIE and shared objects, since the offset is
 * independent of where the file was loaded), then named through a {@link SymbolIndex}. Immutable, so thread-safe.
 */
public final class ElfModuleSymbols implements ModuleSymbols {

    private static final int EM_ARM = 40;

    private final long[] segmentOffsets;
    private final long[] segmentFileSizes;
    private final long[] segmentAddresses;
    private final SymbolIndex index;
    private final String buildId;

    private ElfModuleSymbols(List<ElfProgramHeader> loads, SymbolIndex index, String buildId) {
        int n = loads.size();
        this.segmentOffsets = new long[n];
        this.segmentFileSizes = new long[n];
        this.segmentAddresses = new long[n];
        for (int i = 0; i < n; i++) {
            segmentOffsets[i] = loads.get(i).offset();
            segmentFileSizes[i] = loads.get(i).fileSize();
            segmentAddresses[i] = loads.get(i).virtualAddress();
        }
        this.index = index;
        this.buildId = buildId;
    }

    /**
     * Reads the function symbols, PT_LOAD segments and build-id of {@code file}.
     *
     * <p>Symbols rank global (and GNU unique) before weak before local when several share an address. A symbol
     * without a size extends to the next symbol but not past the end of its section.
     */
    public static ElfModuleSymbols read(ElfFile file) throws ElfFormatException {
        List<ElfSection> sections = file.sections();
        boolean clearThumbBit = file.machine() == EM_ARM;
        SymbolIndex.Builder builder = SymbolIndex.builder();
        for (ElfSymbol symbol : file.functionSymbols()) {
            long start = clearThumbBit ? symbol.value() & ~1L : symbol.value();
            long limit = symbol.sectionIndex() < sections.size()
                    ? sectionEnd(sections.get(symbol.sectionIndex()))
                    : SymbolIndex.UNBOUNDED;
            builder.add(symbol.name(), start, symbol.size(), limit, rank(symbol.binding()));
        }
        // Executable segments first: where segments share file pages, code addresses are what get sampled.
        List<ElfProgramHeader> loads = new ArrayList<>();
        file.programHeaders().stream()
                .filter(h -> h.type() == ElfProgramHeader.PT_LOAD && h.fileSize() != 0 && h.isExecutable())
                .forEach(loads::add);
        file.programHeaders().stream()
                .filter(h -> h.type() == ElfProgramHeader.PT_LOAD && h.fileSize() != 0 && !h.isExecutable())
                .forEach(loads::add);
        return new ElfModuleSymbols(loads, builder.build(), file.buildId().orElse(null));
    }

    @Override
    public Optional<Symbol> lookup(long fileOffset) {
        for (int i = 0; i < segmentOffsets.length; i++) {
            long delta = fileOffset - segmentOffsets[i];
            if (Long.compareUnsigned(fileOffset, segmentOffsets[i]) >= 0
                    && Long.compareUnsigned(delta, segmentFileSizes[i]) < 0) {
                return index.lookup(segmentAddresses[i] + delta);
            }
        }
        return Optional.empty();
    }

    /** The GNU build-id as lowercase hex, or null when the file has none. */
    public String buildId() {
        return buildId;
    }

    /** Whether any file offset can be named: the file has function symbols and loadable segments. */
    public boolean canName() {
        return index.symbolCount() > 0 && segmentOffsets.length > 0;
    }

    private static long sectionEnd(ElfSection section) {
        long end = section.address() + section.size();
        return section.size() == 0 || Long.compareUnsigned(end, section.address()) < 0 ? SymbolIndex.UNBOUNDED : end;
    }

    private static int rank(int binding) {
        return switch (binding) {
            case ElfSymbol.STB_GLOBAL, ElfSymbol.STB_GNU_UNIQUE -> 0;
            case ElfSymbol.STB_WEAK -> 1;
            default -> 2;
        };
    }
}
