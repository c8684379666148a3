package io.tachyon.api.capture;

import java.util.List;
import java.util.Objects;

/**
 * What a capture's index says about one chunk of events, so that a reader can pick the chunks of a time
 * window or of some threads without reading the others.
 *
 * @param offset     file offset of the chunk
 * @param bytes      size of the chunk in the file, header included
 * @param times      the earliest and latest event time in the chunk
 * @param events     events in the chunk
 * @param samples    {@code Sample} events among them
 * @param threads    the thread ids the chunk's events are about, ascending (see
 *                   {@link CaptureReader#forEach(TimeRange, java.util.function.IntPredicate, java.util.function.Consumer)})
 * @param allThreads the chunk also holds events that concern every thread (module mappings, lost records,
 *                   throttling) or more threads than the index lists; a read for any thread needs it
 */
public record CaptureChunk(long offset, long bytes, TimeRange times, long events, long samples, List<Integer> threads,
        boolean allThreads) {

    public CaptureChunk {
        Objects.requireNonNull(times, "times");
        threads = List.copyOf(threads);
    }
}
