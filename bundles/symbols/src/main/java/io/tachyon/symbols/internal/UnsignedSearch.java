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
     * The indexes {@code 0..count-1} ordered by {@code keys} (unsigned), equal keys in index order: a merge sort on
     * primitive arrays, without boxing (it runs on every symbol table and every DWARF unit).
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
}
