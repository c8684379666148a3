/*
 * Tachyon's demo workload: three hot functions that share the CPU 50/30/20, then a burst of system calls,
 * so a report shows both user and kernel time. Built with frame pointers, as the profiler walks them.
 * Usage: hotspots [seconds]   (default 2)
 */
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

static __attribute__((noinline)) void spin(double seconds) {
    double end = now() + seconds;
    while (now() < end) {
        for (int i = 0; i < 10000; i++) {
            sink += i * 2654435761u;
        }
    }
}

__attribute__((noinline)) void parse_input(double seconds) { spin(seconds); }
__attribute__((noinline)) void transform_records(double seconds) { spin(seconds); }
__attribute__((noinline)) void write_output(double seconds) { spin(seconds); }

__attribute__((noinline)) void sync_to_disk(int rounds) {
    char block[4096] = {0};
    int fd = open("/dev/null", O_WRONLY);
    for (int i = 0; i < rounds; i++) {
        if (write(fd, block, sizeof block) < 0) {
            perror("write");
            break;
        }
        getppid();
    }
    close(fd);
}

int main(int argc, char **argv) {
    double seconds = argc > 1 ? atof(argv[1]) : 2.0;
    /* Interleave the three in slices so a short recording sees the same split as a long one. */
    for (double done = 0; done < seconds; done += 0.1) {
        parse_input(0.05);
        transform_records(0.03);
        write_output(0.02);
    }
    sync_to_disk(200000);
    printf("hotspots: done\n");
    return 0;
}
