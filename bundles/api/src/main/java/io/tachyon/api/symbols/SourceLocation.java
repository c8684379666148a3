package io.tachyon.api.symbols;

import java.util.Objects;

/**
 * A place in a source file.
 *
 * @param file   the path as the debug information gives it, joined with its directory and compilation directory
 *               the way {@code addr2line} prints it (absolute, or relative to where the module was built)
 * @param line   1-based line, 0 when only the file is known
 * @param column 1-based column, 0 when unknown
 */
public record SourceLocation(String file, int line, int column) {

    public SourceLocation {
        Objects.requireNonNull(file, "file");
    }

    @Override
    public String toString() {
        return file + ":" + line;
    }
}
