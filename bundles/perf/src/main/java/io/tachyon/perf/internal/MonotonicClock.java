package io.tachyon.perf.internal;

import com.sun.jna.Native;

/** CLOCK_MONOTONIC, the clock the perf events stamp their records with (use_clockid). */
final class MonotonicClock {

    private final Libc libc;

    MonotonicClock(Libc libc) {
        this.libc = libc;
    }

    long nanoTime() {
        long[] timespec = new long[2];
        if (libc.clock_gettime(Libc.CLOCK_MONOTONIC, timespec) != 0) {
            throw new IllegalStateException("clock_gettime(CLOCK_MONOTONIC) failed: "
                    + libc.strerror(Native.getLastError()));
        }
        return timespec[0] * 1_000_000_000L + timespec[1];
    }
}
