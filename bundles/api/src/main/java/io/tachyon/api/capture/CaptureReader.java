package io.tachyon.api.capture;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Reads one capture. */
@org.osgi.annotation.versioning.ProviderType
public interface CaptureReader extends AutoCloseable {

    Path file();

    CaptureMetadata metadata();

    /** Whether the writer finished the file; false for a recorder that was killed or a truncated copy. */
    boolean closedCleanly();

    /** What the reader skipped or doubts, for people (parts of a newer format it does not know, ...). */
    List<String> warnings();

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
