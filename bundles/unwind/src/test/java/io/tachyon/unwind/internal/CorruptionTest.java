package io.tachyon.unwind.internal;

import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.unwind.UserContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Corrupt unwind tables, truncated files and garbage stacks: the unwinder stops where the data goes bad and
 * returns what it has, never throws.
 */
class CorruptionTest {

    @TempDir
    static Path dir;
    static StackCaptureHarness harness;
    static ElfUnwindImage libc;
    static String libcPath;
    /** The .eh_frame offsets of the libc FDEs the captured stacks go through, where corruption matters. */
    static int[] usedFdes;

    @BeforeAll
    static void capture() throws IOException {
        harness = StackCaptureHarness.run(dir);
        CapturedThread sleeper = harness.threads.get("sleeper");
        libcPath = harness.maps.mappingAt(sleeper.ip()).path();
        libc = ElfUnwindImage.read(Path.of(libcPath), ElfUnwindImage.EM_X86_64);
        ModuleUnwindTables tables = ModuleUnwindTables.of(libc);
        usedFdes = harness.threads.values().stream().flatMapToLong(thread -> java.util.Arrays.stream(
                new X86_64HybridUnwinder(cache()).unwind(thread.context(), harness.maps, new long[0])))
                .filter(address -> harness.maps.mappingAt(address - 1).path().equals(libcPath))
                .map(address -> {
                    ModuleMapping mapping = harness.maps.mappingAt(address - 1);
                    long vaddr = tables.addressOfFileOffset(address - 1 - mapping.start() + mapping.fileOffset());
                    return tables.fdes().candidateFor(vaddr);
                }).distinct().mapToInt(offset -> (int) offset).toArray();
        assertThat(usedFdes).isNotEmpty();
    }

