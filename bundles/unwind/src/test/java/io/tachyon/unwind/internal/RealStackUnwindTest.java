package io.tachyon.unwind.internal;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unwinds real stacks of threads blocked inside Debian's libc (no frame pointers), captured by
 * {@code stack_capture.c}, and checks that the hybrid walk finds the callers the frame-pointer walk skips.
 */
class RealStackUnwindTest {

    @TempDir
    static Path dir;
    static StackCaptureHarness harness;
    static ReferenceSymbols symbols;

    @BeforeAll
    static void capture() throws IOException {
        harness = StackCaptureHarness.run(dir);
        symbols = new ReferenceSymbols(harness.maps);
    }

    private static X86_64HybridUnwinder unwinder() {
        return new X86_64HybridUnwinder(new UnwindTableCache(16, ElfUnwindImage.EM_X86_64,
                System.getLogger(RealStackUnwindTest.class.getName())));
    }

    private static List<String> unwound(String thread) {
        CapturedThread captured = harness.threads.get(thread);
        return symbols.names(unwinder().unwind(captured.context(), harness.maps, captured.framePointerChain()));
    }

    @Test
    void nanosleepCalledFromSleeperNaps() {
        CapturedThread sleeper = harness.threads.get("sleeper");
        List<String> framePointer = symbols.names(sleeper.framePointerChain());
        List<String> hybrid = unwound("sleeper");
        System.out.println("sleeper, frame pointers: " + framePointer);
        System.out.println("sleeper, hybrid:         " + hybrid);
        assertThat(framePointer).doesNotContain("sleeper_naps");
        assertThat(hybrid).containsSubsequence("nanosleep", "sleeper_naps", "sleeper");
        assertThat(firstOwnFrame(hybrid)).isEqualTo("sleeper_naps");
    }

    @Test
    void mutexLockCalledFromWaiterBlocks() {
        CapturedThread waiter = harness.threads.get("waiter");
        List<String> framePointer = symbols.names(waiter.framePointerChain());
        List<String> hybrid = unwound("waiter");
        System.out.println("waiter, frame pointers: " + framePointer);
        System.out.println("waiter, hybrid:         " + hybrid);
        assertThat(framePointer).doesNotContain("waiter_blocks");
        assertThat(hybrid).containsSubsequence("pthread_mutex_lock", "waiter_blocks", "waiter");
        assertThat(firstOwnFrame(hybrid)).isEqualTo("waiter_blocks");
    }

    @Test
    void writeCalledFromWriterFills() {
        CapturedThread writer = harness.threads.get("writer");
        List<String> framePointer = symbols.names(writer.framePointerChain());
        List<String> hybrid = unwound("writer");
        System.out.println("writer, frame pointers: " + framePointer);
        System.out.println("writer, hybrid:         " + hybrid);
        assertThat(framePointer).doesNotContain("writer_fills");
        assertThat(hybrid).containsSubsequence("write", "writer_fills", "writer");
        assertThat(firstOwnFrame(hybrid)).isEqualTo("writer_fills");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sleeper", "waiter", "writer"})
    void cfiAloneReachesTheThreadStart(String thread) {
        CapturedThread captured = harness.threads.get(thread);
        long[] framePointer = captured.framePointerChain();
        long[] cfiOnly = unwinder().unwind(captured.context(), harness.maps, new long[0]);
        System.out.println(thread + ", CFI only:      " + symbols.names(cfiOnly));
        assertThat(cfiOnly).containsSubsequence(Arrays.copyOfRange(framePointer, 1, framePointer.length));
        assertThat(cfiOnly.length).as("the thread's start below the last frame-pointer frame")
                .isGreaterThan(framePointer.length + 1);
        assertThat(harness.maps.mappingAt(cfiOnly[cfiOnly.length - 1] - 1).path()).contains("libc.so");
    }

    /**
     * perf copies a fixed number of stack bytes while the kernel's frame-pointer walk reads the whole stack: with
     * too short a copy the CFI walk stops early and the result falls back to the kernel chain; with enough, the
     * caller appears. Prints how many bytes each stack needs.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sleeper", "waiter", "writer"})
    void shortStackCopiesNeverLoseTheKernelFrames(String thread) {
        CapturedThread captured = harness.threads.get(thread);
        long[] kernelChain = captured.framePointerChain();
        long[] complete = unwinder().unwind(captured.context(), harness.maps, kernelChain);
        int needed = -1;
        for (int bytes = 0; bytes <= captured.stack().length; bytes += 8) {
            long[] frames = unwinder().unwind(captured.context(bytes), harness.maps, kernelChain);
            assertThat(frames[0]).isEqualTo(captured.ip());
            assertThat(frames).endsWith(Arrays.copyOfRange(kernelChain, 1, kernelChain.length));
            boolean found = Arrays.equals(frames, complete);
            if (found && needed < 0) {
                needed = bytes;
            }
            if (needed >= 0) {
                assertThat(frames).as("with %d bytes of stack", bytes).isEqualTo(complete);
            }
        }
        System.out.printf("%s: %d bytes of stack copy find %s%n", thread, needed, firstOwnFrame(symbols.names(complete)));
        assertThat(needed).isBetween(8, 1024);
    }

    private static String firstOwnFrame(List<String> names) {
        return names.stream().filter(name -> name.startsWith("sleeper") || name.startsWith("waiter")
                || name.startsWith("writer")).findFirst().orElse("none");
    }
}
