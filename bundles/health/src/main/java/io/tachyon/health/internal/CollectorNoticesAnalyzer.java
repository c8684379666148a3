package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import org.osgi.service.component.annotations.Component;

import java.util.List;

/** {@value HealthEventChecks#COLLECTOR_NOTICES}: the collector's warnings about the recording (see {@link HealthEventChecks#collectorNotices}). */
@Component(service = CaptureAnalyzer.class, property = "tachyon.analyzer.id=" + HealthEventChecks.COLLECTOR_NOTICES)
public final class CollectorNoticesAnalyzer implements CaptureAnalyzer {

    @Override
    public String id() {
        return HealthEventChecks.COLLECTOR_NOTICES;
    }

    @Override
    public List<Finding> analyze(CaptureModel model) {
        return HealthEventChecks.collectorNotices(model);
    }
}
