package io.tachyon.analysis.internal;

import java.util.Arrays;

/**
 * What a run of raw frames already resolved to in one address space, so that frames many samples repeat (the
 * common case: a capture has far fewer distinct stacks than samples) are symbolized and interned once. A hit
 * costs one pass over the addresses instead of table lookups per frame. An entry holds only while its address
 * space is unchanged, because a new mapping can change what an address names.
 *
 * <p>In front of the table sits a smaller one keyed by the frames array itself: a capture reader hands out one
 * array per repeated stack, so most lookups ({@link #find}) are answered without hashing the addresses.
 *
 * @param <V> what the frames resolved to
 */
final class ResolvedFramesCache<V> {

    /** Bounds the memory the keys hold; a full cache starts again empty. */
    private static final int MAX_ENTRIES = 1 << 20;
    /** Slots of the identity table, one entry each (a newer array takes over its slot). */
    private static final int RECENT_SLOTS = 1 << 14;

    private final long[][] recentKeys = new long[RECENT_SLOTS][];
    private final AddressSpace[] recentSpaces = new AddressSpace[RECENT_SLOTS];
    private final boolean[] recentLeaves = new boolean[RECENT_SLOTS];
    private final int[] recentGenerations = new int[RECENT_SLOTS];
    private final Object[] recentValues = new Object[RECENT_SLOTS];

    private long[][] keys;
    private boolean[] leaves;
    private AddressSpace[] spaces;
    private int[] generations;
    private int[] hashes;
    private Object[] values;
    private int size;

    ResolvedFramesCache() {
        allocate(1024);
    }

    /**
     * The hash {@link #get} and {@link #put} take for {@code frames} resolved in {@code space}; {@code leaf} says
     * whether the first frame is the interrupted instruction rather than a return address.
     */
    static int hash(AddressSpace space, long[] frames, boolean leaf) {
        int hash = System.identityHashCode(space) * 31 + (leaf ? 1 : 0);
        for (long frame : frames) {
            hash = hash * 31 + Long.hashCode(frame);
        }
        // Return addresses differ in their low bits only; spread them over the whole word (murmur3's finalizer).
        hash ^= hash >>> 16;
        hash *= 0x85EBCA6B;
        hash ^= hash >>> 13;
        hash *= 0xC2B2AE35;
        return hash ^ (hash >>> 16);
    }

    /**
     * What this very array of frames resolved to while {@code space} was as it is now, if it was looked up or put
     * lately; null tells nothing (an equal array may still be in the table: ask {@link #get}).
     */
    @SuppressWarnings("unchecked")
    V recent(AddressSpace space, long[] frames, boolean leaf) {
        int slot = System.identityHashCode(frames) & (RECENT_SLOTS - 1);
        if (recentKeys[slot] == frames && recentSpaces[slot] == space && recentLeaves[slot] == leaf
                && recentGenerations[slot] == generation(space)) {
            return (V) recentValues[slot];
        }
        return null;
    }

    /** What the frames resolved to while {@code space} was as it is now, or null: by identity first, then by hash. */
    V find(AddressSpace space, long[] frames, boolean leaf) {
        V value = recent(space, frames, leaf);
        return value != null ? value : get(hash(space, frames, leaf), space, frames, leaf);
    }

    void put(AddressSpace space, long[] frames, boolean leaf, V value) {
        put(hash(space, frames, leaf), space, frames, leaf, value);
    }

    /** What the frames resolved to while {@code space} was as it is now, or null. */
    @SuppressWarnings("unchecked")
    V get(int hash, AddressSpace space, long[] frames, boolean leaf) {
        int mask = values.length - 1;
        for (int slot = hash & mask; values[slot] != null; slot = (slot + 1) & mask) {
            if (sameKey(slot, hash, space, frames, leaf)) {
                if (generations[slot] != generation(space)) {
                    return null;
                }
                remember(space, frames, leaf, values[slot]);
                return (V) values[slot];
            }
        }
        return null;
    }

    void put(int hash, AddressSpace space, long[] frames, boolean leaf, V value) {
        if (size * 2 >= values.length) {
            if (size >= MAX_ENTRIES) {
                allocate(values.length);
            } else {
                grow();
            }
        }
        int mask = values.length - 1;
        int slot = hash & mask;
        while (values[slot] != null && !sameKey(slot, hash, space, frames, leaf)) {
            slot = (slot + 1) & mask;
        }
        if (values[slot] == null) {
            size++;
        }
        store(slot, hash, space, generation(space), frames, leaf, value);
        remember(space, frames, leaf, value);
    }

    private void remember(AddressSpace space, long[] frames, boolean leaf, Object value) {
        int slot = System.identityHashCode(frames) & (RECENT_SLOTS - 1);
        recentKeys[slot] = frames;
        recentSpaces[slot] = space;
        recentLeaves[slot] = leaf;
        recentGenerations[slot] = generation(space);
        recentValues[slot] = value;
    }

    private boolean sameKey(int slot, int hash, AddressSpace space, long[] frames, boolean leaf) {
        return hashes[slot] == hash && spaces[slot] == space && leaves[slot] == leaf && Arrays.equals(keys[slot], frames);
    }

    private static int generation(AddressSpace space) {
        return space == null ? 0 : space.generation();
    }

    private void store(int slot, int hash, AddressSpace space, int generation, long[] frames, boolean leaf,
            Object value) {
        hashes[slot] = hash;
        spaces[slot] = space;
        generations[slot] = generation;
        keys[slot] = frames;
        leaves[slot] = leaf;
        values[slot] = value;
    }

    private void grow() {
        long[][] oldKeys = keys;
        boolean[] oldLeaves = leaves;
        AddressSpace[] oldSpaces = spaces;
        int[] oldGenerations = generations;
        int[] oldHashes = hashes;
        Object[] oldValues = values;
        allocate(oldValues.length * 2);
        int mask = values.length - 1;
        for (int i = 0; i < oldValues.length; i++) {
            if (oldValues[i] != null) {
                int slot = oldHashes[i] & mask;
                while (values[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                store(slot, oldHashes[i], oldSpaces[i], oldGenerations[i], oldKeys[i], oldLeaves[i], oldValues[i]);
                size++;
            }
        }
    }

    private void allocate(int capacity) {
        keys = new long[capacity][];
        leaves = new boolean[capacity];
        spaces = new AddressSpace[capacity];
        generations = new int[capacity];
        hashes = new int[capacity];
        values = new Object[capacity];
        size = 0;
    }
}
