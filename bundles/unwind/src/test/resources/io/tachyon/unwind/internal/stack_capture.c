/*
 * Captures the user context of threads blocked inside real libc calls, the way perf sees them at a
 * context switch: a signal interrupts the blocking system call, and the handler copies the interrupted
 * registers (rip inside the libc wrapper, rsp, rbp and the callee-saved registers) and the stack from rsp
 * upward. Writes <dir>/<name>.ctx for each thread and <dir>/maps (a copy of /proc/self/maps).
 *
 * .ctx layout, little endian: u64 rip, rsp, rbp, rbx, r12, r13, r14, r15, stack address, stack length,
 * then the stack bytes.
 *
 * Built -O1 -fno-omit-frame-pointer: its own functions keep frame pointers, Debian's libc does not.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <semaphore.h>
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <ucontext.h>
#include <unistd.h>

#define STACK_BYTES 16384

struct capture {
    uint64_t registers[8];
    uint64_t stack_address;
    uint64_t stack_length;
    unsigned char stack[STACK_BYTES];
};

static struct capture captured;
static sem_t capture_done;
static __thread uintptr_t stack_top;
static volatile int ready;
static volatile long naps, locks, writes;
static pthread_mutex_t mutex = PTHREAD_MUTEX_INITIALIZER;
static int pipe_fds[2];

static void on_signal(int sig, siginfo_t *info, void *context) {
    (void) sig;
    (void) info;
    greg_t *g = ((ucontext_t *) context)->uc_mcontext.gregs;
    uintptr_t rsp = (uintptr_t) g[REG_RSP];
    uintptr_t length = stack_top - rsp < STACK_BYTES ? stack_top - rsp : STACK_BYTES;
    uint64_t registers[8] = {g[REG_RIP], g[REG_RSP], g[REG_RBP], g[REG_RBX], g[REG_R12], g[REG_R13], g[REG_R14],
                             g[REG_R15]};
    memcpy(captured.registers, registers, sizeof registers);
    captured.stack_address = rsp;
    captured.stack_length = length;
    memcpy(captured.stack, (const void *) rsp, length);
    sem_post(&capture_done);
}

static void remember_stack_top(void) {
    pthread_attr_t attr;
    void *base;
    size_t size;
    pthread_getattr_np(pthread_self(), &attr);
    pthread_attr_getstack(&attr, &base, &size);
    stack_top = (uintptr_t) base + size;
    pthread_attr_destroy(&attr);
}

__attribute__((noinline)) void sleeper_naps(void) {
    struct timespec nap = {10, 0};
    nanosleep(&nap, NULL);
    naps++;
}

__attribute__((noinline)) void *sleeper(void *unused) {
    remember_stack_top();
    __sync_fetch_and_add(&ready, 1);
    for (;;) {
        sleeper_naps();
    }
    return unused;
}

__attribute__((noinline)) void waiter_blocks(void) {
    pthread_mutex_lock(&mutex);
    locks++;
    pthread_mutex_unlock(&mutex);
}

__attribute__((noinline)) void *waiter(void *unused) {
    remember_stack_top();
    __sync_fetch_and_add(&ready, 1);
    for (;;) {
        waiter_blocks();
    }
    return unused;
}

__attribute__((noinline)) void writer_fills(void) {
    static char block[4096];
    if (write(pipe_fds[1], block, sizeof block) > 0) {
        writes++;
    }
}

__attribute__((noinline)) void *writer(void *unused) {
    remember_stack_top();
    __sync_fetch_and_add(&ready, 1);
    for (;;) {
        writer_fills();
    }
    return unused;
}

static void write_file(const char *dir, const char *name, const void *data, size_t length) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, name);
    FILE *out = fopen(path, "wb");
    if (out == NULL || fwrite(data, 1, length, out) != length || fclose(out) != 0) {
        perror(path);
        exit(2);
    }
}

static void capture_thread(const char *dir, const char *name, pthread_t thread) {
    pthread_kill(thread, SIGUSR1);
    while (sem_wait(&capture_done) != 0 && errno == EINTR) {
    }
    char file[256];
    snprintf(file, sizeof file, "%s.ctx", name);
    write_file(dir, file, &captured, offsetof(struct capture, stack) + captured.stack_length);
}

static void copy_maps(const char *dir) {
    static char maps[1 << 20];
    int in = open("/proc/self/maps", O_RDONLY);
    size_t length = 0;
    ssize_t got;
    while ((got = read(in, maps + length, sizeof maps - length)) > 0) {
        length += (size_t) got;
    }
    close(in);
    write_file(dir, "maps", maps, length);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <output dir>\n", argv[0]);
        return 2;
    }
    sem_init(&capture_done, 0, 0);
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_sigaction = on_signal;
    action.sa_flags = SA_SIGINFO | SA_RESTART;
    sigaction(SIGUSR1, &action, NULL);
    if (pipe(pipe_fds) != 0) {
        perror("pipe");
        return 2;
    }
    pthread_mutex_lock(&mutex);
    pthread_t threads[3];
    pthread_create(&threads[0], NULL, sleeper, NULL);
    pthread_create(&threads[1], NULL, waiter, NULL);
    pthread_create(&threads[2], NULL, writer, NULL);
    while (ready < 3) {
        usleep(1000);
    }
    /* Let each thread reach its blocking system call. */
    usleep(300 * 1000);
    capture_thread(argv[1], "sleeper", threads[0]);
    capture_thread(argv[1], "waiter", threads[1]);
    capture_thread(argv[1], "writer", threads[2]);
    copy_maps(argv[1]);
    return 0;
}
