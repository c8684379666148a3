package io.tachyon.perf.internal;

import com.sun.jna.Native;
import io.tachyon.api.collect.CaptureSession;
import io.tachyon.api.collect.Collector;
import io.tachyon.api.collect.CollectorException;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.collect.EventSink;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.unwind.UserStackUnwinder;
import io.tachyon.perf.spi.PerfArchitecture;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.Designate;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code linux-perf} collector service: a thin shell that picks up the machine's
 * {@link PerfArchitecture}, the {@link UserStackUnwinder} of that architecture if there is one (chosen by its
 * {@value UserStackUnwinder#ARCHITECTURE_PROPERTY} property; without one, user stacks come from frame pointers
 * only) and configuration and leaves recording to {@link PerfRecorder}. Deactivating
 * it (its bundle stopping) ends every recording in progress cleanly.
 */
@Component(service = Collector.class, configurationPid = LinuxPerfCollector.CONFIGURATION_PID,
        property = "tachyon.collector.id=" + PerfRecorder.COLLECTOR_ID)
@Designate(ocd = PerfCollectorConfig.class)
public final class LinuxPerfCollector implements Collector {

    static final String CONFIGURATION_PID = "io.tachyon.perf";

    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile PerfArchitecture architecture;

    /** Every unwinder service, by the architecture its service property names. */
    private final Map<UserStackUnwinder, String> unwinders = new ConcurrentHashMap<>();
    private final Libc libc;
    private final String libcProblem;
    private final String version;
    private final Set<PerfSession> sessions = ConcurrentHashMap.newKeySet();
    private volatile PerfCollectorConfig config;

    @Activate
    public LinuxPerfCollector(BundleContext context, PerfCollectorConfig config) {
        this.version = context.getBundle().getVersion().toString();
        this.config = config;
        Libc loaded = null;
        String problem = "";
        try {
            loaded = Native.load("c", Libc.class);
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            problem = e.getMessage();
        }
        this.libc = loaded;
        this.libcProblem = problem;
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void addUnwinder(UserStackUnwinder unwinder, Map<String, Object> properties) {
        unwinders.put(unwinder, String.valueOf(properties.get(UserStackUnwinder.ARCHITECTURE_PROPERTY)));
    }

    void removeUnwinder(UserStackUnwinder unwinder) {
        unwinders.remove(unwinder);
    }

    /** The unwinder for {@code current}, or null. A recording keeps the one it started with. */
    private UserStackUnwinder unwinderFor(PerfArchitecture current) {
        return unwinders.entrySet().stream().filter(entry -> entry.getValue().equals(current.name()))
                .map(Map.Entry::getKey).findFirst().orElse(null);
    }

    /** The bundle that serves {@code unwinder}, for the capture's metadata. */
    private static String sourceOf(UserStackUnwinder unwinder) {
        Bundle bundle = FrameworkUtil.getBundle(unwinder.getClass());
        return bundle == null ? unwinder.getClass().getName() : bundle.getSymbolicName();
    }

    @Modified
    void modified(PerfCollectorConfig config) {
        this.config = config;
    }

    @Deactivate
    void deactivate() {
        for (PerfSession session : sessions) {
            session.close();
        }
    }

    @Override
    public CollectorInfo describe() {
        return describe(architecture);
    }

    private CollectorInfo describe(PerfArchitecture current) {
        return Availability.describe(System.getProperty("os.name", ""), libc, libcProblem, current);
    }

    @Override
    public CaptureSession start(RecordingRequest request, EventSink sink) throws CollectorException {
        PerfArchitecture currentArchitecture = architecture;
        CollectorInfo info = describe(currentArchitecture);
        if (!info.available()) {
            throw new CollectorException(info.unavailableReason());
        }
        PerfCollectorConfig currentConfig = config;
        RecorderSettings settings = new RecorderSettings(currentConfig.ringBufferPages(),
                currentConfig.switchRingBufferPages(), Duration.ofMillis(currentConfig.pollIntervalMillis()),
                SwitchSource.of(currentConfig.switchSource()), currentConfig.switchUserStackBytes(),
                currentConfig.sampleUserStackBytes(), version);
        HealthSettings health = new HealthSettings(HealthSettings.ValveAction.of(currentConfig.safetyValveAction()),
                Duration.ofMillis(currentConfig.safetyValveStallMillis()), currentConfig.safetyValveThrottles(),
                currentConfig.followKernelLog(), Duration.ofMillis(currentConfig.faultInjectionAfterMillis()),
                Duration.ofMillis(currentConfig.faultInjectionDisableMillis()));
        UserStackUnwinder unwinder = unwinderFor(currentArchitecture);
        PerfSession session = new PerfRecorder(libc, currentArchitecture, unwinder,
                unwinder == null ? null : sourceOf(unwinder), settings, health).start(request, sink,
                sessions::remove);
        sessions.add(session);
        if (session.status().ended()) {
            // It ended before it was added: its end callback has already run.
            sessions.remove(session);
        }
        return session;
    }
}
