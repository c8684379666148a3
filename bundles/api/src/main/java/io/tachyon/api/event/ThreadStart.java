package io.tachyon.api.event;

/**
 * A thread or process came into being (PERF_RECORD_FORK). A new process is a thread whose
 * {@code pid == tid}; {@code parentPid}/{@code parentTid} name the thread that created it.
 */
public record ThreadStart(long time, int pid, int tid, int parentPid, int parentTid) implements CaptureEvent {

    public boolean isProcess() {
        return pid == tid;
    }
}
