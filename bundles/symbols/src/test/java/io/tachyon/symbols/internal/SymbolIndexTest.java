package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.Symbol;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The flattening rules of the index on small hand-made tables. */
class SymbolIndexTest {

    private static final long NONE = SymbolIndex.UNBOUNDED;

    @Test
    void sizedSymbolsCoverExactlyTheirBytes() {
        SymbolIndex index = SymbolIndex.builder().add("a", 100, 10, NONE, 0).add("b", 120, 5, NONE, 0).build();
        assertThat(index.lookup(99)).isEmpty();
        assertThat(index.lookup(100)).contains(new Symbol("a", 100, 10));
        assertThat(index.lookup(109)).map(Symbol::name).contains("a");
        assertThat(index.lookup(110)).isEmpty();
        assertThat(index.lookup(124)).map(Symbol::name).contains("b");
        assertThat(index.lookup(125)).isEmpty();
    }

    @Test
    void zeroSizeSymbolsReachTheNextSymbolOrTheirLimit() {
        SymbolIndex index = SymbolIndex.builder().add("z", 100, 0, NONE, 0).add("a", 150, 10, NONE, 0)
                .add("last", 200, 0, 230, 0).build();
        assertThat(index.lookup(149)).map(Symbol::name).contains("z");
        assertThat(index.lookup(150)).map(Symbol::name).contains("a");
        assertThat(index.lookup(229)).contains(new Symbol("last", 200, 0));
        assertThat(index.lookup(230)).isEmpty();
    }

    @Test
    void innerSymbolsNameTheirBytesAndTheOuterSymbolResumesAfterThem() {
        SymbolIndex index = SymbolIndex.builder().add("outer", 0, 100, NONE, 0).add("inner", 40, 10, NONE, 0)
                .add("label", 70, 0, NONE, 0).build();
        assertThat(index.lookup(39)).map(Symbol::name).contains("outer");
        assertThat(index.lookup(40)).map(Symbol::name).contains("inner");
        assertThat(index.lookup(50)).map(Symbol::name).contains("outer");
        assertThat(index.lookup(70)).map(Symbol::name).contains("label");
        assertThat(index.lookup(100)).map(Symbol::name).as("a zero-size symbol has no end but the next symbol")
                .contains("label");
    }

    @Test
    void partiallyOverlappingSymbolsGiveTheOverlapToTheLaterOne() {
        SymbolIndex index = SymbolIndex.builder().add("first", 0, 100, NONE, 0).add("second", 50, 100, NONE, 0).build();
        assertThat(index.lookup(49)).map(Symbol::name).contains("first");
        assertThat(index.lookup(99)).map(Symbol::name).contains("second");
        assertThat(index.lookup(149)).map(Symbol::name).contains("second");
        assertThat(index.lookup(150)).isEmpty();
    }

    @Test
    void aliasesPreferLowerRankThenShorterThenAlphabeticalAndKeepTheKnownSize() {
        SymbolIndex index = SymbolIndex.builder().add("__libc_write", 10, 0, NONE, 0).add("write", 10, 8, NONE, 1)
                .add("__write", 10, 8, NONE, 0).add("wr", 10, 8, NONE, 2).build();
        assertThat(index.lookup(17)).contains(new Symbol("__write", 10, 8));
        assertThat(index.symbolCount()).isEqualTo(1);
        SymbolIndex sameRank = SymbolIndex.builder().add("beta", 10, 4, NONE, 0).add("alfa", 10, 4, NONE, 0).build();
        assertThat(sameRank.lookup(10)).map(Symbol::name).contains("alfa");
    }

    @Test
    void addressesAreUnsigned() {
        long kernel = 0xffffffff81000000L;
        SymbolIndex index = SymbolIndex.builder().add("user", 0x1000, 0, NONE, 0).add("kernel", kernel, 0, NONE, 0)
                .add("kernel_next", kernel + 0x40, 0, kernel + 0x1000, 0).build();
        assertThat(index.lookup(0x2000)).map(Symbol::name).contains("user");
        assertThat(index.lookup(kernel + 0x3f)).map(Symbol::name).contains("kernel");
        assertThat(index.lookup(kernel + 0x40)).map(Symbol::name).contains("kernel_next");
        assertThat(index.lookup(kernel + 0x1000)).isEmpty();
        assertThat(index.lookup(0)).isEmpty();
    }

    @Test
    void emptyIndexNamesNothing() {
        assertThat(SymbolIndex.builder().build().lookup(0)).isEmpty();
    }
}
