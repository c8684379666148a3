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

/** {@value SystemStalls#ID}: every CPU stopped sampling at once while threads ran (see {@link SystemStalls}). */
@Component(service = CaptureAnalyzer.class, configurationPid = SystemStallAnalyzer.PID,
        property = "tachyon.analyzer.id=" + SystemStalls.ID)
@Designate(ocd = SystemStallAnalyzer.Config.class)
public final class SystemStallAnalyzer implements CaptureAnalyzer {

    static final String PID = "io.tachyon.health.stall";

    @ObjectClassDefinition(name = "Tachyon system stalls",
            description = "When a silence of every CPU's sampling is a stall.")
    public @interface Config {

        @AttributeDefinition(name = "Threshold (ms)", min = "1",
                description = "Every CPU must be silent longer than this while threads run.")
        int threshold_ms() default (int) (SystemStalls.DEFAULT_THRESHOLD_NANOS / 1_000_000);
    }

    private final SystemStalls stalls;

    @Activate
    public SystemStallAnalyzer(Config config) {
        stalls = new SystemStalls(config.threshold_ms() * 1_000_000L);
    }

    @Override
    public String id() {
        return SystemStalls.ID;
    }

    @Override
    public List<Finding> analyze(CaptureModel model) {
        return stalls.analyze(model);
    }
}
