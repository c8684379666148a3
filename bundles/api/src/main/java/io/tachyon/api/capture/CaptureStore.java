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

    /**
     * Writes to {@code clean} (replacing it) every intact part of {@code damaged} — a capture whose recorder
     * was killed, that was cut short or that has damaged parts — as a complete capture with its index.
     *
     * @throws CaptureFormatException when {@code damaged} is not a capture at all, or its metadata is lost
     * @throws UnsupportedOperationException when this store cannot recover captures
     * @since 1.1
     */
    default RecoveryReport recover(Path damaged, Path clean) throws IOException {
        throw new UnsupportedOperationException(getClass().getName() + " cannot recover captures");
    }
}
