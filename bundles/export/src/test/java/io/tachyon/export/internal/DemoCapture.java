package io.tachyon.export.internal;

import io.tachyon.analysis.internal.AnalysisForTests;
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
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.Symbol;
import io.tachyon.api.symbols.SymbolResolver;
import io.tachyon.storage.internal.TcapCaptureStore;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Map.Entry;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Random;
import java.util.TreeMap;

/**
 * A real capture file of a small two-thread program, written by the storage bundle's writer and modelled by the
 * analysis bundle: the main thread always runs (parsing, transforming, hashing, writing through the kernel); the
 * worker runs 4 ms of every 10, then sleeps on a futex until the main thread wakes it 1 ms before it runs again.
 * One function's name holds the characters the formats must escape. Deterministic for a sample count.
 */
final class DemoCapture {

    static final int PID = 4000;
    static final int MAIN = 4000;
    static final int WORKER = 4001;
    static final long PERIOD = 250_000;
    static final long START = 1_000_000_000L;
    static final String APP = "/opt/demo/bin/demo";
    static final String APP_BUILD_ID = "0123456789abcdef0123456789abcdef01234567";
    static final String LIBC = "/usr/lib/x86_64-linux-gnu/libc.so.6";
    static final String LIBC_BUILD_ID = "c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00";
    /** A name with the separators and markup the formats must keep from breaking their files. */
    static final String AWKWARD = "render<\"html\">;</script>&co";

    private static final long APP_START = 0x400000;
    private static final long LIBC_START = 0x7f0000000000L;
    private static final long KERNEL_START = 0xffffffff81000000L;
    private static final Map<String, Map<String, Long>> SYMBOLS = Map.of(
            APP, Map.of("main", 0x1000L, "parse_input", 0x1100L, "transform_records", 0x1200L, "hash_record",
                    0x1300L, "write_output", 0x1400L, "worker_loop", 0x1500L, "wait_for_work", 0x1600L, AWKWARD,
                    0x1700L),
            LIBC, Map.of("__libc_start_main", 0x2000L, "write", 0x3000L, "__futex_abstimed_wait_common", 0x4000L,
                    "start_thread", 0x5000L),
            ModuleMapping.KERNEL_PATH, Map.of("do_syscall_64", KERNEL_START + 0x1000, "ksys_write",
                    KERNEL_START + 0x2000, "futex_wait", KERNEL_START + 0x3000, "schedule", KERNEL_START + 0x4000,
                    "try_to_wake_up", KERNEL_START + 0x5000));

    /** The main thread's samples of {@link #shared()}: 2 s of the demo. */
    static final int SHARED_SAMPLES = 8000;

    private static CaptureModel shared;

    private DemoCapture() {
    }

    /** One capture for every test of a run (its model is immutable), under target/test-captures. */
    static synchronized CaptureModel shared() throws IOException {
        if (shared == null) {
            shared = open(Files.createDirectories(Path.of("target", "test-captures")), SHARED_SAMPLES);
        }
        return shared;
    }

    /** Writes {@code model} with {@code exporter} into {@code directory}, named after the format. */
    static Path export(Exporter exporter, CaptureModel model, Path directory) throws IOException {
        Path file = directory.resolve("demo" + exporter.fileExtension());
        try (OutputStream out = Files.newOutputStream(file)) {
            exporter.export(model, out);
        }
        return file;
    }

    /** Writes the capture with about {@code mainSamples} samples of the main thread and opens its model. */
    static CaptureModel open(Path directory, int mainSamples) throws IOException {
        CaptureStore store = new TcapCaptureStore(defaults());
        Path file = directory.resolve("demo-" + mainSamples + ".tcap");
        try (CaptureWriter writer = store.create(file)) {
            write(writer, mainSamples);
        }
        return AnalysisForTests.factory(store, new DemoSymbols()).open(file);
    }

