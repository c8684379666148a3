package io.tachyon.symbols.internal.dwarf;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One compilation unit's line number program (DWARF 2 to 5) run into rows kept in primitive arrays: for each
 * sequence, rows of increasing address; a lookup finds the sequence holding the address, then the last row at or
 * before it (so of several rows at one address the last wins, as binutils keeps it).
 *
 * <p>File names are joined with their directory and the compilation directory the way binutils' addr2line prints
 * them.
 */
final class LineTable {

    private static final int DW_LNS_COPY = 1;
    private static final int DW_LNS_ADVANCE_PC = 2;
    private static final int DW_LNS_ADVANCE_LINE = 3;
    private static final int DW_LNS_SET_FILE = 4;
    private static final int DW_LNS_SET_COLUMN = 5;
    private static final int DW_LNS_NEGATE_STMT = 6;
    private static final int DW_LNS_SET_BASIC_BLOCK = 7;
    private static final int DW_LNS_CONST_ADD_PC = 8;
    private static final int DW_LNS_FIXED_ADVANCE_PC = 9;
    private static final int DW_LNE_END_SEQUENCE = 1;
    private static final int DW_LNE_SET_ADDRESS = 2;
    private static final int DW_LNE_DEFINE_FILE = 3;

    /** Rows allocated up front at most (24 MB of columns); a larger program grows them as it runs. */
    private static final int MAXIMUM_PRESIZED_ROWS = 1 << 20;

    private static final int DW_LNCT_PATH = 1;
    private static final int DW_LNCT_DIRECTORY_INDEX = 2;

    /** A place: the file index in {@link #fileName}'s numbering, line and column. */
    record Row(int file, int line, int column) {
    }

    private final StringReferences fileNames;
    private final List<Integer> fileDirectories;
    private final StringReferences directories;
    private final String compilationDirectory;
    private final boolean fileAndDirectoryZeroUsed;
    private final long[] addresses;
    private final int[] files;
    private final int[] lines;
    private final int[] columns;
    /** Per sequence: its first row and its end address (exclusive); sorted by start address. */
    private final int[] sequenceFirstRow;
    private final int[] sequenceRowEnd;
    private final long[] sequenceStart;
    private final long[] sequenceEnd;
    /**
     * {@link #fileName} by index, joined on first use. Threads may race to fill a slot: each writes the same
     * immutable string, so the race costs a second join at most.
     */
    private final String[] joinedNames;

    private LineTable(StringReferences fileNames, List<Integer> fileDirectories, StringReferences directories,
            String compilationDirectory, boolean fileAndDirectoryZeroUsed, Rows rows) {
        this.fileNames = fileNames;
        this.fileDirectories = fileDirectories;
        this.directories = directories;
        this.compilationDirectory = compilationDirectory;
        this.fileAndDirectoryZeroUsed = fileAndDirectoryZeroUsed;
        this.joinedNames = new String[fileNames.size() + 1];
        // Kept as filled (sized from the program, a tenth or so stays unused) rather than copied to their length.
        this.addresses = rows.addresses;
        this.files = rows.files;
        this.lines = rows.lines;
        this.columns = rows.columns;
        int n = rows.sequenceCount;
        int[] order = io.tachyon.symbols.internal.UnsignedSearch.sortedIndexes(rows.sequenceStarts, n);
        sequenceFirstRow = new int[n];
        sequenceRowEnd = new int[n];
        sequenceStart = new long[n];
        sequenceEnd = new long[n];
        for (int i = 0; i < n; i++) {
            int s = order[i];
            sequenceFirstRow[i] = rows.sequenceFirstRows[s];
            sequenceRowEnd[i] = rows.sequenceRowEnds[s];
            sequenceStart[i] = rows.sequenceStarts[s];
            sequenceEnd[i] = rows.sequenceEnds[s];
        }
    }

