package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SourceLocation;
import io.tachyon.api.symbols.Symbol;
import io.tachyon.api.symbols.SymbolizedFrame;
import io.tachyon.symbols.internal.demangle.Demangler;
import io.tachyon.symbols.internal.dwarf.DwarfFormatException;
import io.tachyon.symbols.internal.dwarf.DwarfInfo;
import io.tachyon.symbols.internal.dwarf.DwarfSections;

import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The symbols of one ELF file, looked up by file offset: the offset is turned into the file's own virtual address
 * through its PT_LOAD segments (the same for PIE, non-PIE and shared objects, since the offset is independent of
 * where the file was loaded), then named through a {@link SymbolIndex} of .symtab, .dynsym and PLT stubs, and, when
 * the file or its separate debug file has DWARF, through {@link DwarfInfo} for source lines and inlined frames.
 * Thread-safe.
 *
 * <p>{@link #symbolize} follows binutils' addr2line (asked about one address): the function names come from DWARF
 * (the linkage name, else DW_AT_name), except that an innermost function of a language with mangling whose entry has
 * no linkage name, and code without a DWARF function (assembly), take the name of the symbol holding the address.
 * Corrupt DWARF gives one warning and the symbol table's answers.
 */
public final class ElfModuleSymbols implements ModuleSymbols {

    private static final int EM_ARM = 40;

    private final long[] segmentOffsets;
    private final long[] segmentFileSizes;
    private final long[] segmentAddresses;
    private final DemangledSymbols symbols;
    private final BinutilsFunctionFinder binutilsNames;
    private final String buildId;
    /** Opens the DWARF on first use; dropped then, with the file it holds. */
    private Supplier<DwarfInfo> dwarfOpening;
    private DwarfInfo dwarf;
    private boolean dwarfOpened;
    private final String description;
    private final Logger logger;
    private final int functionCount;
    private final AtomicBoolean dwarfFailed = new AtomicBoolean();
    /** Demangled names by raw name: hot functions are asked for again and again, and C++ names are long. */
    private final Map<String, String> displayNames = new ConcurrentHashMap<>();

    private ElfModuleSymbols(List<ElfProgramHeader> loads, SymbolIndex index, int functionCount,
            BinutilsFunctionFinder binutilsNames, String buildId, Supplier<DwarfInfo> dwarfOpening, String description,
            Logger logger) {
        this.functionCount = functionCount;
        int n = loads.size();
        this.segmentOffsets = new long[n];
        this.segmentFileSizes = new long[n];
        this.segmentAddresses = new long[n];
        for (int i = 0; i < n; i++) {
            segmentOffsets[i] = loads.get(i).offset();
            segmentFileSizes[i] = loads.get(i).fileSize();
            segmentAddresses[i] = loads.get(i).virtualAddress();
        }
        // One demangling a name: a recording names its functions by lookup, then embeds their lines by symbolize.
        this.symbols = new DemangledSymbols(index, this::displayName);
        this.binutilsNames = binutilsNames;
        this.buildId = buildId;
        this.dwarfOpening = dwarfOpening;
        this.description = description;
        this.logger = logger;
    }

    /** Reads the symbols, PT_LOAD segments and build-id of {@code file}, without debug information. */
    public static ElfModuleSymbols read(ElfFile file) throws ElfFormatException {
        return read(file, null, System.getLogger(ElfModuleSymbols.class.getName()));
    }

    /**
     * Reads {@code file} (the code as mapped) together with {@code debugFile} (its separate debug file, or null):
     * symbols of both symbol tables, PLT stubs, and the DWARF of whichever has it. DWARF that cannot be read gives one
     * warning on {@code logger} and the symbol tables alone.
     *
     * <p>Symbols rank global (and GNU unique) before weak before local when several share an address. A symbol
     * without a size extends to the next symbol but not past the end of its section.
     */
    public static ElfModuleSymbols read(ElfFile file, ElfFile debugFile, Logger logger) throws ElfFormatException {
        String description = debugFile == null ? file.path().toString()
                : file.path() + " (debug file " + debugFile.path() + ")";
        // The DWARF (inflating its sections, reading unit headers) is opened on first use: function names come from
        // the symbol tables, and a report, which asks for nothing else, should not inflate libc's debug sections.
        ElfFile dwarfFile = debugFile != null && debugFile.hasDebugInfo() ? debugFile : file;
        Supplier<DwarfInfo> dwarfOpening = dwarfFile.hasDebugInfo()
                ? () -> openDwarf(dwarfFile, description, logger)
                : () -> null;
        boolean clearThumbBit = file.machine() == EM_ARM;
        SymbolIndex.Builder builder = SymbolIndex.builder();
        int functions = addFunctions(builder, file, clearThumbBit);
        if (debugFile != null) {
            functions += addFunctions(builder, debugFile, clearThumbBit);
        }
        for (PltSymbols.Stub stub : PltSymbols.read(file)) {
            builder.add(stub.name(), stub.address(), stub.size(), SymbolIndex.UNBOUNDED, 3);
        }
        // Executable segments first: where segments share file pages, code addresses are what get sampled.
        List<ElfProgramHeader> loads = new ArrayList<>();
        file.programHeaders().stream()
                .filter(h -> h.type() == ElfProgramHeader.PT_LOAD && h.fileSize() != 0 && h.isExecutable())
                .forEach(loads::add);
        file.programHeaders().stream()
                .filter(h -> h.type() == ElfProgramHeader.PT_LOAD && h.fileSize() != 0 && !h.isExecutable())
                .forEach(loads::add);
        BinutilsFunctionFinder binutilsNames =
                new BinutilsFunctionFinder((debugFile != null ? debugFile : file).codeSymbolsInTableOrder());
        if (!file.readableAfterClose() || (debugFile != null && !debugFile.readableAfterClose())) {
            // Files of 2 GiB and more are mapped region by region, which needs them open: read it before they close.
            DwarfInfo opened = dwarfOpening.get();
            dwarfOpening = () -> opened;
        }
        return new ElfModuleSymbols(loads, builder.build(), functions, binutilsNames, file.buildId().orElse(null),
                dwarfOpening, description, logger);
    }

    /** The DWARF, opened now if this is its first use; null when there is none or it could not be read. */
    private synchronized DwarfInfo dwarf() {
        if (!dwarfOpened) {
            dwarfOpened = true;
            try {
                dwarf = dwarfOpening.get();
            } catch (InternalError e) {
                // A mapped page of a file that was truncated since it was opened.
                dwarfFailed.set(true);
                logger.log(Level.WARNING, "No source lines for {0}: the file changed before its DWARF was read: {1}",
                        description, e.getMessage());
            } finally {
                dwarfOpening = null;
            }
        }
        return dwarfFailed.get() ? null : dwarf;
    }

    /** The DWARF of {@code file}, or null (and one warning) when it cannot be read. */
    private static DwarfInfo openDwarf(ElfFile file, String description, Logger logger) {
        try {
            return DwarfInfo.read(sections(file));
        } catch (DwarfFormatException | ElfFormatException | RuntimeException e) {
            logger.log(Level.WARNING, "No source lines for {0}: its DWARF cannot be read: {1}", description,
                    e.getMessage());
            return null;
        }
    }

    private static int addFunctions(SymbolIndex.Builder builder, ElfFile file, boolean clearThumbBit)
            throws ElfFormatException {
        List<ElfSection> sections = file.sections();
        List<ElfSymbol> functions = file.functionSymbols();
        for (ElfSymbol symbol : functions) {
            long start = clearThumbBit ? symbol.value() & ~1L : symbol.value();
            long limit = symbol.sectionIndex() < sections.size()
                    ? sectionEnd(sections.get(symbol.sectionIndex()))
                    : SymbolIndex.UNBOUNDED;
            builder.add(symbol.name(), start, symbol.size(), limit, rank(symbol.binding()));
        }
        return functions.size();
    }

    /** The DWARF sections of {@code file}, uncompressed. */
    static DwarfSections sections(ElfFile file) throws ElfFormatException {
        return DwarfSections.read(file.path().toString(), file.byteOrder(), file::uncompressedSectionData);
    }

    @Override
    public Optional<Symbol> lookup(long fileOffset) {
        long address = toVirtualAddress(fileOffset);
        return address == -1 ? Optional.empty() : symbols.lookup(address);
    }

    @Override
    public List<SymbolizedFrame> symbolize(long fileOffset) {
        long address = toVirtualAddress(fileOffset);
        if (address == -1) {
            return List.of();
        }
        DwarfInfo dwarf = dwarf();
        if (dwarf != null) {
            try {
                List<DwarfInfo.Frame> frames = dwarf.symbolize(address);
                if (!frames.isEmpty()) {
                    List<SymbolizedFrame> named = name(frames, address);
                    if (!named.isEmpty()) {
                        return named;
                    }
                }
            } catch (DwarfFormatException | RuntimeException e) {
                if (dwarfFailed.compareAndSet(false, true)) {
                    logger.log(Level.WARNING, "Source lines of {0} are off: its DWARF is corrupt: {1}", description,
                            e.getMessage());
                }
            }
        }
        Optional<Symbol> symbol = symbols.lookup(address);
        if (symbol.isEmpty()) {
            return List.of();
        }
        // The symbol table ranks aliases for display (malloc over __libc_malloc); addr2line takes the first in the
        // table that covers the address, and symbolize follows addr2line.
        String raw = binutilsNames.nameAt(address);
        if (raw == null || raw.equals(symbol.get().rawName())) {
            return List.of(SymbolizedFrame.of(symbol.get()));
        }
        return List.of(new SymbolizedFrame(displayName(raw), raw, null, false));
    }

    private List<SymbolizedFrame> name(List<DwarfInfo.Frame> frames, long address) {
        List<SymbolizedFrame> out = new ArrayList<>(frames.size());
        for (int i = 0; i < frames.size(); i++) {
            DwarfInfo.Frame frame = frames.get(i);
            String raw = frame.name();
            if (i == 0 && (raw == null || !frame.nameIsLinkage())) {
                // A plain DW_AT_name of C++ or Rust ("_M_manager") says less than the symbol holding the address.
                String symbolName = binutilsNames.nameAt(address);
                if (symbolName != null) {
                    raw = symbolName;
                }
            }
            if (raw == null) {
                return List.of();
            }
            SourceLocation source = frame.file() == null ? null
                    : new SourceLocation(frame.file(), frame.line(), frame.column());
            out.add(new SymbolizedFrame(displayName(raw), raw, source,
                    frame.inlined()));
        }
        return out;
    }

    private String displayName(String raw) {
        return displayNames.computeIfAbsent(raw, Demangler::demangle);
    }

    private long toVirtualAddress(long fileOffset) {
        for (int i = 0; i < segmentOffsets.length; i++) {
            long delta = fileOffset - segmentOffsets[i];
            if (Long.compareUnsigned(fileOffset, segmentOffsets[i]) >= 0
                    && Long.compareUnsigned(delta, segmentFileSizes[i]) < 0) {
                return segmentAddresses[i] + delta;
            }
        }
        return -1;
    }

    @Override
    public long moduleAddressOf(long symbolAddress) {
        return fileOffsetOf(symbolAddress);
    }

    /** The file offset of ELF virtual address {@code address}, or -1 when no loaded segment holds it. */
    public long fileOffsetOf(long address) {
        for (int i = 0; i < segmentOffsets.length; i++) {
            long delta = address - segmentAddresses[i];
            if (Long.compareUnsigned(address, segmentAddresses[i]) >= 0
                    && Long.compareUnsigned(delta, segmentFileSizes[i]) < 0) {
                return segmentOffsets[i] + delta;
            }
        }
        return -1;
    }

    /** The GNU build-id as lowercase hex, or null when the file has none. */
    public String buildId() {
        return buildId;
    }

    /**
     * Whether the file's functions can be named: it has function symbols or DWARF (PLT stubs alone do not count: a
     * stripped executable is better served by a source that finds its debug file), and loadable segments.
     */
    public boolean canName() {
        return (functionCount > 0 || dwarf() != null) && segmentOffsets.length > 0;
    }

    /** Whether source lines are available. */
    public boolean hasDebugInfo() {
        return dwarf() != null;
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
