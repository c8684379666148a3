package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CapturedModule;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;
import io.tachyon.api.symbols.SymbolResolver;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Turns frame addresses into functions of a {@link FunctionTable}. The symbols embedded in the capture
 * name what they cover first; the rest of a module is served by the first resolver, in ranking order,
 * whose {@code load} gives it symbols. An address no symbol covers is named
 * {@code file-name+0xoffset} (offset in the file); an address outside every mapping is named
 * {@code [unknown] 0xaddress}. Not thread-safe: one build uses it from one thread, and {@link #symbolsToEmbed} is
 * asked once, after the build ({@link SymbolsToEmbed}).
 */
final class FrameSymbolizer {

    static final String UNKNOWN_MODULE = "[unknown]";
    private static final int UNKNOWN_MODULE_ID = -1;
    private static final System.Logger LOG = System.getLogger(FrameSymbolizer.class.getName());

    private final Supplier<List<SymbolResolver>> resolvers;
    private final EmbeddedModuleSymbols embedded;
    private final FunctionTable.Builder functions;
    private final Map<ModuleRef, ModuleEntry> modules = new HashMap<>();
    private final LongIntHashMap unknownByAddress = new LongIntHashMap();
    private final SampledInstructions.Builder instructions = new SampledInstructions.Builder();
    private final Set<String> warnings = new LinkedHashSet<>();

    /**
     * @param resolvers the resolvers in ranking order, highest first, asked again for each new module so
     *                  that resolvers coming and going during a build are respected
     * @param embedded  the symbols embedded in the capture, consulted before the resolvers
     */
    FrameSymbolizer(Supplier<List<SymbolResolver>> resolvers, List<EmbeddedSymbols> embedded,
            FunctionTable.Builder functions) {
        this.resolvers = resolvers;
        this.embedded = new EmbeddedModuleSymbols(embedded);
        this.functions = functions;
    }

    /** The one entry of a module, however many times and places it is mapped. */
    ModuleEntry module(ModuleRef ref) {
        return modules.computeIfAbsent(ref, key -> new ModuleEntry(modules.size(), key));
    }

    /** Every module seen, one per file name (the first seen), in the order they were first seen. */
    List<CapturedModule> modules() {
        Map<String, CapturedModule> byName = new LinkedHashMap<>();
        modules.values().stream().sorted(Comparator.comparingInt(ModuleEntry::id)).forEach(entry -> byName
                .putIfAbsent(entry.fileName(), new CapturedModule(entry.fileName(), entry.ref().path(),
                        entry.ref().buildId(), entry.ref().kind() == ModuleRef.Kind.KERNEL)));
        return List.copyOf(byName.values());
    }

    /**
     * Per file and kernel module whose frames a source named, the functions that named them, by address, and, once
     * asked for, the source positions (file, line, inlined calls) of every address its frames hit: what the capture
     * needs embedded to show the same names and lines where its modules are not. Takes out of this build's tables
     * only what that needs, so a model does not keep them.
     */
    SymbolsToEmbed symbolsToEmbed() {
        List<SymbolsToEmbed.Module> named = new ArrayList<>();
        modules.values().stream()
                .filter(entry -> entry.ref().kind() != ModuleRef.Kind.JIT && entry.hasNamedFunctions())
                .sorted(Comparator.comparingInt(ModuleEntry::id))
                .forEach(entry -> {
                    ModuleSymbols source = entry.symbols() != null ? entry.symbols() : embedded.load(entry.ref());
                    named.add(new SymbolsToEmbed.Module(entry.ref(), entry.namedFunctionRanges(), source,
                            source != null ? entry.hitAddresses() : new long[0]));
                });
        return new SymbolsToEmbed(named);
    }

    /**
     * What the symbol sources could not do for this capture, one line a module: a file or kernel here that is
     * another build than the one recorded is not used, and its frames are shown as module+offset.
     */
    List<String> warnings() {
        return List.copyOf(warnings);
    }

    /** The function at {@code address} in {@code space}; {@code space} may be null (nothing mapped). */
    int function(AddressSpace space, long address) {
        MappedModule mapping = space == null ? null : space.find(address);
        if (mapping == null) {
            return unknownFunction(address);
        }
        ModuleEntry module = mapping.module();
        long moduleAddress = mapping.moduleAddress(address);
        int function = module.cachedFunction(moduleAddress);
        if (function == LongIntHashMap.MISSING) {
            function = resolve(module, moduleAddress);
            module.cacheFunction(moduleAddress, function);
        }
        return function;
    }

    /**
     * The number of the sampled instruction at {@code address} in {@code space}, whose function {@link #function}
     * gave as {@code function}; {@link SampledInstructions#NONE} outside every mapping.
     */
    int instruction(AddressSpace space, long address, int function) {
        MappedModule mapping = space == null ? null : space.find(address);
        if (mapping == null) {
            return SampledInstructions.NONE;
        }
        return instructions.intern(mapping.module(), mapping.moduleAddress(address), function);
    }

    /**
     * The instructions samples were taken at, whose lines come from the symbols embedded in the capture first, then
     * from the module's source here (loaded on first use if naming the frames did not need it).
     */
    SampledInstructions sampledInstructions(FunctionTable functionTable) {
        EmbeddedModuleSymbols embeddedSymbols = embedded;
        Supplier<List<SymbolResolver>> currentResolvers = resolvers;
        return instructions.build(functionTable, module -> {
            List<ModuleSymbols> sources = new ArrayList<>(2);
            ModuleSymbols fromCapture = embeddedSymbols.load(module.ref());
            if (fromCapture != null) {
                sources.add(fromCapture);
            }
            ModuleSymbols here = module.symbolsLoaded() ? module.symbols() : load(currentResolvers, module.ref());
            if (here != null) {
                sources.add(here);
            }
            return sources;
        });
    }

    private int resolve(ModuleEntry module, long moduleAddress) {
        Optional<Symbol> symbol = lookup(module, moduleAddress);
        if (symbol.isPresent()) {
            return functions.intern(module.id(), module.fileName(), symbol.get().address(), symbol.get().name());
        }
        return functions.intern(module.id(), module.fileName(), moduleAddress,
                module.fileName() + "+0x" + Long.toHexString(moduleAddress));
    }

    private Optional<Symbol> lookup(ModuleEntry module, long moduleAddress) {
        ModuleSymbols embeddedSymbols = embedded.load(module.ref());
        if (embeddedSymbols != null) {
            Optional<Symbol> symbol = named(module, embeddedSymbols, embeddedSymbols.lookup(moduleAddress));
            if (symbol.isPresent()) {
                return symbol;
            }
        }
        if (!module.symbolsLoaded()) {
            ModuleSymbols loaded = load(module.ref());
            module.symbolsLoaded(loaded);
            if (loaded == null) {
                warnWhenAnotherBuildIsHere(module.ref());
            }
        }
        ModuleSymbols symbols = module.symbols();
        if (symbols == null) {
            return Optional.empty();
        }
        try {
            return named(module, symbols, symbols.lookup(moduleAddress));
        } catch (RuntimeException e) {
            // A resolver whose bundle stopped may fail on symbols it handed out; the frame stays unnamed.
            LOG.log(System.Logger.Level.WARNING, "symbol lookup failed in " + module.ref().path() + " at 0x"
                    + Long.toHexString(moduleAddress), e);
            return Optional.empty();
        }
    }

    /** Notes a function that named a frame, at the address its source's lookups take, for embedding. */
    private static Optional<Symbol> named(ModuleEntry module, ModuleSymbols source, Optional<Symbol> symbol) {
        if (symbol.isPresent() && !module.isNamed(symbol.get())) {
            module.functionNamed(symbol.get(), source.moduleAddressOf(symbol.get().address()));
        }
        return symbol;
    }

    /**
     * The sources serve a module only with the recorded build-id. When none did, but one serves the same path
     * without it, the file (or kernel) here is another build: its names would be wrong, so it is not used, and the
     * report says why the frames have no names.
     */
    private void warnWhenAnotherBuildIsHere(ModuleRef ref) {
        if (ref.buildId() == null || ref.kind() == ModuleRef.Kind.JIT) {
            return;
        }
        if (load(new ModuleRef(ref.path(), null, ref.kind(), ref.pid())) != null) {
            String what = ref.kind() == ModuleRef.Kind.KERNEL ? "the kernel running here" : "the file here";
            warnings.add(ref.path() + ": " + what + " has another build-id than the recorded " + ref.buildId()
                    + ", so it is not used; its frames are shown as module+offset");
        }
    }

    private ModuleSymbols load(ModuleRef ref) {
        return load(resolvers, ref);
    }

    private static ModuleSymbols load(Supplier<List<SymbolResolver>> resolvers, ModuleRef ref) {
        for (SymbolResolver resolver : resolvers.get()) {
            try {
                Optional<ModuleSymbols> symbols = resolver.load(ref);
                if (symbols.isPresent()) {
                    return symbols.get();
                }
            } catch (RuntimeException e) {
                // The contract says empty rather than throw; a resolver that throws anyway (or left mid-use)
                // must not cost the whole model, so the next source gets the module.
                LOG.log(System.Logger.Level.WARNING, "symbol resolver " + resolver + " failed on " + ref, e);
            }
        }
        return null;
    }

    private int unknownFunction(long address) {
        int function = unknownByAddress.get(address);
        if (function == LongIntHashMap.MISSING) {
            function = functions.intern(UNKNOWN_MODULE_ID, UNKNOWN_MODULE, address,
                    UNKNOWN_MODULE + " 0x" + Long.toHexString(address));
            unknownByAddress.put(address, function);
        }
        return function;
    }
}
