package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
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

    /**
     * Parses {@code kallsyms}; a line not in kallsyms form gives an IOException naming the file and line. Read as bytes
     * into primitive columns: a kernel lists some 120,000 symbols, and a recording reads them while the JIT is cold.
     */
    public static KernelSymbols read(Path kallsyms) throws IOException {
        byte[] bytes = Files.readAllBytes(kallsyms);
        TextSymbols text = new TextSymbols();
        boolean anyAddress = false;
        int lineNumber = 0;
        for (int start = 0, end; start < bytes.length; start = end + 1) {
            end = indexOf(bytes, (byte) '\n', start, bytes.length);
            lineNumber++;
            if (end == start) {
                continue;
            }
            int firstSpace = indexOf(bytes, (byte) ' ', start, end);
            if (firstSpace == start || firstSpace - start > 16 || end < firstSpace + 4 || bytes[firstSpace + 2] != ' ') {
                throw malformed(kallsyms, lineNumber, bytes, start, end);
            }
            long address = 0;
            for (int i = start; i < firstSpace; i++) {
                int digit = Character.digit(bytes[i], 16);
                if (digit < 0) {
                    throw malformed(kallsyms, lineNumber, bytes, start, end);
                }
                address = address << 4 | digit;
            }
            anyAddress |= address != 0;
            int rank = textRank((char) (bytes[firstSpace + 1] & 0xff));
            if (rank < 0) {
                continue;
            }
            int nameStart = firstSpace + 3;
            int tab = indexOf(bytes, (byte) '\t', nameStart, end);
            text.add(address, new String(bytes, nameStart, tab - nameStart, StandardCharsets.UTF_8),
                    text.module(bytes, Math.min(tab + 1, end), end), rank);
        }
        if (!anyAddress) {
            return new KernelSymbols(SymbolIndex.builder().build(), text.count > 0);
        }
        int[] order = UnsignedSearch.sortedIndexes(text.addresses, text.count);
        // For each symbol in address order, where the next higher address starts.
        int[] nextDistinct = new int[order.length];
        for (int i = order.length - 1; i >= 0; i--) {
            nextDistinct[i] = i + 1 < order.length && text.addresses[order[i + 1]] == text.addresses[order[i]]
                    ? nextDistinct[i + 1] : i + 1;
        }
        SymbolIndex.Builder builder = SymbolIndex.builder();
        for (int i = 0; i < order.length; i++) {
            int symbol = order[i];
            long address = text.addresses[symbol];
            int next = nextDistinct[i];
            boolean lastOfItsModule = next == order.length || text.modules[order[next]] != text.modules[symbol];
            long limit = lastOfItsModule ? (address & -PAGE_SIZE) + PAGE_SIZE : SymbolIndex.UNBOUNDED;
            builder.add(text.names[symbol], address, 0, limit, text.ranks[symbol]);
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

    /** The index of the first {@code value} in {@code bytes[from, to)}, or {@code to}. */
    private static int indexOf(byte[] bytes, byte value, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return to;
    }

    private static IOException malformed(Path file, int lineNumber, byte[] bytes, int start, int end) {
        return new IOException(file + ":" + lineNumber + ": expected '<hex address> <type letter> <name>', found '"
                + new String(bytes, start, end - start, StandardCharsets.UTF_8) + "'");
    }

    /** Text symbols in columns, in kallsyms order; modules by number (the kernel image is 0). */
    private static final class TextSymbols {
        long[] addresses = new long[1024];
        String[] names = new String[1024];
        int[] modules = new int[1024];
        int[] ranks = new int[1024];
        int count;
        private final Map<String, Integer> moduleNumbers = new HashMap<>(Map.of("", 0));
        /** The module of the last line, so that a module's consecutive lines are matched without a string each. */
        private byte[] lastModuleBytes = new byte[0];
        private int lastModule;

        void add(long address, String name, int module, int rank) {
            if (count == addresses.length) {
                int capacity = count * 2;
                addresses = Arrays.copyOf(addresses, capacity);
                names = Arrays.copyOf(names, capacity);
                modules = Arrays.copyOf(modules, capacity);
                ranks = Arrays.copyOf(ranks, capacity);
            }
            addresses[count] = address;
            names[count] = name;
            modules[count] = module;
            ranks[count] = rank;
            count++;
        }

        /** The number of the module named by {@code bytes[from, to)} (empty: the kernel image). */
        int module(byte[] bytes, int from, int to) {
            if (Arrays.equals(bytes, from, to, lastModuleBytes, 0, lastModuleBytes.length)) {
                return lastModule;
            }
            lastModuleBytes = Arrays.copyOfRange(bytes, from, to);
            lastModule = moduleNumbers.computeIfAbsent(new String(lastModuleBytes, StandardCharsets.UTF_8),
                    name -> moduleNumbers.size());
            return lastModule;
        }
    }
}
