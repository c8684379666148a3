/*
 * A CPU-bound workload with deep, varied call stacks and a known split of self time:
 * hot_fifty 50%, hot_thirty 30%, hot_twenty 20%, each reached through 20..59 frames of
 * descend_a/descend_b/descend_c, in every thread.
 *
 * usage: deep_stacks SECONDS THREADS [PIDFILE]
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <unistd.h>

static volatile unsigned long sink;
static double seconds;

/* Called by the hot functions so that they keep a frame (gcc gives leaf functions none). */
__attribute__((noinline)) static void count_round(unsigned long i) {
    sink += i;
}

__attribute__((noinline)) static void spin(unsigned long rounds) {
    for (unsigned long i = 0; i < rounds; i++) {
        count_round(i);
    }
}

/*
 * The hot functions spend their time in their own loop and call count_round only once per round of it (so they
 * keep a frame): almost all of their samples land in their own code, which makes their self shares what the
 * split says, whichever moment a sampler's timer happens to catch.
 */
__attribute__((noinline)) static void hot_fifty(void) {
    unsigned long value = sink;
    for (unsigned long round = 0; round < 50; round++) {
        for (int i = 0; i < 1000; i++) {
            value = value * 31 + i;
        }
        count_round(value);
    }
}

__attribute__((noinline)) static void hot_thirty(void) {
    unsigned long value = sink;
    for (unsigned long round = 0; round < 30; round++) {
        for (int i = 0; i < 1000; i++) {
            value = value * 31 + i;
        }
        count_round(value);
    }
}

__attribute__((noinline)) static void hot_twenty(void) {
    unsigned long value = sink;
    for (unsigned long round = 0; round < 20; round++) {
        for (int i = 0; i < 1000; i++) {
            value = value * 31 + i;
        }
        count_round(value);
    }
}

static void descend_a(int depth);
static void descend_b(int depth);
static void descend_c(int depth);

__attribute__((noinline)) static void leaf_work(void) {
    hot_fifty();
    hot_thirty();
    hot_twenty();
}

__attribute__((noinline)) static void descend_a(int depth) {
    if (depth == 0) {
        leaf_work();
    } else if (depth % 3 == 0) {
        descend_b(depth - 1);
    } else {
        descend_c(depth - 1);
    }
}

__attribute__((noinline)) static void descend_b(int depth) {
    if (depth == 0) {
        leaf_work();
    } else if (depth % 2 == 0) {
        descend_c(depth - 1);
    } else {
        descend_a(depth - 1);
    }
}

__attribute__((noinline)) static void descend_c(int depth) {
    if (depth == 0) {
        leaf_work();
    } else {
        descend_a(depth - 1);
    }
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec / 1e9;
}

static void *worker(void *unused) {
    (void) unused;
    double end = now() + seconds;
    for (int round = 0; now() < end; round++) {
        descend_a(20 + round % 40);
    }
    return NULL;
}

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: %s SECONDS THREADS [PIDFILE]\n", argv[0]);
        return 2;
    }
    seconds = atof(argv[1]);
    int threads = atoi(argv[2]);
    if (argc > 3) {
        FILE *pidfile = fopen(argv[3], "w");
        if (pidfile == NULL) {
            perror(argv[3]);
            return 1;
        }
        fprintf(pidfile, "%d\n", (int) getpid());
        fclose(pidfile);
    }
    pthread_t ids[threads];
    for (int i = 0; i < threads; i++) {
        pthread_create(&ids[i], NULL, worker, NULL);
    }
    for (int i = 0; i < threads; i++) {
        pthread_join(ids[i], NULL);
    }
    spin(1);
    return 0;
}
