package io.tachyon.storage.internal;

/**
 * An open-addressing map from long keys to non-negative int values, without boxing: the interning tables of
 * the writer hold up to a million entries each. Key and value share a slot of one array, so a lookup that
 * misses the cache misses it once. Not thread-safe.
 */
final class LongIntMap {

    private static final int ABSENT = -1;

    /** Slot i is {@code table[2i]} (the key) and {@code table[2i + 1]} (the value, ABSENT when free). */
    private long[] table;
    private int size;
    private int mask;

    LongIntMap(int expected) {
        allocate(Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1);
    }

    int size() {
        return size;
    }

    /** Maps {@code key} to {@code value} unless it is mapped already; returns the value it now has. */
    int putIfAbsent(long key, int value) {
        int slot = slot(key);
        while (true) {
            int present = (int) table[2 * slot + 1];
            if (present == ABSENT) {
                break;
            }
            if (table[2 * slot] == key) {
                return present;
            }
            slot = (slot + 1) & mask;
        }
        table[2 * slot] = key;
        table[2 * slot + 1] = value;
        if (++size * 2 > mask + 1) {
            grow();
        }
        return value;
    }

    void clear() {
        for (int slot = 0; slot <= mask; slot++) {
            table[2 * slot + 1] = ABSENT;
        }
        size = 0;
    }

    private int slot(long key) {
        long h = key * 0x9E3779B97F4A7C15L;
        return (int) (h ^ (h >>> 29)) & mask;
    }

    private void allocate(int capacity) {
        table = new long[2 * capacity];
        mask = capacity - 1;
        for (int slot = 0; slot < capacity; slot++) {
            table[2 * slot + 1] = ABSENT;
        }
    }

    private void grow() {
        long[] old = table;
        allocate(2 * (mask + 1));
        size = 0;
        for (int i = 0; i < old.length; i += 2) {
            if ((int) old[i + 1] != ABSENT) {
                putIfAbsent(old[i], (int) old[i + 1]);
            }
        }
    }
}
