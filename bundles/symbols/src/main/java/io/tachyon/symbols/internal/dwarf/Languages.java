package io.tachyon.symbols.internal.dwarf;

/** DW_LANG codes, as far as naming functions needs them. */
final class Languages {

    private Languages() {
    }

    /**
     * Whether a function's plain DW_AT_name is already the name it links under: true for languages without
     * mangling (C, assembler, Fortran 77, Cobol, Pascal, PL/I, UPC), false for C++, Rust, D, Ada, Java and languages
     * this does not know, where binutils prefers the symbol table's name when the entry has no linkage name.
     */
    static boolean namesAreLinkageNames(int language) {
        return switch (language) {
            case 0x0001, 0x0002, 0x000c, 0x001d, 0x002c, // C89, C, C99, C11, C17
                    0x0005, 0x0006, 0x0007, 0x0009, 0x000f, 0x0012, // Cobol74/85, Fortran77, Pascal83, PL/I, UPC
                    0x8001 -> true; // MIPS assembler
            default -> false;
        };
    }
}
