package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import org.osgi.service.component.annotations.Component;

import java.util.List;

/** {@value HealthEventChecks#KERNEL_MESSAGES}: the kernel log lines kept while recording (see {@link HealthEventChecks#kernelMessages}). */
@Component(service = CaptureAnalyzer.class, property = "tachyon.analyzer.id=" + HealthEventChecks.KERNEL_MESSAGES)
public final class KernelMessagesAnalyzer implements CaptureAnalyzer {

    @Override
    public String id() {
        return HealthEventChecks.KERNEL_MESSAGES;
    }

    @Override
    public List<Finding> analyze(CaptureModel model) {
        return HealthEventChecks.kernelMessages(model);
    }
}
