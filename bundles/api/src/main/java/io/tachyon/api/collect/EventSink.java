package io.tachyon.api.collect;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

/**
 * Where a collector pushes what it records. A collector calls {@link #metadata} once, before any event,
 * then {@link #accept} for each event, from one thread at a time. Events of one CPU arrive in time order;
 * events of different CPUs may interleave out of order.
 */
public interface EventSink {

    void metadata(CaptureMetadata metadata);

    void accept(CaptureEvent event);
}
