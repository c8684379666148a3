package io.tachyon.symbols.internal;

import java.util.List;

/**
 * Names code from a symbol table the way binutils' addr2line does when DWARF has no function for it: of the
 * function-like symbols (FUNC, GNU_IFUNC, NOTYPE) starting at or below the address, those starting highest; of these,
 * in table order, a later one replaces the earlier only if it fits better (it covers the address where the other
 * does not reach it and is larger; or both cover it and the later is a function where the other is not, typed where
 * the other is NOTYPE, or smaller). So of equal aliases the first in the table wins, which is why addr2line says
 * {@code __GI_umask} where the symbol table ranking says {@code umask}.
 */
final class BinutilsFunctionFinder {

    private final long[] starts;
    private final long[] sizes;
    private final boolean[] typed;
    private final String[] names;

    BinutilsFunctionFinder(List<ElfSymbol> symbolsInTableOrder) {
        int n = symbolsInTableOrder.size();
        long[] values = new long[n];
        for (int i = 0; i < n; i++) {
            values[i] = symbolsInTableOrder.get(i).value();
        }
        // By start, then table order (the sort is stable), so a group of equal starts keeps its table order.
        int[] order = UnsignedSearch.sortedIndexes(values, n);
        starts = new long[n];
        sizes = new long[n];
        typed = new boolean[n];
        names = new String[n];
        for (int i = 0; i < n; i++) {
            ElfSymbol symbol = symbolsInTableOrder.get(order[i]);
            starts[i] = symbol.value();
            sizes[i] = symbol.size() == 0 ? 1 : symbol.size();
            typed[i] = symbol.type() != 0;
            names[i] = symbol.name();
        }
    }

    /** The name binutils gives {@code address}, or null when no symbol starts at or below it. */
    String nameAt(long address) {
        int low = 0;
        int high = starts.length - 1;
        int last = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(starts[middle], address) <= 0) {
                last = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        if (last < 0) {
            return null;
        }
        int first = last;
        while (first > 0 && starts[first - 1] == starts[last]) {
            first--;
        }
        int best = first;
        for (int i = first + 1; i <= last; i++) {
            if (betterFit(i, best, address)) {
                best = i;
            }
        }
        return names[best];
    }

    private boolean betterFit(int candidate, int current, long address) {
        boolean currentCovers = Long.compareUnsigned(address - starts[current], sizes[current]) < 0;
        if (!currentCovers) {
            return Long.compareUnsigned(sizes[candidate], sizes[current]) > 0;
        }
        boolean candidateCovers = Long.compareUnsigned(address - starts[candidate], sizes[candidate]) < 0;
        if (!candidateCovers) {
            return false;
        }
        if (typed[candidate] != typed[current]) {
            return typed[candidate];
        }
        return Long.compareUnsigned(sizes[candidate], sizes[current]) < 0;
    }
}
