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
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.unwind.UserStackUnwinder;
import io.tachyon.perf.spi.PerfArchitecture;

import java.io.IOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Starts perf recordings: opens the cpu-clock event — and, for context switches, the scheduler tracepoints
 * or switch records — on every online CPU for the requested target, maps the ring buffers, writes the
 * capture's metadata and what existed before recording began, and hands the rest to a {@link PerfSession}.
 */
final class PerfRecorder {

    static final String COLLECTOR_ID = "linux-perf";
    /** Metadata setting: how user stacks are unwound. */
    static final String SETTING_USER_UNWIND = "user-unwind";
    static final String NOTICE_NO_KERNEL_LOG = "no-kernel-log";
    private static final long KERNEL_LOG_POLL_NANOS = 20_000_000L;

    private static final System.Logger LOG = System.getLogger(PerfRecorder.class.getName());

    private final Libc libc;
    private final PerfArchitecture architecture;
    private final UserStackUnwinder unwinder;
    private final String unwinderName;
    private final RecorderSettings defaults;
    private final HealthSettings health;
    private final Preflight preflight = new Preflight(KnownKernelIssues.bundled());
    private final MonotonicClock clock;
    private final CommandLauncher launcher;

    /**
     * @param unwinder     the user-stack unwinder for this architecture, or null: stacks from frame pointers only
     * @param unwinderName where the unwinder comes from, for the capture's metadata (e.g. its bundle)
     */
    PerfRecorder(Libc libc, PerfArchitecture architecture, UserStackUnwinder unwinder, String unwinderName,
            RecorderSettings settings) {
        this(libc, architecture, unwinder, unwinderName, settings, HealthSettings.DEFAULTS);
    }

    /** @param health how recordings watch over their own health (safety valve, kernel log, fault injection) */
    PerfRecorder(Libc libc, PerfArchitecture architecture, UserStackUnwinder unwinder, String unwinderName,
            RecorderSettings settings, HealthSettings health) {
        this.health = health;
        this.libc = libc;
        this.architecture = architecture;
        this.unwinder = unwinder;
        this.unwinderName = unwinderName;
        this.defaults = settings;
        this.clock = new MonotonicClock(libc);
        this.launcher = new CommandLauncher(System.getenv("PATH"));
    }

    /**
     * @param onEnd called once the session has ended and released its events
     * @throws CollectorException when recording cannot start; a launched command is killed
     */
    PerfSession start(RecordingRequest requested, EventSink destination, Consumer<PerfSession> onEnd)
            throws CollectorException {
        EventSink sink = Vdso.stamping(destination, Vdso.buildIdOfThisProcess());
        RecorderSettings settings = defaults.withOptions(requested.options());
        settings.validate();
        health.validate();
        Preflight.Result checked = preflight.check(Preflight.Facts.ofThisMachine(Uname.of(libc).release()),
                requested.frequencyHz(), requested.kernel(), requested.switches());
        for (Preflight.Problem problem : checked.problems()) {
            LOG.log(System.Logger.Level.WARNING, problem.message());
        }
        RecordingRequest request = new RecordingRequest(requested.target(), checked.frequencyHz(),
                requested.callGraph(), requested.kernel(), requested.switches(), requested.duration(),
                requested.options());
        List<Integer> cpus = ProcFs.onlineCpus();
        if (request.target() instanceof Launch launch) {
            return launch(request, settings, launch, cpus, sink, onEnd, checked);
        }
        if (request.target() instanceof Attach attach) {
            return attach(request, settings, attach.pid(), cpus, sink, onEnd, checked);
        }
        if (request.target() instanceof SystemWide) {
            return systemWide(request, settings, cpus, sink, onEnd, checked);
        }
        throw new CollectorException("the linux-perf collector cannot record target " + request.target());
    }

