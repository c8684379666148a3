package io.tachyon.perf.internal;

import com.sun.jna.Native;
import io.tachyon.api.event.KernelMessage;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Follows the kernel log while recording: reads /dev/kmsg from its end (lines logged before the recording are not
 * its business), one record per read(2), and passes the relevant lines ({@link KernelLogRecord#relevant()}) on as
 * {@link KernelMessage}s stamped with the kernel's own time. The descriptor is non-blocking and polled, so the
 * follower stops promptly; a read that fails with EPIPE means the kernel overwrote records before they were read,
 * which is counted and reading goes on.
 */
final class KernelLogFollower {

    static final String DEV_KMSG = "/dev/kmsg";
    private static final System.Logger LOG = System.getLogger(KernelLogFollower.class.getName());
    /** Larger than any record: the kernel refuses a read into a buffer too small for the next record. */
    private static final int RECORD_BYTES = 16 * 1024;

    private final Libc libc;
    private final int fd;
    private final long pollNanos;
    private final Consumer<KernelMessage> out;
    private final Thread thread;
    private final byte[] buffer = new byte[RECORD_BYTES];
    private volatile boolean stopping;
    private long overwritten;
    private long kept;

    private KernelLogFollower(Libc libc, int fd, long pollNanos, Consumer<KernelMessage> out) {
        this.libc = libc;
        this.fd = fd;
        this.pollNanos = pollNanos;
        this.out = out;
        this.thread = new Thread(this::follow, "tachyon-kernel-log");
        thread.setDaemon(true);
    }

    /**
     * Opens {@code path} at its end, ready to {@link #start()}, or says why the log cannot be followed (not root
     * with kernel.dmesg_restrict = 1, no such device).
     */
    static Opened open(Libc libc, String path, long pollNanos, Consumer<KernelMessage> out) {
        int fd = libc.open(path, Libc.O_RDONLY | Libc.O_NONBLOCK | Libc.O_CLOEXEC);
        if (fd < 0) {
            int errno = Native.getLastError();
            return new Opened(null, path + " cannot be read (" + libc.strerror(errno) + "): kernel warnings while "
                    + "recording (NMI handlers or perf interrupts taking too long, lockups, RCU stalls) are not in the "
                    + "capture" + (errno == Libc.EPERM || errno == Libc.EACCES
                            ? "; reading it needs root or kernel.dmesg_restrict = 0" : ""));
        }
        if (libc.lseek(fd, 0, Libc.SEEK_END) < 0) {
            int errno = Native.getLastError();
            libc.close(fd);
            return new Opened(null, "cannot seek to the end of " + path + " (" + libc.strerror(errno) + ")");
        }
        return new Opened(new KernelLogFollower(libc, fd, pollNanos, out), null);
    }

    /** A follower, or why there is none. */
    record Opened(KernelLogFollower follower, String problem) {

        Optional<KernelLogFollower> get() {
            return Optional.ofNullable(follower);
        }
    }

    void start() {
        thread.start();
    }

    /** Reads what the kernel logged up to now, then stops and closes the log. */
    void stop() {
        stopping = true;
        LockSupport.unpark(thread);
        Uninterruptibly.join(thread);
    }

    /** Records the kernel overwrote before they could be read. */
    long overwritten() {
        return overwritten;
    }

    private void follow() {
        try {
            while (true) {
                boolean last = stopping;
                drain();
                if (last) {
                    return;
                }
                LockSupport.parkNanos(this, pollNanos);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "stopped following " + DEV_KMSG, e);
        } finally {
            libc.close(fd);
            if (overwritten > 0) {
                LOG.log(System.Logger.Level.WARNING, "the kernel log overwrote " + overwritten + " records before "
                        + "they were read; " + kept + " relevant lines were kept");
            }
        }
    }

    /** Reads every record available now. */
    private void drain() {
        while (true) {
            long read = libc.read(fd, buffer, buffer.length);
            if (read < 0) {
                int errno = Native.getLastError();
                if (errno == Libc.EPIPE) {
                    overwritten++;
                    continue;
                }
                if (errno != Libc.EAGAIN) {
                    LOG.log(System.Logger.Level.WARNING, "reading " + DEV_KMSG + " failed: " + libc.strerror(errno));
                    stopping = true;
                }
                return;
            }
            if (read == 0) {
                return;
            }
            KernelLogRecord record = KernelLogRecord.parse(new String(buffer, 0, (int) read, StandardCharsets.UTF_8));
            if (record.relevant()) {
                kept++;
                out.accept(new KernelMessage(record.nanos(), record.level(), record.sequence(), record.text()));
            }
        }
    }
}
