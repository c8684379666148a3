package io.tachyon.analysis.internal;

/**
 * Stable sorts of index arrays by a {@code long} key, without boxing: the per-thread and per-CPU orderings
 * of a model build sort millions of indexes.
 */
final class IndexSort {

    private IndexSort() {
    }

    /**
     * Indexes {@code 0..groups.length-1} ordered by group, keeping their order within a group (a counting
     * sort).
     *
     * @param offsets filled with where each group starts in the result; {@code offsets[groupCount]} is the
     *                total, so it needs {@code groupCount + 1} entries
     */
    static int[] byGroup(int[] groups, int size, int groupCount, int[] offsets) {
        for (int i = 0; i < size; i++) {
            offsets[groups[i] + 1]++;
        }
        for (int group = 0; group < groupCount; group++) {
            offsets[group + 1] += offsets[group];
        }
        int[] next = java.util.Arrays.copyOf(offsets, groupCount);
        int[] order = new int[size];
        for (int i = 0; i < size; i++) {
            order[next[groups[i]]++] = i;
        }
        return order;
    }

    /** Sorts {@code order[from..to)} by {@code keys[order[i]]}; equal keys keep their order (a merge sort). */
    static void byKey(int[] order, int from, int to, long[] keys) {
        if (to - from < 2 || isSorted(order, from, to, keys)) {
            return;
        }
        int[] buffer = new int[to - from];
        mergeSort(order, from, to, keys, buffer);
    }

    private static boolean isSorted(int[] order, int from, int to, long[] keys) {
        for (int i = from + 1; i < to; i++) {
            if (keys[order[i - 1]] > keys[order[i]]) {
                return false;
            }
        }
        return true;
    }

    private static void mergeSort(int[] order, int from, int to, long[] keys, int[] buffer) {
        if (to - from < 2) {
            return;
        }
        int middle = (from + to) >>> 1;
        mergeSort(order, from, middle, keys, buffer);
        mergeSort(order, middle, to, keys, buffer);
        if (keys[order[middle - 1]] <= keys[order[middle]]) {
            return;
        }
        System.arraycopy(order, from, buffer, 0, middle - from);
        int left = 0;
        int leftEnd = middle - from;
        int right = middle;
        int out = from;
        while (left < leftEnd && right < to) {
            order[out++] = keys[order[right]] < keys[buffer[left]] ? order[right++] : buffer[left++];
        }
        while (left < leftEnd) {
            order[out++] = buffer[left++];
        }
    }
}
