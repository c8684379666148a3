package io.tachyon.console.internal;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The threads running {@code tachyon:record} now. When the commands go away (bundle stopped, framework
 * shutting down) each recording is interrupted, which stops its session and completes its file, and the
 * shutdown waits for that: otherwise the capture would be cut off in the middle.
 */
final class ActiveRecordings {

    private final Set<Thread> threads = new HashSet<>();
    private boolean closed;

    /** Marks the calling thread as recording until the returned registration is closed. */
    synchronized Registration begin() throws CommandException {
        if (closed) {
            throw new CommandException("Tachyon is shutting down; no new recording can start.");
        }
        Thread thread = Thread.currentThread();
        threads.add(thread);
        return () -> end(thread);
    }

    private synchronized void end(Thread thread) {
        threads.remove(thread);
        notifyAll();
    }

    /**
     * Refuses new recordings, interrupts the running ones and waits until they have completed their files.
     *
     * @return true when every recording ended within {@code timeout}
     */
    synchronized boolean stopAll(Duration timeout) throws InterruptedException {
        closed = true;
        threads.forEach(Thread::interrupt);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!threads.isEmpty()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            TimeUnit.NANOSECONDS.timedWait(this, left);
        }
        return true;
    }

    /** The end of one recording. */
    interface Registration extends AutoCloseable {
        @Override
        void close();
    }
}
