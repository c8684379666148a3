package io.tachyon.symbols.internal.dwarf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The DWARF sections of one file, uncompressed, in the file's byte order; a section the file lacks is an empty
 * buffer. {@code description} names the file in error messages.
 */
public record DwarfSections(String description, ByteOrder byteOrder, ByteBuffer info, ByteBuffer abbrev,
        ByteBuffer line, ByteBuffer str, ByteBuffer lineStr, ByteBuffer ranges, ByteBuffer rnglists,
        ByteBuffer addr, ByteBuffer strOffsets) {

    /** The section names, in the order of the record's buffers after {@code byteOrder}. */
    public static final String[] NAMES = {".debug_info", ".debug_abbrev", ".debug_line", ".debug_str",
            ".debug_line_str", ".debug_ranges", ".debug_rnglists", ".debug_addr", ".debug_str_offsets"};

    public static ByteBuffer empty(ByteOrder order) {
        return ByteBuffer.allocate(0).order(order);
    }

    public boolean hasLines() {
        return line.limit() > 0;
    }

    DwarfCursor cursor(ByteBuffer section, String name, long position) throws DwarfFormatException {
        return new DwarfCursor(section, description + " " + name, position);
    }
}
