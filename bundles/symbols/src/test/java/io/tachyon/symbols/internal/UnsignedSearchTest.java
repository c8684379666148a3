package io.tachyon.symbols.internal;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Index sorting against a boxed stable sort, for keys packed into one sort and keys too spread to pack. */
class UnsignedSearchTest {

    @Test
    void ordersUserAddressesWithDuplicatesStably() {
        Random random = new Random(5);
        long[] keys = new long[50_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = 0x1000 + random.nextInt(20_000) * 16L;
        }
        assertThat(UnsignedSearch.sortedIndexes(keys, keys.length)).containsExactly(reference(keys));
    }

    @Test
    void ordersKernelAddressesAboveTheSignBit() {
        Random random = new Random(6);
        long[] keys = new long[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = 0xffff_ffff_8100_0000L + random.nextInt(1 << 26);
        }
        assertThat(UnsignedSearch.sortedIndexes(keys, keys.length)).containsExactly(reference(keys));
    }

    @Test
    void ordersKeysSpreadOverTheWholeRange() {
        Random random = new Random(7);
        long[] keys = new long[10_000];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = i % 3 == 0 ? keys[random.nextInt(i + 1)] : random.nextLong();
        }
        assertThat(UnsignedSearch.sortedIndexes(keys, keys.length)).containsExactly(reference(keys));
    }

    @Test
    void ordersKeysAtTheEdgeOfFittingBesideTheirIndexes() {
        // 1,000 keys need 10 index bits, leaving 53 bits for the spread: 2^53 - 1 packs, 2^53 does not.
        for (long spread : new long[] {(1L << 53) - 1, 1L << 53, (1L << 53) + 1}) {
            Random random = new Random(spread);
            long[] keys = new long[1_000];
            for (int i = 0; i < keys.length; i++) {
                keys[i] = 0xffff_0000_0000_0000L + (i % 7 == 0 ? spread : (random.nextLong() >>> 11) % spread);
            }
            keys[3] = 0xffff_0000_0000_0000L;
            assertThat(UnsignedSearch.sortedIndexes(keys, keys.length)).as("spread %x", spread)
                    .containsExactly(reference(keys));
        }
    }

    @Test
    void sortsOnlyTheFirstCountKeys() {
        long[] keys = {30, 10, 20, 5, 1};
        assertThat(UnsignedSearch.sortedIndexes(keys, 3)).containsExactly(1, 2, 0);
        assertThat(UnsignedSearch.sortedIndexes(keys, 1)).containsExactly(0);
        assertThat(UnsignedSearch.sortedIndexes(keys, 0)).isEmpty();
    }

    private static int[] reference(long[] keys) {
        return IntStream.range(0, keys.length).boxed()
                .sorted(Comparator.comparing((Integer i) -> keys[i], Long::compareUnsigned))
                .mapToInt(Integer::intValue).toArray();
    }
}
