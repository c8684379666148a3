package io.tachyon.api.capture;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/** Reads one capture. */
public interface CaptureReader extends AutoCloseable {

    Path file();

    CaptureMetadata metadata();

    /**
     * Streams every event in file order to {@code consumer}.
     *
     * @throws CaptureFormatException at the first damaged part, naming its offset; events before it
     *                                have been delivered
     */
    void forEach(Consumer<? super CaptureEvent> consumer) throws IOException;

    @Override
    void close() throws IOException;
}
