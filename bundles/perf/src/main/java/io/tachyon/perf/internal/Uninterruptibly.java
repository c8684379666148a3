package io.tachyon.perf.internal;

/**
 * Waiting that an interrupt cannot cut short: ending a recording must wait for its threads, or events would be
 * lost; the interrupt is kept for the caller to see afterwards.
 */
final class Uninterruptibly {

    /** What is waited for. */
    @FunctionalInterface
    interface Wait {
        void await() throws InterruptedException;
    }

    private Uninterruptibly() {
    }

    static void await(Wait wait) {
        boolean interrupted = false;
        while (true) {
            try {
                wait.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    static void join(Thread thread) {
        await(thread::join);
    }
}
