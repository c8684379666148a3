package io.tachyon.analysis.internal;

import java.util.Arrays;

/**
 * An open-addressing map from {@code long} to a non-negative {@code int} (a table index). The per-frame
 * lookups of a model build (address to function, stack prefix to stack) go through it, so it must not box.
 */
final class LongIntHashMap {

    /** What {@link #get} returns for a key that is not in the map. */
    static final int MISSING = -1;

    private static final long GOLDEN_RATIO = 0x9E3779B97F4A7C15L;

    private long[] keys;
    private int[] values;
    private int size;
    private int shift;

    LongIntHashMap() {
        allocate(16);
    }

    int get(long key) {
        int mask = keys.length - 1;
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            int value = values[slot];
            if (value == MISSING || keys[slot] == key) {
                return value;
            }
        }
    }

    void put(long key, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("values are table indexes and must not be negative: " + value);
        }
        if (insert(key, value) && ++size * 2 > keys.length) {
            grow();
        }
    }

    int size() {
        return size;
    }

    /** The keys, in ascending (unsigned) order. */
    long[] sortedKeys() {
        long[] sorted = new long[size];
        int count = 0;
        for (int slot = 0; slot < keys.length; slot++) {
            if (values[slot] != MISSING) {
                sorted[count++] = keys[slot] ^ Long.MIN_VALUE;
            }
        }
        Arrays.sort(sorted);
        for (int i = 0; i < count; i++) {
            sorted[i] ^= Long.MIN_VALUE;
        }
        return sorted;
    }

    /** Stores {@code value}; true when the key is new. */
    private boolean insert(long key, int value) {
        int mask = keys.length - 1;
        for (int slot = slot(key); ; slot = (slot + 1) & mask) {
            if (values[slot] == MISSING) {
                keys[slot] = key;
                values[slot] = value;
                return true;
            }
            if (keys[slot] == key) {
                values[slot] = value;
                return false;
            }
        }
    }

    private int slot(long key) {
        return (int) ((key * GOLDEN_RATIO) >>> shift);
    }

    private void grow() {
        long[] oldKeys = keys;
        int[] oldValues = values;
        allocate(keys.length * 2);
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldValues[i] != MISSING) {
                insert(oldKeys[i], oldValues[i]);
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity];
        values = new int[capacity];
        Arrays.fill(values, MISSING);
        shift = 64 - Integer.numberOfTrailingZeros(capacity);
    }
}
