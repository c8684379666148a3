package io.tachyon.export.internal;

import io.tachyon.api.event.ThreadState;

/** Thread states as the exported files show them to people. */
final class StateNames {

    private StateNames() {
    }

    static String of(ThreadState state) {
        return switch (state) {
            case RUNNING -> "Running";
            case RUNNABLE -> "Runnable (waiting for a CPU)";
            case SLEEPING -> "Sleeping";
            case BLOCKED_IO -> "Blocked (IO)";
            case STOPPED -> "Stopped";
            case DEAD -> "Dead";
            case UNKNOWN -> "Unknown";
        };
    }
}
