package io.tachyon.api.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A CPU switched from one thread to another (sched:sched_switch, or PERF_RECORD_SWITCH when tracepoints
 * are not available). The frames are the call stack of the thread that left the CPU, taken as it left:
 * the wait stack when it went to sleep. A side the source did not see (a per-thread recording sees only
 * its own threads) has tid {@link #UNKNOWN_TID}.
 *
 * @param prevState the state the outgoing thread left in: RUNNABLE when preempted, SLEEPING or BLOCKED_IO
 *                  when it waited, DEAD when it exited, UNKNOWN when the source cannot tell
 */
public record ContextSwitch(long time, int cpu, int prevPid, int prevTid, ThreadState prevState, int nextPid,
        int nextTid, long[] kernelFrames, long[] userFrames) implements CaptureEvent {

    /** The tid (and pid) of a side of the switch the source did not see. */
    public static final int UNKNOWN_TID = -1;

    public ContextSwitch {
        Objects.requireNonNull(prevState, "prevState");
        Objects.requireNonNull(kernelFrames, "kernelFrames");
        Objects.requireNonNull(userFrames, "userFrames");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ContextSwitch s && time == s.time && cpu == s.cpu && prevPid == s.prevPid
                && prevTid == s.prevTid && prevState == s.prevState && nextPid == s.nextPid && nextTid == s.nextTid
                && Arrays.equals(kernelFrames, s.kernelFrames) && Arrays.equals(userFrames, s.userFrames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, cpu, prevPid, prevTid, prevState, nextPid, nextTid) * 31
                + Arrays.hashCode(kernelFrames) * 17 + Arrays.hashCode(userFrames);
    }

    @Override
    public String toString() {
        return "ContextSwitch[time=" + time + ", cpu=" + cpu + ", prev=" + prevPid + "/" + prevTid + " " + prevState
                + ", next=" + nextPid + "/" + nextTid + ", kernelFrames=" + kernelFrames.length + ", userFrames="
                + userFrames.length + "]";
    }
}