    private PerfSession launch(RecordingRequest request, RecorderSettings settings, Launch launch, List<Integer> cpus,
            EventSink sink, Consumer<PerfSession> onEnd, Preflight.Result checked) throws CollectorException {
        Process process = launcher.startStopped(launch.command());
        int pid = (int) process.pid();
        PerfEvents events = null;
        try {
            SwitchPlan plan = planSwitches(request, settings, pid, cpus.get(0), true, true);
            events = events(request, settings, plan, true, true, new PerfEvents.Purpose(request.kernel(), false, 0));
            for (int cpu : cpus) {
                if (!events.open(pid, cpu)) {
                    throw new CollectorException("the launched command (pid " + pid + ") vanished before recording");
                }
            }
            // Everything slow (the metadata, the kernel's mapping from /proc/kallsyms) is done while the command
            // is still stopped: once it runs, the buffers fill and must be read.
            long startTime = clock.nanoTime();
            CaptureMetadata metadata = metadata(request, settings, plan, true, events, cpus.size(), launch.command(),
                    startTime, checked);
            ModuleMapping kernel = kernelMapping(startTime);
            PerfSession session = session(request, settings, plan, events, sink, startTime, () -> !process.isAlive(),
                    process, onEnd, checked);
            if (libc.kill(pid, architecture.signalContinue()) != 0) {
                throw new CollectorException("cannot continue the launched command (pid " + pid + "): "
                        + libc.strerror(Native.getLastError()));
            }
            sink.metadata(metadata);
            session.deliver(kernel);
            checked.notices(startTime).forEach(session::deliver);
            session.begin();
            return session;
        } catch (CollectorException | RuntimeException e) {
            libc.kill(pid, Libc.SIGKILL);
            process.destroyForcibly();
            if (events != null) {
                events.close();
            }
            throw e;
        }
    }

    private PerfSession attach(RecordingRequest request, RecorderSettings settings, int pid, List<Integer> cpus,
            EventSink sink, Consumer<PerfSession> onEnd, Preflight.Result checked) throws CollectorException {
        if (!ProcFs.isRunning(pid)) {
            throw new CollectorException("no process with pid " + pid);
        }
        SwitchPlan plan = planSwitches(request, settings, pid, cpus.get(0), true, false);
        PerfEvents events = events(request, settings, plan, true, false,
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
            return startRecording(request, settings, plan, true, events, sink, cpus.size(),
                    commandLine.isEmpty() ? List.of("pid " + pid) : commandLine, () -> !ProcFs.isRunning(pid),
                    List.of(pid), onEnd, checked);
        } catch (CollectorException | RuntimeException e) {
            events.close();
            throw e;
        }
    }

    private PerfSession systemWide(RecordingRequest request, RecorderSettings settings, List<Integer> cpus,
            EventSink sink, Consumer<PerfSession> onEnd, Preflight.Result checked) throws CollectorException {
        SwitchPlan plan = planSwitches(request, settings, -1, cpus.get(0), false, false);
        PerfEvents events = events(request, settings, plan, false, false,
                new PerfEvents.Purpose(request.kernel(), true, 0));
        try {
            for (int cpu : cpus) {
                events.open(-1, cpu);
            }
            return startRecording(request, settings, plan, false, events, sink, cpus.size(), List.of("system-wide"),
                    () -> false, ProcFs.processes(), onEnd, checked);
        } catch (CollectorException | RuntimeException e) {
            events.close();
            throw e;
        }
    }

