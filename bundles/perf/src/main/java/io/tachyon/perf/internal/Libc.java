package io.tachyon.perf.internal;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The C library functions the collector calls through JNA. After a failing call the error number is in
 * {@link com.sun.jna.Native#getLastError()}.
 */
interface Libc extends Library {

    int PROT_READ = 0x1;
    int PROT_WRITE = 0x2;
    int MAP_SHARED = 0x01;
    int CLOCK_MONOTONIC = 1;
    int SIGKILL = 9;

    int EPERM = 1;
    int ENOENT = 2;
    int ESRCH = 3;
    int E2BIG = 7;
    int ENOMEM = 12;
    int EACCES = 13;
    int ENODEV = 19;
    int EINVAL = 22;
    int EMFILE = 24;
    int EBUSY = 16;
    int ENOSYS = 38;
    int EOPNOTSUPP = 95;
    int EAGAIN = 11;
    int EPIPE = 32;
    int O_RDONLY = 0;
    int O_NONBLOCK = 0x800;
    int O_CLOEXEC = 0x80000;
    int SEEK_END = 2;

    /** {@code syscall(2)} with the five arguments of perf_event_open, each passed as a full register. */
    long syscall(long number, byte[] attr, long pid, long cpu, long groupFd, long flags);

    Pointer mmap(Pointer address, long length, int protection, int flags, int fd, long offset);

    int munmap(Pointer address, long length);

    int ioctl(int fd, long request, long argument);

    int kill(int pid, int signal);

    int close(int fd);

    /** {@code open(2)}; returns the descriptor or -1. */
    int open(String path, int flags);

    /** {@code lseek(2)}. */
    long lseek(int fd, long offset, int whence);

    /** {@code read(2)}, into the start of {@code buffer}. */
    long read(int fd, byte[] buffer, long count);

    /** {@code mount(2)}; {@code data} may be null. */
    int mount(String source, String target, String filesystemType, long flags, String data);

    /** {@code clock_gettime(2)}; {@code timespec} receives seconds and nanoseconds. */
    int clock_gettime(int clockId, long[] timespec);

    int getpagesize();

    /** {@code uname(2)} into a buffer of at least {@link Uname#BUFFER_SIZE} bytes. */
    int uname(byte[] utsname);

    String strerror(int errno);
}
