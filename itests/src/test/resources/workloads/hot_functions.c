/* Three functions with the same loop body and a known CPU split: 50%, 30%, 20%. */
#include <stdlib.h>

static volatile unsigned long sink;

static volatile unsigned long rounds;

/* Calling out makes the hot functions non-leaf: gcc gives leaf functions no frame even with
   -fno-omit-frame-pointer, and a frame-pointer walk would then skip their caller. */
__attribute__((noinline)) void count_round(void) { rounds++; }

#define WORK(n) for (unsigned long i = 0; i < (n); i++) { sink = sink * 6364136223846793005UL + i; } count_round();

__attribute__((noinline)) void hot_fifty(unsigned long n) { WORK(n) }
__attribute__((noinline)) void hot_thirty(unsigned long n) { WORK(n) }
__attribute__((noinline)) void hot_twenty(unsigned long n) { WORK(n) }

int main(int argc, char **argv) {
    unsigned long total = argc > 1 ? strtoul(argv[1], NULL, 10) : 1000000000UL;
    unsigned long unit = total / 10 / 40;
    /* Many short rounds, so the split holds at any moment of the run. */
    for (int round = 0; round < 40; round++) {
        hot_fifty(5 * unit);
        hot_thirty(3 * unit);
        hot_twenty(2 * unit);
    }
    return 0;
}
