package io.tachyon.symbols.internal;

/** One entry of the section header table. Offsets, addresses and sizes are unsigned. */
public record ElfSection(int index, String name, int type, long flags, long address, long offset, long size,
        int link, int info, long addressAlignment, long entrySize) {

    public static final int SHT_SYMTAB = 2;
    public static final int SHT_NOTE = 7;
    public static final int SHT_NOBITS = 8;
    public static final int SHT_DYNSYM = 11;
    public static final int SHT_RELA = 4;
    public static final int SHT_REL = 9;
    public static final long SHF_COMPRESSED = 0x800;

    /** Whether the section occupies bytes in the file (everything but SHT_NOBITS). */
    public boolean hasFileData() {
        return type != SHT_NOBITS;
    }
}
