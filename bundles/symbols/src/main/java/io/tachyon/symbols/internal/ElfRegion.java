package io.tachyon.symbols.internal;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * A bounds-checked view of a byte range of an ELF file. Every read names the file offset and the field it wanted
 * when it would run past the end of the range, so a corrupt file gives an {@link ElfFormatException}, never an
 * IndexOutOfBoundsException.
 */
final class ElfRegion {

    private final Path file;
    private final long fileOffset;
    private final ByteBuffer bytes;
    private final String what;

    /** {@code bytes} must already carry the file's byte order. */
    ElfRegion(Path file, long fileOffset, ByteBuffer bytes, String what) {
        this.file = file;
        this.fileOffset = fileOffset;
        this.bytes = bytes;
        this.what = what;
    }

    Path file() {
        return file;
    }

    long length() {
        return bytes.capacity();
    }

    /** The region's bytes, read-only, in the file's byte order. */
    ByteBuffer buffer() {
        return bytes.asReadOnlyBuffer().order(bytes.order());
    }

    long fileOffset() {
        return fileOffset;
    }

    int u8(long position, String field) throws ElfFormatException {
        return bytes.get(check(position, 1, field)) & 0xff;
    }

    int u16(long position, String field) throws ElfFormatException {
        return bytes.getShort(check(position, 2, field)) & 0xffff;
    }

    /** An unsigned 32-bit field, widened to long. */
    long u32(long position, String field) throws ElfFormatException {
        return bytes.getInt(check(position, 4, field)) & 0xffff_ffffL;
    }

    /** An unsigned 64-bit field; compare with the Long.*Unsigned methods. */
    long u64(long position, String field) throws ElfFormatException {
        return bytes.getLong(check(position, 8, field));
    }

    /** An address-sized field: 8 bytes in ELF64, 4 in ELF32. */
    long word(long position, boolean is64, String field) throws ElfFormatException {
        return is64 ? u64(position, field) : u32(position, field);
    }

    /** A 32-bit count or index that is used to size or index things, so it must fit an int. */
    int u32AsIndex(long position, String field) throws ElfFormatException {
        long value = u32(position, field);
        if (value > Integer.MAX_VALUE) {
            throw new ElfFormatException(file, fileOffset + position, field + " below 2^31, found " + value);
        }
        return (int) value;
    }

    byte[] bytes(long position, int count, String field) throws ElfFormatException {
        byte[] out = new byte[count];
        bytes.get(check(position, count, field), out);
        return out;
    }

    /** The NUL-terminated UTF-8 string at {@code position}; the terminator must lie inside the region. */
    String cString(long position, String field) throws ElfFormatException {
        int start = check(position, 1, field);
        int end = start;
        int limit = bytes.capacity();
        while (end < limit && bytes.get(end) != 0) {
            end++;
        }
        if (end == limit) {
            throw new ElfFormatException(file, fileOffset + position,
                    "a NUL-terminated " + field + " inside " + what + ", but it runs to the end of " + what);
        }
        byte[] raw = new byte[end - start];
        bytes.get(start, raw);
        return new String(raw, StandardCharsets.UTF_8);
    }

    private int check(long position, int size, String field) throws ElfFormatException {
        if (position < 0 || position > bytes.capacity() - size) {
            throw new ElfFormatException(file, fileOffset + position,
                    size + " bytes of " + field + " inside " + what + " (" + bytes.capacity() + " bytes at file offset "
                            + fileOffset + ")");
        }
        return (int) position;
    }
}
