package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.event.CaptureMetadata;

/** How often a capture sampled a running thread: from its "frequency" setting, else its samples' median period. */
final class SamplingInterval {

    static final String FREQUENCY_SETTING = "frequency";

    private SamplingInterval() {
    }

    /** The nanoseconds between two samples of a running thread; 0 when the capture cannot tell. */
    static long nanos(CaptureModel model, SampleColumns samples) {
        CaptureMetadata metadata = model.metadata();
        String frequency = metadata == null ? null : metadata.settings().get(FREQUENCY_SETTING);
        if (frequency != null) {
            try {
                long hertz = Long.parseLong(frequency.trim());
                if (hertz > 0) {
                    return 1_000_000_000L / hertz;
                }
            } catch (NumberFormatException e) {
                // A setting we cannot read (a period-based event, say): the samples still tell the interval.
            }
        }
        return samples.medianPeriod();
    }
}
