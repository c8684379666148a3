package io.tachyon.web.internal;

import io.tachyon.api.analysis.CaptureModelFactory;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The captures {@code tachyon:view} serves, with their models opened once. The list lives in the bundle's data
 * area, so a restarted web bundle serves the same captures; the models are let go when the component stops.
 */
@Component(service = CaptureServer.class)
public final class CaptureServer {

    static final String MEMORY_FILE = "served-captures.txt";

    private final ServedCaptures captures;

    @Activate
    public CaptureServer(@Reference(name = "models") CaptureModelFactory models, BundleContext context)
            throws IOException {
        this.captures = new ServedCaptures(models, context.getDataFile(MEMORY_FILE).toPath());
    }

    @Deactivate
    void deactivate() {
        captures.close();
    }

    List<ServedCaptures.ServedCapture> serve(List<Path> files) throws IOException {
        return captures.serve(files);
    }

    ServedCaptures captures() {
        return captures;
    }
}
