package io.tachyon.symbols.internal;

/**
 * Binary search and index sorting over addresses, which compare unsigned (kernel addresses are "negative" longs).
 */
public final class UnsignedSearch {

    private UnsignedSearch() {
    }

    /** The index of the last element of {@code sorted} (ascending, unsigned) that is <= {@code key}, or -1. */
    public static int floor(long[] sorted, long key) {
        int low = 0;
        int high = sorted.length - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(sorted[middle], key) <= 0) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /**
     * The indexes {@code 0..count-1} ordered by {@code keys} (unsigned), equal keys in index order, without boxing
     * (it runs on every symbol table and every DWARF unit): one primitive sort of packed keys where they fit, else a
     * merge sort on primitive arrays.
     */
    public static int[] sortedIndexes(long[] keys, int count) {
        int[] order = new int[count];
        boolean sorted = true;
        for (int i = 0; i < count; i++) {
            order[i] = i;
            sorted &= i == 0 || Long.compareUnsigned(keys[i - 1], keys[i]) <= 0;
        }
        if (sorted) {
            return order;
        }
        int[] packed = sortedByPackedKeys(keys, count);
        if (packed != null) {
            return packed;
        }
        int[] buffer = new int[count];
        for (int width = 1; width < count; width *= 2) {
            for (int from = 0; from < count; from += 2 * width) {
                int middle = Math.min(from + width, count);
                int to = Math.min(from + 2 * width, count);
                int left = from;
                int right = middle;
                int out = from;
                while (left < middle && right < to) {
                    buffer[out++] = Long.compareUnsigned(keys[order[right]], keys[order[left]]) < 0
                            ? order[right++] : order[left++];
                }
                while (left < middle) {
                    buffer[out++] = order[left++];
                }
                while (right < to) {
                    buffer[out++] = order[right++];
                }
            }
            int[] swap = order;
            order = buffer;
            buffer = swap;
        }
        return order;
    }

    /**
     * The same order through one primitive sort: each key's distance above the smallest key, shifted left, with its
     * index in the low bits (so equal keys stay in index order). Null when the keys spread too wide to leave room for
     * the index; symbol tables and DWARF units nearly always fit (a module's code spans far less than 2^40 bytes).
     */
    private static int[] sortedByPackedKeys(long[] keys, int count) {
        int indexBits = 32 - Integer.numberOfLeadingZeros(Math.max(count - 1, 1));
        long smallest = keys[0];
        long largest = keys[0];
        for (int i = 1; i < count; i++) {
            if (Long.compareUnsigned(keys[i], smallest) < 0) {
                smallest = keys[i];
            }
            if (Long.compareUnsigned(keys[i], largest) > 0) {
                largest = keys[i];
            }
        }
        long spread = largest - smallest;
        if (spread != 0 && 64 - Long.numberOfLeadingZeros(spread) > 63 - indexBits) {
            return null;
        }
        long[] packed = new long[count];
        for (int i = 0; i < count; i++) {
            packed[i] = (keys[i] - smallest) << indexBits | i;
        }
        java.util.Arrays.sort(packed);
        int[] order = new int[count];
        long indexMask = (1L << indexBits) - 1;
        for (int i = 0; i < count; i++) {
            order[i] = (int) (packed[i] & indexMask);
        }
        return order;
    }
}
