package io.tachyon.analysis.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.RecorderUsage;
import io.tachyon.api.event.Throttle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The events about the recording itself that a model keeps as they are, each kind in time order: throttling, kernel
 * log lines, the collector's notices and the recorder's usage. They say how far the capture can be trusted, not
 * what the threads did, so they do not widen the capture's time span.
 */
record HealthRecords(List<Throttle> throttles, List<KernelMessage> kernelMessages, List<CollectorNotice> notices,
        List<RecorderUsage> recorderUsage) {

    static final HealthRecords NONE = new HealthRecords(List.of(), List.of(), List.of(), List.of());

    HealthRecords {
        throttles = List.copyOf(throttles);
        kernelMessages = List.copyOf(kernelMessages);
        notices = List.copyOf(notices);
        recorderUsage = List.copyOf(recorderUsage);
    }

    /** Collects the health events of a stream of events. Not thread-safe. */
    static final class Builder {

        private final List<Throttle> throttles = new ArrayList<>();
        private final List<KernelMessage> kernelMessages = new ArrayList<>();
        private final List<CollectorNotice> notices = new ArrayList<>();
        private final List<RecorderUsage> recorderUsage = new ArrayList<>();

        /** Keeps {@code event} when it is a health event; returns whether it was. */
        boolean accept(CaptureEvent event) {
            if (event instanceof Throttle throttle) {
                throttles.add(throttle);
            } else if (event instanceof KernelMessage message) {
                kernelMessages.add(message);
            } else if (event instanceof CollectorNotice notice) {
                notices.add(notice);
            } else if (event instanceof RecorderUsage usage) {
                recorderUsage.add(usage);
            } else {
                return false;
            }
            return true;
        }

        /** Sorting is stable: events of one time keep the order they came in. */
        HealthRecords build() {
            throttles.sort(Comparator.comparingLong(Throttle::time));
            kernelMessages.sort(Comparator.comparingLong(KernelMessage::time));
            notices.sort(Comparator.comparingLong(CollectorNotice::time));
            recorderUsage.sort(Comparator.comparingLong(RecorderUsage::time));
            return new HealthRecords(throttles, kernelMessages, notices, recorderUsage);
        }
    }
}
