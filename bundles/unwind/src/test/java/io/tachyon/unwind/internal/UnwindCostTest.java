package io.tachyon.unwind.internal;

import io.tachyon.api.unwind.UserContext;
import io.tachyon.api.unwind.UserStackUnwinder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.annotation.Annotation;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The component as the collector sees it, and what an unwind costs (printed, not asserted: figures from a
 * 2-core VM in a shared build are for the README, not a pass/fail line).
 */
class UnwindCostTest {

    @TempDir
    static Path dir;
    static StackCaptureHarness harness;

    @BeforeAll
    static void capture() throws IOException {
        harness = StackCaptureHarness.run(dir);
    }

    private static UserStackUnwinder component() {
        return new X86_64UserStackUnwinder(new X86_64UserStackUnwinder.Config() {
            @Override
            public int cacheSize() {
                return 8;
            }

            @Override
            public Class<? extends Annotation> annotationType() {
                return X86_64UserStackUnwinder.Config.class;
            }
        });
    }

    @Test
    void componentUnwindsAndLeavesOtherArchitecturesAlone() {
        UserStackUnwinder unwinder = component();
        CapturedThread sleeper = harness.threads.get("sleeper");
        long[] kernelChain = sleeper.framePointerChain();
        long[] frames = unwinder.unwind(sleeper.context(), harness.maps, kernelChain);
        assertThat(new ReferenceSymbols(harness.maps).names(frames)).contains("sleeper_naps");
        UserContext arm = new UserContext(UserContext.AARCH64, sleeper.ip(), sleeper.sp(), sleeper.bp(),
                sleeper.context().stack());
        assertThat(unwinder.unwind(arm, harness.maps, kernelChain)).isSameAs(kernelChain);
    }

    @Test
    void costPerUnwind() {
        UserStackUnwinder unwinder = component();
        for (String name : new String[] {"sleeper", "waiter", "writer"}) {
            CapturedThread thread = harness.threads.get(name);
            UserContext context = thread.context();
            long[] kernelChain = thread.framePointerChain();
            long[] none = new long[0];
            long checksum = 0;
            int rounds = 200_000;
            for (int i = 0; i < rounds; i++) {
                checksum += unwinder.unwind(context, harness.maps, kernelChain).length;
                checksum += unwinder.unwind(context, harness.maps, none).length;
            }
            long start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                checksum += unwinder.unwind(context, harness.maps, kernelChain).length;
            }
            long hybrid = System.nanoTime() - start;
            start = System.nanoTime();
            for (int i = 0; i < rounds; i++) {
                checksum += unwinder.unwind(context, harness.maps, none).length;
            }
            long cfiOnly = System.nanoTime() - start;
            System.out.printf("%s: %d ns per hybrid unwind (%d frames), %d ns per CFI-only unwind (%d frames)%n",
                    name, hybrid / rounds, unwinder.unwind(context, harness.maps, kernelChain).length,
                    cfiOnly / rounds, unwinder.unwind(context, harness.maps, none).length);
            assertThat(checksum).isPositive();
        }
    }
}