    @Test
    void corruptEhFrameStopsTheWalkWithoutThrowing() {
        Random random = new Random(42);
        UnwindTableCache real = cache();
        int variants = 0;
        int differing = 0;
        for (int variant = 0; variant < 300; variant++) {
            byte[] ehFrame = copy(libc.ehFrame().bytes());
            byte[] hdr = copy(libc.ehFrameHdr().bytes());
            if (variant % 3 == 0) {
                for (int flips = 1 + random.nextInt(64); flips > 0; flips--) {
                    hdr[random.nextInt(hdr.length)] = (byte) random.nextInt(256);
                }
            } else {
                int fde = usedFdes[random.nextInt(usedFdes.length)];
                for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                    ehFrame[Math.min(ehFrame.length - 1, fde + random.nextInt(48))] = (byte) random.nextInt(256);
                }
            }
            ModuleUnwindTables corrupt = tables(hdr, ehFrame);
            X86_64HybridUnwinder unwinder = new X86_64HybridUnwinder(mapping ->
                    mapping.path().equals(libcPath) ? corrupt : real.tablesFor(mapping));
            for (CapturedThread thread : harness.threads.values()) {
                long[] kernelChain = thread.framePointerChain();
                long[] frames = unwinder.unwind(thread.context(), harness.maps, kernelChain);
                assertThat(frames).isNotEmpty();
                assertThat(frames[0]).isEqualTo(thread.ip());
                variants++;
                if (!java.util.Arrays.equals(frames,
                        new X86_64HybridUnwinder(real).unwind(thread.context(), harness.maps, kernelChain))) {
                    differing++;
                }
            }
        }
        System.out.printf("%d unwinds over corrupt libc tables, %d gave a different stack%n", variants, differing);
        assertThat(differing).as("the corruption reached the walk").isGreaterThan(variants / 30);
    }

    @Test
    void truncatedEhFrameEndsEveryWalkInsideTheSection() {
        for (int length : new int[] {0, 4, 7, 23, 100, 4096, libc.ehFrame().bytes().limit() / 2}) {
            byte[] ehFrame = java.util.Arrays.copyOf(copy(libc.ehFrame().bytes()), length);
            ModuleUnwindTables truncated;
            try {
                truncated = tables(copy(libc.ehFrameHdr().bytes()), ehFrame);
            } catch (UnwindFormatException expected) {
                assertThat(expected.getMessage()).contains(".eh_frame");
                continue;
            }
            UnwindTableCache real = cache();
            X86_64HybridUnwinder unwinder = new X86_64HybridUnwinder(mapping ->
                    mapping.path().equals(libcPath) ? truncated : real.tablesFor(mapping));
            for (CapturedThread thread : harness.threads.values()) {
                long[] kernelChain = thread.framePointerChain();
                assertThat(unwinder.unwind(thread.context(), harness.maps, kernelChain)).as("no CFI for libc: "
                        + "the kernel chain as it was").isEqualTo(kernelChain);
            }
        }
    }

    @Test
    void truncatedAndForeignFilesAreRefusedOnceWithAReason() throws IOException {
        byte[] whole = Files.readAllBytes(Path.of(libcPath));
        RecordingLogger logger = new RecordingLogger();
        UnwindTableCache cache = new UnwindTableCache(16, ElfUnwindImage.EM_X86_64, logger);
        for (int length : new int[] {0, 10, 63, 64, 4096, whole.length / 2}) {
            Path truncated = dir.resolve("libc-" + length + ".so");
            Files.write(truncated, java.util.Arrays.copyOf(whole, length));
            ModuleMapping mapping = new ModuleMapping(0, 1, 1, 0x1000, 0x1000, 0, truncated.toString(), null);
            assertThat(cache.tablesFor(mapping)).isNull();
            assertThat(cache.tablesFor(mapping)).isNull();
        }
        Path text = Files.writeString(dir.resolve("not-elf"), "#!/bin/sh\n" + "echo hello\n".repeat(20));
        assertThat(cache.tablesFor(new ModuleMapping(0, 1, 1, 0, 1, 0, text.toString(), null))).isNull();
        assertThat(cache.tablesFor(new ModuleMapping(0, 1, 1, 0, 1, 0, "[vdso]", null))).isNull();
        assertThat(cache.tablesFor(new ModuleMapping(0, 1, 1, 0, 1, 0, "/no/such/file.so", null))).isNull();
        assertThat(cache.tablesFor(new ModuleMapping(0, 1, 1, 0, 1, 0, libcPath, "00ff00ff"))).as("build-id differs")
                .isNull();
        assertThat(logger.warnings).hasSize(9);
        assertThat(logger.warnings.get(0)).contains("libc-0.so", "expected the 64-byte ELF64 header");
        assertThat(logger.warnings).anySatisfy(warning -> assertThat(warning).contains("not-elf", "ELF magic"));
        assertThat(logger.warnings).anySatisfy(warning -> assertThat(warning).contains("build-id", "00ff00ff"));
        assertThat(logger.warnings).anySatisfy(warning -> assertThat(warning).contains("/no/such/file.so",
                "NoSuchFileException"));
    }

    @Test
    void garbageStacksAndRegistersNeverThrow() {
        Random random = new Random(7);
        X86_64HybridUnwinder unwinder = new X86_64HybridUnwinder(cache());
        CapturedThread sleeper = harness.threads.get("sleeper");
        for (int round = 0; round < 2000; round++) {
            byte[] stack = sleeper.stack().clone();
            for (int flips = random.nextInt(stack.length / 8); flips > 0; flips--) {
                stack[random.nextInt(stack.length)] = (byte) random.nextInt(256);
            }
            long sp = random.nextInt(4) == 0 ? random.nextLong() : sleeper.sp();
            long bp = random.nextInt(4) == 0 ? random.nextLong() : sleeper.bp();
            long[] chain = random.nextBoolean() ? sleeper.framePointerChain()
                    : random.longs(random.nextInt(8)).toArray();
            UserContext context = new UserContext(UserContext.X86_64, sleeper.ip(), sp, bp, ByteBuffer.wrap(stack));
            long[] frames = unwinder.unwind(context, harness.maps, chain);
            assertThat(frames.length).isLessThanOrEqualTo(X86_64HybridUnwinder.MAX_CFI_FRAMES + 1 + chain.length);
        }
    }

    private static UnwindTableCache cache() {
        return new UnwindTableCache(16, ElfUnwindImage.EM_X86_64, new RecordingLogger());
    }

    private static ModuleUnwindTables tables(byte[] hdr, byte[] ehFrame) {
        return ModuleUnwindTables.of(new ElfUnwindImage(Path.of(libcPath), libc.loadSegments(),
                new ElfUnwindImage.Section(ByteBuffer.wrap(hdr), libc.ehFrameHdr().address()),
                new ElfUnwindImage.Section(ByteBuffer.wrap(ehFrame), libc.ehFrame().address()), libc.buildId()));
    }

    private static byte[] copy(ByteBuffer buffer) {
        byte[] bytes = new byte[buffer.limit()];
        buffer.get(0, bytes);
        return bytes;
    }
}
