/* Sleeps three times for 100 ms in nanosleep(2), from a function of its own. */
#include <time.h>

static __attribute__((noinline)) void nap(void) {
    struct timespec pause = {0, 100 * 1000 * 1000};
    nanosleep(&pause, NULL);
}

__attribute__((noinline)) void sleep_a_while(void) {
    for (int i = 0; i < 3; i++) {
        nap();
    }
}

int main(void) {
    sleep_a_while();
    return 0;
}
