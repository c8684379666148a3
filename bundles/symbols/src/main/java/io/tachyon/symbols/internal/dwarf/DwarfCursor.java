package io.tachyon.symbols.internal.dwarf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reading position in one DWARF section. Every read past the section's end, and every value out
 * of range, gives a {@link DwarfFormatException} naming the section and offset, never an unchecked exception.
 *
 * <p>Sections in the heap (inflated ones, nearly all) are read straight from their array: the reads are most of the
 * cost of reading a unit, and array reads stay cheap while the JVM is still interpreting or running C1 code, where
 * ByteBuffer accessors are several calls deep.
 */
final class DwarfCursor {

    private final ByteBuffer bytes;
    /** The section's bytes when it is a whole heap array (offset 0), else null and {@link #bytes} is read. */
    private final byte[] array;
    private final int limit;
    private final boolean littleEndian;
    private final String file;
    private final String section;
    private int position;

    DwarfCursor(ByteBuffer bytes, String file, String section, long position) throws DwarfFormatException {
        this.bytes = bytes;
        this.array = bytes.hasArray() && bytes.arrayOffset() == 0 ? bytes.array() : null;
        this.limit = bytes.limit();
        this.littleEndian = bytes.order() == ByteOrder.LITTLE_ENDIAN;
        this.file = file;
        this.section = section;
        seek(position);
    }

    int position() {
        return position;
    }

    int limit() {
        return limit;
    }

    boolean atEnd() {
        return position >= limit;
    }

    void seek(long to) throws DwarfFormatException {
        if (to < 0 || to > limit) {
            throw error(to, "a position inside the section's " + limit + " bytes");
        }
        position = (int) to;
    }

    void skip(long count) throws DwarfFormatException {
        seek(position + count);
    }

    DwarfFormatException error(long at, String expected) {
        return new DwarfFormatException(file + " " + section, at, expected);
    }

    private int need(int size, String what) throws DwarfFormatException {
        if (position > limit - size) {
            throw error(position, size + " bytes of " + what + " before the end of the section");
        }
        int at = position;
        position += size;
        return at;
    }

    private int byteAt(int at) {
        return (array != null ? array[at] : bytes.get(at)) & 0xff;
    }

    int u8(String what) throws DwarfFormatException {
        if (position >= limit) {
            throw error(position, "1 bytes of " + what + " before the end of the section");
        }
        return byteAt(position++);
    }

    int u16(String what) throws DwarfFormatException {
        int at = need(2, what);
        int b0 = byteAt(at);
        int b1 = byteAt(at + 1);
        return littleEndian ? b0 | b1 << 8 : b1 | b0 << 8;
    }

    int u24(String what) throws DwarfFormatException {
        int at = need(3, what);
        int b0 = byteAt(at);
        int b1 = byteAt(at + 1);
        int b2 = byteAt(at + 2);
        return littleEndian ? b0 | b1 << 8 | b2 << 16 : b2 | b1 << 8 | b0 << 16;
    }

    long u32(String what) throws DwarfFormatException {
        int at = need(4, what);
        return int32(at) & 0xffff_ffffL;
    }

    long u64(String what) throws DwarfFormatException {
        int at = need(8, what);
        long first = int32(at) & 0xffff_ffffL;
        long second = int32(at + 4) & 0xffff_ffffL;
        return littleEndian ? first | second << 32 : second | first << 32;
    }

    private int int32(int at) {
        int b0 = byteAt(at);
        int b1 = byteAt(at + 1);
        int b2 = byteAt(at + 2);
        int b3 = byteAt(at + 3);
        return littleEndian ? b0 | b1 << 8 | b2 << 16 | b3 << 24 : b3 | b2 << 8 | b1 << 16 | b0 << 24;
    }

    /** An unsigned value of {@code size} bytes (1, 2, 4 or 8). */
    long unsigned(int size, String what) throws DwarfFormatException {
        return switch (size) {
            case 1 -> u8(what);
            case 2 -> u16(what);
            case 4 -> u32(what);
            case 8 -> u64(what);
            default -> throw error(position, "a field size of 1, 2, 4 or 8 for " + what + ", found " + size);
        };
    }

    long uleb(String what) throws DwarfFormatException {
        if (position < limit) {
            int b = byteAt(position);
            if (b < 0x80) {
                position++;
                return b;
            }
        }
        long result = 0;
        int shift = 0;
        while (true) {
            int b = u8(what);
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
    }

    long sleb(String what) throws DwarfFormatException {
        long result = 0;
        int shift = 0;
        int b;
        do {
            b = u8(what);
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** A uleb that counts or indexes something, so it must fit an int. */
    int ulebIndex(String what) throws DwarfFormatException {
        int at = position;
        long value = uleb(what);
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw error(at, what + " below 2^31, found " + Long.toUnsignedString(value));
        }
        return (int) value;
    }

    /** Moves past a NUL-terminated string. */
    void skipCString(String what) throws DwarfFormatException {
        position = terminator(what) + 1;
    }

    String cString(String what) throws DwarfFormatException {
        int start = position;
        int end = terminator(what);
        position = end + 1;
        if (array != null) {
            return new String(array, start, end - start, StandardCharsets.UTF_8);
        }
        byte[] raw = new byte[end - start];
        bytes.get(start, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    /** The offset of the NUL ending the string at the position. */
    private int terminator(String what) throws DwarfFormatException {
        int end = position;
        if (array != null) {
            while (end < limit && array[end] != 0) {
                end++;
            }
        } else {
            while (end < limit && bytes.get(end) != 0) {
                end++;
            }
        }
        if (end >= limit) {
            throw error(position, "a NUL-terminated " + what + " before the end of the section");
        }
        return end;
    }

    /** The NUL-terminated string at {@code offset} of this section (for .debug_str and .debug_line_str). */
    String stringAt(long offset, String what) throws DwarfFormatException {
        int saved = position;
        seek(offset);
        String s = cString(what);
        position = saved;
        return s;
    }
}
