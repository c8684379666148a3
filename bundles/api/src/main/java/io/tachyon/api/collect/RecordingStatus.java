package io.tachyon.api.collect;

/**
 * Live figures of a recording.
 *
 * @param elapsedNanos time since recording started
 * @param samples      samples delivered so far
 * @param events       all events delivered so far
 * @param lostRecords  records the kernel dropped so far
 * @param ended        whether the recording has ended and all events were delivered
 */
public record RecordingStatus(long elapsedNanos, long samples, long events, long lostRecords, boolean ended) {
}
