/*
 * Named threads, each spending its life in one kind of wait, for the thread-state end-to-end test:
 *   sleeper   10 x nanosleep(100 ms)                                  -> SLEEPING in sleeper_naps
 *   holder    takes a mutex, spins 40 ms, releases it, 10 times          (wakes the waiter)
 *   waiter    blocks on that mutex in waiter_blocks each time the holder -> SLEEPING on a futex, woken by holder
 *             has it
 *   writer    writes 1 MiB to a file and fsyncs it, 8 times           -> BLOCKED_IO in writer_syncs
 *   ping/pong bounce a byte through two pipes ROUNDS times            -> many context switches
 *   hog-N     CPU-bound, more of them than CPUs                       -> RUNNABLE (preempted) time
 * Usage: thread_states DIR ROUNDS     (DIR: where the writer's file goes)
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
/* Bumped by the holder while it holds the lock, so the waiter knows when taking it must block. */
static volatile int generation;
static volatile unsigned long sink;
static const char *directory;
static long rounds;
static int ping_to_pong[2], pong_to_ping[2];

static double now(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec + ts.tv_nsec / 1e9;
}

__attribute__((noinline)) void spin_for(double seconds) {
    double end = now() + seconds;
    while (now() < end) {
        for (int i = 0; i < 1000; i++) {
            sink += i;
        }
    }
}

__attribute__((noinline)) void sleeper_naps(void) {
    struct timespec nap = {0, 100 * 1000 * 1000};
    for (int i = 0; i < 10; i++) {
        nanosleep(&nap, NULL);
    }
}

static void *sleeper(void *unused) {
    pthread_setname_np(pthread_self(), "sleeper");
    sleeper_naps();
    return NULL;
}

__attribute__((noinline)) void holder_works_locked(void) {
    pthread_mutex_lock(&lock);
    generation++;
    spin_for(0.04);
    pthread_mutex_unlock(&lock);
}

static void *holder(void *unused) {
    pthread_setname_np(pthread_self(), "holder");
    for (int i = 0; i < 10; i++) {
        holder_works_locked();
        spin_for(0.005); /* let the waiter take its turn */
    }
    return NULL;
}

__attribute__((noinline)) void waiter_blocks(void) {
    pthread_mutex_lock(&lock);
    pthread_mutex_unlock(&lock);
}

static void *waiter(void *unused) {
    pthread_setname_np(pthread_self(), "waiter");
    int seen = 0;
    for (int i = 0; i < 10; i++) {
        /* Wait until the holder has taken the lock again, so that taking it blocks. */
        while (generation == seen) {
            struct timespec pause = {0, 1000 * 1000};
            nanosleep(&pause, NULL);
        }
        seen = generation;
        waiter_blocks();
    }
    return NULL;
}

__attribute__((noinline)) void writer_syncs(int fd, const char *block, size_t size) {
    if (write(fd, block, size) != (ssize_t) size || fsync(fd) != 0) {
        perror("writer");
        exit(3);
    }
}

static void *writer(void *unused) {
    pthread_setname_np(pthread_self(), "writer");
    char path[4096];
    snprintf(path, sizeof path, "%s/thread_states.data", directory);
    int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0600);
    if (fd < 0) {
        perror(path);
        exit(2);
    }
    size_t size = 1 << 20;
    char *block = malloc(size);
    for (int i = 0; i < 8; i++) {
        memset(block, 'a' + i, size);
        writer_syncs(fd, block, size);
    }
    close(fd);
    unlink(path);
    free(block);
    return NULL;
}

__attribute__((noinline)) void ping_bounces(void) {
    char byte = 'p';
    for (long i = 0; i < rounds; i++) {
        if (write(ping_to_pong[1], &byte, 1) != 1 || read(pong_to_ping[0], &byte, 1) != 1) {
            exit(4);
        }
    }
}

static void *ping(void *unused) {
    pthread_setname_np(pthread_self(), "ping");
    ping_bounces();
    return NULL;
}

__attribute__((noinline)) void pong_bounces(void) {
    char byte;
    for (long i = 0; i < rounds; i++) {
        if (read(ping_to_pong[0], &byte, 1) != 1 || write(pong_to_ping[1], &byte, 1) != 1) {
            exit(5);
        }
    }
}

static void *pong(void *unused) {
    pthread_setname_np(pthread_self(), "pong");
    pong_bounces();
    return NULL;
}

__attribute__((noinline)) void hog_burns(void) {
    spin_for(0.8);
}

static void *hog(void *unused) {
    hog_burns();
    return NULL;
}

int main(int argc, char **argv) {
    directory = argc > 1 ? argv[1] : ".";
    rounds = argc > 2 ? atol(argv[2]) : 50000;
    if (pipe(ping_to_pong) != 0 || pipe(pong_to_ping) != 0) {
        return 1;
    }
    void *(*bodies[])(void *) = {sleeper, holder, waiter, writer, ping, pong};
    int count = sizeof bodies / sizeof bodies[0];
    int hogs = (int) sysconf(_SC_NPROCESSORS_ONLN) + 2;
    pthread_t threads[64];
    for (int i = 0; i < count; i++) {
        pthread_create(&threads[i], NULL, bodies[i], NULL);
    }
    for (int i = 0; i < hogs && count + i < 64; i++) {
        pthread_create(&threads[count + i], NULL, hog, NULL);
        char name[16];
        snprintf(name, sizeof name, "hog-%d", i);
        pthread_setname_np(threads[count + i], name);
    }
    for (int i = 0; i < count + hogs && i < 64; i++) {
        pthread_join(threads[i], NULL);
    }
    return 0;
}
