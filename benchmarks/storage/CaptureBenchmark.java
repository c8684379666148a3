import io.tachyon.api.capture.TimeRange;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
import io.tachyon.storage.internal.TcapReader;
import io.tachyon.storage.internal.TcapWriter;
import io.tachyon.storage.internal.WriterSettings;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Storage figures for docs/benchmarks.md: write throughput, the time and memory to open and index a
 * 1M-sample capture, and the time and bytes to read a 100 ms window from the middle of a 10M-sample
 * capture. The events come from a synthetic source shaped like a 4-CPU recording at 4000 Hz a CPU:
 * 16 threads, 20 000 distinct user stacks 12-44 frames deep (picked with a skew: a few hot, a long tail),
 * kernel stacks (300 distinct paths) on a fifth of the samples, a context switch with its stack for every 10 samples and a
 * wake-up for every 20. Run by benchmarks/storage-benchmark.sh.
 */
public final class CaptureBenchmark {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : System.getProperty("java.io.tmpdir"));
        long largeSamples = args.length > 1 ? Long.parseLong(args[1]) : 10_000_000;
        Path small = dir.resolve("bench-1M.tcap");
        Path large = dir.resolve("bench-" + largeSamples / 1_000_000 + "M.tcap");

        System.out.println("Synthetic source: 4 CPUs x 4000 Hz, 16 threads, 20 000 distinct stacks 12-44 frames deep"
                + " (skewed), kernel stacks (300 paths) on 1 sample in 5, a switch every 10 samples, a wake-up every 20; " + Runtime.getRuntime().availableProcessors() + " CPUs, Java "
                + Runtime.version() + ", max heap " + Runtime.getRuntime().maxMemory() / (1 << 20) + " MiB.");
        System.out.println();
        System.out.println("| measure | value |");
        System.out.println("|---|---|");
        sourceAlone(1_000_000);
        write(small, 1_000_000, "1M samples");
        write(large, largeSamples, largeSamples / 1_000_000 + "M samples");
        openAndIndex(small);
        readAll(small);
        readWindow(large);
        Files.delete(small);
        Files.delete(large);
    }

    /** The source's own cost, for reading the write figures: the writer shares the machine with it. */
    private static void sourceAlone(long samples) {
        Source source = new Source(1);
        long start = System.nanoTime();
        long events = 0;
        while (source.samples < samples) {
            source.next();
            events++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        row("synthetic source alone, 1M samples (" + events + " events)", String.format("%.2f s, %.2f M events/s",
                seconds, events / seconds / 1e6));
    }

    private static void write(Path file, long samples, String label) throws IOException {
        Source source = new Source(1);
        long heapBefore = usedHeapAfterGc();
        long start = System.nanoTime();
        long events = 0;
        long peakHeap = 0;
        try (TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS)) {
            writer.metadata(source.metadata());
            while (source.samples < samples) {
                writer.accept(source.next());
                if (++events % 1_000_000 == 0) {
                    peakHeap = Math.max(peakHeap, usedHeapAfterGc() - heapBefore);
                }
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long size = Files.size(file);
        row("write " + label + " (" + events + " events)", String.format("%.1f s, %.2f M events/s, %.0f MiB, "
                        + "%.2f bytes a sample (switches and wake-ups included), writer heap after GC at most %.1f MiB",
                seconds, events / seconds / 1e6, size / 1048576.0, (double) size / samples, peakHeap / 1048576.0));
    }

    private static void openAndIndex(Path file) throws IOException {
        long[] nanos = new long[7];
        long allocated = 0;
        long retained = 0;
        int chunks = 0;
        for (int run = 0; run < nanos.length; run++) {
            long heapBefore = usedHeapAfterGc();
            long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
            long start = System.nanoTime();
            try (TcapReader reader = TcapReader.open(file)) {
                chunks = reader.chunks().size();
                nanos[run] = System.nanoTime() - start;
                allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
                retained = usedHeapAfterGc() - heapBefore;
                if (!reader.indexed()) {
                    throw new IllegalStateException(file + " was not opened through its index");
                }
            }
        }
        row("open and index 1M samples (" + chunks + " EVENTS chunks, " + Files.size(file) / 1024 + " KiB)",
                String.format("%.2f ms (median of %d), %.0f KiB allocated, %.0f KiB retained while open",
                        median(nanos) / 1e6, nanos.length, allocated / 1024.0, Math.max(0, retained) / 1024.0));

        Path unindexed = file.resolveSibling("bench-unindexed.tcap");
        try (FileChannel in = FileChannel.open(file, StandardOpenOption.READ);
             FileChannel out = FileChannel.open(unindexed, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                     StandardOpenOption.TRUNCATE_EXISTING)) {
            // Without INDEX and END: what a killed recorder leaves. The INDEX starts where END points.
            java.nio.ByteBuffer end = java.nio.ByteBuffer.allocate(8).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            in.read(end, in.size() - 8);
            in.transferTo(0, end.getLong(0), out);
        }
        long start = System.nanoTime();
        try (TcapReader reader = TcapReader.open(unindexed)) {
            row("open 1M samples without the index (scan, as after a killed recorder)", String.format(
                    "%.1f ms, %d chunks found, %.0f%% of the file read", (System.nanoTime() - start) / 1e6,
                    reader.chunks().size(), 100.0 * reader.bytesRead() / Files.size(unindexed)));
        }
        Files.delete(unindexed);
    }

    private static void readAll(Path file) throws IOException {
        long[] count = new long[1];
        long start = System.nanoTime();
        try (TcapReader reader = TcapReader.open(file)) {
            reader.forEach(event -> count[0]++);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        row("read all of the 1M-sample capture", String.format("%.2f s, %.2f M events/s", seconds,
                count[0] / seconds / 1e6));
    }

    private static void readWindow(Path file) throws IOException {
        long[] nanos = new long[7];
        long bytesRead = 0;
        long events = 0;
        for (int run = 0; run < nanos.length; run++) {
            long start = System.nanoTime();
            long[] count = new long[1];
            try (TcapReader reader = TcapReader.open(file)) {
                TimeRange all = reader.timeRange().orElseThrow();
                long middle = all.first() + (all.last() - all.first()) / 2;
                reader.forEach(TimeRange.startingAt(middle, 100_000_000L), tid -> true, event -> count[0]++);
                nanos[run] = System.nanoTime() - start;
                bytesRead = reader.bytesRead();
            }
            events = count[0];
        }
        long size = Files.size(file);
        row("read a 100 ms window from the middle of " + file.getFileName() + " (" + size / 1048576 + " MiB)",
                String.format("%.1f ms (median of %d, open included), %d events, %.0f KiB read = %.2f%% of the file",
                        median(nanos) / 1e6, nanos.length, events, bytesRead / 1024.0, 100.0 * bytesRead / size));
    }

    private static void row(String measure, String value) {
        System.out.println("| " + measure + " | " + value + " |");
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static long usedHeapAfterGc() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** The synthetic recording; deterministic for a seed. */
    private static final class Source {

        private static final int CPUS = 4;
        private static final long PERIOD = 250_000;
        private static final long USER_TEXT = 0x000055d0c0de0000L;
        private static final long KERNEL_TEXT = 0xffffffff81000000L;

        private final Random random;
        private final long[][] stacks = stacks();
        private final long[][] kernelPaths = kernelPaths();
        private long time = 1_000_000_000_000L;
        private long samples;
        private int step;

        Source(long seed) {
            random = new Random(seed);
        }

        CaptureMetadata metadata() {
            return new CaptureMetadata("synthetic", "1", "bench", "6.1", "x86_64", "synthetic CPU", CPUS,
                    List.of("synthetic"), "CLOCK_MONOTONIC", time, 0, Map.of("frequency", "4000"));
        }

        CaptureEvent next() {
            step++;
            int cpu = step % CPUS;
            if (step % CPUS == 0) {
                time += PERIOD;
            }
            long at = time + cpu * 1_000L + random.nextInt(500);
            int tid = 2000 + random.nextInt(16);
            if (step % 10 == 0) {
                return new ContextSwitch(at, cpu, 2000, tid, random.nextBoolean() ? ThreadState.SLEEPING
                        : ThreadState.RUNNABLE, 2000, 2000 + random.nextInt(16), kernel(8), user());
            }
            if (step % 20 == 1) {
                return new Wakeup(at, cpu, 2000, tid, 2000, 2000 + random.nextInt(16), random.nextInt(CPUS),
                        kernel(6), user());
            }
            if (step % 100_000 == 3) {
                return new ThreadName(at, 2000, tid, "worker-" + (tid - 2000), false);
            }
            samples++;
            return new Sample(at, cpu, 2000, tid, PERIOD, random.nextInt(5) == 0 ? kernel(10) : new long[0], user());
        }

        /**
         * One of 20 000 distinct stacks, 12-44 frames deep, made as paths down a call tree of fan-out 4 (so
         * callers repeat), picked with a skew like a real profile's: a few hot stacks and a long tail.
         */
        private long[] user() {
            long[] stack = stacks[(int) (stacks.length * Math.pow(random.nextDouble(), 3))];
            return stack.clone();
        }

        private long[][] stacks() {
            Random shapes = new Random(7);
            long[][] stacks = new long[20_000][];
            for (int s = 0; s < stacks.length; s++) {
                int depth = 12 + shapes.nextInt(33);
                long[] frames = new long[depth];
                long node = 1;
                for (int i = depth - 1; i >= 0; i--) {
                    node = node * 4 + (shapes.nextInt(8) < 6 ? 0 : shapes.nextInt(4));
                    frames[i] = USER_TEXT + (node % 20_000) * 0x80 + 0x13;
                }
                stacks[s] = frames;
            }
            return stacks;
        }

        /** One of 300 kernel paths (syscalls, interrupts, scheduler), 3 to 3 + maxDepth frames deep. */
        private long[] kernel(int maxDepth) {
            long[] path = kernelPaths[random.nextInt(kernelPaths.length)];
            return Arrays.copyOf(path, Math.min(path.length, 3 + maxDepth));
        }

        private static long[][] kernelPaths() {
            Random shapes = new Random(11);
            long[][] paths = new long[300][];
            for (int p = 0; p < paths.length; p++) {
                paths[p] = new long[3 + shapes.nextInt(13)];
                for (int i = 0; i < paths[p].length; i++) {
                    paths[p][i] = KERNEL_TEXT + shapes.nextInt(5_000) * 0x100L + shapes.nextInt(0x100);
                }
            }
            return paths;
        }
    }
}
