package io.tachyon.api.event;

import java.util.Objects;

/**
 * A thread's name from this time on (PERF_RECORD_COMM, or /proc for threads that existed before the
 * recording). {@code exec} is true when the name changed because the process executed a new program:
 * its earlier module mappings are gone.
 */
public record ThreadName(long time, int pid, int tid, String name, boolean exec) implements CaptureEvent {

    public ThreadName {
        Objects.requireNonNull(name, "name");
    }
}
