package io.tachyon.symbols.internal.dwarf;

import java.util.Arrays;

/**
 * Strings of a line table header (directories, file names), kept as where they are and read when first asked for: a
 * C++ unit names hundreds of headers, few of which a profile's addresses ever reach, and libc's debug file alone
 * lists some 100,000 of them, each a string kept alive for the garbage collector to copy.
 */
final class StringReferences {

    private static final int LINE = 0;
    private static final int LINE_STR = 1;
    private static final int STR = 2;
    private static final int EMPTY = 3;
    private static final int SECTION_SHIFT = 60;
    private static final long OFFSET_MASK = (1L << SECTION_SHIFT) - 1;

    private final DwarfSections sections;
    private long[] references = new long[16];
    private int count;

    StringReferences(DwarfSections sections) {
        this.sections = sections;
    }

    int size() {
        return count;
    }

    /** Moves past the NUL-terminated string at the cursor (in .debug_line) and keeps where it is. */
    void addInline(DwarfCursor c, String what) throws DwarfFormatException {
        long position = c.position();
        c.skipCString(what);
        add(LINE, position);
    }

    /** Reads a string of {@code form} at the cursor (inline, or an offset into .debug_line_str or .debug_str). */
    void add(DwarfCursor c, int form, boolean dwarf64) throws DwarfFormatException {
        switch (form) {
            case Forms.STRING -> addInline(c, "string");
            case Forms.LINE_STRP -> add(LINE_STR, checked(c, Forms.offset(c, dwarf64), sections.lineStr(),
                    ".debug_line_str"));
            case Forms.STRP -> add(STR, checked(c, Forms.offset(c, dwarf64), sections.str(), ".debug_str"));
            default -> throw c.error(c.position(), "a string form, found form 0x" + Integer.toHexString(form));
        }
    }

    /** An entry without a string: it reads as "". */
    void addEmpty() {
        add(EMPTY, 0);
    }

    /** String {@code index}, or null when it cannot be read (its terminator is missing). */
    String get(int index) {
        long reference = references[index];
        int section = (int) (reference >>> SECTION_SHIFT);
        long offset = reference & OFFSET_MASK;
        try {
            return switch (section) {
                case LINE -> sections.cursor(sections.line(), ".debug_line", 0).stringAt(offset, "file name");
                case LINE_STR -> sections.cursor(sections.lineStr(), ".debug_line_str", 0).stringAt(offset,
                        "line string");
                case EMPTY -> "";
                default -> sections.cursor(sections.str(), ".debug_str", 0).stringAt(offset, "string");
            };
        } catch (DwarfFormatException e) {
            return null;
        }
    }

    private static long checked(DwarfCursor c, long offset, java.nio.ByteBuffer section, String name)
            throws DwarfFormatException {
        if (offset < 0 || offset >= section.limit()) {
            throw c.error(c.position(), "an offset inside " + name + " (" + section.limit() + " bytes), found "
                    + offset);
        }
        return offset;
    }

    private void add(int section, long offset) {
        if (count == references.length) {
            references = Arrays.copyOf(references, count * 2);
        }
        references[count++] = (long) section << SECTION_SHIFT | offset;
    }
}
