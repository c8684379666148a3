package io.tachyon.symbols.internal.dwarf;

import java.io.IOException;

/** Debug information that does not follow the DWARF format: names the section, the offset and what was expected. */
public final class DwarfFormatException extends IOException {

    private static final long serialVersionUID = 1L;

    public DwarfFormatException(String section, long offset, String expected) {
        super(section + " at offset " + offset + " (0x" + Long.toHexString(offset) + "): expected " + expected);
    }
}
