/*
 * A CPU-bound workload with a known profile: spin_heavy asks spin for three times the work spin_light does.
 * Usage: busy THREADS ITERATIONS EXIT_STATUS [CPU_TIME_FILE]
 *   THREADS 0 works on the main thread, N > 0 on N new threads; ITERATIONS 0 works until killed.
 *   Writes the process's CPU time in seconds to CPU_TIME_FILE and exits with EXIT_STATUS.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>

static __thread volatile unsigned long counter;
static unsigned long iterations;
static int forever;

__attribute__((noinline)) void spun(void) {
    __asm__ volatile("");
}

/*
 * The one loop both callers share, so their split depends on the work asked for, not on code layout.
 * Calling spun makes it a non-leaf function: gcc gives only those a frame, and without a frame the
 * frame-pointer chain would skip spin's caller.
 */
__attribute__((noinline)) void spin(unsigned long n) {
    for (unsigned long i = 0; i < n; i++) {
        counter += i;
    }
    spun();
}

__attribute__((noinline)) void spin_heavy(unsigned long n) {
    spin(3 * n);
}

__attribute__((noinline)) void spin_light(unsigned long n) {
    spin(n);
}

static void *work(void *unused) {
    (void) unused;
    do {
        spin_heavy(iterations);
        spin_light(iterations);
    } while (forever);
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: busy THREADS ITERATIONS EXIT_STATUS [CPU_TIME_FILE]\n");
        return 2;
    }
    int threads = atoi(argv[1]);
    iterations = strtoul(argv[2], NULL, 10);
    if (iterations == 0) {
        forever = 1;
        iterations = 1000000;
    }
    if (threads == 0) {
        work(NULL);
    } else {
        pthread_t ids[64];
        for (int t = 0; t < threads && t < 64; t++) {
            pthread_create(&ids[t], NULL, work, NULL);
        }
        for (int t = 0; t < threads && t < 64; t++) {
            pthread_join(ids[t], NULL);
        }
    }
    if (argc > 4) {
        struct rusage usage;
        getrusage(RUSAGE_SELF, &usage);
        FILE *out = fopen(argv[4], "w");
        fprintf(out, "%f\n", usage.ru_utime.tv_sec + usage.ru_utime.tv_usec / 1e6
                + usage.ru_stime.tv_sec + usage.ru_stime.tv_usec / 1e6);
        fclose(out);
    }
    return atoi(argv[3]);
}
