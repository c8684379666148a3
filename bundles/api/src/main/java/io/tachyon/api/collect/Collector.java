package io.tachyon.api.collect;

/**
 * Records a target through some kernel or runtime interface. Registered as a service; a viewer finds
 * every collector and lets the user choose by {@link CollectorInfo#id()}.
 */
public interface Collector {

    /** What this collector is, what it can record and whether it can record here. Cheap to call. */
    CollectorInfo describe();

    /**
     * Starts recording and returns at once; events flow into {@code sink} until the target ends or the
     * session is stopped.
     *
     * @throws CollectorException when recording cannot start; its message says what is missing and how
     *                            to fix it
     */
    CaptureSession start(RecordingRequest request, EventSink sink) throws CollectorException;
}
