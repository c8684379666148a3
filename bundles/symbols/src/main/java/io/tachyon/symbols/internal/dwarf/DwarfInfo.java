package io.tachyon.symbols.internal.dwarf;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The DWARF debug information of one file (DWARF 2 to 5): for an address, the function, its inlined callees and
 * their source lines, the way binutils' {@code addr2line -f -i} finds them.
 *
 * <p>Opening reads only the unit headers and each unit's first entry (its address ranges, line table offset,
 * language). A unit's line table and its tree of functions and inlined calls are read the first time an address in
 * it is asked for, and kept. Names are read when a frame is returned, and kept. Every read is bounds-checked: corrupt
 * data gives a {@link DwarfFormatException}, and a unit that fails once is not read again.
 */
public final class DwarfInfo {

    private static final int TAG_COMPILE_UNIT = 0x11;
    private static final int TAG_PARTIAL_UNIT = 0x3c;
    private static final int TAG_SUBPROGRAM = 0x2e;
    private static final int TAG_INLINED_SUBROUTINE = 0x1d;

    /**
     * Entries whose children never hold code of their own: types, their members and enumerators, variables and
     * parameters, call sites. A C++ class lists its member functions as declarations only; their code is described by
     * a separate entry (DW_AT_specification) outside the class. Their subtrees are skipped, by DW_AT_sibling where the
     * producer gave one.
     */
    private static final java.util.BitSet TAGS_WITHOUT_CODE = tags(0x01, 0x04, 0x05, 0x0f, 0x10, 0x15,
            0x16, 0x21, 0x26, 0x34, 0x35, 0x37, 0x42, 0x48, 0x49, 0x4107, 0x4108, 0x4109, 0x410a);

    private static final int AT_SIBLING = 0x01;
    private static final int AT_NAME = 0x03;
    private static final int AT_STMT_LIST = 0x10;
    private static final int AT_LOW_PC = 0x11;
    private static final int AT_HIGH_PC = 0x12;
    private static final int AT_LANGUAGE = 0x13;
    private static final int AT_COMP_DIR = 0x1b;
    private static final int AT_ABSTRACT_ORIGIN = 0x31;
    private static final int AT_SPECIFICATION = 0x47;
    private static final int AT_RANGES = 0x55;
    private static final int AT_CALL_COLUMN = 0x57;
    private static final int AT_CALL_FILE = 0x58;
    private static final int AT_CALL_LINE = 0x59;
    private static final int AT_LINKAGE_NAME = 0x6e;
    private static final int AT_STR_OFFSETS_BASE = 0x72;
    private static final int AT_ADDR_BASE = 0x73;
    private static final int AT_RNGLISTS_BASE = 0x74;
    private static final int AT_MIPS_LINKAGE_NAME = 0x2007;
    private static final int AT_GNU_RANGES_BASE = 0x2132;
    private static final int AT_GNU_ADDR_BASE = 0x2133;

    /** Slots of the attributes this reader keeps from a DIE. */
    private static final int S_NAME = 0;
    private static final int S_LINKAGE = 1;
    private static final int S_LOW = 2;
    private static final int S_HIGH = 3;
    private static final int S_RANGES = 4;
    private static final int S_ORIGIN = 5;
    private static final int S_SPECIFICATION = 6;
    private static final int S_CALL_FILE = 7;
    private static final int S_CALL_LINE = 8;
    private static final int S_CALL_COLUMN = 9;
    private static final int S_LANGUAGE = 10;
    private static final int S_COMP_DIR = 11;
    private static final int S_STMT_LIST = 12;
    private static final int S_STR_OFFSETS_BASE = 13;
    private static final int S_ADDR_BASE = 14;
    private static final int S_RNGLISTS_BASE = 15;
    private static final int S_GNU_RANGES_BASE = 16;
    private static final int S_SIBLING = 17;
    private static final int SLOTS = 18;
    /** The attributes through which an entry takes its name from another. */
    private static final int[] NAME_REFERENCES = {S_ORIGIN, S_SPECIFICATION};

    private static final int MAX_REFERENCE_DEPTH = 16;
    private static final int PREFETCH_MINIMUM_UNITS = 16;
    private static final int PREFETCH_SHARE = 8;
    private static final int MAX_PRELOAD_THREADS = 4;

    private static java.util.BitSet tags(int... tags) {
        java.util.BitSet set = new java.util.BitSet();
        for (int tag : tags) {
            set.set(tag);
        }
        return set;
    }

    /**
     * One function in the answer for an address, innermost first.
     *
     * @param name          the name as the debug information spells it (mangled linkage name when it has one), or
     *                      null when it has none
     * @param nameIsLinkage whether {@code name} is a linkage name (or a name in a language without mangling), so no
     *                      symbol table name should replace it
     * @param file          the source file (of the address for the innermost frame, of the inlined call for the
     *                      others), or null
     * @param line          the line, 0 when unknown
     * @param inlined       whether this frame was inlined into the next one
     */
    public record Frame(String name, boolean nameIsLinkage, String file, int line, int column, boolean inlined) {
    }

