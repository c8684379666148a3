package io.tachyon.analysis.internal;

import java.util.Arrays;

/**
 * Interned call stacks as a prefix tree: a stack is its innermost function plus the stack of its caller
 * (its prefix). Identical stacks share one entry and stacks with a common root share their common part,
 * so a sample needs only one {@code int} for its whole stack. A prefix is always interned before the
 * stacks that extend it, so its index is lower: walking the table from the end visits children before
 * their parents, which is what aggregating call trees needs. Immutable; built by {@link Builder}.
 */
final class StackTable {

    /** The prefix of an outermost frame, and the stack of a sample without frames. */
    static final int ROOT = -1;

    private final int[] prefixes;
    private final int[] functions;

    private StackTable(int[] prefixes, int[] functions) {
        this.prefixes = prefixes;
        this.functions = functions;
    }

    int prefix(int stack) {
        return prefixes[stack];
    }

    int function(int stack) {
        return functions[stack];
    }

    int size() {
        return prefixes.length;
    }

    static final class Builder {

        private final LongIntHashMap index = new LongIntHashMap();
        private int[] prefixes = new int[256];
        private int[] functions = new int[256];
        private int size;

        Builder() {
        }

        /**
         * A builder that starts with every stack of {@code base} at its index, so ids into {@code base} stay
         * valid in what it builds.
         */
        Builder(StackTable base) {
            int capacity = Math.max(256, Integer.highestOneBit(Math.max(1, base.size())) * 2);
            prefixes = Arrays.copyOf(base.prefixes, capacity);
            functions = Arrays.copyOf(base.functions, capacity);
            size = base.size();
            for (int stack = 0; stack < size; stack++) {
                index.put(((long) prefixes[stack] << 32) | (functions[stack] & 0xFFFF_FFFFL), stack);
            }
        }

        /** The stack made of {@code function} called from the stack {@code prefix} (or {@link #ROOT}). */
        int intern(int prefix, int function) {
            long key = ((long) prefix << 32) | (function & 0xFFFF_FFFFL);
            int stack = index.get(key);
            if (stack != LongIntHashMap.MISSING) {
                return stack;
            }
            if (size == prefixes.length) {
                prefixes = Arrays.copyOf(prefixes, size * 2);
                functions = Arrays.copyOf(functions, size * 2);
            }
            prefixes[size] = prefix;
            functions[size] = function;
            index.put(key, size);
            return size++;
        }

        StackTable build() {
            return new StackTable(Arrays.copyOf(prefixes, size), Arrays.copyOf(functions, size));
        }
    }
}
