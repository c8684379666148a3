package io.tachyon.unwind.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A bounds-checked cursor over the bytes of one section (or a part of one), little endian. Every read checks the
 * section's end and throws {@link UnwindFormatException} naming the section and offset instead of reading past it.
 * Offsets are relative to the section's start; {@link #address} adds the section's virtual address, which the
 * pc-relative pointer encodings need.
 */
final class SectionReader {

    private final String name;
    private final ByteBuffer bytes;
    private final long sectionAddress;
    private int position;

    /**
     * @param name           for error messages, e.g. {@code /usr/lib/libc.so.6 .eh_frame}
     * @param bytes          the section, from index 0 to its limit
     * @param sectionAddress the virtual address of byte 0 in the ELF file's address space
     */
    SectionReader(String name, ByteBuffer bytes, long sectionAddress) {
        this.name = name;
        this.bytes = bytes.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        this.sectionAddress = sectionAddress;
    }

    String name() {
        return name;
    }

    int size() {
        return bytes.limit();
    }

    int position() {
        return position;
    }

    void seek(int offset) {
        if (offset < 0 || offset > bytes.limit()) {
            throw new UnwindFormatException(name, Integer.toUnsignedLong(offset),
                    "an offset within the " + bytes.limit() + "-byte section");
        }
        position = offset;
    }

    /** The virtual address of the byte at {@code offset}. */
    long address(int offset) {
        return sectionAddress + offset;
    }

    long sectionAddress() {
        return sectionAddress;
    }

    int u8() {
        require(1, "a byte");
        return Byte.toUnsignedInt(bytes.get(position++));
    }

    int u16() {
        require(2, "a 2-byte value");
        int value = Short.toUnsignedInt(bytes.getShort(position));
        position += 2;
        return value;
    }

    long u32() {
        require(4, "a 4-byte value");
        long value = Integer.toUnsignedLong(bytes.getInt(position));
        position += 4;
        return value;
    }

    short s16() {
        return (short) u16();
    }

    int s32() {
        require(4, "a 4-byte value");
        int value = bytes.getInt(position);
        position += 4;
        return value;
    }

    long u64() {
        require(8, "an 8-byte value");
        long value = bytes.getLong(position);
        position += 8;
        return value;
    }

    long uleb128() {
        long result = 0;
        int shift = 0;
        int start = position;
        while (true) {
            int b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if ((b & 0x80) == 0) {
                return result;
            }
            if (shift > 70) {
                throw new UnwindFormatException(name, start, "a ULEB128 of at most 10 bytes");
            }
        }
    }

    long sleb128() {
        long result = 0;
        int shift = 0;
        int start = position;
        int b;
        do {
            b = u8();
            if (shift < 64) {
                result |= (long) (b & 0x7f) << shift;
            }
            shift += 7;
            if (shift > 70) {
                throw new UnwindFormatException(name, start, "a SLEB128 of at most 10 bytes");
            }
        } while ((b & 0x80) != 0);
        if (shift < 64 && (b & 0x40) != 0) {
            result |= -1L << shift;
        }
        return result;
    }

    /** A ULEB128 that must fit an int, such as a length or a register number. */
    int ulebInt(String what) {
        int start = position;
        long value = uleb128();
        if (value < 0 || value > Integer.MAX_VALUE) {
            throw new UnwindFormatException(name, start, what + " below 2^31, found " + Long.toUnsignedString(value));
        }
        return (int) value;
    }

    /** A NUL-terminated ASCII string. */
    String cString() {
        StringBuilder text = new StringBuilder();
        int start = position;
        for (int b = u8(); b != 0; b = u8()) {
            if (text.length() > 64) {
                throw new UnwindFormatException(name, start, "a NUL-terminated string of at most 64 bytes");
            }
            text.append((char) b);
        }
        return text.toString();
    }

    void skip(long count) {
        if (count < 0 || count > bytes.limit() - position) {
            throw new UnwindFormatException(name, position, Long.toUnsignedString(count) + " more bytes, but "
                    + (bytes.limit() - position) + " are left in the " + bytes.limit() + "-byte section");
        }
        position += (int) count;
    }

    private void require(int count, String what) {
        if (bytes.limit() - position < count) {
            throw new UnwindFormatException(name, position, what + ", but the " + bytes.limit()
                    + "-byte section ends there");
        }
    }
}
