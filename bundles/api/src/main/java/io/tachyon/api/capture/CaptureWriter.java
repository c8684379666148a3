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

    /**
     * Embeds the symbols of one module in the capture, after the events accepted so far, so that the capture
     * can be opened where the module is not. May be called any number of times before {@link #close()}.
     *
     * @throws UnsupportedOperationException when this writer cannot embed symbols
     * @since 1.1
     */
    default void embedSymbols(EmbeddedSymbols symbols) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " cannot embed symbols");
    }

    @Override
    void close() throws IOException;
}
