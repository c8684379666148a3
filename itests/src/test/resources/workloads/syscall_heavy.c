/* A function that spends its time in system calls, so its samples carry kernel frames. */
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

__attribute__((noinline)) void write_many(int fd, long rounds) {
    char byte = 'x';
    for (long i = 0; i < rounds; i++) {
        if (write(fd, &byte, 1) != 1) {
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
