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
