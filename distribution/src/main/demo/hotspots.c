/*
 * Tachyon's demo workload: three hot functions that share the CPU 50/30/20, then a burst of system calls,
 * so a report shows both user and kernel time. The work is fixed (not timed), so it also serves to
 * measure a profiler's overhead. Built with frame pointers, as the profiler walks them.
 * Usage: hotspots [scale]   (scale 1, the default, is about two seconds of work)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static volatile unsigned long sink;

static volatile unsigned long rounds;

/* Calling out makes the hot functions non-leaf: gcc gives leaf functions no frame even with
   -fno-omit-frame-pointer, and a frame-pointer walk would then skip their caller. */
__attribute__((noinline)) void count_round(void) { rounds++; }

#define WORK(n) for (unsigned long i = 0; i < (n); i++) { sink = sink * 6364136223846793005UL + i; } count_round();

__attribute__((noinline)) void parse_input(unsigned long n) { WORK(n) }
__attribute__((noinline)) void transform_records(unsigned long n) { WORK(n) }
__attribute__((noinline)) void write_output(unsigned long n) { WORK(n) }

__attribute__((noinline)) void sync_to_disk(long rounds) {
    char block[4096] = {0};
    int fd = open("/dev/null", O_WRONLY);
    for (long i = 0; i < rounds; i++) {
        if (write(fd, block, sizeof block) < 0) {
            perror("write");
            break;
        }
        getppid();
    }
    close(fd);
}

int main(int argc, char **argv) {
    double scale = argc > 1 ? atof(argv[1]) : 1.0;
    unsigned long unit = (unsigned long) (scale * 2000000);
    /* Interleave the three in many rounds so any part of the run shows the same split. */
    for (int round = 0; round < 100; round++) {
        parse_input(5 * unit);
        transform_records(3 * unit);
        write_output(2 * unit);
    }
    sync_to_disk((long) (scale * 1000000));
    printf("hotspots: done\n");
    return 0;
}
