import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
import io.tachyon.storage.internal.TcapWriter;
import io.tachyon.storage.internal.WriterSettings;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Writes a capture with many context switches for the viewer benchmark: a 4-CPU machine scheduling 64 threads
 * of two processes in short slices (exponential, 200 µs on average), each leaving the CPU preempted, asleep (woken
 * by a thread running elsewhere) or blocked on IO, and sampled at 1000 Hz a CPU while it runs. The stacks point
 * into a module whose symbols are embedded, so the call trees have names. Deterministic for a seed.
 *
 * Usage: java -cp ... SwitchCaptureGenerator.java OUT.tcap [SWITCHES]    (default 1 200 000)
 */
public final class SwitchCaptureGenerator {

    private static final int CPUS = 4;
    private static final long START = 5_000_000_000_000L;
    private static final long SAMPLE_PERIOD = 1_000_000;
    private static final long MEAN_SLICE = 200_000;
    private static final long TEXT = 0x0000_55d0_c0de_0000L;
    private static final String MODULE = "/opt/bench/switchy";
    private static final int FUNCTIONS = 400;
    private static final long FUNCTION_SIZE = 0x80;
    private static final long KERNEL_TEXT = 0xffff_ffff_8100_0000L;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        long switches = args.length > 1 ? Long.parseLong(args[1]) : 1_200_000;
        Random random = new Random(42);
        List<int[]> threads = new ArrayList<>();
        for (int i = 0; i < 48; i++) {
            threads.add(new int[] {3000, 3000 + i});
        }
        for (int i = 0; i < 16; i++) {
            threads.add(new int[] {4000, 4000 + i});
        }
        long[][] stacks = stacks(random);
        long started = System.nanoTime();
        long samples = 0;
        long wakeups = 0;
        try (TcapWriter writer = new TcapWriter(out, WriterSettings.DEFAULTS)) {
            writer.metadata(new CaptureMetadata("synthetic", "1", "bench", "6.1", "x86_64", "synthetic CPU", CPUS,
                    List.of("switchy", "--threads", "64"), "CLOCK_MONOTONIC", START, 0,
                    Map.of("frequency", "1000", "switchSource", "tracepoints")));
            for (int[] thread : threads) {
                String name = thread[0] == thread[1] ? (thread[0] == 3000 ? "server" : "db")
                        : (thread[0] == 3000 ? "worker-" : "db-io-") + (thread[1] - thread[0]);
                writer.accept(new ThreadName(START, thread[0], thread[1], name, false));
            }
            for (int pid : new int[] {3000, 4000}) {
                writer.accept(new ModuleMapping(START, pid, pid, TEXT, FUNCTIONS * FUNCTION_SIZE + 0x1000, 0, MODULE,
                        null));
            }

            // Each CPU runs one thread at a time; a thread runs on one CPU at a time.
            int[] running = new int[CPUS];
            boolean[] busy = new boolean[threads.size()];
            long[] sliceEnd = new long[CPUS];
            long[] nextSample = new long[CPUS];
            for (int cpu = 0; cpu < CPUS; cpu++) {
                running[cpu] = cpu;
                busy[cpu] = true;
                sliceEnd[cpu] = START + slice(random);
                nextSample[cpu] = START + SAMPLE_PERIOD / CPUS * cpu + 1;
            }
            long written = 0;
            while (written < switches) {
                int cpu = 0;
                long time = Long.MAX_VALUE;
                boolean sample = false;
                for (int c = 0; c < CPUS; c++) {
                    if (nextSample[c] < time) {
                        time = nextSample[c];
                        cpu = c;
                        sample = true;
                    }
                    if (sliceEnd[c] < time) {
                        time = sliceEnd[c];
                        cpu = c;
                        sample = false;
                    }
                }
                int[] current = threads.get(running[cpu]);
                if (sample) {
                    long[] stack = stacks[(int) (stacks.length * Math.pow(random.nextDouble(), 2))];
                    writer.accept(new Sample(time, cpu, current[0], current[1], SAMPLE_PERIOD, new long[0], stack.clone()));
                    nextSample[cpu] += SAMPLE_PERIOD;
                    samples++;
                    continue;
                }
                int next;
                do {
                    next = random.nextInt(threads.size());
                } while (busy[next]);
                int[] incoming = threads.get(next);
                double reason = random.nextDouble();
                ThreadState state = reason < 0.55 ? ThreadState.SLEEPING : reason < 0.9 ? ThreadState.RUNNABLE
                        : ThreadState.BLOCKED_IO;
                // The incoming thread was asleep half the time: a thread running on another CPU woke it.
                if (random.nextBoolean()) {
                    int[] waker = threads.get(running[(cpu + 1) % CPUS]);
                    writer.accept(new Wakeup(time - 1_000, (cpu + 1) % CPUS, waker[0], waker[1], incoming[0],
                            incoming[1], cpu, kernelPath(random, 4), stacks[random.nextInt(stacks.length)].clone()));
                    wakeups++;
                }
                writer.accept(new ContextSwitch(time, cpu, current[0], current[1], state, incoming[0], incoming[1],
                        kernelPath(random, 6), stacks[random.nextInt(stacks.length)].clone()));
                busy[running[cpu]] = false;
                busy[next] = true;
                running[cpu] = next;
                sliceEnd[cpu] = time + slice(random);
                written++;
            }
            writer.embedSymbols(symbols());
        }
        System.out.printf("wrote %s: %,d context switches, %,d wake-ups, %,d samples, %d threads, %.1f MiB in %.1f s%n",
                out, switches, wakeups, samples, threads.size(), Files.size(out) / 1048576.0,
                (System.nanoTime() - started) / 1e9);
    }

    private static long slice(Random random) {
        return 2_000 + (long) (-Math.log(1 - random.nextDouble()) * MEAN_SLICE);
    }

    /** 2 000 distinct user stacks 8-24 frames deep, walking down a call tree so callers repeat. */
    private static long[][] stacks(Random random) {
        long[][] stacks = new long[2_000][];
        for (int s = 0; s < stacks.length; s++) {
            int depth = 8 + random.nextInt(17);
            long[] frames = new long[depth];
            int node = 1;
            for (int i = depth - 1; i >= 0; i--) {
                node = node * 3 + (random.nextInt(4) == 0 ? random.nextInt(3) : 0);
                frames[i] = TEXT + 0x1000 + (node % FUNCTIONS) * FUNCTION_SIZE + 0x13;
            }
            stacks[s] = frames;
        }
        return stacks;
    }

    private static long[] kernelPath(Random random, int depth) {
        long[] path = new long[depth];
        for (int i = 0; i < depth; i++) {
            path[i] = KERNEL_TEXT + random.nextInt(64) * 0x100L;
        }
        return path;
    }

    private static EmbeddedSymbols symbols() {
        List<EmbeddedSymbols.Range> ranges = new ArrayList<>();
        String[] verbs = {"parse", "route", "serialize", "hash", "lookup", "compress", "encode", "poll", "flush", "merge"};
        String[] nouns = {"request", "index", "row", "page", "frame", "buffer", "session", "query"};
        for (int i = 0; i < FUNCTIONS; i++) {
            String name = i == 0 ? "main" : verbs[i % verbs.length] + "_" + nouns[(i / verbs.length) % nouns.length] + "_" + i;
            ranges.add(new EmbeddedSymbols.Range(0x1000 + i * FUNCTION_SIZE, FUNCTION_SIZE, name, null, 0, List.of()));
        }
        return new EmbeddedSymbols(MODULE, null, ranges);
    }
}
