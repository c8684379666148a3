package io.tachyon.api.capture;

import java.io.IOException;
import java.nio.file.Path;

/** Creates capture files and opens them. */
public interface CaptureStore {

    /** File name extension of captures this store writes, with the dot. */
    String EXTENSION = ".tcap";

    /**
     * Starts a capture file, replacing any file at {@code file}. The writer streams to disk while events
     * arrive; it does not hold the capture in memory.
     */
    CaptureWriter create(Path file) throws IOException;

    /**
     * Opens a capture for reading.
     *
     * @throws CaptureFormatException when the file is not a capture this store can read
     */
    CaptureReader open(Path file) throws IOException;
}
