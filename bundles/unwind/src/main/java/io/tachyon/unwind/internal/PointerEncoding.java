package io.tachyon.unwind.internal;

/**
 * The {@code DW_EH_PE_*} pointer encodings of {@code .eh_frame} and {@code .eh_frame_hdr} (LSB "Exception Frames"):
 * the low nibble is the value's format, the high bits say what it is relative to.
 */
final class PointerEncoding {

    static final int OMIT = 0xff;
    static final int ABSPTR = 0x00;
    static final int ULEB128 = 0x01;
    static final int UDATA2 = 0x02;
    static final int UDATA4 = 0x03;
    static final int UDATA8 = 0x04;
    static final int SLEB128 = 0x09;
    static final int SDATA2 = 0x0a;
    static final int SDATA4 = 0x0b;
    static final int SDATA8 = 0x0c;

    static final int PCREL = 0x10;
    static final int TEXTREL = 0x20;
    static final int DATAREL = 0x30;
    static final int FUNCREL = 0x40;
    static final int ALIGNED = 0x50;
    static final int INDIRECT = 0x80;

    private PointerEncoding() {
    }

    /**
     * Reads a pointer in {@code encoding} at the reader's position.
     *
     * @param dataBase the base of {@link #DATAREL} values (the {@code .eh_frame_hdr} start), or 0 where none is
     *                 defined
     * @param funcBase the base of {@link #FUNCREL} values (the FDE's start address), or 0 where none is defined
     * @return the pointer; for {@link #INDIRECT} the address where the pointer is stored, which only matters to
     *         the personality routine this unwinder skips
     */
    static long read(SectionReader reader, int encoding, long dataBase, long funcBase) {
        int start = reader.position();
        if (encoding == OMIT) {
            throw new UnwindFormatException(reader.name(), start, "a pointer, but its encoding is DW_EH_PE_omit");
        }
        int application = encoding & 0x70;
        if (application == ALIGNED) {
            int aligned = (start + 7) & ~7;
            reader.seek(aligned);
        }
        long fieldAddress = reader.address(reader.position());
        long value = readValue(reader, encoding & 0x0f, start);
        return switch (application) {
            case ABSPTR, ALIGNED -> value;
            case PCREL -> fieldAddress + value;
            case DATAREL -> dataBase + value;
            case FUNCREL -> funcBase + value;
            default -> throw new UnwindFormatException(reader.name(), start,
                    "a pointer encoding this unwinder reads (absptr, pcrel, datarel, funcrel, aligned), found 0x"
                            + Integer.toHexString(encoding));
        };
    }

    /** Reads a value in the format (low nibble) of {@code encoding}, without its application. */
    static long readValue(SectionReader reader, int format, int start) {
        return switch (format) {
            case ABSPTR, UDATA8, SDATA8 -> reader.u64();
            case ULEB128 -> reader.uleb128();
            case UDATA2 -> reader.u16();
            case UDATA4 -> reader.u32();
            case SLEB128 -> reader.sleb128();
            case SDATA2 -> (short) reader.u16();
            case SDATA4 -> reader.s32();
            default -> throw new UnwindFormatException(reader.name(), start,
                    "a pointer format (DW_EH_PE_* low nibble 0-4 or 9-c), found 0x" + Integer.toHexString(format));
        };
    }
}
