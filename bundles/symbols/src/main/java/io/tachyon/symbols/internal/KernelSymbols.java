package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The kernel's text symbols from a kallsyms listing ({@code <hex address> <type> <name>[\t[module]]}), looked up by
 * kernel virtual address. kallsyms gives no sizes, so a symbol extends to the next text symbol; the last symbol of
 * the kernel image or of a module extends to the end of its page. Symbol names are kept bare (without the module).
 * Immutable, so thread-safe.
 */
public final class KernelSymbols implements ModuleSymbols {

    private static final long PAGE_SIZE = 4096;

    private final SymbolIndex index;
    private final DemangledSymbols display;
    private final boolean addressesHidden;

    private KernelSymbols(SymbolIndex index, boolean addressesHidden) {
        this.index = index;
        this.display = new DemangledSymbols(index);
        this.addressesHidden = addressesHidden;
    }

    /** Parses {@code kallsyms}; a line not in kallsyms form gives an IOException naming the file and line. */
    public static KernelSymbols read(Path kallsyms) throws IOException {
        List<TextSymbol> text = new ArrayList<>();
        boolean anyAddress = false;
        try (BufferedReader reader = Files.newBufferedReader(kallsyms, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isEmpty()) {
                    continue;
                }
                int firstSpace = line.indexOf(' ');
                if (firstSpace <= 0 || line.length() < firstSpace + 4 || line.charAt(firstSpace + 2) != ' ') {
                    throw malformed(kallsyms, lineNumber, line);
                }
                long address;
                try {
                    address = Long.parseUnsignedLong(line, 0, firstSpace, 16);
                } catch (NumberFormatException e) {
                    throw malformed(kallsyms, lineNumber, line);
                }
                anyAddress |= address != 0;
                int rank = textRank(line.charAt(firstSpace + 1));
                if (rank < 0) {
                    continue;
                }
                int nameStart = firstSpace + 3;
                int tab = line.indexOf('\t', nameStart);
                String name = tab < 0 ? line.substring(nameStart) : line.substring(nameStart, tab);
                String module = tab < 0 ? "" : line.substring(tab + 1);
                text.add(new TextSymbol(address, name, module, rank));
            }
        }
        if (!anyAddress) {
            return new KernelSymbols(SymbolIndex.builder().build(), !text.isEmpty());
        }
        text.sort(Comparator.comparingLong(s -> s.address ^ Long.MIN_VALUE));
        SymbolIndex.Builder builder = SymbolIndex.builder();
        int[] nextDistinct = nextDistinctAddress(text);
        for (int i = 0; i < text.size(); i++) {
            TextSymbol symbol = text.get(i);
            int next = nextDistinct[i];
            boolean lastOfItsModule = next == text.size() || !text.get(next).module.equals(symbol.module);
            long limit = lastOfItsModule ? (symbol.address & -PAGE_SIZE) + PAGE_SIZE : SymbolIndex.UNBOUNDED;
            builder.add(symbol.name, symbol.address, 0, limit, symbol.rank);
        }
        return new KernelSymbols(builder.build(), false);
    }

    /** True when kallsyms listed symbols but every address was 0: the kernel hides them from this process. */
    public boolean addressesHidden() {
        return addressesHidden;
    }

    public int symbolCount() {
        return index.symbolCount();
    }

    /** The symbol at {@code address}; Rust-for-Linux names (v0 mangled) come out demangled. */
    @Override
    public Optional<Symbol> lookup(long address) {
        return display.lookup(address);
    }

    /** Text symbols only; global before weak before local when several share an address. */
    private static int textRank(char type) {
        return switch (type) {
            case 'T' -> 0;
            case 'W' -> 1;
            case 't', 'w' -> 2;
            default -> -1;
        };
    }

    /** For each symbol of the sorted list, the index of the first symbol at a higher address. */
    private static int[] nextDistinctAddress(List<TextSymbol> sorted) {
        int[] next = new int[sorted.size()];
        Arrays.fill(next, sorted.size());
        for (int i = sorted.size() - 2; i >= 0; i--) {
            next[i] = sorted.get(i + 1).address == sorted.get(i).address ? next[i + 1] : i + 1;
        }
        return next;
    }

    private static IOException malformed(Path file, int lineNumber, String line) {
        return new IOException(file + ":" + lineNumber + ": expected '<hex address> <type letter> <name>', found '"
                + line + "'");
    }

    private record TextSymbol(long address, String name, String module, int rank) {
    }
}
