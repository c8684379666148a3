package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.event.CaptureMetadata;

/**
 * How often a capture sampled a running thread: from its "frequency" setting, halved for each time the collector's
 * safety valve lowered the rate (so what it lowered on purpose is not taken for missing samples), else its samples'
 * median period.
 */
final class SamplingInterval {

    static final String FREQUENCY_SETTING = "frequency";
    /** The code of the collector notice that says the safety valve halved the sampling rate. */
    static final String RATE_LOWERED_NOTICE = "safety-valve-lowered";

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
                    long lowered = model.notices().stream()
                            .filter(notice -> notice.code().equals(RATE_LOWERED_NOTICE)).count();
                    return (1_000_000_000L / hertz) << Math.min(lowered, 20);
                }
            } catch (NumberFormatException e) {
                // A setting we cannot read (a period-based event, say): the samples still tell the interval.
            }
        }
        return samples.medianPeriod();
    }
}