    /** Enables events that are already open and describes the processes that existed before. */
    private PerfSession startRecording(RecordingRequest request, RecorderSettings settings, SwitchPlan plan,
            boolean perThread, PerfEvents events, EventSink sink, int cpuCount, List<String> commandLine,
            BooleanSupplier targetEnded, List<Integer> existingProcesses, Consumer<PerfSession> onEnd,
            Preflight.Result checked) throws CollectorException {
        // Listed before enabling: a thread that exits before the snapshot below reaches it is still known.
        Map<Integer, Integer> existingThreads = ProcFs.processesByThread(existingProcesses);
        long startTime = clock.nanoTime();
        events.enable();
        PerfSession session = session(request, settings, plan, events, sink, startTime, targetEnded, null, onEnd,
                checked);
        session.existingThreads(existingThreads);
        session.startReading();
        try {
            sink.metadata(metadata(request, settings, plan, perThread, events, cpuCount, commandLine, startTime,
                    checked));
            session.deliver(kernelMapping(startTime));
            checked.notices(startTime).forEach(session::deliver);
            ProcessSnapshot snapshot = new ProcessSnapshot(startTime);
            for (int pid : existingProcesses) {
                snapshot.describe(pid, session::deliverExisting);
            }
        } catch (RuntimeException e) {
            // The reader owns the events now: end the session, which releases them, before failing.
            session.begin();
            session.close();
            throw e;
        }
        session.begin();
        return session;
    }

    /**
     * Decides where this recording's context switches come from. Tracepoints need tracefs (mounted here when
     * missing and this process is root) and permission to open them with raw data (root or CAP_PERFMON); the
     * probe opens sched_switch exactly as the recording will, for the target's first thread on the first CPU.
     *
     * @throws CollectorException when tracepoints are required by configuration and cannot be used
     */
    private SwitchPlan planSwitches(RecordingRequest request, RecorderSettings settings, int probePid, int probeCpu,
            boolean inherit, boolean enableOnExec) throws CollectorException {
        if (!request.switches()) {
            return SwitchPlan.off();
        }
        if (settings.switchSource() == SwitchSource.SWITCH_RECORDS) {
            return SwitchPlan.switchRecords("chosen by configuration (switch-source = switch-records)");
        }
        try {
            TraceFs traceFs = TraceFs.locate(libc);
            SchedTracepoints sched = traceFs.schedTracepoints();
            probe(switchAttr(request, settings, EventKind.SCHED_SWITCH, sched.schedSwitch().id(), inherit,
                    enableOnExec), probePid, probeCpu);
            return SwitchPlan.tracepoints(sched, traceFs);
        } catch (TraceFs.Unavailable e) {
            if (settings.switchSource() == SwitchSource.TRACEPOINTS) {
                throw new CollectorException("context switches from tracepoints (switch-source = tracepoints) are "
                        + "not possible here: " + e.getMessage() + ". Use switch-source = auto or switch-records to "
                        + "record switches without states, stacks and wake-ups, or --no-switches.");
            }
            return SwitchPlan.switchRecords("tracepoints unavailable: " + e.getMessage());
        }
    }

    private void probe(PerfEventAttr attr, int pid, int cpu) throws TraceFs.Unavailable {
        PerfEvents.OpenResult result = PerfEvents.tryOpen(libc, architecture, attr, pid, cpu);
        if (result.fd() >= 0) {
            libc.close(result.fd());
            return;
        }
        String error = libc.strerror(result.errno()) + " (errno " + result.errno() + ")";
        throw new TraceFs.Unavailable(switch (result.errno()) {
            case Libc.EACCES, Libc.EPERM -> "perf_event_open of tracepoint sched:sched_switch was refused, " + error
                    + ": tracepoints with raw data need root or CAP_PERFMON (or kernel.perf_event_paranoid = -1)";
            default -> "perf_event_open of tracepoint sched:sched_switch failed: " + error;
        });
    }

    private PerfEvents events(RecordingRequest request, RecorderSettings settings, SwitchPlan plan, boolean perThread,
            boolean enableOnExec, PerfEvents.Purpose purpose) {
        boolean callChain = request.callGraph() == CallGraph.FRAME_POINTER;
        List<PerfEventAttr> attrs = new ArrayList<>();
        PerfEventAttr cpuClock = PerfEventAttr.cpuClock(request.frequencyHz(), callChain, request.kernel(), perThread,
                enableOnExec);
        attrs.add(unwinds(request) ? cpuClock.withUserStack(architecture.userRegisterMask(),
                settings.sampleUserStackBytes()) : cpuClock);
        attrs.add(PerfEventAttr.sideBand(request.kernel(), perThread, enableOnExec, true, plan.switchRecords()));
        if (plan.source() == SwitchPlan.Source.TRACEPOINTS) {
            attrs.add(switchAttr(request, settings, EventKind.SCHED_SWITCH, plan.sched().schedSwitch().id(), perThread,
                    enableOnExec));
            attrs.add(switchAttr(request, settings, EventKind.SCHED_WAKING, plan.sched().schedWaking().id(), perThread,
                    enableOnExec));
        }
        return new PerfEvents(libc, architecture, attrs, settings.ringBufferPages(plan.source()), purpose);
    }