    private final DwarfSections sections;
    private final List<Unit> units;
    private final Map<AbbrevTableKey, AbbrevReader> abbreviationTables = new HashMap<>();
    private RangeIndex unitIndex;
    private final AtomicInteger unitsUsed = new AtomicInteger();
    /** The next unit a preloading thread takes. */
    private final AtomicInteger nextUnitToPreload = new AtomicInteger();

    private DwarfInfo(DwarfSections sections, List<Unit> units) {
        this.sections = sections;
        this.units = units;
    }

    /** Reads the unit headers of {@code sections}. */
    public static DwarfInfo read(DwarfSections sections) throws DwarfFormatException {
        List<Unit> units = new ArrayList<>();
        DwarfInfo info = new DwarfInfo(sections, units);
        DwarfCursor c = sections.cursor(sections.info(), ".debug_info", 0);
        while (c.limit() - c.position() >= 11) {
            Unit unit = info.readUnitHeader(c);
            c.seek(unit.end);
            if (unit.isCompileUnit) {
                units.add(unit);
            }
        }
        return info;
    }

    /**
     * The functions at {@code address} (an ELF virtual address), innermost first. A frame may lack a name (code
     * with lines but no function entry, such as assembly). Empty when no unit covers the address.
     */
    public List<Frame> symbolize(long address) throws DwarfFormatException {
        int unitNumber = unitIndex().lookup(address);
        if (unitNumber < 0) {
            return List.of();
        }
        Unit unit = units.get(unitNumber);
        if (unit.claim()) {
            prefetchWhenMostUnitsAreWanted();
        }
        LineTable lines = unit.lines();
        LineTable.Row row = lines == null ? null : lines.lookup(address);
        Scope innermost = unit.innermostScope(address);
        if (innermost == null) {
            if (row == null) {
                return List.of();
            }
            return List.of(new Frame(null, false, lines.fileName(row.file()), row.line(), row.column(), false));
        }
        List<Frame> frames = new ArrayList<>(2);
        String file = row == null ? null : lines.fileName(row.file());
        int line = row == null ? 0 : row.line();
        int column = row == null ? 0 : row.column();
        for (Scope scope = innermost; scope != null; scope = scope.inlined ? scope.parent : null) {
            Name name = scope.name;
            if (name == null) {
                name = nameOf(scope.dieOffset);
                scope.name = name;
            }
            frames.add(new Frame(name.text, name.isLinkage, file, line, column, scope.inlined));
            if (!scope.inlined) {
                break;
            }
            file = lines == null ? null : lines.fileName(scope.callFile);
            line = scope.callLine;
            column = scope.callColumn;
        }
        return frames;
    }

    // ---- units ----

    private synchronized RangeIndex unitIndex() {
        if (unitIndex == null) {
            unitIndex = buildUnitIndex();
        }
        return unitIndex;
    }

    /**
     * Once the addresses asked for have needed a good share of the units (a whole profile being symbolized, not a
     * few frames), the remaining units are read in the background, on threads of their own beside the asking one
     * (one less than the processors, at least one): each unit is independent. A unit the asking thread has started
     * on is left to it, and one asked for while a preloading thread reads it waits for it.
     */
    private void prefetchWhenMostUnitsAreWanted() {
        int used = unitsUsed.incrementAndGet();
        if (used == Math.max(PREFETCH_MINIMUM_UNITS, units.size() / PREFETCH_SHARE) && used < units.size()) {
            int threads = Math.max(1, Math.min(MAX_PRELOAD_THREADS, Runtime.getRuntime().availableProcessors() - 1));
            for (int i = 0; i < threads; i++) {
                Thread preloading = new Thread(this::preloadUnits, "Tachyon DWARF preload " + sections.description());
                preloading.setDaemon(true);
                preloading.start();
            }
        }
    }

    private void preloadUnits() {
        for (int i = nextUnitToPreload.getAndIncrement(); i < units.size(); i = nextUnitToPreload.getAndIncrement()) {
            Unit unit = units.get(i);
            if (unit.claim()) {
                unit.preload();
            }
        }
    }

    private Unit readUnitHeader(DwarfCursor c) throws DwarfFormatException {
        long offset = c.position();
        long length = c.u32("unit_length");
        boolean dwarf64 = false;
        if (length == 0xffff_ffffL) {
            length = c.u64("64-bit unit_length");
            dwarf64 = true;
        } else if (length >= 0xffff_fff0L) {
            throw c.error(offset, "a unit_length below 0xfffffff0, found 0x" + Long.toHexString(length));
        }
        long end = c.position() + length;
        if (length < 0 || end > c.limit()) {
            throw c.error(offset, "a unit of " + length + " bytes inside the section");
        }
        int version = c.u16("unit version");
        if (version < 2 || version > 5) {
            throw c.error(offset + (dwarf64 ? 12 : 4), "DWARF version 2 to 5, found " + version);
        }
        int unitType = 1;
        int addressSize;
        long abbrevOffset;
        if (version >= 5) {
            unitType = c.u8("unit_type");
            addressSize = c.u8("address_size");
            abbrevOffset = Forms.offset(c, dwarf64);
            if (unitType == 2 || unitType == 6) {
                c.skip(8 + (dwarf64 ? 8 : 4));
            } else if (unitType == 4 || unitType == 5) {
                c.skip(8);
            }
        } else {
            abbrevOffset = Forms.offset(c, dwarf64);
            addressSize = c.u8("address_size");
        }
        if (addressSize != 4 && addressSize != 8) {
            throw c.error(offset, "an address size of 4 or 8, found " + addressSize);
        }
        Unit unit = new Unit(offset, end, c.position(), version, addressSize, dwarf64, abbrevOffset);
        boolean compileOrPartial = unitType == 1 || unitType == 3;
        if (compileOrPartial && c.position() < end) {
            unit.abbrevReader = abbreviations(unit);
            Die die = new Die();
            Abbrev top = readDie(c, unit, die);
            if (top != null && (top.tag == TAG_COMPILE_UNIT || top.tag == TAG_PARTIAL_UNIT)) {
                unit.readTopDie(die);
                unit.isCompileUnit = true;
            }
        }
        return unit;
    }

