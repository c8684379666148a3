package io.tachyon.symbols.internal.dwarf;

/** DWARF attribute forms (DWARF 2 to 5 and the GNU extensions): their codes, sizes and how to read them. */
final class Forms {

    static final int ADDR = 0x01;
    static final int BLOCK2 = 0x03;
    static final int BLOCK4 = 0x04;
    static final int DATA2 = 0x05;
    static final int DATA4 = 0x06;
    static final int DATA8 = 0x07;
    static final int STRING = 0x08;
    static final int BLOCK = 0x09;
    static final int BLOCK1 = 0x0a;
    static final int DATA1 = 0x0b;
    static final int FLAG = 0x0c;
    static final int SDATA = 0x0d;
    static final int STRP = 0x0e;
    static final int UDATA = 0x0f;
    static final int REF_ADDR = 0x10;
    static final int REF1 = 0x11;
    static final int REF2 = 0x12;
    static final int REF4 = 0x13;
    static final int REF8 = 0x14;
    static final int REF_UDATA = 0x15;
    static final int INDIRECT = 0x16;
    static final int SEC_OFFSET = 0x17;
    static final int EXPRLOC = 0x18;
    static final int FLAG_PRESENT = 0x19;
    static final int STRX = 0x1a;
    static final int ADDRX = 0x1b;
    static final int REF_SUP4 = 0x1c;
    static final int STRP_SUP = 0x1d;
    static final int DATA16 = 0x1e;
    static final int LINE_STRP = 0x1f;
    static final int REF_SIG8 = 0x20;
    static final int IMPLICIT_CONST = 0x21;
    static final int LOCLISTX = 0x22;
    static final int RNGLISTX = 0x23;
    static final int REF_SUP8 = 0x24;
    static final int STRX1 = 0x25;
    static final int STRX2 = 0x26;
    static final int STRX3 = 0x27;
    static final int STRX4 = 0x28;
    static final int ADDRX1 = 0x29;
    static final int ADDRX2 = 0x2a;
    static final int ADDRX3 = 0x2b;
    static final int ADDRX4 = 0x2c;
    static final int GNU_ADDR_INDEX = 0x1f01;
    static final int GNU_STR_INDEX = 0x1f02;
    static final int GNU_REF_ALT = 0x1f20;
    static final int GNU_STRP_ALT = 0x1f21;

    private Forms() {
    }

    static boolean isStringIndex(int form) {
        return form == STRX || form == STRX1 || form == STRX2 || form == STRX3 || form == STRX4
                || form == GNU_STR_INDEX;
    }

    static boolean isAddressIndex(int form) {
        return form == ADDRX || form == ADDRX1 || form == ADDRX2 || form == ADDRX3 || form == ADDRX4
                || form == GNU_ADDR_INDEX;
    }

    static boolean isUnitReference(int form) {
        return form == REF1 || form == REF2 || form == REF4 || form == REF8 || form == REF_UDATA;
    }

    /** A constant (data, udata, sdata) as a long. */
    static long readConstant(DwarfCursor c, int form) throws DwarfFormatException {
        return switch (form) {
            case DATA1 -> c.u8("data1");
            case DATA2 -> c.u16("data2");
            case DATA4 -> c.u32("data4");
            case DATA8 -> c.u64("data8");
            case UDATA -> c.uleb("udata");
            case SDATA -> c.sleb("sdata");
            default -> throw c.error(c.position(), "a constant form, found form 0x" + Integer.toHexString(form));
        };
    }

    static long offset(DwarfCursor c, boolean dwarf64) throws DwarfFormatException {
        return dwarf64 ? c.u64("64-bit offset") : c.u32("offset");
    }

    /** The size of a value of {@code form} when it is fixed by the form and the unit, else -1. */
    static int fixedSize(int form, boolean dwarf64, int addressSize, int version) {
        return switch (form) {
            case ADDR -> addressSize;
            case DATA1, REF1, FLAG, STRX1, ADDRX1 -> 1;
            case DATA2, REF2, STRX2, ADDRX2 -> 2;
            case STRX3, ADDRX3 -> 3;
            case DATA4, REF4, REF_SUP4, STRX4, ADDRX4 -> 4;
            case DATA8, REF8, REF_SIG8, REF_SUP8 -> 8;
            case DATA16 -> 16;
            case STRP, LINE_STRP, SEC_OFFSET, STRP_SUP, GNU_REF_ALT, GNU_STRP_ALT -> dwarf64 ? 8 : 4;
            case REF_ADDR -> version <= 2 ? addressSize : dwarf64 ? 8 : 4;
            case FLAG_PRESENT, IMPLICIT_CONST -> 0;
            default -> -1;
        };
    }

    /** Reads past a value of {@code form}. */
    static void skip(DwarfCursor c, int form, boolean dwarf64, int addressSize, int version)
            throws DwarfFormatException {
        switch (form) {
            case ADDR -> c.skip(addressSize);
            case DATA1, REF1, FLAG, STRX1, ADDRX1 -> c.skip(1);
            case DATA2, REF2, STRX2, ADDRX2 -> c.skip(2);
            case STRX3, ADDRX3 -> c.skip(3);
            case DATA4, REF4, REF_SUP4, STRX4, ADDRX4 -> c.skip(4);
            case DATA8, REF8, REF_SIG8, REF_SUP8 -> c.skip(8);
            case DATA16 -> c.skip(16);
            case STRING -> c.skipCString("string");
            case BLOCK1 -> c.skip(c.u8("block1 length"));
            case BLOCK2 -> c.skip(c.u16("block2 length"));
            case BLOCK4 -> c.skip(c.u32("block4 length"));
            case BLOCK, EXPRLOC -> c.skip(c.ulebIndex("block length"));
            case SDATA -> c.sleb("sdata");
            case UDATA, REF_UDATA, STRX, ADDRX, LOCLISTX, RNGLISTX, GNU_ADDR_INDEX, GNU_STR_INDEX -> c.uleb("uleb");
            case STRP, LINE_STRP, SEC_OFFSET, STRP_SUP, GNU_REF_ALT, GNU_STRP_ALT -> c.skip(dwarf64 ? 8 : 4);
            case REF_ADDR -> c.skip(version <= 2 ? addressSize : dwarf64 ? 8 : 4);
            case FLAG_PRESENT, IMPLICIT_CONST -> {
            }
            case INDIRECT -> skip(c, c.ulebIndex("indirect form"), dwarf64, addressSize, version);
            default -> throw c.error(c.position(), "a known attribute form, found 0x" + Integer.toHexString(form));
        }
    }
}
