package io.tachyon.symbols.internal;

import java.nio.charset.StandardCharsets;

/**
 * A string table section (.strtab, .dynstr) copied once into the heap: names are found by scanning a byte array,
 * which is many times faster than reading a mapped buffer byte by byte while the JIT is still cold.
 */
final class ElfStringTable {

    private final ElfRegion region;
    private final byte[] bytes;

    ElfStringTable(ElfRegion region) throws ElfFormatException {
        this.region = region;
        this.bytes = region.bytes(0, (int) region.length(), "string table");
    }

    /** The NUL-terminated UTF-8 string at {@code offset}; the terminator must lie inside the table. */
    String string(long offset, String field) throws ElfFormatException {
        if (offset < 0 || offset >= bytes.length) {
            return region.cString(offset, field);
        }
        int start = (int) offset;
        int end = start;
        while (end < bytes.length && bytes[end] != 0) {
            end++;
        }
        if (end == bytes.length) {
            return region.cString(offset, field);
        }
        return new String(bytes, start, end - start, StandardCharsets.UTF_8);
    }
}
