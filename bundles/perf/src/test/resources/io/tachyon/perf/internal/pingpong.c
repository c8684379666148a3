/*
 * Two threads pass one byte back and forth through two pipes: each round trip puts each thread to sleep
 * in read(2) once and has each wake the other once. Usage: pingpong ROUNDS (0: until killed).
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

static int to_ponger[2];
static int to_pinger[2];
static long rounds;

static void transfer(int from, int to) {
    char byte = 'x';
    if (read(from, &byte, 1) != 1 || write(to, &byte, 1) != 1) {
        perror("pingpong");
        exit(2);
    }
}

static __attribute__((noinline)) void pong(void) {
    for (long i = 0; rounds == 0 || i < rounds; i++) {
        transfer(to_ponger[0], to_pinger[1]);
    }
}

static void *ponger(void *unused) {
    (void) unused;
    pthread_setname_np(pthread_self(), "ponger");
    pong();
    return NULL;
}

static __attribute__((noinline)) void ping(void) {
    char byte = 'x';
    for (long i = 0; rounds == 0 || i < rounds; i++) {
        if (write(to_ponger[1], &byte, 1) != 1 || read(to_pinger[0], &byte, 1) != 1) {
            perror("pingpong");
            exit(2);
        }
    }
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: pingpong ROUNDS\n");
        return 1;
    }
    rounds = atol(argv[1]);
    pthread_t thread;
    if (pipe(to_ponger) != 0 || pipe(to_pinger) != 0 || pthread_create(&thread, NULL, ponger, NULL) != 0) {
        perror("pingpong");
        return 2;
    }
    ping();
    pthread_join(thread, NULL);
    return 0;
}