    /** A scheduler tracepoint, with user registers and stack when they are unwound. */
    private PerfEventAttr switchAttr(RecordingRequest request, RecorderSettings settings, EventKind kind, long id,
            boolean inherit, boolean enableOnExec) {
        PerfEventAttr attr = PerfEventAttr.tracepoint(kind, id, request.callGraph() == CallGraph.FRAME_POINTER,
                request.kernel(), inherit, enableOnExec);
        return unwinds(request) ? attr.withUserStack(architecture.userRegisterMask(), settings.switchUserStackBytes())
                : attr;
    }

    /** Whether this recording copies user registers and stacks for the unwinder (where sizes are not 0). */
    private boolean unwinds(RecordingRequest request) {
        return request.callGraph() == CallGraph.FRAME_POINTER && unwinder != null
                && architecture.userRegisterMask() != 0;
    }

    /** The metadata setting {@value #SETTING_USER_UNWIND}: how this recording's user stacks are walked. */
    private String userUnwindSetting(RecordingRequest request, RecorderSettings settings) {
        if (request.callGraph() != CallGraph.FRAME_POINTER) {
            return "off: no call graphs";
        }
        if (unwinder == null) {
            return "frame pointers only: no unwinder for " + architecture.name();
        }
        if (architecture.userRegisterMask() == 0) {
            return "frame pointers only: the perf support for " + architecture.name() + " names no user registers";
        }
        if (settings.switchUserStackBytes() == 0 && settings.sampleUserStackBytes() == 0) {
            return "frame pointers only: user stack copies are off (" + RecorderSettings.OPTION_SWITCH_USER_STACK_BYTES
                    + " = " + RecorderSettings.OPTION_SAMPLE_USER_STACK_BYTES + " = 0)";
        }
        return "frame pointers + .eh_frame (" + unwinderName + ")";
    }

    private PerfSession session(RecordingRequest request, RecorderSettings settings, SwitchPlan plan,
            PerfEvents events, EventSink sink, long startTime, BooleanSupplier targetEnded, Process launched,
            Consumer<PerfSession> onEnd, Preflight.Result checked) {
        Set<EventKind> userStackKinds = events.attrs().stream().filter(PerfEventAttr::userStack)
                .map(PerfEventAttr::kind).collect(Collectors.toSet());
        UserStackUnwinding unwinding = userStackKinds.isEmpty() ? null
                : new UserStackUnwinding(unwinder, architecture);
        PerfRecordDecoder decoder = new PerfRecordDecoder(events.kindsById(), events.attr().callChain(), plan.sched(),
                userStackKinds, unwinding);
        Consumer<PerfSession> ended = unwinding == null ? onEnd : session -> {
            if (unwinding.failures() > 0) {
                LOG.log(System.Logger.Level.WARNING, "the user stack unwinder failed on " + unwinding.failures()
                        + " of " + (unwinding.failures() + unwinding.unwound()) + " stacks, which kept their "
                        + "frame-pointer frames");
            }
            onEnd.accept(session);
        };
        PerfSession session = new PerfSession(events, decoder, sink, clock, startTime, request.duration(),
                settings.pollInterval(), targetEnded, launched, ended);
        session.watch(watch(session, plan, events, startTime, request.frequencyHz(),
                checked.requestedHz()));
        return session;
    }

