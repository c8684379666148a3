package io.tachyon.health.internal;

import io.tachyon.analysis.internal.AnalysisForTests;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadState;
import io.tachyon.storage.internal.TcapCaptureStore;

import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A real capture file of one process on two CPUs, written by the storage bundle's writer and modelled by the
 * analysis bundle, built stretch by stretch: a thread runs on a CPU from its switch-in to its switch-out and is
 * sampled every {@link #PERIOD} (4 kHz) after its switch-in, except where a test silences sampling.
 */
final class TestCapture {

    static final int PID = 100;
    static final long START = 1_000_000_000L;
    static final long PERIOD = 250_000;
    static final long MS = 1_000_000;

    private final List<CaptureEvent> events = new ArrayList<>();
    private boolean switches = true;
    private String frequency = "4000";
    private Predicate<Sample> silenced = sample -> false;

    TestCapture() {
        events.add(new ThreadName(START, PID, PID, "main", true));
    }

    TestCapture thread(int tid, String name) {
        events.add(new ThreadName(START, PID, tid, name, false));
        return this;
    }

    /** Samples taken strictly between {@code fromMs} and {@code toMs} (from the start) on any CPU are dropped. */
    TestCapture silence(double fromMs, double toMs) {
        return silence(-1, fromMs, toMs);
    }

    /** Samples taken on {@code cpu} (-1: any) strictly between {@code fromMs} and {@code toMs} are dropped. */
    TestCapture silence(int cpu, double fromMs, double toMs) {
        long from = START + (long) (fromMs * MS);
        long to = START + (long) (toMs * MS);
        silenced = silenced.or(sample -> (cpu < 0 || sample.cpu() == cpu) && sample.time() > from
                && sample.time() < to);
        return this;
    }

    /** Records no context switches: a capture made with --no-switches. */
    TestCapture withoutSwitches() {
        switches = false;
        return this;
    }

    /** Thread {@code tid} runs on {@code cpu} from {@code fromMs} to {@code toMs}, then sleeps. */
    TestCapture run(int tid, int cpu, double fromMs, double toMs) {
        long from = START + (long) (fromMs * MS);
        long to = START + (long) (toMs * MS);
        if (switches) {
            events.add(new ContextSwitch(from, cpu, 0, 0, ThreadState.RUNNING, PID, tid, new long[0], new long[0]));
            events.add(new ContextSwitch(to, cpu, PID, tid, ThreadState.SLEEPING, 0, 0, new long[0], new long[0]));
        }
        for (long time = from + PERIOD; time <= to; time += PERIOD) {
            events.add(new Sample(time, cpu, PID, tid, PERIOD, new long[0], new long[0]));
        }
        return this;
    }

    /**
     * Thread {@code tid} was already on {@code cpu} when the capture began and leaves it at {@code untilMs}: sampled
     * from the start, with a switch-out but no switch-in.
     */
    TestCapture runningAtStart(int tid, int cpu, double untilMs) {
        long until = START + (long) (untilMs * MS);
        if (switches) {
            events.add(new ContextSwitch(until, cpu, PID, tid, ThreadState.SLEEPING, 0, 0, new long[0], new long[0]));
        }
        for (long time = START + PERIOD; time <= until; time += PERIOD) {
            events.add(new Sample(time, cpu, PID, tid, PERIOD, new long[0], new long[0]));
        }
        return this;
    }

    /** The capture's "frequency" setting (the samples stay 4 kHz). */
    TestCapture frequency(String setting) {
        frequency = setting;
        return this;
    }

    /** Any event, e.g. a health event the recorder wrote. */
    TestCapture event(CaptureEvent event) {
        events.add(event);
        return this;
    }

    TestCapture lost(double atMs, int cpu, long count) {
        events.add(new LostRecords(START + (long) (atMs * MS), cpu, count));
        return this;
    }

    CaptureModel open(Path directory) throws IOException {
        CaptureStore store = new TcapCaptureStore(defaults());
        Path file = Files.createTempFile(directory, "health", ".tcap");
        try (CaptureWriter writer = store.create(file)) {
            writer.metadata(new CaptureMetadata("test", "1.0", "testhost", "6.1.0-test", "x86_64", "Test CPU", 2,
                    List.of("/opt/test/app"), "CLOCK_MONOTONIC", START, 1_767_225_600_000_000_000L,
                    Map.of("frequency", frequency)));
            events.stream()
                    .filter(event -> !(event instanceof Sample sample && silenced.test(sample)))
                    .sorted(Comparator.comparingLong(CaptureEvent::time))
                    .forEach(writer::accept);
        }
        return AnalysisForTests.factory(store, module -> Optional.empty()).open(file);
    }

    /** Storage's configuration with every default, as ConfigAdmin gives it without a configuration. */
    private static TcapCaptureStore.Config defaults() {
        return (TcapCaptureStore.Config) Proxy.newProxyInstance(TestCapture.class.getClassLoader(),
                new Class<?>[] {TcapCaptureStore.Config.class}, (proxy, method, args) -> method.getDefaultValue());
    }
}