    private RangeIndex buildUnitIndex() {
        RangeIndex.Builder builder = new RangeIndex.Builder();
        for (int i = 0; i < units.size(); i++) {
            Unit unit = units.get(i);
            long[] ranges = unit.ranges;
            if (ranges == null || ranges.length == 0) {
                // No ranges on the unit: it covers what its line table does.
                LineTable lines = unit.lines();
                ranges = lines == null ? new long[0] : lines.sequenceRanges();
            }
            for (int r = 0; r + 1 < ranges.length; r += 2) {
                builder.add(ranges[r], ranges[r + 1], i);
            }
        }
        return builder.build();
    }

    private Unit unitContaining(long dieOffset) {
        int low = 0;
        int high = units.size() - 1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            Unit unit = units.get(middle);
            if (dieOffset < unit.offset) {
                high = middle - 1;
            } else if (dieOffset >= unit.end) {
                low = middle + 1;
            } else {
                return unit;
            }
        }
        return null;
    }

    // ---- abbreviations and entries ----

    /**
     * One abbreviation, with what reading a DIE of it needs worked out once: per attribute, {@link #ATTRIBUTE_INTS}
     * ints of {@code packed} from {@code start}: its form, the slot it is kept in (-1 when it is not kept) and, for
     * attributes that are not kept, their size when the form has a fixed one (-1 when it must be read to be
     * skipped). The abbreviations of a table share packed arrays: a libc debug file has 85,000 abbreviations, and
     * three arrays each were most of the objects its DWARF kept alive, which every young collection of a short-lived
     * JVM copies. {@code implicitConstants} is null when no attribute has one (nearly always).
     */
    private record Abbrev(int tag, boolean hasChildren, int[] packed, int start, int count, long[] implicitConstants) {
    }

    private static final int ATTRIBUTE_INTS = 3;
    /** Codes up to this are kept in an array indexed by code; producers number them 1, 2, 3... */
    private static final int LARGEST_DENSE_CODE = 1 << 16;

    /** The abbreviations of one table, by code: an array where the codes are dense (they nearly always are). */
    private static final class AbbrevTable {
        private Abbrev[] dense = new Abbrev[64];
        private Map<Long, Abbrev> sparse;

        Abbrev get(long code) {
            if (code > 0 && code < dense.length) {
                return dense[(int) code];
            }
            return sparse == null ? null : sparse.get(code);
        }

        /** Adds {@code abbrev} unless the code is taken (the first of two with one code counts); false if taken. */
        boolean add(long code, Abbrev abbrev) {
            if (code > 0 && code <= LARGEST_DENSE_CODE) {
                if (code >= dense.length) {
                    // Never past the largest dense code, so that get() finds every larger code in the map.
                    dense = java.util.Arrays.copyOf(dense,
                            (int) Math.min(LARGEST_DENSE_CODE + 1L, Math.max(code + 1, dense.length * 2L)));
                }
                if (dense[(int) code] != null) {
                    return false;
                }
                dense[(int) code] = abbrev;
                return true;
            }
            if (sparse == null) {
                sparse = new HashMap<>();
            }
            return sparse.putIfAbsent(code, abbrev) == null;
        }
    }

    /** Abbreviation tables are shared by units; the skip sizes depend on the unit's address and offset sizes. */
    private record AbbrevTableKey(long offset, int addressSize, boolean dwarf64, int version) {
    }

    /**
     * The reader of the unit's abbreviation table, shared with the units that use the same table. Opening reads
     * only the abbreviation of each unit's first entry; the rest of a table is read with the first unit that needs
     * it, on whichever thread reads that unit.
     */
    private AbbrevReader abbreviations(Unit unit) {
        AbbrevTableKey key = new AbbrevTableKey(unit.abbrevOffset, unit.addressSize, unit.dwarf64, unit.version);
        synchronized (abbreviationTables) {
            return abbreviationTables.computeIfAbsent(key, k -> new AbbrevReader(unit));
        }
    }

    /** Reads one abbreviation table as far as it is asked for. Of two abbreviations with one code, the first counts. */
    private final class AbbrevReader {
        private final Unit unit;
        /** The abbreviations read so far. */
        private final AbbrevTable read = new AbbrevTable();
        /** Where the next abbreviation starts in .debug_abbrev; -1 once the table's end was read. */
        private long next;
        /** The packed attributes of the abbreviations read so far (those before a growth keep the older array). */
        private int[] packed = new int[64 * ATTRIBUTE_INTS];
        private int packedUsed;
        /** Reused from one abbreviation to the next: a libc debug file has some 100,000 of them. */
        private DwarfCursor cursor;
        private int[] attributes = new int[16];
        private int[] forms = new int[16];
        private long[] implicits = new long[16];

        AbbrevReader(Unit unit) {
            this.unit = unit;
            this.next = unit.abbrevOffset;
        }

        /** The abbreviation of {@code code}, reading the table up to it; null when the table lacks it. */
        synchronized Abbrev find(long code) throws DwarfFormatException {
            Abbrev abbrev = read.get(code);
            while (abbrev == null && next >= 0) {
                abbrev = readNext(code);
            }
            return abbrev;
        }

        /** The whole table; once it is returned it no longer changes, so readers use it without the lock. */
        synchronized AbbrevTable all() throws DwarfFormatException {
            while (next >= 0) {
                readNext(-1);
            }
            return read;
        }

        /** Reads the abbreviation at {@link #next}; returns it when its code is {@code wanted}. */
        private Abbrev readNext(long wanted) throws DwarfFormatException {
            if (cursor == null) {
                cursor = sections.cursor(sections.abbrev(), ".debug_abbrev", next);
            } else {
                cursor.seek(next);
            }
            DwarfCursor c = cursor;
            long code = c.uleb("abbreviation code");
            if (code == 0) {
                next = -1;
                cursor = null;
                attributes = null;
                forms = null;
                implicits = null;
                return null;
            }
            int tag = c.ulebIndex("abbreviation tag");
            boolean children = c.u8("DW_CHILDREN") != 0;
            int count = 0;
            boolean anyImplicit = false;
            while (true) {
                int attribute = c.ulebIndex("attribute name");
                int form = c.ulebIndex("attribute form");
                long implicit = 0;
                if (form == Forms.IMPLICIT_CONST) {
                    implicit = c.sleb("implicit constant");
                    anyImplicit = true;
                }
                if (attribute == 0 && form == 0) {
                    break;
                }
                if (count == attributes.length) {
                    attributes = java.util.Arrays.copyOf(attributes, count * 2);
                    forms = java.util.Arrays.copyOf(forms, count * 2);
                    implicits = java.util.Arrays.copyOf(implicits, count * 2);
                }
                attributes[count] = attribute;
                forms[count] = form;
                implicits[count] = implicit;
                count++;
            }
            next = c.position();
            int ints = count * ATTRIBUTE_INTS;
            if (packedUsed + ints > packed.length) {
                packed = new int[Math.max(ints, packed.length * 2)];
                packedUsed = 0;
            }
            int start = packedUsed;
            for (int i = 0; i < count; i++) {
                int at = start + i * ATTRIBUTE_INTS;
                packed[at] = forms[i];
                packed[at + 1] = slotOf(attributes[i]);
                packed[at + 2] = Forms.fixedSize(forms[i], unit.dwarf64, unit.addressSize, unit.version);
            }
            packedUsed += ints;
            Abbrev abbrev = new Abbrev(tag, children, packed, start, count,
                    anyImplicit ? java.util.Arrays.copyOf(implicits, count) : null);
            if (!read.add(code, abbrev)) {
                return null;
            }
            return code == wanted ? abbrev : null;
        }
    }

    /** The kept attributes of one DIE, as raw values plus the form each was read in. */
    private static final class Die {
        final long[] raw = new long[SLOTS];
        final int[] form = new int[SLOTS];
        int present;

        boolean has(int slot) {
            return (present & (1 << slot)) != 0;
        }
    }

    private static int slotOf(int attribute) {
        return switch (attribute) {
            case AT_SIBLING -> S_SIBLING;
            case AT_NAME -> S_NAME;
            case AT_LINKAGE_NAME, AT_MIPS_LINKAGE_NAME -> S_LINKAGE;
            case AT_LOW_PC -> S_LOW;
            case AT_HIGH_PC -> S_HIGH;
            case AT_RANGES -> S_RANGES;
            case AT_ABSTRACT_ORIGIN -> S_ORIGIN;
            case AT_SPECIFICATION -> S_SPECIFICATION;
            case AT_CALL_FILE -> S_CALL_FILE;
            case AT_CALL_LINE -> S_CALL_LINE;
            case AT_CALL_COLUMN -> S_CALL_COLUMN;
            case AT_LANGUAGE -> S_LANGUAGE;
            case AT_COMP_DIR -> S_COMP_DIR;
            case AT_STMT_LIST -> S_STMT_LIST;
            case AT_STR_OFFSETS_BASE -> S_STR_OFFSETS_BASE;
            case AT_ADDR_BASE, AT_GNU_ADDR_BASE -> S_ADDR_BASE;
            case AT_RNGLISTS_BASE -> S_RNGLISTS_BASE;
            case AT_GNU_RANGES_BASE -> S_GNU_RANGES_BASE;
            default -> -1;
        };
    }

    /** Reads the DIE at the cursor into {@code die}; null for a null entry (the end of a list of children). */
    private Abbrev readDie(DwarfCursor c, Unit unit, Die die) throws DwarfFormatException {
        long at = c.position();
        long code = c.uleb("abbreviation code");
        if (code == 0) {
            return null;
        }
        AbbrevTable table = unit.abbrevs;
        Abbrev abbrev = table != null ? table.get(code) : unit.abbrevReader.find(code);
        if (abbrev == null) {
            throw c.error(at, "an abbreviation code defined at .debug_abbrev offset " + unit.abbrevOffset + ", found "
                    + code);
        }
        die.present = 0;
        int[] packed = abbrev.packed;
        int count = abbrev.count;
        for (int i = 0, attribute = abbrev.start; i < count; i++, attribute += ATTRIBUTE_INTS) {
            int form = packed[attribute];
            int slot = packed[attribute + 1];
            if (slot < 0) {
                int size = packed[attribute + 2];
                if (size >= 0) {
                    c.skip(size);
                } else {
                    Forms.skip(c, form, unit.dwarf64, unit.addressSize, unit.version);
                }
                continue;
            }
            if (form == Forms.INDIRECT) {
                form = c.ulebIndex("indirect form");
            }
            die.form[slot] = form;
            die.raw[slot] = readValue(c, form, unit,
                    abbrev.implicitConstants == null ? 0 : abbrev.implicitConstants[i]);
            die.present |= 1 << slot;
        }
        return abbrev;
    }

    private long readValue(DwarfCursor c, int form, Unit unit, long implicitConstant) throws DwarfFormatException {
        switch (form) {
            case Forms.ADDR:
                return c.unsigned(unit.addressSize, "address");
            case Forms.DATA1, Forms.DATA2, Forms.DATA4, Forms.DATA8, Forms.UDATA, Forms.SDATA:
                return Forms.readConstant(c, form);
            case Forms.IMPLICIT_CONST:
                return implicitConstant;
            case Forms.FLAG:
                return c.u8("flag");
            case Forms.FLAG_PRESENT:
                return 1;
            case Forms.REF1:
                return unit.offset + c.u8("ref1");
            case Forms.REF2:
                return unit.offset + c.u16("ref2");
            case Forms.REF4:
                return unit.offset + c.u32("ref4");
            case Forms.REF8:
                return unit.offset + c.u64("ref8");
            case Forms.REF_UDATA:
                return unit.offset + c.uleb("ref_udata");
            case Forms.REF_ADDR:
                return unit.version <= 2 ? c.unsigned(unit.addressSize, "ref_addr") : Forms.offset(c, unit.dwarf64);
            case Forms.STRING: {
                long position = c.position();
                c.skipCString("string");
                return position;
            }
            case Forms.STRP, Forms.LINE_STRP, Forms.SEC_OFFSET, Forms.GNU_STRP_ALT, Forms.GNU_REF_ALT,
                    Forms.STRP_SUP:
                return Forms.offset(c, unit.dwarf64);
            case Forms.STRX, Forms.ADDRX, Forms.RNGLISTX, Forms.LOCLISTX, Forms.GNU_ADDR_INDEX, Forms.GNU_STR_INDEX:
                return c.uleb("index");
            case Forms.STRX1, Forms.ADDRX1:
                return c.u8("index");
            case Forms.STRX2, Forms.ADDRX2:
                return c.u16("index");
            case Forms.STRX3, Forms.ADDRX3:
                return c.u24("index");
            case Forms.STRX4, Forms.ADDRX4:
                return c.u32("index");
            default:
                Forms.skip(c, form, unit.dwarf64, unit.addressSize, unit.version);
                return 0;
        }
    }

    private String string(Unit unit, Die die, int slot) throws DwarfFormatException {
        if (!die.has(slot)) {
            return null;
        }
        int form = die.form[slot];
        long raw = die.raw[slot];
        if (form == Forms.STRING) {
            return sections.cursor(sections.info(), ".debug_info", 0).stringAt(raw, "string");
        }
        if (form == Forms.STRP) {
            return sections.cursor(sections.str(), ".debug_str", 0).stringAt(raw, "string");
        }
        if (form == Forms.LINE_STRP) {
            return sections.cursor(sections.lineStr(), ".debug_line_str", 0).stringAt(raw, "line string");
        }
        if (Forms.isStringIndex(form)) {
            int size = unit.dwarf64 ? 8 : 4;
            DwarfCursor offsets = sections.cursor(sections.strOffsets(), ".debug_str_offsets",
                    unit.strOffsetsBase + raw * size);
            long offset = offsets.unsigned(size, "string offset");
            return sections.cursor(sections.str(), ".debug_str", 0).stringAt(offset, "string");
        }
        return null;
    }

    private long address(Unit unit, int form, long raw) throws DwarfFormatException {
        if (Forms.isAddressIndex(form)) {
            DwarfCursor table = sections.cursor(sections.addr(), ".debug_addr",
                    unit.addrBase + raw * unit.addressSize);
            return table.unsigned(unit.addressSize, "address");
        }
        return raw;
    }

    /** The DIE's address ranges as start/end pairs; empty when it has no code. */
    private long[] ranges(Unit unit, Die die) throws DwarfFormatException {
        if (die.has(S_LOW) && die.has(S_HIGH)) {
            long low = address(unit, die.form[S_LOW], die.raw[S_LOW]);
            int highForm = die.form[S_HIGH];
            long high = highForm == Forms.ADDR || Forms.isAddressIndex(highForm)
                    ? address(unit, highForm, die.raw[S_HIGH]) : low + die.raw[S_HIGH];
            return new long[] {low, high};
        }
        if (die.has(S_RANGES)) {
            return readRangeList(unit, die.form[S_RANGES], die.raw[S_RANGES]);
        }
        return new long[0];
    }

    private long[] readRangeList(Unit unit, int form, long raw) throws DwarfFormatException {
        long[] out = new long[8];
        int count = 0;
        long base = unit.lowPc;
        if (unit.version < 5) {
            DwarfCursor c = sections.cursor(sections.ranges(), ".debug_ranges", raw + unit.gnuRangesBase);
            long baseSelector = unit.addressSize == 8 ? -1L : 0xffff_ffffL;
            while (true) {
                long start = c.unsigned(unit.addressSize, "range start");
                long end = c.unsigned(unit.addressSize, "range end");
                if (start == 0 && end == 0) {
                    break;
                }
                if (start == baseSelector) {
                    base = end;
                    continue;
                }
                out = add(out, count, base + start, base + end);
                count += 2;
            }
        } else {
            long offset = raw;
            if (form == Forms.RNGLISTX) {
                int size = unit.dwarf64 ? 8 : 4;
                DwarfCursor table = sections.cursor(sections.rnglists(), ".debug_rnglists",
                        unit.rnglistsBase + raw * size);
                offset = unit.rnglistsBase + table.unsigned(size, "range list offset");
            }
            DwarfCursor c = sections.cursor(sections.rnglists(), ".debug_rnglists", offset);
            while (true) {
                int kind = c.u8("range list entry kind");
                switch (kind) {
                    case 0:
                        return java.util.Arrays.copyOf(out, count);
                    case 1:
                        base = address(unit, Forms.ADDRX, c.uleb("DW_RLE_base_addressx"));
                        break;
                    case 2: {
                        long start = address(unit, Forms.ADDRX, c.uleb("DW_RLE_startx_endx start"));
                        long end = address(unit, Forms.ADDRX, c.uleb("DW_RLE_startx_endx end"));
                        out = add(out, count, start, end);
                        count += 2;
                        break;
                    }
                    case 3: {
                        long start = address(unit, Forms.ADDRX, c.uleb("DW_RLE_startx_length start"));
                        out = add(out, count, start, start + c.uleb("DW_RLE_startx_length length"));
                        count += 2;
                        break;
                    }
                    case 4: {
                        long start = c.uleb("DW_RLE_offset_pair start");
                        long end = c.uleb("DW_RLE_offset_pair end");
                        out = add(out, count, base + start, base + end);
                        count += 2;
                        break;
                    }
                    case 5:
                        base = c.unsigned(unit.addressSize, "DW_RLE_base_address");
                        break;
                    case 6: {
                        long start = c.unsigned(unit.addressSize, "DW_RLE_start_end start");
                        out = add(out, count, start, c.unsigned(unit.addressSize, "DW_RLE_start_end end"));
                        count += 2;
                        break;
                    }
                    case 7: {
                        long start = c.unsigned(unit.addressSize, "DW_RLE_start_length start");
                        out = add(out, count, start, start + c.uleb("DW_RLE_start_length length"));
                        count += 2;
                        break;
                    }
                    default:
                        throw c.error(c.position() - 1, "a range list entry kind 0 to 7, found " + kind);
                }
            }
        }
        return java.util.Arrays.copyOf(out, count);
    }

    private static long[] add(long[] out, int count, long start, long end) {
        long[] grown = count + 2 > out.length ? java.util.Arrays.copyOf(out, out.length * 2) : out;
        grown[count] = start;
        grown[count + 1] = end;
        return grown;
    }

    // ---- names ----

    private record Name(String text, boolean isLinkage) {
        static final Name NONE = new Name(null, false);
    }

    /** The name of the entry at {@code dieOffset}, through its origin and specification (callers keep it). */
    private Name nameOf(long dieOffset) throws DwarfFormatException {
        String[] found = new String[2];
        boolean[] nameIsLinkage = new boolean[1];
        collectNames(dieOffset, found, nameIsLinkage, 0);
        return found[1] != null ? new Name(found[1], true)
                : found[0] != null ? new Name(found[0], nameIsLinkage[0]) : Name.NONE;
    }

    /** Follows DW_AT_abstract_origin and DW_AT_specification: found[0] the first DW_AT_name, found[1] a linkage name. */
    private void collectNames(long dieOffset, String[] found, boolean[] nameIsLinkage, int depth)
            throws DwarfFormatException {
        if (depth > MAX_REFERENCE_DEPTH || found[1] != null) {
            return;
        }
        Unit unit = unitContaining(dieOffset);
        if (unit == null) {
            return;
        }
        if (unit.abbrevs == null) {
            unit.abbrevs = unit.abbrevReader.all();
        }
        DwarfCursor c = sections.cursor(sections.info(), ".debug_info", dieOffset);
        Die die = new Die();
        if (readDie(c, unit, die) == null) {
            return;
        }
        String linkage = string(unit, die, S_LINKAGE);
        if (linkage != null) {
            found[1] = linkage;
            return;
        }
        if (found[0] == null) {
            String name = string(unit, die, S_NAME);
            if (name != null) {
                found[0] = name;
                nameIsLinkage[0] = Languages.namesAreLinkageNames(unit.language);
            }
        }
        for (int slot : NAME_REFERENCES) {
            if (die.has(slot) && (Forms.isUnitReference(die.form[slot]) || die.form[slot] == Forms.REF_ADDR)) {
                collectNames(die.raw[slot], found, nameIsLinkage, depth + 1);
            }
        }
    }

    // ---- function scopes ----

    /** A function (DW_TAG_subprogram) or an inlined call (DW_TAG_inlined_subroutine) with code. */
    private static final class Scope {
        final long dieOffset;
        final boolean inlined;
        final long[] ranges;
        final Scope parent;
        final int callFile;
        final int callLine;
        final int callColumn;
        List<Scope> children;
        Name name;

        Scope(long dieOffset, boolean inlined, long[] ranges, Scope parent, int callFile, int callLine,
                int callColumn) {
            this.dieOffset = dieOffset;
            this.inlined = inlined;
            this.ranges = ranges;
            this.parent = parent;
            this.callFile = callFile;
            this.callLine = callLine;
            this.callColumn = callColumn;
        }

        /** The size of the range holding {@code address}, or -1 when none does. */
        long sizeAt(long address) {
            for (int i = 0; i + 1 < ranges.length; i += 2) {
                if (Long.compareUnsigned(address, ranges[i]) >= 0 && Long.compareUnsigned(address, ranges[i + 1]) < 0) {
                    return ranges[i + 1] - ranges[i];
                }
            }
            return -1;
        }
    }

    private final class Unit {
        final long offset;
        final long end;
        final long firstDie;
        final int version;
        final int addressSize;
        final boolean dwarf64;
        final long abbrevOffset;
        AbbrevReader abbrevReader;
        /**
         * The whole abbreviation table, once an entry past the first was read; volatile since the table is filled
         * under its reader's lock and then read without it, by whichever thread reads this unit's entries.
         */
        volatile AbbrevTable abbrevs;
        boolean isCompileUnit;
        int language;
        String compilationDirectory;
        long stmtList = -1;
        long lowPc;
        long strOffsetsBase;
        long addrBase;
        long rnglistsBase;
        long gnuRangesBase;
        long[] ranges;
        private LineTable lines;
        private boolean linesRead;
        private List<Scope> roots;
        private RangeIndex rootIndex;
        private DwarfFormatException scopesFailure;
        private boolean failureReported;
        private final AtomicBoolean claimed = new AtomicBoolean();

        Unit(long offset, long end, long firstDie, int version, int addressSize, boolean dwarf64, long abbrevOffset) {
            this.offset = offset;
            this.end = end;
            this.firstDie = firstDie;
            this.version = version;
            this.addressSize = addressSize;
            this.dwarf64 = dwarf64;
            this.abbrevOffset = abbrevOffset;
        }

        void readTopDie(Die die) throws DwarfFormatException {
            language = die.has(S_LANGUAGE) ? (int) die.raw[S_LANGUAGE] : 0;
            stmtList = die.has(S_STMT_LIST) ? die.raw[S_STMT_LIST] : -1;
            strOffsetsBase = die.has(S_STR_OFFSETS_BASE) ? die.raw[S_STR_OFFSETS_BASE] : 8;
            addrBase = die.has(S_ADDR_BASE) ? die.raw[S_ADDR_BASE] : 8;
            rnglistsBase = die.has(S_RNGLISTS_BASE) ? die.raw[S_RNGLISTS_BASE] : 12;
            gnuRangesBase = die.has(S_GNU_RANGES_BASE) ? die.raw[S_GNU_RANGES_BASE] : 0;
            compilationDirectory = string(this, die, S_COMP_DIR);
            lowPc = die.has(S_LOW) ? address(this, die.form[S_LOW], die.raw[S_LOW]) : 0;
            ranges = DwarfInfo.this.ranges(this, die);
        }

        /** True for the first thread to want the unit (asking through {@link #symbolize}, or preloading). */
        boolean claim() {
            return claimed.compareAndSet(false, true);
        }

        /** Reads the line table and functions ahead of use; failures wait for the first lookup to be reported. */
        synchronized void preload() {
            lines();
            if (roots == null && scopesFailure == null) {
                try {
                    readScopes();
                } catch (DwarfFormatException e) {
                    scopesFailure = e;
                } catch (RuntimeException e) {
                    scopesFailure = new DwarfFormatException(".debug_info", offset, "a readable unit: " + e);
                }
            }
        }

        /** The unit's line table, or null when it has none or it cannot be read. */
        synchronized LineTable lines() {
            if (!linesRead) {
                linesRead = true;
                if (stmtList >= 0 && sections.hasLines()) {
                    try {
                        lines = LineTable.read(sections, stmtList, compilationDirectory, addressSize);
                    } catch (DwarfFormatException | RuntimeException e) {
                        lines = null;
                    }
                }
            }
            return lines;
        }

        /** The innermost function or inlined call whose code holds {@code address}, or null. */
        synchronized Scope innermostScope(long address) throws DwarfFormatException {
            preload();
            if (roots == null) {
                if (scopesFailure != null && !failureReported) {
                    failureReported = true;
                    throw scopesFailure;
                }
                return null;
            }
            int rootNumber = rootIndex.lookup(address);
            if (rootNumber < 0) {
                return null;
            }
            Scope scope = roots.get(rootNumber);
            while (scope.children != null) {
                Scope best = null;
                long bestSize = -1;
                for (Scope child : scope.children) {
                    long size = child.sizeAt(address);
                    if (size >= 0 && (best == null || Long.compareUnsigned(size, bestSize) <= 0)) {
                        best = child;
                        bestSize = size;
                    }
                }
                if (best == null) {
                    break;
                }
                scope = best;
            }
            return scope;
        }

        private void readScopes() throws DwarfFormatException {
            if (abbrevs == null) {
                abbrevs = abbrevReader.all();
            }
            List<Scope> found = new ArrayList<>();
            DwarfCursor c = sections.cursor(sections.info(), ".debug_info", firstDie);
            Die die = new Die();
            Scope[] enclosing = new Scope[32];
            int depth = 0;
            while (c.position() < end) {
                long dieOffset = c.position();
                Abbrev abbrev = readDie(c, this, die);
                if (abbrev == null) {
                    depth--;
                    if (depth <= 0) {
                        break;
                    }
                    continue;
                }
                Scope parent = depth > 0 ? enclosing[depth - 1] : null;
                Scope created = null;
                if (abbrev.tag == TAG_SUBPROGRAM || abbrev.tag == TAG_INLINED_SUBROUTINE) {
                    long[] scopeRanges = DwarfInfo.this.ranges(this, die);
                    if (scopeRanges.length > 0) {
                        boolean inlined = abbrev.tag == TAG_INLINED_SUBROUTINE;
                        // Functions are looked up in one flat table, as binutils does, even where one is nested in
                        // another's entry (a lambda's operator() inside its enclosing function): only inlined calls
                        // hang below the function or call they were inlined into.
                        Scope owner = inlined ? parent : null;
                        created = new Scope(dieOffset, inlined, scopeRanges, owner,
                                intValue(die, S_CALL_FILE), intValue(die, S_CALL_LINE), intValue(die, S_CALL_COLUMN));
                        if (owner == null) {
                            found.add(created);
                        } else {
                            if (owner.children == null) {
                                owner.children = new ArrayList<>(2);
                            }
                            owner.children.add(created);
                        }
                    }
                }
                if (abbrev.hasChildren && created == null && TAGS_WITHOUT_CODE.get(abbrev.tag)) {
                    skipChildren(c, die);
                    continue;
                }
                if (abbrev.hasChildren) {
                    if (depth == enclosing.length) {
                        enclosing = java.util.Arrays.copyOf(enclosing, depth * 2);
                    }
                    enclosing[depth] = created != null ? created : parent;
                    depth++;
                }
            }
            RangeIndex.Builder builder = new RangeIndex.Builder();
            for (int i = 0; i < found.size(); i++) {
                long[] r = found.get(i).ranges;
                for (int j = 0; j + 1 < r.length; j += 2) {
                    builder.add(r[j], r[j + 1], i);
                }
            }
            rootIndex = builder.build(true);
            roots = found;
        }

        /** Moves the cursor past the children of the entry just read into {@code die}. */
        private void skipChildren(DwarfCursor c, Die die) throws DwarfFormatException {
            if (jumpToSibling(c, die)) {
                return;
            }
            int depth = 1;
            while (depth > 0 && c.position() < end) {
                Abbrev abbrev = readDie(c, this, die);
                if (abbrev == null) {
                    depth--;
                } else if (abbrev.hasChildren && !jumpToSibling(c, die)) {
                    depth++;
                }
            }
        }

        /** Seeks to the DW_AT_sibling of the entry in {@code die}, when it has a usable one. */
        private boolean jumpToSibling(DwarfCursor c, Die die) throws DwarfFormatException {
            if (!die.has(S_SIBLING) || !Forms.isUnitReference(die.form[S_SIBLING])) {
                return false;
            }
            long sibling = die.raw[S_SIBLING];
            if (sibling <= c.position() || sibling > end) {
                return false;
            }
            c.seek(sibling);
            return true;
        }

        private int intValue(Die die, int slot) {
            if (!die.has(slot)) {
                return 0;
            }
            long value = die.raw[slot];
            return value < 0 || value > Integer.MAX_VALUE ? 0 : (int) value;
        }
    }
}
