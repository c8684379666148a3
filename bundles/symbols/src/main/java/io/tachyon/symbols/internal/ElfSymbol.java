package io.tachyon.symbols.internal;

/**
 * A function symbol of a symbol table (.symtab or .dynsym).
 *
 * @param value        the symbol's value: its ELF virtual address (unsigned)
 * @param size         its size in bytes, 0 when the symbol has none
 * @param binding      STB_* binding
 * @param type         STT_FUNC or STT_GNU_IFUNC
 * @param sectionIndex the index of the section it is defined in (may be an SHN_* reserved index)
 * @param hidden       whether its visibility is STV_HIDDEN (read only where it matters)
 */
public record ElfSymbol(String name, long value, long size, int binding, int type, int sectionIndex, boolean hidden) {

    public static final int STB_GLOBAL = 1;
    public static final int STB_WEAK = 2;
    public static final int STB_GNU_UNIQUE = 10;

    public static final int STT_FUNC = 2;
    public static final int STT_GNU_IFUNC = 10;
}
