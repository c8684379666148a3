package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import org.osgi.service.component.annotations.Component;

import java.util.List;

/** {@value HealthEventChecks#ACHIEVED_RATE}: CPUs sampled well below the requested rate (see {@link HealthEventChecks#achievedRate}). */
@Component(service = CaptureAnalyzer.class, property = "tachyon.analyzer.id=" + HealthEventChecks.ACHIEVED_RATE)
public final class AchievedRateAnalyzer implements CaptureAnalyzer {

    @Override
    public String id() {
        return HealthEventChecks.ACHIEVED_RATE;
    }

    @Override
    public List<Finding> analyze(CaptureModel model) {
        return HealthEventChecks.achievedRate(model);
    }
}
