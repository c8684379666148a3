package io.tachyon.api.capture;

import io.tachyon.api.collect.EventSink;

import java.io.IOException;

/**
 * Writes one capture as events arrive. It is the {@link EventSink} a collector pushes into. Closing it
 * completes the file; a writer that was never closed (killed process) leaves a file that holds at
 * least everything flushed.
 */
public interface CaptureWriter extends EventSink, AutoCloseable {

    /** Bytes written to the file so far. */
    long bytesWritten();

    /** Writes out everything accepted so far. */
    void flush() throws IOException;

    @Override
    void close() throws IOException;
}
