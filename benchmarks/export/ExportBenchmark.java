import io.tachyon.analysis.internal.DefaultCaptureModelFactory;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
import io.tachyon.api.export.Exporter;
import io.tachyon.export.internal.ChromeTraceExporter;
import io.tachyon.export.internal.CollapsedExporter;
import io.tachyon.export.internal.FirefoxExporter;
import io.tachyon.export.internal.HtmlFlameGraphExporter;
import io.tachyon.export.internal.PprofExporter;
import io.tachyon.export.internal.SpeedscopeExporter;
import io.tachyon.storage.internal.TcapCaptureStore;

import java.io.BufferedOutputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Export figures for docs/benchmarks.md. {@code generate FILE SAMPLES} writes a synthetic capture shaped like a
 * 4-CPU recording at 4000 Hz: 16 threads of one process, 20 000 distinct user stacks 12-44 frames deep (a few hot,
 * a long tail), kernel stacks (300 paths) on 1 sample in 5, a context switch into a sleep on each thread every 10
 * of its samples and the wake-up that ends it. Frames are named as the analysis names mapped code without
 * symbols ({@code demo+0x1a2b}). {@code export FILE FORMAT OUT} opens the capture's model and writes it in one
 * format, printing the export's time, the peak heap during it (the model included, and above the model) and the
 * output's size. Run by benchmarks/export-benchmark.sh, one JVM per format.
 */
public final class ExportBenchmark {

    private static final int CPUS = 4;
    private static final int THREADS = 16;
    private static final int PID = 5000;
    private static final long PERIOD = 250_000;
    private static final long START = 1_000_000_000_000L;
    private static final long USER_TEXT = 0x000055d0c0de0000L;
    private static final long KERNEL_TEXT = 0xffffffff81000000L;

    public static void main(String[] args) throws Exception {
        switch (args[0]) {
            case "generate" -> generate(Path.of(args[1]), Long.parseLong(args[2]));
            case "export" -> export(Path.of(args[1]), args[2], Path.of(args[3]));
            default -> throw new IllegalArgumentException("generate FILE SAMPLES | export FILE FORMAT OUT");
        }
    }

    private static void generate(Path file, long samples) throws Exception {
        Random random = new Random(1);
        long[][] stacks = new long[20_000][];
        for (int i = 0; i < stacks.length; i++) {
            stacks[i] = new long[12 + random.nextInt(33)];
            for (int frame = 0; frame < stacks[i].length; frame++) {
                // Shared outer frames (the same 400 functions near the root), varied inner ones.
                int function = frame < 6 ? frame * 60 + random.nextInt(3) : random.nextInt(4000);
                stacks[i][stacks[i].length - 1 - frame] = USER_TEXT + function * 0x100L + 0x10;
            }
        }
        long[][] kernelPaths = new long[300][];
        for (int i = 0; i < kernelPaths.length; i++) {
            kernelPaths[i] = new long[3 + random.nextInt(8)];
            for (int frame = 0; frame < kernelPaths[i].length; frame++) {
                kernelPaths[i][frame] = KERNEL_TEXT + random.nextInt(2000) * 0x200L + 0x20;
            }
        }
        long[] none = {};
        try (CaptureWriter writer = store().create(file)) {
            writer.metadata(new CaptureMetadata("benchmark", "1.0", "bench", "6.1.0", "x86_64", "synthetic", CPUS,
                    List.of("/opt/demo/bin/demo"), "CLOCK_MONOTONIC", START, 1_767_225_600_000_000_000L,
                    Map.of()));
            writer.accept(new ThreadName(START, PID, PID, "demo", true));
            writer.accept(new ModuleMapping(START, ModuleMapping.KERNEL_PID, ModuleMapping.KERNEL_PID, KERNEL_TEXT,
                    -KERNEL_TEXT, 0, ModuleMapping.KERNEL_PATH, null));
            writer.accept(new ModuleMapping(START, PID, PID, USER_TEXT, 0x1000000, 0, "/opt/demo/bin/demo",
                    "0123456789abcdef0123456789abcdef01234567"));
            for (int thread = 1; thread < THREADS; thread++) {
                writer.accept(new ThreadStart(START, PID, PID + thread, PID, PID));
                writer.accept(new ThreadName(START, PID, PID + thread, "worker-" + thread, false));
            }
            long time = START;
            for (long sample = 0; sample < samples; sample++) {
                time += PERIOD / CPUS;
                int cpu = (int) (sample % CPUS);
                int tid = PID + (int) ((sample / CPUS) % THREADS);
                // Skewed: the square of a uniform number picks low (hot) stacks far more often.
                double u = random.nextDouble();
                long[] user = stacks[(int) (u * u * stacks.length)];
                long[] kernel = random.nextInt(5) == 0 ? kernelPaths[random.nextInt(kernelPaths.length)] : none;
                writer.accept(new Sample(time, cpu, PID, tid, PERIOD, kernel, user));
                if (sample % (10L * THREADS) == tid - PID) {
                    writer.accept(new ContextSwitch(time + 1, cpu, PID, tid, ThreadState.SLEEPING, 0, 0,
                            kernelPaths[0], stacks[tid - PID]));
                    writer.accept(new Wakeup(time + 30_000, (cpu + 1) % CPUS, PID, PID, PID, tid, cpu,
                            kernelPaths[1], stacks[0]));
                    writer.accept(new ContextSwitch(time + 40_000, cpu, 0, 0, ThreadState.RUNNING, PID, tid, none,
                            none));
                }
            }
        }
        System.out.printf("generated %s: %d samples, %.1f MiB%n", file, samples, Files.size(file) / 1048576.0);
    }

    private static void export(Path capture, String format, Path out) throws Exception {
        Exporter exporter = switch (format) {
            case "collapsed" -> new CollapsedExporter();
            case "pprof" -> new PprofExporter();
            case "chrome" -> new ChromeTraceExporter();
            case "firefox" -> new FirefoxExporter();
            case "speedscope" -> new SpeedscopeExporter();
            case "html" -> new HtmlFlameGraphExporter();
            default -> throw new IllegalArgumentException("no format " + format);
        };
        long openStart = System.nanoTime();
        CaptureModel model = new DefaultCaptureModelFactory(store()).open(capture);
        double openSeconds = (System.nanoTime() - openStart) / 1e9;
        System.gc();
        long modelHeap = usedHeap();
        List<MemoryPoolMXBean> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
        heapPools.forEach(MemoryPoolMXBean::resetPeakUsage);
        long start = System.nanoTime();
        try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
            exporter.export(model, file);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long peak = heapPools.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
        System.out.printf("| %s | %d | %.2f s | %.0f MiB (model %.0f MiB + %.0f MiB) | %.1f MiB | %.2f s |%n",
                format, model.sampleCount(), seconds, peak / 1048576.0, modelHeap / 1048576.0,
                Math.max(0, peak - modelHeap) / 1048576.0, Files.size(out) / 1048576.0, openSeconds);
    }

    private static long usedHeap() {
        Runtime runtime = Runtime.getRuntime();
        return runtime.totalMemory() - runtime.freeMemory();
    }

    /** The capture store with its default configuration, as ConfigAdmin gives it without a configuration. */
    private static CaptureStore store() {
        return new TcapCaptureStore((TcapCaptureStore.Config) Proxy.newProxyInstance(
                ExportBenchmark.class.getClassLoader(), new Class<?>[] {TcapCaptureStore.Config.class},
                (proxy, method, arguments) -> method.getDefaultValue()));
    }
}
