/*
 * A function that spends its time in system calls, so its samples carry kernel frames. It enters the
 * kernel with its own `syscall` instruction (x86_64) rather than through libc's write(), which has no
 * frame pointer: a frame-pointer walk from inside libc would skip this function's frame.
 */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/syscall.h>
#include <unistd.h>

static inline long raw_write(int fd, const void *buffer, unsigned long length) {
    long result;
    __asm__ volatile("syscall"
                     : "=a"(result)
                     : "a"((long) SYS_write), "D"((long) fd), "S"(buffer), "d"(length)
                     : "rcx", "r11", "memory");
    return result;
}

__attribute__((noinline)) void write_many(int fd, long rounds) {
    char byte = 'x';
    for (long i = 0; i < rounds; i++) {
        if (raw_write(fd, &byte, 1) != 1) {
            exit(3);
        }
    }
}

int main(int argc, char **argv) {
    long rounds = argc > 1 ? atol(argv[1]) : 2000000;
    int fd = open("/dev/null", O_WRONLY);
    if (fd < 0) {
        return 2;
    }
    write_many(fd, rounds);
    close(fd);
    return 0;
}
