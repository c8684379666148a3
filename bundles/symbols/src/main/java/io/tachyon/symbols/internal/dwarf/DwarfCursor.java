package io.tachyon.symbols.internal.dwarf;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked reading position in one DWARF section. Every read past the section's end, and every value out
 * of range, gives a {@link DwarfFormatException} naming the section and offset, never an unchecked exception.
 */
final class DwarfCursor {

    private final ByteBuffer bytes;
    private final String section;
    private int position;

    DwarfCursor(ByteBuffer bytes, String section, long position) throws DwarfFormatException {
        this.bytes = bytes;
        this.section = section;
        seek(position);
    }

    String section() {
        return section;
    }

    int position() {
        return position;
    }

    int limit() {
        return bytes.limit();
    }

    boolean atEnd() {
        return position >= bytes.limit();
    }

    void seek(long to) throws DwarfFormatException {
        if (to < 0 || to > bytes.limit()) {
            throw error(to, "a position inside the section's " + bytes.limit() + " bytes");
        }
        position = (int) to;
    }

    void skip(long count) throws DwarfFormatException {
        seek(position + count);
    }

    DwarfFormatException error(long at, String expected) {
        return new DwarfFormatException(section, at, expected);
    }

    private int need(int size, String what) throws DwarfFormatException {
        if (position > bytes.limit() - size) {
            throw error(position, size + " bytes of " + what + " before the end of the section");
        }
        int at = position;
        position += size;
        return at;
    }

    int u8(String what) throws DwarfFormatException {
        return bytes.get(need(1, what)) & 0xff;
    }

    int u16(String what) throws DwarfFormatException {
        return bytes.getShort(need(2, what)) & 0xffff;
    }

    int u24(String what) throws DwarfFormatException {
        int at = need(3, what);
        int b0 = bytes.get(at) & 0xff;
        int b1 = bytes.get(at + 1) & 0xff;
        int b2 = bytes.get(at + 2) & 0xff;
        return bytes.order() == java.nio.ByteOrder.LITTLE_ENDIAN ? b0 | b1 << 8 | b2 << 16 : b2 | b1 << 8 | b0 << 16;
    }

    long u32(String what) throws DwarfFormatException {
        return bytes.getInt(need(4, what)) & 0xffff_ffffL;
    }

    long u64(String what) throws DwarfFormatException {
        return bytes.getLong(need(8, what));
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

    String cString(String what) throws DwarfFormatException {
        int start = position;
        int end = start;
        int limit = bytes.limit();
        while (end < limit && bytes.get(end) != 0) {
            end++;
        }
        if (end >= limit) {
            throw error(start, "a NUL-terminated " + what + " before the end of the section");
        }
        byte[] raw = new byte[end - start];
        bytes.get(start, raw);
        position = end + 1;
        return new String(raw, StandardCharsets.UTF_8);
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
