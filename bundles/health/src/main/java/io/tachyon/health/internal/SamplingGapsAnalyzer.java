package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.util.List;

/** {@value SamplingGaps#ID}: threads that ran without being sampled (see {@link SamplingGaps}). */
@Component(service = CaptureAnalyzer.class, configurationPid = SamplingGapsAnalyzer.PID,
        property = "tachyon.analyzer.id=" + SamplingGaps.ID)
@Designate(ocd = SamplingGapsAnalyzer.Config.class)
public final class SamplingGapsAnalyzer implements CaptureAnalyzer {

    static final String PID = "io.tachyon.health.gaps";

    @ObjectClassDefinition(name = "Tachyon sampling gaps",
            description = "When a running thread's missing samples are worth a finding.")
    public @interface Config {

        @AttributeDefinition(name = "Missed periods", min = "1",
                description = "A thread must run this many sampling intervals without a sample.")
        int minimum_periods() default SamplingGaps.DEFAULT_MINIMUM_PERIODS;

        @AttributeDefinition(name = "Minimum gap (ms)", min = "0",
                description = "... and at least this long, so fast sampling does not turn jitter into findings.")
        int minimum_ms() default (int) (SamplingGaps.DEFAULT_MINIMUM_NANOS / 1_000_000);
    }

    private final SamplingGaps gaps;

    @Activate
    public SamplingGapsAnalyzer(Config config) {
        gaps = new SamplingGaps(config.minimum_periods(), config.minimum_ms() * 1_000_000L);
    }

    @Override
    public String id() {
        return SamplingGaps.ID;
    }

    @Override
    public List<Finding> analyze(CaptureModel model) {
        return gaps.analyze(model);
    }
}
