package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.Symbol;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Function extents flattened into sorted, non-overlapping intervals held in primitive arrays, so a lookup is one
 * binary search and no allocation. Addresses are unsigned (kernel addresses have the top bit set).
 *
 * <p>Rules, applied by {@link Builder#build()}:
 * <ul>
 * <li>Aliases (several symbols at one address) collapse to one: the lowest rank wins (callers rank global before
 * weak before local), then the shorter name, then the alphabetically first. The collapsed symbol's size is the
 * largest size among the aliases.</li>
 * <li>A symbol with a size covers {@code [start, start + size)}. A symbol without one covers from its start up to
 * the next symbol's start, and no further than its limit (e.g. the end of its section).</li>
 * <li>Where extents overlap, the symbol that starts later (the inner one) names the overlap.</li>
 * </ul>
 */
final class SymbolIndex {

    /** The largest unsigned address: no limit. */
    static final long UNBOUNDED = -1L;

    private final long[] starts;
    private final long[] ends;
    private final Optional<Symbol>[] symbols;
    private final int[] symbolNumbers;
    private final int symbolCount;

    private SymbolIndex(long[] starts, long[] ends, Optional<Symbol>[] symbols, int[] symbolNumbers,
            int symbolCount) {
        this.starts = starts;
        this.ends = ends;
        this.symbols = symbols;
        this.symbolNumbers = symbolNumbers;
        this.symbolCount = symbolCount;
    }

    static Builder builder() {
        return new Builder();
    }

    Optional<Symbol> lookup(long address) {
        int interval = intervalAt(address);
        return interval < 0 ? Optional.empty() : symbols[interval];
    }

    /**
     * The interval holding {@code address}, or -1: with {@link #symbolNumber} a key for caching per-symbol work
     * (demangling) without allocating.
     */
    int intervalAt(long address) {
        int found = UnsignedSearch.floor(starts, address);
        if (found < 0 || Long.compareUnsigned(address, ends[found]) >= 0) {
            return -1;
        }
        return found;
    }

    /** The symbol of interval {@code interval} (from {@link #intervalAt}). */
    Symbol symbolOf(int interval) {
        return symbols[interval].get();
    }

    /** The number (0 to {@link #symbolCount()} - 1) of the symbol of interval {@code interval}. */
    int symbolNumber(int interval) {
        return symbolNumbers[interval];
    }

    /** The number of distinct symbols (after collapsing aliases). */
    int symbolCount() {
        return symbolCount;
    }

    static final class Builder {

        /** Of aliases at one address: the lower rank, then the shorter name, then alphabetically first. */
        private static final Comparator<Entry> PREFERENCE = (a, b) -> {
            int order = Integer.compare(a.rank, b.rank);
            if (order != 0) {
                return order;
            }
            order = Integer.compare(a.name.length(), b.name.length());
            return order != 0 ? order : a.name.compareTo(b.name);
        };

        private final List<Entry> entries = new ArrayList<>();

        /**
         * @param size  size in bytes, 0 when unknown
         * @param limit for a symbol without a size, the (unsigned, exclusive) address its extent may not pass;
         *              {@link #UNBOUNDED} for none
         * @param rank  preference among aliases, lower wins
         */
        Builder add(String name, long start, long size, long limit, int rank) {
            entries.add(new Entry(name, start, size, limit, rank));
            return this;
        }

        SymbolIndex build() {
            int n = entries.size();
            long[] entryStarts = new long[n];
            for (int i = 0; i < n; i++) {
                entryStarts[i] = entries.get(i).start;
            }
            int[] order = UnsignedSearch.sortedIndexes(entryStarts, n);
            int groupCount = 0;
            long[] groupStarts = new long[n];
            long[] groupSizes = new long[n];
            long[] groupLimits = new long[n];
            Symbol[] groupSymbols = new Symbol[n];
            for (int i = 0; i < n; ) {
                long start = entryStarts[order[i]];
                Entry preferred = entries.get(order[i]);
                long size = 0;
                long limit = 0;
                int j = i;
                for (; j < n && entryStarts[order[j]] == start; j++) {
                    Entry alias = entries.get(order[j]);
                    if (PREFERENCE.compare(alias, preferred) < 0) {
                        preferred = alias;
                    }
                    size = maxUnsigned(size, alias.size);
                    limit = maxUnsigned(limit, alias.limit);
                }
                groupStarts[groupCount] = start;
                groupSizes[groupCount] = size;
                groupLimits[groupCount] = limit;
                groupSymbols[groupCount] = new Symbol(preferred.name, start, size);
                groupCount++;
                i = j;
            }
            long[] groupEnds = new long[groupCount];
            for (int g = 0; g < groupCount; g++) {
                groupEnds[g] = extentEnd(groupStarts[g], groupSizes[g], groupLimits[g],
                        g + 1 < groupCount ? groupStarts[g + 1] : UNBOUNDED);
            }
            return flatten(groupStarts, groupEnds, groupSymbols, groupCount);
        }

        private static long extentEnd(long start, long size, long limit, long nextStart) {
            if (size != 0) {
                long end = start + size;
                return Long.compareUnsigned(end, start) > 0 ? end : UNBOUNDED;
            }
            long end = Long.compareUnsigned(nextStart, limit) < 0 ? nextStart : limit;
            if (Long.compareUnsigned(end, start) <= 0) {
                // A limit at or before the start: the symbol still names its own first byte.
                return start == UNBOUNDED ? UNBOUNDED : start + 1;
            }
            return end;
        }

        /** Sweeps the extents in start order; a stack holds the extents still open, innermost on top. */
        @SuppressWarnings("unchecked")
        private static SymbolIndex flatten(long[] groupStarts, long[] groupEnds, Symbol[] groupSymbols, int groupCount) {
            Intervals out = new Intervals(groupCount * 2 + 1);
            Deque<Integer> open = new ArrayDeque<>();
            long position = 0;
            for (int g = 0; g < groupCount; g++) {
                long start = groupStarts[g];
                while (!open.isEmpty() && Long.compareUnsigned(groupEnds[open.peek()], start) <= 0) {
                    int closed = open.pop();
                    position = out.emit(position, groupEnds[closed], closed);
                }
                if (!open.isEmpty()) {
                    out.emit(position, start, open.peek());
                }
                position = start;
                open.push(g);
            }
            while (!open.isEmpty()) {
                int closed = open.pop();
                position = out.emit(position, groupEnds[closed], closed);
            }
            Optional<Symbol>[] symbols = new Optional[out.count];
            Optional<Symbol>[] bySymbol = new Optional[groupCount];
            for (int i = 0; i < out.count; i++) {
                int g = out.symbolIndexes[i];
                if (bySymbol[g] == null) {
                    bySymbol[g] = Optional.of(groupSymbols[g]);
                }
                symbols[i] = bySymbol[g];
            }
            return new SymbolIndex(Arrays.copyOf(out.starts, out.count), Arrays.copyOf(out.ends, out.count), symbols,
                    Arrays.copyOf(out.symbolIndexes, out.count), groupCount);
        }

        private static long maxUnsigned(long a, long b) {
            return Long.compareUnsigned(a, b) >= 0 ? a : b;
        }
    }

    private record Entry(String name, long start, long size, long limit, int rank) {
    }

    private static final class Intervals {
        final long[] starts;
        final long[] ends;
        final int[] symbolIndexes;
        int count;

        Intervals(int capacity) {
            starts = new long[capacity];
            ends = new long[capacity];
            symbolIndexes = new int[capacity];
        }

        /** Adds {@code [from, to)} when it is not empty; returns the new sweep position. */
        long emit(long from, long to, int symbolIndex) {
            if (Long.compareUnsigned(from, to) >= 0) {
                return from;
            }
            starts[count] = from;
            ends[count] = to;
            symbolIndexes[count] = symbolIndex;
            count++;
            return to;
        }
    }
}
