package io.tachyon.symbols.internal;

/** Binary search over addresses, which compare unsigned (kernel addresses are "negative" longs). */
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
}
