package io.tachyon.perf.internal;

import io.tachyon.api.collect.EventSink;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Keeps what a collector delivers and checks the sink contract: metadata once, before any event. */
final class CollectingSink implements EventSink {

    private final List<CaptureEvent> events = new ArrayList<>();
    private CaptureMetadata metadata;
    private final List<String> violations = new ArrayList<>();
    private Thread deliveringThread;

    @Override
    public synchronized void metadata(CaptureMetadata metadata) {
        if (this.metadata != null) {
            violations.add("metadata delivered twice");
        }
        if (!events.isEmpty()) {
            violations.add("metadata after " + events.size() + " events");
        }
        this.metadata = metadata;
    }

    @Override
    public synchronized void accept(CaptureEvent event) {
        if (metadata == null) {
            violations.add("event before metadata: " + event);
        }
        deliveringThread = Thread.currentThread();
        events.add(event);
    }

    synchronized CaptureMetadata metadata() {
        return metadata;
    }

    synchronized List<String> violations() {
        return List.copyOf(violations);
    }

    synchronized List<CaptureEvent> events() {
        return List.copyOf(events);
    }

    synchronized Thread deliveringThread() {
        return deliveringThread;
    }

    <T extends CaptureEvent> Stream<T> events(Class<T> type) {
        return events().stream().filter(type::isInstance).map(type::cast);
    }

    Stream<Sample> samplesOf(int pid) {
        return events(Sample.class).filter(sample -> sample.pid() == pid);
    }

    Stream<ModuleMapping> mappingsOf(int pid) {
        return events(ModuleMapping.class).filter(mapping -> mapping.pid() == pid);
    }
}
