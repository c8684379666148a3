package io.tachyon.api.capture;

import java.io.IOException;
import java.nio.file.Path;

/** A capture file is damaged or not a capture. The message names the file, the offset and what was expected. */
public class CaptureFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public CaptureFormatException(Path file, long offset, String problem) {
        super(file + " at offset " + offset + ": " + problem);
        this.file = file;
        this.offset = offset;
    }

    public Path file() {
        return file;
    }

    public long offset() {
        return offset;
    }
}
