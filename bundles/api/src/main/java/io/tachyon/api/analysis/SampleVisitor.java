package io.tachyon.api.analysis;

/**
 * Receives samples one by one from {@link CaptureModel#samples}, as primitives: a capture holds millions.
 *
 * @since 1.2
 */
@FunctionalInterface
public interface SampleVisitor {

    /**
     * @param time   when the sample was taken, on the capture's clock
     * @param period the CPU time it stands for, in nanoseconds
     * @param cpu    the CPU it was taken on
     * @param stack  its call stack, for {@link CaptureModel#stack(int)}; {@link CaptureModel#NO_STACK} when the
     *               sample has no frames
     */
    void sample(long time, long period, int cpu, int pid, int tid, int stack);
}
