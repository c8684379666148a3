package io.tachyon.web.internal;

import io.tachyon.analysis.internal.AnalysisForTests;
import io.tachyon.api.analysis.CaptureModelFactory;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SourceLocation;
import io.tachyon.api.symbols.Symbol;
import io.tachyon.api.symbols.SymbolizedFrame;
import io.tachyon.api.symbols.SymbolResolver;
import io.tachyon.storage.internal.TcapCaptureStore;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A real capture file, written by the storage bundle's writer and modelled by the analysis bundle, small enough
 * that every number the API gives can be worked out by hand. Process 100 ("app") on two CPUs, a sample every
 * millisecond of CPU time (period 1 ms), times in ms from {@link #START}:
 * <ul>
 * <li>main (tid 100) runs on CPU 0 from 0 to 10 (samples at 1..10: 1..6 in {@code compute}, 7..10 in
 * {@code write_out}, both called by {@code main}), then sleeps in {@code wait_for_work} (kernel
 * {@code futex_wait}) until the worker wakes it at 15 from {@code notify}; it runs again on CPU 0 from 16 to 20
 * (samples at 17..20 in {@code compute}).</li>
 * <li>worker (tid 101) runs on CPU 1 from 2 to 16 (samples at 3..16, in {@code worker_loop} alone), then sleeps
 * for good (no wake-up).</li>
 * </ul>
 */
final class TestCapture {

    static final int PID = 100;
    static final int MAIN = 100;
    static final int WORKER = 101;
    static final long START = 1_000_000_000L;
    static final long MS = 1_000_000L;
    static final String APP = "/opt/app/bin/app";

    static final long APP_START = 0x400000;
    private static final long KERNEL_START = 0xffffffff81000000L;
    private static final Map<String, Long> APP_FUNCTIONS = Map.of("main", 0x1000L, "compute", 0x1100L,
            "write_out", 0x1200L, "wait_for_work", 0x1300L, "worker_loop", 0x1400L, "notify", 0x1500L);
    private static final Map<String, Long> KERNEL_FUNCTIONS = Map.of("futex_wait", 0x1000L, "try_to_wake_up",
            0x2000L);
    static final String APP_SOURCE = "/src/app/app.c";
    static final Map<String, Integer> APP_LINES = Map.of("main", 10, "compute", 20, "write_out", 30,
            "wait_for_work", 40, "worker_loop", 50, "notify", 60);

    private TestCapture() {
    }

    static long at(double ms) {
        return START + (long) (ms * MS);
    }

    /** Writes the capture into {@code directory} as {@code name} and returns a factory that models it. */
    static CaptureModelFactory write(Path file) throws IOException {
        List<CaptureEvent> events = new ArrayList<>();
        events.add(new ThreadName(START, PID, MAIN, "app", true));
        events.add(new ModuleMapping(START, ModuleMapping.KERNEL_PID, ModuleMapping.KERNEL_PID, KERNEL_START,
                0x100000, 0, ModuleMapping.KERNEL_PATH, null));
        events.add(new ModuleMapping(START, PID, MAIN, APP_START, 0x10000, 0, APP, null));
        events.add(new ThreadStart(START + 1, PID, WORKER, PID, MAIN));
        events.add(new ThreadName(START + 2, PID, WORKER, "worker", false));

        events.add(new ContextSwitch(at(0), 0, 0, 0, ThreadState.RUNNING, PID, MAIN, new long[0], new long[0]));
        for (int ms = 1; ms <= 10; ms++) {
            String leaf = ms <= 6 ? "compute" : "write_out";
            events.add(new Sample(at(ms), 0, PID, MAIN, MS, new long[0], new long[] {app(leaf), app("main")}));
        }
        events.add(new ContextSwitch(at(10), 0, PID, MAIN, ThreadState.SLEEPING, 0, 0,
                new long[] {kernel("futex_wait")}, new long[] {app("wait_for_work"), app("main")}));
        events.add(new Wakeup(at(15), 1, PID, WORKER, PID, MAIN, 0, new long[] {kernel("try_to_wake_up")},
                new long[] {app("notify"), app("worker_loop")}));
        events.add(new ContextSwitch(at(16), 0, 0, 0, ThreadState.RUNNING, PID, MAIN, new long[0], new long[0]));
        for (int ms = 17; ms <= 20; ms++) {
            events.add(new Sample(at(ms), 0, PID, MAIN, MS, new long[0], new long[] {app("compute"), app("main")}));
        }

        events.add(new ContextSwitch(at(2), 1, 0, 0, ThreadState.RUNNING, PID, WORKER, new long[0], new long[0]));
        for (int ms = 3; ms <= 16; ms++) {
            events.add(new Sample(at(ms), 1, PID, WORKER, MS, new long[0], new long[] {app("worker_loop")}));
        }
        events.add(new ContextSwitch(at(16), 1, PID, WORKER, ThreadState.SLEEPING, 0, 0, new long[0],
                new long[] {app("worker_loop")}));

        return write(file, events);
    }

    /** Writes {@code events} (in any order) as a capture of {@link #APP} and returns a factory that models it. */
    static CaptureModelFactory write(Path file, List<CaptureEvent> events) throws IOException {
        CaptureStore store = new TcapCaptureStore(defaults());
        events = new ArrayList<>(events);
        events.sort(Comparator.comparingLong(CaptureEvent::time));
        try (CaptureWriter writer = store.create(file)) {
            writer.metadata(new CaptureMetadata("test", "1.0", "testhost", "6.1.0-test", "x86_64", "Test CPU", 2,
                    List.of(APP, "--fast"), "CLOCK_MONOTONIC", START, 1_767_225_600_000_000_000L,
                    Map.of("frequency", "1000")));
            events.forEach(writer::accept);
        }
        return AnalysisForTests.factory(store, new Symbols());
    }

    static long app(String function) {
        return APP_START + APP_FUNCTIONS.get(function) + 8;
    }

    private static long kernel(String function) {
        return KERNEL_START + KERNEL_FUNCTIONS.get(function) + 8;
    }

    private static TcapCaptureStore.Config defaults() {
        return (TcapCaptureStore.Config) Proxy.newProxyInstance(TestCapture.class.getClassLoader(),
                new Class<?>[] {TcapCaptureStore.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }

    /**
     * The app's and the kernel's functions, 0x100 bytes each; the app is mapped at file offset 0. The app has source
     * lines: each function's code is on one line of {@link #APP_SOURCE}, {@link #APP_LINES}; the kernel has none.
     */
    private static final class Symbols implements SymbolResolver {

        @Override
        public Optional<ModuleSymbols> load(ModuleRef module) {
            if (module.path().equals(APP)) {
                return Optional.of(new ModuleSymbols() {
                    @Override
                    public Optional<Symbol> lookup(long address) {
                        return find(APP_FUNCTIONS, 0, address);
                    }

                    @Override
                    public List<SymbolizedFrame> symbolize(long address) {
                        return find(APP_FUNCTIONS, 0, address).map(symbol -> List.of(new SymbolizedFrame(
                                symbol.name(), symbol.name(), new SourceLocation(APP_SOURCE,
                                        APP_LINES.get(symbol.name()), 0), false))).orElse(List.of());
                    }
                });
            }
            if (module.path().equals(ModuleMapping.KERNEL_PATH)) {
                return Optional.of(address -> find(KERNEL_FUNCTIONS, KERNEL_START, address));
            }
            return Optional.empty();
        }

        private static Optional<Symbol> find(Map<String, Long> functions, long base, long address) {
            return functions.entrySet().stream()
                    .filter(f -> address >= base + f.getValue() && address < base + f.getValue() + 0x100)
                    .findFirst().map(f -> new Symbol(f.getKey(), base + f.getValue(), 0x100));
        }
    }
}
