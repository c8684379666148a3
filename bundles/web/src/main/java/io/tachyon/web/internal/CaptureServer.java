package io.tachyon.web.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModelFactory;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The captures {@code tachyon:view} serves, with their models opened once and prepared (see {@link Preparation})
 * before the URL is given, and the findings of every {@link CaptureAnalyzer} service on them. The list lives in the
 * bundle's data area, so a restarted web bundle serves the same captures (prepared again in the background); the
 * models are let go when the component stops.
 */
@Component(service = CaptureServer.class)
public final class CaptureServer {

    static final String MEMORY_FILE = "served-captures.txt";

    private final ServedCaptures captures;
    /** Analyzers come and go with their bundles; findings are asked of those present. */
    private final List<Findings.Analyzer> analyzers = new CopyOnWriteArrayList<>();
    private final ExecutorService executor;
    private final Findings findings;
    private final ViewerApi api;
    private final Preparation preparation;

    @Activate
    public CaptureServer(@Reference(name = "models") CaptureModelFactory models, BundleContext context)
            throws IOException {
        this.executor = Executors.newFixedThreadPool(Math.max(2, Runtime.getRuntime().availableProcessors()),
                daemonThreads());
        this.findings = new Findings(() -> List.copyOf(analyzers), executor);
        this.captures = new ServedCaptures(models, context.getDataFile(MEMORY_FILE).toPath());
        this.api = new ViewerApi(captures, findings);
        this.preparation = new Preparation(api, findings, executor);
        captures.list().forEach(preparation::start);
    }

    @Reference(name = "analyzer", cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC,
            unbind = "removeAnalyzer")
    void addAnalyzer(CaptureAnalyzer analyzer, Map<String, Object> properties) {
        analyzers.add(new Findings.Analyzer(serviceId(properties), analyzer));
    }

    void removeAnalyzer(CaptureAnalyzer analyzer, Map<String, Object> properties) {
        long serviceId = serviceId(properties);
        analyzers.removeIf(known -> known.serviceId() == serviceId);
        findings.forget(serviceId);
    }

    @Deactivate
    void deactivate() {
        executor.shutdownNow();
        captures.close();
    }

    /** Serves {@code files} from now on, once their models are open and prepared. */
    List<ServedCaptures.ServedCapture> serve(List<Path> files) throws IOException, InterruptedException {
        List<ServedCaptures.ServedCapture> served = captures.serve(files);
        findings.retain(served.stream().flatMap(capture -> capture.openModel().stream()).toList());
        preparation.await(served.stream().map(preparation::start).toList());
        return served;
    }

    ViewerApi api() {
        return api;
    }

    private static long serviceId(Map<String, Object> properties) {
        return ((Number) properties.get(Constants.SERVICE_ID)).longValue();
    }

    private static ThreadFactory daemonThreads() {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, "tachyon-viewer-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