    /** The row covering {@code address}, or null when no sequence covers it. */
    Row lookup(long address) {
        int low = 0;
        int high = sequenceStart.length - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(sequenceStart[middle], address) <= 0) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        // Sequences rarely overlap; look back past ones that end before the address.
        for (int s = found; s >= 0 && s > found - 8; s--) {
            if (Long.compareUnsigned(address, sequenceEnd[s]) < 0 && Long.compareUnsigned(address, sequenceStart[s]) >= 0) {
                int row = lastRowAtOrBefore(sequenceFirstRow[s], sequenceRowEnd[s], address);
                if (row >= 0) {
                    return new Row(files[row], lines[row], columns[row]);
                }
            }
        }
        return null;
    }

    /** The address ranges of the sequences, as start/end pairs: what a unit without DW_AT_ranges covers. */
    long[] sequenceRanges() {
        long[] out = new long[sequenceStart.length * 2];
        for (int i = 0; i < sequenceStart.length; i++) {
            out[2 * i] = sequenceStart[i];
            out[2 * i + 1] = sequenceEnd[i];
        }
        return out;
    }

    private int lastRowAtOrBefore(int from, int to, long address) {
        int low = from;
        int high = to - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(addresses[middle], address) <= 0) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found;
    }

    /**
     * The path of file {@code index} as binutils prints it: absolute names as they are; else the compilation
     * directory, the file's directory (when that is relative) and the name, joined with '/'. Null for an index the
     * table does not have.
     */
    String fileName(int index) {
        if (index >= 0 && index < joinedNames.length) {
            String joined = joinedNames[index];
            if (joined == null) {
                joined = joinFileName(index);
                joinedNames[index] = joined;
            }
            return joined;
        }
        return joinFileName(index);
    }

    private String joinFileName(int index) {
        int i = index;
        if (!fileAndDirectoryZeroUsed) {
            if (i == 0) {
                return null;
            }
            i--;
        }
        if (i < 0 || i >= fileNames.size()) {
            return null;
        }
        String name = fileNames.get(i);
        if (name == null || name.startsWith("/")) {
            return name;
        }
        int directory = fileDirectories.get(i);
        if (!fileAndDirectoryZeroUsed) {
            directory--;
        }
        String subdirectory = directory >= 0 && directory < directories.size() ? directories.get(directory) : null;
        String base = null;
        if (subdirectory == null || !subdirectory.startsWith("/")) {
            base = compilationDirectory;
        }
        if (base == null) {
            base = subdirectory;
            subdirectory = null;
        }
        if (base == null) {
            return name;
        }
        return subdirectory != null ? base + "/" + subdirectory + "/" + name : base + "/" + name;
    }

    /**
     * Reads the line program at {@code offset} of .debug_line. {@code compilationDirectory} is the unit's
     * DW_AT_comp_dir (may be null); {@code addressSize} the unit's.
     */
    static LineTable read(DwarfSections sections, long offset, String compilationDirectory, int addressSize)
            throws DwarfFormatException {
        DwarfCursor c = sections.cursor(sections.line(), ".debug_line", offset);
        long unitLength = c.u32("unit_length");
        boolean dwarf64 = false;
        if (unitLength == 0xffff_ffffL) {
            unitLength = c.u64("64-bit unit_length");
            dwarf64 = true;
        } else if (unitLength >= 0xffff_fff0L) {
            throw c.error(offset, "a line table unit_length below 0xfffffff0, found 0x" + Long.toHexString(unitLength));
        }
        long end = c.position() + unitLength;
        if (unitLength < 0 || end > c.limit()) {
            throw c.error(offset, "a line table of " + unitLength + " bytes inside the section");
        }
        int version = c.u16("version");
        if (version < 2 || version > 5) {
            throw c.error(offset, "line table version 2 to 5, found " + version);
        }
        if (version >= 5) {
            addressSize = c.u8("address_size");
            c.u8("segment_selector_size");
        }
        long headerLength = dwarf64 ? c.u64("header_length") : c.u32("header_length");
        long programStart = c.position() + headerLength;
        if (headerLength < 0 || programStart > end) {
            throw c.error(offset, "a line table header inside the table");
        }
        int minimumInstructionLength = c.u8("minimum_instruction_length");
        if (version >= 4) {
            c.u8("maximum_operations_per_instruction");
        }
        c.u8("default_is_stmt");
        int lineBase = (byte) c.u8("line_base");
        int lineRange = c.u8("line_range");
        int opcodeBase = c.u8("opcode_base");
        if (lineRange == 0) {
            throw c.error(c.position() - 2, "a non-zero line_range");
        }
        int[] standardLengths = new int[Math.max(opcodeBase, 1)];
        for (int i = 1; i < opcodeBase; i++) {
            standardLengths[i] = c.u8("standard_opcode_lengths");
        }
        StringReferences directories = new StringReferences(sections);
        StringReferences fileNames = new StringReferences(sections);
        List<Integer> fileDirectories = new ArrayList<>();
        if (version >= 5) {
            readEntries(c, dwarf64, addressSize, directories, null);
            readEntries(c, dwarf64, addressSize, fileNames, fileDirectories);
        } else {
            // Each list ends with an empty string.
            while (c.u8("include_directories entry") != 0) {
                c.seek(c.position() - 1);
                directories.addInline(c, "include_directories entry");
            }
            while (c.u8("file_names entry") != 0) {
                c.seek(c.position() - 1);
                fileNames.addInline(c, "file_names entry");
                fileDirectories.add(c.ulebIndex("file directory index"));
                c.uleb("file modification time");
                c.uleb("file length");
            }
        }
        c.seek(programStart);
        // A row takes a little over two bytes of line program in optimized code (libc: 582k rows in 1.3 MB): sized
        // so, the columns are allocated once instead of doubling from a guess.
        Rows rows = new Rows((int) Math.min((end - programStart) / 2 + 16, MAXIMUM_PRESIZED_ROWS));
        runProgram(c, end, minimumInstructionLength, lineBase, lineRange, opcodeBase, standardLengths, rows,
                fileNames, fileDirectories);
        return new LineTable(fileNames, fileDirectories, directories, compilationDirectory, version >= 5, rows);
    }

    private static void readEntries(DwarfCursor c, boolean dwarf64, int addressSize, StringReferences paths,
            List<Integer> directoryIndexes) throws DwarfFormatException {
        int formatCount = c.u8("entry_format_count");
        int[] contentTypes = new int[formatCount];
        int[] forms = new int[formatCount];
        for (int i = 0; i < formatCount; i++) {
            contentTypes[i] = c.ulebIndex("entry content type");
            forms[i] = c.ulebIndex("entry form");
        }
        int count = c.ulebIndex("entry count");
        if (count > c.limit() - c.position()) {
            throw c.error(c.position(), "no more entries than bytes left, found " + count);
        }
        for (int e = 0; e < count; e++) {
            boolean hasPath = false;
            int directory = 0;
            for (int i = 0; i < formatCount; i++) {
                if (contentTypes[i] == DW_LNCT_PATH && !hasPath) {
                    paths.add(c, forms[i], dwarf64);
                    hasPath = true;
                } else if (contentTypes[i] == DW_LNCT_DIRECTORY_INDEX) {
                    long value = Forms.readConstant(c, forms[i]);
                    directory = value < 0 || value > Integer.MAX_VALUE ? -1 : (int) value;
                } else {
                    Forms.skip(c, forms[i], dwarf64, addressSize, 5);
                }
            }
            if (!hasPath) {
                paths.addEmpty();
            }
            if (directoryIndexes != null) {
                directoryIndexes.add(directory);
            }
        }
    }

    private static void runProgram(DwarfCursor c, long end, int minimumLength, int lineBase, int lineRange,
            int opcodeBase, int[] standardLengths, Rows rows, StringReferences fileNames,
            List<Integer> fileDirectories)
            throws DwarfFormatException {
        long address = 0;
        int file = 1;
        int line = 1;
        int column = 0;
        int sequenceFirstRow = rows.count;
        long sequenceStart = -1;
        while (c.position() < end) {
            int opcode = c.u8("line program opcode");
            if (opcode >= opcodeBase) {
                int adjusted = opcode - opcodeBase;
                address += (long) (adjusted / lineRange) * minimumLength;
                line += lineBase + adjusted % lineRange;
                sequenceStart = sequenceStart == -1 ? address : sequenceStart;
                rows.add(address, file, line, column);
                continue;
            }
            switch (opcode) {
                case 0 -> {
                    long length = c.uleb("extended opcode length");
                    long next = c.position() + length;
                    if (length == 0 || next > end) {
                        throw c.error(c.position(), "an extended opcode inside the line program");
                    }
                    int extended = c.u8("extended opcode");
                    switch (extended) {
                        case DW_LNE_END_SEQUENCE -> {
                            if (sequenceStart != -1 && rows.count > sequenceFirstRow) {
                                rows.endSequence(sequenceFirstRow, address);
                            }
                            address = 0;
                            file = 1;
                            line = 1;
                            column = 0;
                            sequenceFirstRow = rows.count;
                            sequenceStart = -1;
                        }
                        case DW_LNE_SET_ADDRESS -> address = c.unsigned((int) Math.min(length - 1, 8), "DW_LNE_set_address");
                        case DW_LNE_DEFINE_FILE -> {
                            fileNames.addInline(c, "DW_LNE_define_file name");
                            fileDirectories.add(c.ulebIndex("DW_LNE_define_file directory"));
                        }
                        default -> {
                        }
                    }
                    c.seek(next);
                }
                case DW_LNS_COPY -> {
                    sequenceStart = sequenceStart == -1 ? address : sequenceStart;
                    rows.add(address, file, line, column);
                }
                case DW_LNS_ADVANCE_PC -> address += c.uleb("DW_LNS_advance_pc") * minimumLength;
                case DW_LNS_ADVANCE_LINE -> line += (int) c.sleb("DW_LNS_advance_line");
                case DW_LNS_SET_FILE -> file = c.ulebIndex("DW_LNS_set_file");
                case DW_LNS_SET_COLUMN -> column = (int) c.uleb("DW_LNS_set_column");
                case DW_LNS_NEGATE_STMT, DW_LNS_SET_BASIC_BLOCK -> {
                }
                case DW_LNS_CONST_ADD_PC -> address += (long) ((255 - opcodeBase) / lineRange) * minimumLength;
                case DW_LNS_FIXED_ADVANCE_PC -> address += c.u16("DW_LNS_fixed_advance_pc");
                default -> {
                    for (int i = 0; i < standardLengths[opcode]; i++) {
                        c.uleb("standard opcode operand");
                    }
                }
            }
        }
    }

    /** Rows as they are emitted, in growable primitive arrays. */
    private static final class Rows {
        long[] addresses;
        int[] files;
        int[] lines;
        int[] columns;
        int count;
        /** Per sequence, in program order: its first row, the row after its last, its start and end address. */
        int[] sequenceFirstRows = new int[16];
        int[] sequenceRowEnds = new int[16];
        long[] sequenceStarts = new long[16];
        long[] sequenceEnds = new long[16];
        int sequenceCount;

        Rows(int capacity) {
            addresses = new long[capacity];
            files = new int[capacity];
            lines = new int[capacity];
            columns = new int[capacity];
        }

        void add(long address, int file, int line, int column) {
            if (count == addresses.length) {
                int size = Math.max(16, count * 2);
                addresses = Arrays.copyOf(addresses, size);
                files = Arrays.copyOf(files, size);
                lines = Arrays.copyOf(lines, size);
                columns = Arrays.copyOf(columns, size);
            }
            addresses[count] = address;
            files[count] = file;
            lines[count] = line;
            columns[count] = column;
            count++;
        }

        /** Ends the sequence that began at row {@code firstRow}, at {@code endAddress} (exclusive). */
        void endSequence(int firstRow, long endAddress) {
            if (sequenceCount == sequenceStarts.length) {
                int size = sequenceCount * 2;
                sequenceFirstRows = Arrays.copyOf(sequenceFirstRows, size);
                sequenceRowEnds = Arrays.copyOf(sequenceRowEnds, size);
                sequenceStarts = Arrays.copyOf(sequenceStarts, size);
                sequenceEnds = Arrays.copyOf(sequenceEnds, size);
            }
            sequenceFirstRows[sequenceCount] = firstRow;
            sequenceRowEnds[sequenceCount] = count;
            sequenceStarts[sequenceCount] = addresses[firstRow];
            sequenceEnds[sequenceCount] = endAddress;
            sequenceCount++;
        }
    }
}
