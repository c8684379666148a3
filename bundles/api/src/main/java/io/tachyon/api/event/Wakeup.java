package io.tachyon.api.event;

import java.util.Arrays;
import java.util.Objects;

/**
 * A thread woke another (sched:sched_waking): the waker's call stack says what ended the wakee's wait,
 * e.g. a mutex unlock. Wake-ups from interrupts carry whatever thread the interrupt arrived on (tid 0 is
 * the idle task).
 *
 * @param cpu       the CPU the waker ran on
 * @param wakeePid  the woken thread's process, or {@link ContextSwitch#UNKNOWN_TID} when the source did not
 *                  say (the tracepoint names only the thread)
 * @param targetCpu the CPU the wakee was queued on
 */
public record Wakeup(long time, int cpu, int wakerPid, int wakerTid, int wakeePid, int wakeeTid, int targetCpu,
        long[] kernelFrames, long[] userFrames) implements CaptureEvent {

    public Wakeup {
        Objects.requireNonNull(kernelFrames, "kernelFrames");
        Objects.requireNonNull(userFrames, "userFrames");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Wakeup w && time == w.time && cpu == w.cpu && wakerPid == w.wakerPid
                && wakerTid == w.wakerTid && wakeePid == w.wakeePid && wakeeTid == w.wakeeTid
                && targetCpu == w.targetCpu && Arrays.equals(kernelFrames, w.kernelFrames)
                && Arrays.equals(userFrames, w.userFrames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, cpu, wakerPid, wakerTid, wakeePid, wakeeTid, targetCpu) * 31
                + Arrays.hashCode(kernelFrames) * 17 + Arrays.hashCode(userFrames);
    }

    @Override
    public String toString() {
        return "Wakeup[time=" + time + ", cpu=" + cpu + ", waker=" + wakerPid + "/" + wakerTid + ", wakee=" + wakeePid
                + "/" + wakeeTid + ", targetCpu=" + targetCpu + ", kernelFrames=" + kernelFrames.length
                + ", userFrames=" + userFrames.length + "]";
    }
}
