package io.tachyon.api.event;

import java.util.Objects;

/**
 * A sampled call stack of one thread. Both frame arrays are leaf first: the kernel frames (if the
 * sample interrupted the kernel) are the innermost part of the stack, the user frames continue from
 * the point the thread entered the kernel. When call stacks were not requested the arrays hold only
 * the interrupted instruction pointer. The arrays are read-only by convention: a reader may give events of one
 * stack the same arrays.
 *
 * @param period the time (nanoseconds of CPU time for clock events) this sample stands for
 */
public record Sample(long time, int cpu, int pid, int tid, long period, long[] kernelFrames, long[] userFrames)
        implements CaptureEvent {

    public Sample {
        Objects.requireNonNull(kernelFrames, "kernelFrames");
        Objects.requireNonNull(userFrames, "userFrames");
    }

    public int depth() {
        return kernelFrames.length + userFrames.length;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Sample s && time == s.time && cpu == s.cpu && pid == s.pid && tid == s.tid
                && period == s.period && java.util.Arrays.equals(kernelFrames, s.kernelFrames)
                && java.util.Arrays.equals(userFrames, s.userFrames);
    }

    @Override
    public int hashCode() {
        return Objects.hash(time, cpu, pid, tid, period) * 31 + java.util.Arrays.hashCode(userFrames)
                + java.util.Arrays.hashCode(kernelFrames);
    }

    @Override
    public String toString() {
        return "Sample[time=" + time + ", cpu=" + cpu + ", pid=" + pid + ", tid=" + tid + ", period=" + period
                + ", kernelFrames=" + kernelFrames.length + ", userFrames=" + userFrames.length + "]";
    }
}
