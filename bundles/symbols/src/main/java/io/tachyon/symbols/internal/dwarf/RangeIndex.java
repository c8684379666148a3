package io.tachyon.symbols.internal.dwarf;

import io.tachyon.symbols.internal.UnsignedSearch;

import java.util.Arrays;
import java.util.TreeSet;

/**
 * Address ranges {@code [low, high)} of numbered items, flattened for lookup into disjoint segments that each know
 * their item: the one whose range holding the segment is smallest (the innermost); ties go to the first or last item
 * added, as built. A lookup is one binary search, whatever the overlaps. Addresses are unsigned.
 */
final class RangeIndex {

    private final long[] starts;
    private final long[] ends;
    private final int[] items;

    private RangeIndex(long[] starts, long[] ends, int[] items) {
        this.starts = starts;
        this.ends = ends;
        this.items = items;
    }

    /** -1 when no range contains {@code address}. */
    int lookup(long address) {
        int found = UnsignedSearch.floor(starts, address);
        return found < 0 || Long.compareUnsigned(address, ends[found]) >= 0 ? -1 : items[found];
    }

    static final class Builder {
        private long[] lows = new long[16];
        private long[] highs = new long[16];
        private int[] items = new int[16];
        private int count;

        void add(long low, long high, int item) {
            if (Long.compareUnsigned(high, low) <= 0) {
                return;
            }
            if (count == lows.length) {
                lows = Arrays.copyOf(lows, count * 2);
                highs = Arrays.copyOf(highs, count * 2);
                items = Arrays.copyOf(items, count * 2);
            }
            lows[count] = low;
            highs[count] = high;
            items[count] = item;
            count++;
        }

        RangeIndex build() {
            return build(false);
        }

        /**
         * Sweeps the range boundaries in address order, keeping the ranges open at each point ordered by preference
         * (smaller first, then the tie rule), and emits one segment per stretch between boundaries.
         *
         * @param laterWinsTies whether, of equal smallest ranges, the item added last wins (else the first)
         */
        RangeIndex build(boolean laterWinsTies) {
            int[] byLow = UnsignedSearch.sortedIndexes(lows, count);
            int[] byHigh = UnsignedSearch.sortedIndexes(highs, count);
            TreeSet<Integer> open = new TreeSet<>((a, b) -> {
                int bySize = Long.compareUnsigned(highs[a] - lows[a], highs[b] - lows[b]);
                if (bySize != 0) {
                    return bySize;
                }
                int byItem = laterWinsTies ? Integer.compare(items[b], items[a]) : Integer.compare(items[a], items[b]);
                return byItem != 0 ? byItem : Integer.compare(a, b);
            });
            long[] outStarts = new long[2 * count + 1];
            long[] outEnds = new long[2 * count + 1];
            int[] outItems = new int[2 * count + 1];
            int n = 0;
            int nextLow = 0;
            int nextHigh = 0;
            while (nextLow < count || nextHigh < count) {
                long point = nextLow < count && (nextHigh >= count
                        || Long.compareUnsigned(lows[byLow[nextLow]], highs[byHigh[nextHigh]]) <= 0)
                        ? lows[byLow[nextLow]] : highs[byHigh[nextHigh]];
                while (nextHigh < count && highs[byHigh[nextHigh]] == point) {
                    open.remove(byHigh[nextHigh++]);
                }
                while (nextLow < count && lows[byLow[nextLow]] == point) {
                    open.add(byLow[nextLow++]);
                }
                if (open.isEmpty()) {
                    continue;
                }
                long next = -1;
                if (nextLow < count) {
                    next = lows[byLow[nextLow]];
                }
                if (nextHigh < count && (next == -1 || Long.compareUnsigned(highs[byHigh[nextHigh]], next) < 0)) {
                    next = highs[byHigh[nextHigh]];
                }
                int best = items[open.first()];
                if (n > 0 && outEnds[n - 1] == point && outItems[n - 1] == best) {
                    outEnds[n - 1] = next;
                } else {
                    if (n == outStarts.length) {
                        outStarts = Arrays.copyOf(outStarts, n * 2);
                        outEnds = Arrays.copyOf(outEnds, n * 2);
                        outItems = Arrays.copyOf(outItems, n * 2);
                    }
                    outStarts[n] = point;
                    outEnds[n] = next;
                    outItems[n] = best;
                    n++;
                }
            }
            return new RangeIndex(Arrays.copyOf(outStarts, n), Arrays.copyOf(outEnds, n), Arrays.copyOf(outItems, n));
        }
    }
}
