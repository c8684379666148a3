package io.tachyon.storage.internal;

import io.tachyon.api.event.ThreadState;

/**
 * The byte a thread state is stored as. Fixed codes, not enum ordinals, so reordering the api enum cannot
 * change what old files mean.
 */
final class ThreadStates {

    private static final ThreadState[] BY_CODE = {
        ThreadState.RUNNING, ThreadState.RUNNABLE, ThreadState.SLEEPING, ThreadState.BLOCKED_IO,
        ThreadState.STOPPED, ThreadState.DEAD, ThreadState.UNKNOWN,
    };

    /** The highest code. */
    static final int LAST = BY_CODE.length - 1;

    private ThreadStates() {
    }

    static int code(ThreadState state) {
        for (int code = 0; code < BY_CODE.length; code++) {
            if (BY_CODE[code] == state) {
                return code;
            }
        }
        throw new IllegalArgumentException("no code for thread state " + state);
    }

    /** The state stored as {@code code}, or null when the code means none. */
    static ThreadState of(int code) {
        return code >= 0 && code <= LAST ? BY_CODE[code] : null;
    }
}
