package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import org.osgi.service.component.annotations.Component;

import java.util.List;

/** {@value HealthEventChecks#THROTTLING}: stretches in which the kernel throttled a CPU's sampling (see {@link HealthEventChecks#throttling}). */
@Component(service = CaptureAnalyzer.class, property = "tachyon.analyzer.id=" + HealthEventChecks.THROTTLING)
public final class ThrottlingAnalyzer implements CaptureAnalyzer {

    @Override
    public String id() {
        return HealthEventChecks.THROTTLING;
    }

    @Override
    public List<Finding> analyze(CaptureModel model) {
        return HealthEventChecks.throttling(model);
    }
}
