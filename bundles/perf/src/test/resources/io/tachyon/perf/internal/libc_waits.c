/*
 * Threads that wait inside libc, which Debian builds without frame pointers: "sleeper" naps in nanosleep()
 * from sleeper_naps(); "holder" holds a mutex while "waiter" blocks on it, then unlocks it from
 * holder_works_locked(), waking the waiter through the futex.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdatomic.h>
#include <time.h>

#define ROUNDS 10

static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static atomic_int rounds_locked;

static void pause_ms(long ms) {
    struct timespec pause = {0, ms * 1000 * 1000};
    nanosleep(&pause, NULL);
}

__attribute__((noinline)) void sleeper_naps(void) {
    struct timespec pause = {0, 20 * 1000 * 1000};
    nanosleep(&pause, NULL);
}

static void *sleeper(void *unused) {
    pthread_setname_np(pthread_self(), "sleeper");
    for (int i = 0; i < ROUNDS; i++) {
        sleeper_naps();
    }
    return unused;
}

/* Holds the lock long enough for the waiter to block in the kernel, then wakes it by unlocking. */
__attribute__((noinline)) void holder_works_locked(void) {
    pthread_mutex_lock(&lock);
    atomic_fetch_add(&rounds_locked, 1);
    pause_ms(20);
    pthread_mutex_unlock(&lock);
}

static void *holder(void *unused) {
    pthread_setname_np(pthread_self(), "holder");
    for (int i = 0; i < ROUNDS; i++) {
        holder_works_locked();
        pause_ms(5);
    }
    return unused;
}

__attribute__((noinline)) void waiter_blocks(void) {
    pthread_mutex_lock(&lock);
    pthread_mutex_unlock(&lock);
}

static void *waiter(void *unused) {
    pthread_setname_np(pthread_self(), "waiter");
    for (int i = 1; i <= ROUNDS; i++) {
        while (atomic_load(&rounds_locked) < i) {
            pause_ms(1);
        }
        waiter_blocks();
    }
    return unused;
}

int main(void) {
    pthread_t threads[3];
    pthread_create(&threads[0], NULL, sleeper, NULL);
    pthread_create(&threads[1], NULL, holder, NULL);
    pthread_create(&threads[2], NULL, waiter, NULL);
    for (int i = 0; i < 3; i++) {
        pthread_join(threads[i], NULL);
    }
    return 0;
}
