package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.unwind.UserContext;
import io.tachyon.api.unwind.UserStackUnwinder;
import io.tachyon.perf.spi.PerfArchitecture;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Corrects the user frames of samples that carry user registers and a stack copy, with a
 * {@link UserStackUnwinder}, at record time (the copies are too big to keep). An unwinder that throws never costs
 * the event: its frame-pointer frames are kept, the failure counted and the first one logged. Used by the decoding
 * thread only.
 */
final class UserStackUnwinding {

    private static final System.Logger LOG = System.getLogger(UserStackUnwinding.class.getName());

    private final UserStackUnwinder unwinder;
    private final PerfArchitecture architecture;
    private final ProcessModules modules = new ProcessModules();
    private final AtomicLong unwound = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    UserStackUnwinding(UserStackUnwinder unwinder, PerfArchitecture architecture) {
        this.unwinder = unwinder;
        this.architecture = architecture;
    }

    /** How many user registers each sample carries (one per bit of the architecture's mask). */
    int registerCount() {
        return Long.bitCount(architecture.userRegisterMask());
    }

    /** Keeps the process mappings current: every mapping, fork, exec and exit, in record order. */
    void observe(CaptureEvent event) {
        modules.observe(event);
    }

    /**
     * The user frames of a sample of {@code pid}.
     *
     * @param registers         the sampled user registers, in the mask's bit order
     * @param stack             the valid bytes of the stack copy
     * @param framePointerChain the user part of the kernel's call chain
     * @return the unwinder's frames, or {@code framePointerChain} when it failed
     */
    long[] userFrames(int pid, long[] registers, ByteBuffer stack, long[] framePointerChain) {
        try {
            UserContext context = architecture.userContext(registers, stack);
            long[] frames = unwinder.unwind(context, modules.of(pid), framePointerChain);
            unwound.incrementAndGet();
            return frames == null ? framePointerChain : frames;
        } catch (RuntimeException e) {
            if (failures.getAndIncrement() == 0) {
                LOG.log(System.Logger.Level.WARNING, "the user stack unwinder failed (pid " + pid + "); such "
                        + "stacks keep their frame-pointer frames. Further failures are only counted.", e);
            }
            return framePointerChain;
        }
    }

    long unwound() {
        return unwound.get();
    }

    long failures() {
        return failures.get();
    }
}