    private static void write(CaptureWriter writer, int mainSamples) {
        writer.metadata(new CaptureMetadata("test", "1.0", "testhost", "6.1.0-test", "x86_64", "Test CPU", 2,
                List.of(APP, "--input", "records.csv"), "CLOCK_MONOTONIC", START, 1_767_225_600_000_000_000L,
                Map.of("frequency", "4000")));
        // The exec comes first: it forgets the process's earlier mappings.
        writer.accept(new ThreadName(START, PID, MAIN, "demo", true));
        writer.accept(new ModuleMapping(START, ModuleMapping.KERNEL_PID, ModuleMapping.KERNEL_PID, KERNEL_START,
                -KERNEL_START, 0, ModuleMapping.KERNEL_PATH, null));
        writer.accept(new ModuleMapping(START, PID, MAIN, APP_START, 0x10000, 0, APP, APP_BUILD_ID));
        writer.accept(new ModuleMapping(START, PID, MAIN, LIBC_START, 0x10000, 0, LIBC, LIBC_BUILD_ID));
        writer.accept(new ThreadStart(START + 1, PID, WORKER, PID, MAIN));
        writer.accept(new ThreadName(START + 2, PID, WORKER, "worker", false));
        Random random = new Random(mainSamples);
        long cycle = 40 * PERIOD;
        for (int i = 1; i <= mainSamples; i++) {
            long time = START + i * PERIOD;
            writer.accept(new Sample(time, 0, PID, MAIN, PERIOD, mainKernelStack(random),
                    mainUserStack(random)));
            long inCycle = (time - START) % cycle;
            long cycleStart = time - inCycle;
            if (inCycle > 0 && inCycle <= 16 * PERIOD) {
                writer.accept(new Sample(time + 1, 1, PID, WORKER, PERIOD, new long[0],
                        user(app("hash_record", 4), app("worker_loop", 8), libc("start_thread", 8))));
            } else if (inCycle == 17 * PERIOD) {
                writer.accept(new ContextSwitch(cycleStart + 17 * PERIOD, 1, PID, WORKER, ThreadState.SLEEPING, 0,
                        0, kernel(kernel("schedule"), kernel("futex_wait"), kernel("do_syscall_64")),
                        user(libc("__futex_abstimed_wait_common", 8), app("wait_for_work", 8),
                                app("worker_loop", 8), libc("start_thread", 8))));
            } else if (inCycle == 36 * PERIOD) {
                writer.accept(new Wakeup(time + 2, 0, PID, MAIN, PID, WORKER, 1,
                        kernel(kernel("try_to_wake_up"), kernel("do_syscall_64")),
                        user(app("write_output", 8), app("main", 8), libc("__libc_start_main", 8))));
            } else if (inCycle == 39 * PERIOD) {
                writer.accept(new ContextSwitch(time + 3, 1, 0, 0, ThreadState.RUNNING, PID, WORKER, new long[0],
                        new long[0]));
            }
        }
    }

    /** Half the main thread's samples parse, a quarter transform (a third of those in hash_record), ... */
    private static long[] mainUserStack(Random random) {
        int pick = random.nextInt(100);
        long main = app("main", 8);
        long start = libc("__libc_start_main", 8);
        if (pick < 50) {
            return user(app("parse_input", 4 + random.nextInt(16)), main, start);
        } else if (pick < 75) {
            return pick < 58 ? user(app("hash_record", 6), app("transform_records", 8), main, start)
                    : user(app("transform_records", 4), main, start);
        } else if (pick < 90) {
            return user(libc("write", 8), app("write_output", 8), main, start);
        } else if (pick < 97) {
            return user(app(AWKWARD, 4), main, start);
        }
        return user(app("write_output", 4), main, start);
    }

    private static long[] mainKernelStack(Random random) {
        return random.nextInt(100) < 8 ? kernel(kernel("ksys_write"), kernel("do_syscall_64")) : new long[0];
    }

    private static long[] user(long... leafFirst) {
        return leafFirst;
    }

    private static long[] kernel(long... leafFirst) {
        return leafFirst;
    }

    private static long app(String function, long offset) {
        return APP_START + SYMBOLS.get(APP).get(function) + offset;
    }

    private static long libc(String function, long offset) {
        return LIBC_START + SYMBOLS.get(LIBC).get(function) + offset;
    }

    private static long kernel(String function) {
        return SYMBOLS.get(ModuleMapping.KERNEL_PATH).get(function) + 8;
    }

    /** Storage's configuration with every default, as ConfigAdmin gives it without a configuration. */
    private static TcapCaptureStore.Config defaults() {
        return (TcapCaptureStore.Config) Proxy.newProxyInstance(DemoCapture.class.getClassLoader(),
                new Class<?>[] {TcapCaptureStore.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }

    /** The demo's symbol tables; user modules are mapped at file offset 0, so a file offset is address - start. */
    private static final class DemoSymbols implements SymbolResolver {

        private final Map<String, NavigableMap<Long, Symbol>> modules = new HashMap<>();

        DemoSymbols() {
            SYMBOLS.forEach((path, functions) -> {
                NavigableMap<Long, Symbol> symbols = new TreeMap<>();
                functions.forEach((name, address) -> symbols.put(address, new Symbol(name, address, 0x100)));
                modules.put(path, symbols);
            });
        }

        @Override
        public Optional<ModuleSymbols> load(ModuleRef module) {
            NavigableMap<Long, Symbol> symbols = modules.get(module.path());
            if (symbols == null) {
                return Optional.empty();
            }
            return Optional.of(address -> {
                Entry<Long, Symbol> floor = symbols.floorEntry(address);
                return floor == null || address >= floor.getKey() + floor.getValue().size() ? Optional.empty()
                        : Optional.of(floor.getValue());
            });
        }
    }
}