    /** The safety valve, kernel log follower, fault injection and usage probe of a recording. */
    private PerfSession.Watch watch(PerfSession session, SwitchPlan plan, PerfEvents events, long startTime,
            int frequencyHz, int requestedHz) {
        SafetyValve valve = new SafetyValve(health, plan.source() != SwitchPlan.Source.OFF, frequencyHz,
                new SafetyValve.Actions() {
                    @Override
                    public boolean lowerFrequency(int hz) {
                        return events.setFrequency(hz);
                    }

                    @Override
                    public void stop() {
                        session.stop();
                    }

                    @Override
                    public void notice(CollectorNotice notice) {
                        LOG.log(System.Logger.Level.WARNING, notice.message());
                        session.report(notice);
                    }
                });
        KernelLogFollower follower = null;
        if (health.followKernelLog()) {
            KernelLogFollower.Opened opened = KernelLogFollower.open(libc, KernelLogFollower.DEV_KMSG,
                    KERNEL_LOG_POLL_NANOS, session::report);
            follower = opened.follower();
            if (follower == null) {
                session.report(new CollectorNotice(startTime, CollectorNotice.Severity.INFO, NOTICE_NO_KERNEL_LOG,
                        opened.problem()));
            }
        }
        FaultInjection fault = health.injectsFault()
                ? new FaultInjection(events, clock, startTime, health, session::report) : null;
        return new PerfSession.Watch(valve, follower, fault, new RecorderUsageProbe(libc.getpagesize()), frequencyHz,
                requestedHz);
    }

    private CaptureMetadata metadata(RecordingRequest request, RecorderSettings settings, SwitchPlan plan,
            boolean perThread, PerfEvents events, int cpuCount, List<String> commandLine, long startTime,
            Preflight.Result checked) {
        Uname uname = Uname.of(libc);
        Instant now = Instant.now();
        long wallClockNanos = ChronoUnit.NANOS.between(Instant.EPOCH, now) - (clock.nanoTime() - startTime);
        Map<String, String> applied = new LinkedHashMap<>();
        applied.put("event", "cpu-clock");
        applied.put("hardware-events", "not used: sampling is driven by the software cpu-clock timer");
        applied.put("frequency", Integer.toString(request.frequencyHz()));
        applied.put("call-graph", request.callGraph() == CallGraph.FRAME_POINTER ? "fp" : "none");
        applied.put("kernel", Boolean.toString(request.kernel()));
        applied.put("ring-buffer-pages", Integer.toString(settings.ringBufferPages(plan.source())));
        applied.put("poll-interval-ms", Long.toString(settings.pollInterval().toMillis()));
        applied.put("build-ids", events.sideBandAttr().buildId() ? "from the kernel (mmap2 build_id)"
                : "not given by this kernel (needs 5.12)");
        applied.put("side-band", "a dummy event (PERF_COUNT_SW_DUMMY) per target and CPU carries mmap, comm, task"
                + (plan.switchRecords() ? " and context-switch" : "") + " records, so they do not stop with sampling");
        plan.describe(perThread, applied);
        applied.put(SETTING_USER_UNWIND, userUnwindSetting(request, settings));
        if (unwinds(request)) {
            applied.put(RecorderSettings.OPTION_SWITCH_USER_STACK_BYTES,
                    Integer.toString(settings.switchUserStackBytes()));
            applied.put(RecorderSettings.OPTION_SAMPLE_USER_STACK_BYTES,
                    Integer.toString(settings.sampleUserStackBytes()));
        }
        applied.putAll(checked.settings());
        applied.put("safety-valve", health.valveAction().name().toLowerCase(Locale.ROOT) + " (stall > "
                + health.valveStall().toMillis() + " ms, or " + health.valveThrottles() + " throttles within 1 s)");
        if (health.injectsFault()) {
            applied.put("fault-injection", "sampling disabled on every CPU for " + health.faultInjectionFor().toMillis()
                    + " ms, " + health.faultInjectionAfter().toMillis() + " ms after the start (a test setting)");
        }
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
