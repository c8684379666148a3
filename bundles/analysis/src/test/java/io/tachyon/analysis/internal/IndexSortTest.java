package io.tachyon.analysis.internal;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.Random;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class IndexSortTest {

    @Test
    void sortsByKeyKeepingTheOrderOfEqualKeys() {
        Random random = new Random(42);
        long[] keys = random.longs(5_000, 0, 300).toArray();
        int[] order = IntStream.range(0, keys.length).toArray();

        IndexSort.byKey(order, 0, order.length, keys);

        int[] expected = IntStream.range(0, keys.length).boxed()
                .sorted(Comparator.comparingLong((Integer i) -> keys[i]))
                .mapToInt(Integer::intValue).toArray();
        assertThat(order).containsExactly(expected);
    }

    @Test
    void sortsOnlyTheRangeAsked() {
        long[] keys = {5, 4, 3, 2, 1};
        int[] order = {0, 1, 2, 3, 4};

        IndexSort.byKey(order, 1, 4, keys);

        assertThat(order).containsExactly(0, 3, 2, 1, 4);
    }

    @Test
    void groupsKeepTheirMembersInOrder() {
        int[] groups = {2, 0, 2, 1, 0};
        int[] offsets = new int[4];

        int[] order = IndexSort.byGroup(groups, groups.length, 3, offsets);

        assertThat(order).containsExactly(1, 4, 3, 0, 2);
        assertThat(offsets).containsExactly(0, 2, 3, 5);
    }
}
