package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.LineCost;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SourceLocation;
import io.tachyon.api.symbols.SymbolizedFrame;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The distinct instructions samples were taken at (the leaf frame, kernel or user), each with its module, its address
 * there and the function it was named; samples point at them by number ({@link SampleTable#instruction}). What the
 * lines view needs: the source line of an instruction is looked up only when lines are asked for.
 */
final class SampledInstructions {

    /** A sample taken outside every mapped module, or without frames. */
    static final int NONE = -1;

    private final Module[] modules;
    private final long[] moduleAddresses;
    private final int[] functions;
    private final FunctionTable functionTable;
    /** The source of a module's lines: the lines embedded in the capture first, then the module's own symbols. */
    private final Function<Module, List<ModuleSymbols>> lineSources;

    /**
     * What the lines of a module's instructions need of it, taken from its model build's entry when the build ends,
     * so a model does not keep the build's per-module tables.
     *
     * @param symbols       the source that named the module's frames here, null when none did or none was asked
     * @param symbolsLoaded whether the sources here were asked for the module
     */
    record Module(ModuleRef ref, String fileName, ModuleSymbols symbols, boolean symbolsLoaded) {
    }

    private SampledInstructions(Builder builder, FunctionTable functionTable,
            Function<Module, List<ModuleSymbols>> lineSources) {
        Map<ModuleEntry, Module> modulesOfEntries = new IdentityHashMap<>();
        this.modules = new Module[builder.count];
        for (int i = 0; i < builder.count; i++) {
            modules[i] = modulesOfEntries.computeIfAbsent(builder.modules[i], entry -> new Module(entry.ref(),
                    entry.fileName(), entry.symbols(), entry.symbolsLoaded()));
        }
        this.moduleAddresses = Arrays.copyOf(builder.moduleAddresses, builder.count);
        this.functions = Arrays.copyOf(builder.functions, builder.count);
        this.functionTable = functionTable;
        this.lineSources = lineSources;
    }

    int size() {
        return modules.length;
    }

    /**
     * Self time by source line of {@code samples}: each distinct instruction's line found once, through the first of
     * its module's sources that places it; instructions no source places count for their function, without a file.
     * Hottest first; ties by file, line and function.
     */
    List<LineCost> lines(SampleTable samples) {
        long[] counts = new long[modules.length];
        long[] nanos = new long[modules.length];
        for (int sample = 0; sample < samples.size(); sample++) {
            int instruction = samples.instruction(sample);
            if (instruction != NONE) {
                counts[instruction]++;
                nanos[instruction] += samples.period(sample);
            }
        }
        Map<Module, List<ModuleSymbols>> sources = new IdentityHashMap<>();
        Map<LineKey, long[]> byLine = new HashMap<>();
        for (int instruction = 0; instruction < modules.length; instruction++) {
            if (counts[instruction] == 0) {
                continue;
            }
            Module module = modules[instruction];
            LineKey key = line(sources.computeIfAbsent(module, lineSources), moduleAddresses[instruction], module);
            if (key == null) {
                key = new LineKey(null, 0, functionTable.name(functions[instruction]), module.fileName());
            }
            long[] cost = byLine.computeIfAbsent(key, k -> new long[2]);
            cost[0] += counts[instruction];
            cost[1] += nanos[instruction];
        }
        List<LineCost> lines = new ArrayList<>(byLine.size());
        byLine.forEach((key, cost) -> lines.add(new LineCost(key.file, key.line, key.function, key.module, cost[0],
                cost[1])));
        lines.sort(Comparator.comparingLong(LineCost::selfNanos).reversed()
                .thenComparing(LineCost::file, Comparator.nullsLast(Comparator.naturalOrder()))
                .thenComparingInt(LineCost::line).thenComparing(LineCost::function));
        return lines;
    }

    /** The innermost frame with a source line at {@code address}, from the first source that has one; else null. */
    private static LineKey line(List<ModuleSymbols> sources, long address, Module module) {
        for (ModuleSymbols source : sources) {
            List<SymbolizedFrame> frames;
            try {
                frames = source.symbolize(address);
            } catch (RuntimeException e) {
                // The contract says symbolize does not throw; one that does (its bundle left) just has no line.
                continue;
            }
            if (!frames.isEmpty() && frames.get(0).source() != null) {
                SourceLocation location = frames.get(0).source();
                return new LineKey(location.file(), location.line(), frames.get(0).name(), module.fileName());
            }
        }
        return null;
    }

    private record LineKey(String file, int line, String function, String module) {
    }

    /** Interns instructions while a model is built: one number per module address of each module. */
    static final class Builder {
        private final Map<ModuleEntry, LongIntHashMap> numbers = new HashMap<>();
        private ModuleEntry[] modules = new ModuleEntry[256];
        private long[] moduleAddresses = new long[256];
        private int[] functions = new int[256];
        private int count;

        /** The number of the instruction at {@code moduleAddress} of {@code module}, named {@code function}. */
        int intern(ModuleEntry module, long moduleAddress, int function) {
            LongIntHashMap ofModule = numbers.computeIfAbsent(module, m -> new LongIntHashMap());
            int number = ofModule.get(moduleAddress);
            if (number != LongIntHashMap.MISSING) {
                return number;
            }
            if (count == modules.length) {
                modules = Arrays.copyOf(modules, count * 2);
                moduleAddresses = Arrays.copyOf(moduleAddresses, count * 2);
                functions = Arrays.copyOf(functions, count * 2);
            }
            modules[count] = module;
            moduleAddresses[count] = moduleAddress;
            functions[count] = function;
            ofModule.put(moduleAddress, count);
            return count++;
        }

        SampledInstructions build(FunctionTable functionTable, Function<Module, List<ModuleSymbols>> lineSources) {
            return new SampledInstructions(this, functionTable, lineSources);
        }
    }
}
