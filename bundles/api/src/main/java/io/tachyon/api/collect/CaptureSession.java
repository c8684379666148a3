package io.tachyon.api.collect;

import java.time.Duration;
import java.util.OptionalInt;

/** A recording in progress. Closing it stops the recording if it still runs and releases everything. */
public interface CaptureSession extends AutoCloseable {

    /** Live figures, safe to call from any thread while recording. */
    RecordingStatus status();

    /** Asks the recording to end; events already read still reach the sink. Returns at once. */
    void stop();

    /**
     * Waits until the recording has ended and every event has been delivered to the sink.
     *
     * @return true if it ended within {@code timeout}
     */
    boolean awaitEnd(Duration timeout) throws InterruptedException;

    /** The launched command's exit status, once it has ended; empty when nothing was launched. */
    OptionalInt targetExitStatus();

    /** Stops (if needed) and waits for the end. */
    @Override
    void close();
}
