package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.Symbol;

import java.util.Arrays;
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
    private final int[] symbolNumbers;
    private final String[] symbolNames;
    private final long[] symbolStarts;
    private final long[] symbolSizes;

    private SymbolIndex(long[] starts, long[] ends, int[] symbolNumbers, String[] symbolNames, long[] symbolStarts,
            long[] symbolSizes) {
        this.starts = starts;
        this.ends = ends;
        this.symbolNumbers = symbolNumbers;
        this.symbolNames = symbolNames;
        this.symbolStarts = symbolStarts;
        this.symbolSizes = symbolSizes;
    }

    static Builder builder() {
        return new Builder();
    }

    Optional<Symbol> lookup(long address) {
        int interval = intervalAt(address);
        return interval < 0 ? Optional.empty() : Optional.of(symbolOf(interval));
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
        int number = symbolNumbers[interval];
        return new Symbol(symbolNames[number], symbolStarts[number], symbolSizes[number]);
    }

    /** The number (0 to {@link #symbolCount()} - 1) of the symbol of interval {@code interval}. */
    int symbolNumber(int interval) {
        return symbolNumbers[interval];
    }

    /** The number of distinct symbols (after collapsing aliases). */
    int symbolCount() {
        return symbolNames.length;
    }

    /**
     * Collects symbols in growing primitive columns (no object per symbol) and builds the index. Building runs once
     * per module on tens of thousands of symbols while the JIT is still cold, so it avoids boxing and comparators.
     */
    static final class Builder {

        private String[] names = new String[64];
        private long[] starts = new long[64];
        private long[] sizes = new long[64];
        private long[] limits = new long[64];
        private int[] ranks = new int[64];
        private int count;

        /**
         * @param size  size in bytes, 0 when unknown
         * @param limit for a symbol without a size, the (unsigned, exclusive) address its extent may not pass;
         *              {@link #UNBOUNDED} for none
         * @param rank  preference among aliases, lower wins
         */
        Builder add(String name, long start, long size, long limit, int rank) {
            if (count == names.length) {
                int capacity = count * 2;
                names = Arrays.copyOf(names, capacity);
                starts = Arrays.copyOf(starts, capacity);
                sizes = Arrays.copyOf(sizes, capacity);
                limits = Arrays.copyOf(limits, capacity);
                ranks = Arrays.copyOf(ranks, capacity);
            }
            names[count] = name;
            starts[count] = start;
            sizes[count] = size;
            limits[count] = limit;
            ranks[count] = rank;
            count++;
            return this;
        }

        SymbolIndex build() {
            int n = count;
            int[] order = UnsignedSearch.sortedIndexes(starts, n);
            int groupCount = 0;
            long[] groupStarts = new long[n];
            long[] groupSizes = new long[n];
            long[] groupLimits = new long[n];
            String[] groupNames = new String[n];
            for (int i = 0; i < n; ) {
                long start = starts[order[i]];
                int preferred = order[i];
                long size = sizes[preferred];
                long limit = limits[preferred];
                int j = i + 1;
                for (; j < n && starts[order[j]] == start; j++) {
                    int alias = order[j];
                    if (preferred(alias, preferred)) {
                        preferred = alias;
                    }
                    size = maxUnsigned(size, sizes[alias]);
                    limit = maxUnsigned(limit, limits[alias]);
                }
                groupStarts[groupCount] = start;
                groupSizes[groupCount] = size;
                groupLimits[groupCount] = limit;
                groupNames[groupCount] = names[preferred];
                groupCount++;
                i = j;
            }
            long[] groupEnds = new long[groupCount];
            for (int g = 0; g < groupCount; g++) {
                groupEnds[g] = extentEnd(groupStarts[g], groupSizes[g], groupLimits[g],
                        g + 1 < groupCount ? groupStarts[g + 1] : UNBOUNDED);
            }
            Intervals out = flatten(groupStarts, groupEnds, groupCount);
            return new SymbolIndex(Arrays.copyOf(out.starts, out.count), Arrays.copyOf(out.ends, out.count),
                    Arrays.copyOf(out.symbolIndexes, out.count), Arrays.copyOf(groupNames, groupCount),
                    Arrays.copyOf(groupStarts, groupCount), Arrays.copyOf(groupSizes, groupCount));
        }

        /** Of aliases at one address: the lower rank, then the shorter name, then alphabetically first. */
        private boolean preferred(int candidate, int current) {
            if (ranks[candidate] != ranks[current]) {
                return ranks[candidate] < ranks[current];
            }
            String a = names[candidate];
            String b = names[current];
            if (a.length() != b.length()) {
                return a.length() < b.length();
            }
            return a.compareTo(b) < 0;
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
        private static Intervals flatten(long[] groupStarts, long[] groupEnds, int groupCount) {
            Intervals out = new Intervals(groupCount * 2 + 1);
            int[] open = new int[groupCount];
            int depth = 0;
            long position = 0;
            for (int g = 0; g < groupCount; g++) {
                long start = groupStarts[g];
                while (depth > 0 && Long.compareUnsigned(groupEnds[open[depth - 1]], start) <= 0) {
                    int closed = open[--depth];
                    position = out.emit(position, groupEnds[closed], closed);
                }
                if (depth > 0) {
                    out.emit(position, start, open[depth - 1]);
                }
                position = start;
                open[depth++] = g;
            }
            while (depth > 0) {
                int closed = open[--depth];
                position = out.emit(position, groupEnds[closed], closed);
            }
            return out;
        }

        private static long maxUnsigned(long a, long b) {
            return Long.compareUnsigned(a, b) >= 0 ? a : b;
        }
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
