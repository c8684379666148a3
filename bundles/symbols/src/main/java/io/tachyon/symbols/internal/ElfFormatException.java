package io.tachyon.symbols.internal;

import java.io.IOException;
import java.nio.file.Path;

/** A file that is not a well-formed ELF file: names the file, the byte offset and what was expected there. */
public final class ElfFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path file;
    private final long offset;

    public ElfFormatException(Path file, long offset, String expected) {
        super(file + ": at offset " + offset + " (0x" + Long.toHexString(offset) + "): expected " + expected);
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
