package io.tachyon.analysis.internal;

import io.tachyon.api.symbols.ModuleRef;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the cache of resolved frames may answer, and when it must not. */
class ResolvedFramesCacheTest {

    private static final ModuleEntry LIB = new ModuleEntry(0, new ModuleRef("/lib/libc.so.6", null,
            ModuleRef.Kind.USER, ModuleRef.NO_PID));
    private static final long[] FRAMES = {0x1008, 0x2020};

    @Test
    void anEntryHoldsOnlyWhileItsAddressSpaceIsUnchanged() {
        ResolvedFramesCache<Integer> cache = new ResolvedFramesCache<>();
        AddressSpace space = new AddressSpace();
        int hash = ResolvedFramesCache.hash(space, FRAMES, true);
        cache.put(hash, space, FRAMES, true, 7);
        assertThat(cache.get(hash, space, FRAMES.clone(), true)).isEqualTo(7);
        assertThat(cache.get(hash, space, FRAMES, false)).as("a return address is looked up differently").isNull();

        space.map(new MappedModule(0x1000, 0x3000, 0, LIB));
        assertThat(cache.get(hash, space, FRAMES, true)).as("mmap").isNull();
        cache.put(hash, space, FRAMES, true, 8);
        assertThat(cache.get(hash, space, FRAMES, true)).isEqualTo(8);

        space.clear();
        assertThat(cache.get(hash, space, FRAMES, true)).as("exec").isNull();
    }

    @Test
    void theIdentityTableAnswersForTheSameArrayOnlyWhileItsSpaceIsUnchanged() {
        ResolvedFramesCache<Integer> cache = new ResolvedFramesCache<>();
        AddressSpace space = new AddressSpace();
        long[] copy = FRAMES.clone();
        assertThat(cache.recent(space, FRAMES, true)).isNull();
        cache.put(ResolvedFramesCache.hash(space, FRAMES, true), space, FRAMES, true, 7);
        assertThat(cache.recent(space, FRAMES, true)).isEqualTo(7);
        assertThat(cache.recent(space, FRAMES, false)).isNull();
        assertThat(cache.recent(new AddressSpace(), FRAMES, true)).isNull();
        assertThat(cache.recent(space, copy, true)).as("an equal array is found by get, not by identity").isNull();
        assertThat(cache.get(ResolvedFramesCache.hash(space, copy, true), space, copy, true)).isEqualTo(7);
        assertThat(cache.recent(space, copy, true)).as("a hit in the table remembers the array").isEqualTo(7);
        long[] another = FRAMES.clone();
        assertThat(cache.find(space, another, true)).as("find: identity, then the table").isEqualTo(7);

        space.map(new MappedModule(0x1000, 0x3000, 0, LIB));
        assertThat(cache.recent(space, FRAMES, true)).as("mmap").isNull();
    }

    @Test
    void aForkedChildsSpaceIsAnotherSpaceEvenWithTheSameMappings() {
        ResolvedFramesCache<Integer> cache = new ResolvedFramesCache<>();
        AddressSpace parent = new AddressSpace();
        parent.map(new MappedModule(0x1000, 0x3000, 0, LIB));
        cache.put(ResolvedFramesCache.hash(parent, FRAMES, true), parent, FRAMES, true, 1);
        AddressSpace child = parent.copy();

        assertThat(cache.get(ResolvedFramesCache.hash(child, FRAMES, true), child, FRAMES, true)).isNull();
        // Even a colliding hash does not make the child's lookup the parent's entry.
        assertThat(cache.get(ResolvedFramesCache.hash(parent, FRAMES, true), child, FRAMES, true)).isNull();
    }

    @Test
    void keysOfOneHashStayApart() {
        ResolvedFramesCache<Integer> cache = new ResolvedFramesCache<>();
        AddressSpace space = new AddressSpace();
        int sameHash = 42;
        for (int i = 0; i < 3000; i++) {
            cache.put(sameHash, space, new long[] {i}, true, i);
        }
        for (int i = 0; i < 3000; i++) {
            assertThat(cache.get(sameHash, space, new long[] {i}, true)).isEqualTo(i);
        }
        assertThat(cache.get(sameHash, space, new long[] {3000}, true)).isNull();
    }

    @Test
    void aFullCacheStartsAgainEmptyAndKeepsWorking() {
        ResolvedFramesCache<Integer> cache = new ResolvedFramesCache<>();
        AddressSpace space = new AddressSpace();
        int entries = (1 << 20) + 10;
        for (int i = 0; i < entries; i++) {
            long[] frames = {i};
            cache.put(ResolvedFramesCache.hash(space, frames, true), space, frames, true, i);
        }
        long[] first = {0};
        long[] last = {entries - 1};
        assertThat(cache.get(ResolvedFramesCache.hash(space, first, true), space, first, true)).isNull();
        assertThat(cache.get(ResolvedFramesCache.hash(space, last, true), space, last, true)).isEqualTo(entries - 1);
    }
}
