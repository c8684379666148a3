package io.tachyon.analysis.internal;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LongIntHashMapTest {

    @Test
    void agreesWithHashMapThroughGrowth() {
        LongIntHashMap map = new LongIntHashMap();
        Map<Long, Integer> expected = new HashMap<>();
        SplittableRandom random = new SplittableRandom(42);
        for (int i = 0; i < 20_000; i++) {
            // Narrow keys so some repeat (overwrites), kernel-like negative keys included.
            long key = random.nextLong(-5_000, 15_000) * 0x1000L;
            map.put(key, i);
            expected.put(key, i);
        }
        assertThat(map.size()).isEqualTo(expected.size());
        expected.forEach((key, value) -> assertThat(map.get(key)).isEqualTo(value));
        assertThat(map.get(0x1001)).isEqualTo(LongIntHashMap.MISSING);
    }

    @Test
    void rejectsNegativeValues() {
        assertThatThrownBy(() -> new LongIntHashMap().put(1, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
