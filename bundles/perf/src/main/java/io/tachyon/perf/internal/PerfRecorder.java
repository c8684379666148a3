package io.tachyon.perf.internal;

import com.sun.jna.Native;
import io.tachyon.api.collect.CollectorException;
import io.tachyon.api.collect.EventSink;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.Attach;
import io.tachyon.api.collect.RecordingRequest.CallGraph;
import io.tachyon.api.collect.RecordingRequest.Launch;
import io.tachyon.api.collect.RecordingRequest.SystemWide;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.perf.spi.PerfArchitecture;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Starts perf recordings: opens the cpu-clock event on every online CPU for the requested target, maps
 * the ring buffers, writes the capture's metadata and what existed before recording began, and hands the
 * rest to a {@link PerfSession}.
 */
final class PerfRecorder {

    static final String COLLECTOR_ID = "linux-perf";

    private final Libc libc;
    private final PerfArchitecture architecture;
    private final RecorderSettings defaults;
    private final MonotonicClock clock;
    private final CommandLauncher launcher;

    PerfRecorder(Libc libc, PerfArchitecture architecture, RecorderSettings settings) {
        this.libc = libc;
        this.architecture = architecture;
        this.defaults = settings;
        this.clock = new MonotonicClock(libc);
        this.launcher = new CommandLauncher(System.getenv("PATH"));
    }

    /**
     * @param onEnd called once the session has ended and released its events
     * @throws CollectorException when recording cannot start; a launched command is killed
     */
    PerfSession start(RecordingRequest request, EventSink sink, Consumer<PerfSession> onEnd)
            throws CollectorException {
        RecorderSettings settings = defaults.withOptions(request.options());
        settings.validate();
        OptionalInt maxRate = ProcFs.perfEventMaxSampleRate();
        if (maxRate.isPresent() && request.frequencyHz() > maxRate.getAsInt()) {
            throw new CollectorException("the sampling frequency " + request.frequencyHz()
                    + " Hz is above the kernel's limit kernel.perf_event_max_sample_rate = " + maxRate.getAsInt()
                    + " Hz: sample less often, or "
                    + "raise the limit with `sudo sysctl kernel.perf_event_max_sample_rate=" + request.frequencyHz()
                    + "`");
        }
        List<Integer> cpus = ProcFs.onlineCpus();
        if (request.target() instanceof Launch launch) {
            return launch(request, settings, launch, cpus, sink, onEnd);
        }
        if (request.target() instanceof Attach attach) {
            return attach(request, settings, attach.pid(), cpus, sink, onEnd);
        }
        if (request.target() instanceof SystemWide) {
            return systemWide(request, settings, cpus, sink, onEnd);
        }
        throw new CollectorException("the linux-perf collector cannot record target " + request.target());
    }

    private PerfSession launch(RecordingRequest request, RecorderSettings settings, Launch launch, List<Integer> cpus,
            EventSink sink, Consumer<PerfSession> onEnd) throws CollectorException {
        Process process = launcher.startStopped(launch.command());
        int pid = (int) process.pid();
        PerfEvents events = events(request, settings, true, true, new PerfEvents.Purpose(request.kernel(), false, 0));
        try {
            for (int cpu : cpus) {
                if (!events.open(pid, cpu)) {
                    throw new CollectorException("the launched command (pid " + pid + ") vanished before recording");
                }
            }
            long startTime = clock.nanoTime();
            if (libc.kill(pid, architecture.signalContinue()) != 0) {
                throw new CollectorException("cannot continue the launched command (pid " + pid + "): "
                        + libc.strerror(Native.getLastError()));
            }
            PerfSession session = session(request, settings, events, sink, startTime, () -> !process.isAlive(), process,
                    onEnd);
            sink.metadata(metadata(request, settings, events, cpus.size(), launch.command(), startTime));
            session.deliver(kernelMapping(startTime));
            session.begin();
            return session;
        } catch (CollectorException | RuntimeException e) {
            libc.kill(pid, Libc.SIGKILL);
            process.destroyForcibly();
            events.close();
            throw e;
        }
    }

    private PerfSession attach(RecordingRequest request, RecorderSettings settings, int pid, List<Integer> cpus,
            EventSink sink, Consumer<PerfSession> onEnd) throws CollectorException {
        if (!ProcFs.isRunning(pid)) {
            throw new CollectorException("no process with pid " + pid);
        }
        PerfEvents events = events(request, settings, true, false,
                new PerfEvents.Purpose(request.kernel(), false, pid));
        try {
            for (int tid : ProcFs.threads(pid)) {
                for (int cpu : cpus) {
                    if (!events.open(tid, cpu)) {
                        break;
                    }
                }
            }
            if (events.eventCount() == 0) {
                throw new CollectorException("no process with pid " + pid);
            }
            List<String> commandLine = ProcFs.commandLine(pid);
            return startRecording(request, settings, events, sink, cpus.size(),
                    commandLine.isEmpty() ? List.of("pid " + pid) : commandLine, () -> !ProcFs.isRunning(pid),
                    List.of(pid), onEnd);
        } catch (CollectorException | RuntimeException e) {
            events.close();
            throw e;
        }
    }

