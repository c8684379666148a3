package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import org.osgi.service.component.annotations.Component;

import java.util.List;

/** {@value LostRecordBursts#ID}: one finding per burst of records the kernel dropped (see {@link LostRecordBursts}). */
@Component(service = CaptureAnalyzer.class, property = "tachyon.analyzer.id=" + LostRecordBursts.ID)
public final class LostRecordsAnalyzer implements CaptureAnalyzer {

    private final LostRecordBursts bursts = new LostRecordBursts();

    @Override
    public String id() {
        return LostRecordBursts.ID;
    }

    @Override
    public List<Finding> analyze(CaptureModel model) {
        return bursts.analyze(model);
    }
}