    private PerfSession systemWide(RecordingRequest request, RecorderSettings settings, List<Integer> cpus,
            EventSink sink, Consumer<PerfSession> onEnd) throws CollectorException {
        PerfEvents events = events(request, settings, false, false, new PerfEvents.Purpose(request.kernel(), true, 0));
        try {
            for (int cpu : cpus) {
                events.open(-1, cpu);
            }
            return startRecording(request, settings, events, sink, cpus.size(), List.of("system-wide"), () -> false,
                    ProcFs.processes(), onEnd);
        } catch (CollectorException | RuntimeException e) {
            events.close();
            throw e;
        }
    }

    /** Enables events that are already open and describes the processes that existed before. */
    private PerfSession startRecording(RecordingRequest request, RecorderSettings settings, PerfEvents events,
            EventSink sink, int cpuCount, List<String> commandLine, BooleanSupplier targetEnded,
            List<Integer> existingProcesses, Consumer<PerfSession> onEnd)
            throws CollectorException {
        long startTime = clock.nanoTime();
        events.enable();
        PerfSession session = session(request, settings, events, sink, startTime, targetEnded, null, onEnd);
        sink.metadata(metadata(request, settings, events, cpuCount, commandLine, startTime));
        session.deliver(kernelMapping(startTime));
        ProcessSnapshot snapshot = new ProcessSnapshot(startTime);
        for (int pid : existingProcesses) {
            snapshot.describe(pid, session::deliver);
        }
        session.begin();
        return session;
    }

    private PerfEvents events(RecordingRequest request, RecorderSettings settings, boolean inherit,
            boolean enableOnExec, PerfEvents.Purpose purpose) {
        PerfEventAttr attr = new PerfEventAttr(request.frequencyHz(), request.callGraph() == CallGraph.FRAME_POINTER,
                request.kernel(), inherit, enableOnExec, true);
        return new PerfEvents(libc, architecture, attr, settings.ringBufferPages(), purpose);
    }

    private PerfSession session(RecordingRequest request, RecorderSettings settings, PerfEvents events,
            EventSink sink, long startTime, BooleanSupplier targetEnded, Process launched,
            Consumer<PerfSession> onEnd) {
        return new PerfSession(events, new PerfRecordDecoder(events.attr().callChain()), sink, clock, startTime,
                request.duration(), settings.pollInterval(), targetEnded, launched, onEnd);
    }

    private CaptureMetadata metadata(RecordingRequest request, RecorderSettings settings, PerfEvents events,
            int cpuCount, List<String> commandLine, long startTime) {
        Uname uname = Uname.of(libc);
        Instant now = Instant.now();
        long wallClockNanos = ChronoUnit.NANOS.between(Instant.EPOCH, now) - (clock.nanoTime() - startTime);
        Map<String, String> applied = new LinkedHashMap<>();
        applied.put("event", "cpu-clock");
        applied.put("hardware-events", "not used: sampling is driven by the software cpu-clock timer");
        applied.put("frequency", Integer.toString(request.frequencyHz()));
        applied.put("call-graph", request.callGraph() == CallGraph.FRAME_POINTER ? "fp" : "none");
        applied.put("kernel", Boolean.toString(request.kernel()));
        applied.put("ring-buffer-pages", Integer.toString(settings.ringBufferPages()));
        applied.put("poll-interval-ms", Long.toString(settings.pollInterval().toMillis()));
        applied.put("build-ids", events.attr().buildId() ? "from the kernel (mmap2 build_id)"
                : "not given by this kernel (needs 5.12)");
        applied.put("collector-version", settings.collectorVersion());
        return new CaptureMetadata(COLLECTOR_ID, settings.collectorVersion(), uname.nodeName(), uname.release(),
                uname.machine(), ProcFs.cpuModel(), cpuCount, commandLine, "CLOCK_MONOTONIC", startTime,
                wallClockNanos, applied);
    }

    /** The kernel's mapping: from its lowest code address to the top of the address space. */
    private ModuleMapping kernelMapping(long startTime) {
        long start = ProcFs.lowestKernelTextAddress().orElse(architecture.kernelSpaceStart());
        String buildId;
        try {
            buildId = BuildIdReader.ofNotesFile(ProcFs.KERNEL_NOTES).orElse(null);
        } catch (IOException e) {
            buildId = null;
        }
        return new ModuleMapping(startTime, ModuleMapping.KERNEL_PID, ModuleMapping.KERNEL_PID, start, -1L - start, 0,
                ModuleMapping.KERNEL_PATH, buildId);
    }
}
