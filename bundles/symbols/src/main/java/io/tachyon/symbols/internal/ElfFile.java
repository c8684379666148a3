package io.tachyon.symbols.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An ELF file (ELF32 or ELF64, either byte order) read through a memory mapping of the file. The
 * headers are read and validated on {@link #open}; symbol tables, notes and any other section's bytes are read on
 * request. Every read is bounds-checked against the file, so a truncated or corrupt file gives an
 * {@link ElfFormatException} naming the file, the offset and what was expected there.
 *
 * <p>Mapped buffers stay valid after {@link #close()}, so section bytes may outlive this object.
 */
public final class ElfFile implements AutoCloseable {

    private static final int EI_NIDENT = 16;
    private static final int ELFCLASS32 = 1;
    private static final int ELFCLASS64 = 2;
    private static final int ELFDATA2LSB = 1;
    private static final int ELFDATA2MSB = 2;
    private static final int EV_CURRENT = 1;
    private static final int SHN_UNDEF = 0;
    private static final int SHN_ABS = 0xfff1;
    private static final int SHN_COMMON = 0xfff2;
    private static final int SHN_XINDEX = 0xffff;
    private static final int PN_XNUM = 0xffff;

    private final Path path;
    private final FileChannel channel;
    private final long fileSize;
    /** The whole file, mapped once, when it is below 2 GiB; larger files are mapped region by region. */
    private final ByteBuffer wholeFile;
    private final boolean is64;
    private final ByteOrder byteOrder;
    private final int type;
    private final int machine;
    private final long sectionHeaderOffset;
    private final int sectionHeaderEntrySize;
    private final List<ElfSection> sections;
    private final List<ElfProgramHeader> programHeaders;
    /** Symbol tables read so far, by section index. */
    private final Map<Integer, List<ElfSymbol>> symbolTables = new HashMap<>();

    private ElfFile(Path path, FileChannel channel) throws IOException {
        this.path = path;
        this.channel = channel;
        this.fileSize = channel.size();
        if (fileSize < EI_NIDENT) {
            throw new ElfFormatException(path, 0,
                    "the " + EI_NIDENT + "-byte ELF identification, but the file has only " + fileSize + " bytes");
        }
        this.wholeFile = fileSize <= Integer.MAX_VALUE ? channel.map(FileChannel.MapMode.READ_ONLY, 0, fileSize) : null;
        ElfRegion ident = region(0, EI_NIDENT, ByteOrder.LITTLE_ENDIAN, "ELF identification");
        if (ident.u8(0, "magic") != 0x7f || ident.u8(1, "magic") != 'E' || ident.u8(2, "magic") != 'L'
                || ident.u8(3, "magic") != 'F') {
            throw new ElfFormatException(path, 0, "the ELF magic 7f 45 4c 46, found "
                    + HexFormat.ofDelimiter(" ").formatHex(ident.bytes(0, 4, "magic")));
        }
        int elfClass = ident.u8(4, "EI_CLASS");
        if (elfClass != ELFCLASS32 && elfClass != ELFCLASS64) {
            throw new ElfFormatException(path, 4, "EI_CLASS 1 (ELF32) or 2 (ELF64), found " + elfClass);
        }
        int data = ident.u8(5, "EI_DATA");
        if (data != ELFDATA2LSB && data != ELFDATA2MSB) {
            throw new ElfFormatException(path, 5, "EI_DATA 1 (little endian) or 2 (big endian), found " + data);
        }
        int version = ident.u8(6, "EI_VERSION");
        if (version != EV_CURRENT) {
            throw new ElfFormatException(path, 6, "EI_VERSION 1, found " + version);
        }
        this.is64 = elfClass == ELFCLASS64;
        this.byteOrder = data == ELFDATA2LSB ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;

        int w = is64 ? 8 : 4;
        ElfRegion header = region(0, is64 ? 64 : 52, byteOrder, "ELF header");
        this.type = header.u16(16, "e_type");
        this.machine = header.u16(18, "e_machine");
        long phoff = header.word(24 + w, is64, "e_phoff");
        long shoff = header.word(24 + 2L * w, is64, "e_shoff");
        int phentsize = header.u16(30 + 3L * w, "e_phentsize");
        int phnum = header.u16(32 + 3L * w, "e_phnum");
        int shentsize = header.u16(34 + 3L * w, "e_shentsize");
        int shnum = header.u16(36 + 3L * w, "e_shnum");
        int shstrndx = header.u16(38 + 3L * w, "e_shstrndx");

        this.sectionHeaderOffset = shoff;
        this.sectionHeaderEntrySize = shentsize;
        this.sections = shoff == 0 ? List.of() : readSections(shoff, shentsize, shnum, shstrndx, 38 + 3L * w);
        if (phnum == PN_XNUM) {
            if (sections.isEmpty()) {
                throw new ElfFormatException(path, 32 + 3L * w,
                        "section 0 to hold the program header count (e_phnum is PN_XNUM), but there are no sections");
            }
            phnum = sections.get(0).info();
        }
        this.programHeaders = phoff == 0 || phnum == 0 ? List.of() : readProgramHeaders(phoff, phentsize, phnum, 30 + 3L * w);
    }

    /** Opens and validates {@code path}; the caller closes the result. */
    public static ElfFile open(Path path) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        try {
            return new ElfFile(path, channel);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    public Path path() {
        return path;
    }

    public boolean is64() {
        return is64;
    }

    public ByteOrder byteOrder() {
        return byteOrder;
    }

    /** e_type: ET_EXEC (2), ET_DYN (3), ... */
    public int type() {
        return type;
    }

    public int machine() {
        return machine;
    }

    public List<ElfSection> sections() {
        return sections;
    }

    public List<ElfProgramHeader> programHeaders() {
        return programHeaders;
    }

    public Optional<ElfSection> section(String name) {
        return sections.stream().filter(s -> s.name().equals(name)).findFirst();
    }

    /**
     * The bytes of the named section, read-only and in the file's byte order; empty when there is no such section
     * or it has no bytes in the file (SHT_NOBITS, e.g. a stripped file's debug sections).
     */
    public Optional<ByteBuffer> sectionData(String name) throws ElfFormatException {
        Optional<ElfSection> section = section(name);
        if (section.isEmpty() || !section.get().hasFileData()) {
            return Optional.empty();
        }
        return Optional.of(sectionRegion(section.get()).buffer());
    }

    /**
     * The bytes of the named section uncompressed: SHF_COMPRESSED sections (zlib) and the older {@code .zdebug_*}
     * form (asked for by the {@code .debug_*} name) are inflated into memory; others are mapped as by
     * {@link #sectionData}. A compression this cannot inflate (zstd), or compressed data that does not inflate to the
     * size its header gives, is an {@link ElfFormatException}.
     */
    public Optional<ByteBuffer> uncompressedSectionData(String name) throws ElfFormatException {
        Optional<ElfSection> section = section(name);
        if (section.isEmpty() && name.startsWith(".debug_")) {
            Optional<ElfSection> legacy = section(".zdebug_" + name.substring(".debug_".length()));
            if (legacy.isPresent() && legacy.get().hasFileData()) {
                return Optional.of(inflateLegacy(legacy.get()));
            }
        }
        if (section.isEmpty() || !section.get().hasFileData()) {
            return Optional.empty();
        }
        if ((section.get().flags() & ElfSection.SHF_COMPRESSED) == 0) {
            return Optional.of(sectionRegion(section.get()).buffer());
        }
        ElfRegion region = sectionRegion(section.get());
        int headerSize = is64 ? 24 : 12;
        long type = region.u32(0, "ch_type");
        long size = is64 ? region.u64(8, "ch_size") : region.u32(4, "ch_size");
        if (type != 1) {
            throw new ElfFormatException(path, region.fileOffset(), "compression type 1 (zlib) for section " + name
                    + ", found " + type + (type == 2 ? " (zstd, which this reader does not inflate)" : ""));
        }
        return Optional.of(inflate(region, headerSize, size, name));
    }

    private ByteBuffer inflateLegacy(ElfSection section) throws ElfFormatException {
        ElfRegion region = sectionRegion(section);
        byte[] magic = region.bytes(0, 4, "ZLIB magic");
        if (!"ZLIB".equals(new String(magic, java.nio.charset.StandardCharsets.ISO_8859_1))) {
            throw new ElfFormatException(path, region.fileOffset(), "the magic ZLIB at the start of " + section.name());
        }
        long size = 0;
        for (int i = 0; i < 8; i++) {
            size = size << 8 | region.u8(4 + i, "uncompressed size");
        }
        return inflate(region, 12, size, section.name());
    }

    private ByteBuffer inflate(ElfRegion region, int skip, long size, String name) throws ElfFormatException {
        if (size < 0 || size > Integer.MAX_VALUE - 8) {
            throw new ElfFormatException(path, region.fileOffset(), "an uncompressed size below 2 GiB for section "
                    + name + ", found " + Long.toUnsignedString(size));
        }
        ByteBuffer compressed = region.buffer();
        if (compressed.capacity() < skip) {
            throw new ElfFormatException(path, region.fileOffset(), "a compression header in section " + name);
        }
        compressed.position(skip);
        byte[] out = new byte[(int) size];
        java.util.zip.Inflater inflater = new java.util.zip.Inflater();
        try {
            inflater.setInput(compressed);
            int produced = 0;
            while (produced < out.length && !inflater.finished()) {
                int n = inflater.inflate(out, produced, out.length - produced);
                if (n == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    break;
                }
                produced += n;
            }
            if (produced != out.length) {
                throw new ElfFormatException(path, region.fileOffset(), "section " + name + " to inflate to "
                        + size + " bytes, it gave " + produced);
            }
        } catch (java.util.zip.DataFormatException e) {
            throw new ElfFormatException(path, region.fileOffset(), "zlib data in section " + name + ": "
                    + e.getMessage());
        } finally {
            inflater.end();
        }
        return ByteBuffer.wrap(out).order(byteOrder);
    }

    /** Whether the file carries DWARF line or debug information of its own (not stripped to a debug link). */
    public boolean hasDebugInfo() {
        return sections.stream().anyMatch(s -> s.hasFileData() && s.size() > 0
                && (s.name().equals(".debug_info") || s.name().equals(".zdebug_info")));
    }

    /** The .gnu_debuglink: the debug file's name and the CRC-32 of its contents. */
    public record DebugLink(String fileName, long crc) {
    }

    public Optional<DebugLink> debugLink() throws ElfFormatException {
        Optional<ElfSection> section = section(".gnu_debuglink");
        if (section.isEmpty() || !section.get().hasFileData()) {
            return Optional.empty();
        }
        ElfRegion region = sectionRegion(section.get());
        String name = region.cString(0, "debug link file name");
        long crcOffset = (name.getBytes(java.nio.charset.StandardCharsets.UTF_8).length + 1 + 3) & ~3L;
        return Optional.of(new DebugLink(name, region.u32(crcOffset, "debug link CRC")));
    }

    /** The entries of the symbol tables of {@code tableType}, every type, in table order (for relocations). */
    List<ElfSymbol> allSymbols(int tableType) throws ElfFormatException {
        List<ElfSymbol> symbols = new ArrayList<>();
        for (ElfSection section : sections) {
            if (section.type() == tableType) {
                symbols.addAll(symbolTable(section));
            }
        }
        return symbols;
    }

    /**
     * The symbols binutils considers when it names code from a symbol table ({@code _bfd_elf_find_function}), in
     * table order: .symtab's, or .dynsym's when there is no .symtab; defined, of type FUNC, GNU_IFUNC or NOTYPE,
     * without the hidden local zero-size NOTYPE markers annobin leaves.
     */
    List<ElfSymbol> codeSymbolsInTableOrder() throws ElfFormatException {
        boolean hasSymtab = sections.stream().anyMatch(s -> s.type() == ElfSection.SHT_SYMTAB);
        List<ElfSymbol> all = allSymbols(hasSymtab ? ElfSection.SHT_SYMTAB : ElfSection.SHT_DYNSYM);
        List<ElfSymbol> code = new ArrayList<>();
        for (ElfSymbol symbol : all) {
            int type = symbol.type();
            boolean codeType = type == ElfSymbol.STT_FUNC || type == ElfSymbol.STT_GNU_IFUNC || type == 0;
            int shndx = symbol.sectionIndex();
            if (!codeType || shndx == SHN_UNDEF || shndx == SHN_ABS || shndx == SHN_COMMON || symbol.name().isEmpty()) {
                continue;
            }
            if (type == 0 && symbol.size() == 0 && symbol.binding() == 0 && symbol.hidden()) {
                continue;
            }
            code.add(symbol);
        }
        return code;
    }

    /** The function symbols (STT_FUNC, STT_GNU_IFUNC) defined in .symtab and .dynsym, zero-size ones included. */
    public List<ElfSymbol> functionSymbols() throws ElfFormatException {
        List<ElfSymbol> functions = new ArrayList<>();
        for (ElfSection section : sections) {
            if (section.type() != ElfSection.SHT_SYMTAB && section.type() != ElfSection.SHT_DYNSYM) {
                continue;
            }
            for (ElfSymbol symbol : symbolTable(section)) {
                int sectionIndex = symbol.sectionIndex();
                if ((symbol.type() == ElfSymbol.STT_FUNC || symbol.type() == ElfSymbol.STT_GNU_IFUNC)
                        && sectionIndex != SHN_UNDEF && sectionIndex != SHN_ABS && sectionIndex != SHN_COMMON
                        && !symbol.name().isEmpty()) {
                    functions.add(symbol);
                }
            }
        }
        return functions;
    }

    /**
     * The GNU build-id as lowercase hex, from the note sections or, when the file has no section headers, from
     * the PT_NOTE segments; empty when the file has none.
     */
    public Optional<String> buildId() throws ElfFormatException {
        boolean sawNoteSection = false;
        for (ElfSection section : sections) {
            if (section.type() == ElfSection.SHT_NOTE && section.hasFileData()) {
                sawNoteSection = true;
                Optional<String> id = ElfNotes.findGnuBuildId(sectionRegion(section), section.addressAlignment());
                if (id.isPresent()) {
                    return id;
                }
            }
        }
        if (!sawNoteSection) {
            for (ElfProgramHeader header : programHeaders) {
                if (header.type() == ElfProgramHeader.PT_NOTE) {
                    ElfRegion notes = region(header.offset(), header.fileSize(), byteOrder, "PT_NOTE segment");
                    Optional<String> id = ElfNotes.findGnuBuildId(notes, header.alignment());
                    if (id.isPresent()) {
                        return id;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** Whether section bytes can still be read after {@link #close()}: the whole file is mapped (below 2 GiB). */
    boolean readableAfterClose() {
        return wholeFile != null;
    }

    @Override
    public void close() throws IOException {
        // A module whose DWARF opens later keeps this file until then; the symbol tables it read are not needed.
        synchronized (symbolTables) {
            symbolTables.clear();
        }
        channel.close();
    }

    ElfRegion sectionRegion(ElfSection section) throws ElfFormatException {
        return region(section.offset(), section.size(), byteOrder, "section " + describe(section));
    }

    private List<ElfSection> readSections(long shoff, int shentsize, int shnum, int shstrndx, long shstrndxField)
            throws IOException {
        int minimum = is64 ? 64 : 40;
        if (shentsize < minimum) {
            throw new ElfFormatException(path, 34 + 3L * (is64 ? 8 : 4),
                    "e_shentsize of at least " + minimum + ", found " + shentsize);
        }
        ElfRegion first = region(shoff, shentsize, byteOrder, "section header 0");
        int count = shnum;
        if (count == 0) {
            long extended = first.word(is64 ? 32 : 20, is64, "sh_size of section 0 (extended section count)");
            if (extended < 0 || extended > Integer.MAX_VALUE) {
                throw new ElfFormatException(path, shoff, "an extended section count below 2^31, found "
                        + Long.toUnsignedString(extended));
            }
            count = (int) extended;
        }
        if (shstrndx == SHN_XINDEX) {
            shstrndx = first.u32AsIndex(is64 ? 40 : 24, "sh_link of section 0 (extended string table index)");
        }
        if (count == 0) {
            return List.of();
        }
        ElfRegion table = region(shoff, (long) count * shentsize, byteOrder,
                "section header table of " + count + " entries of " + shentsize + " bytes");
        long[] nameOffsets = new long[count];
        List<ElfSection> unnamed = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            long base = (long) i * shentsize;
            nameOffsets[i] = table.u32(base, "sh_name");
            int sectionType = (int) table.u32(base + 4, "sh_type");
            ElfSection section = is64
                    ? new ElfSection(i, "", sectionType, table.u64(base + 8, "sh_flags"), table.u64(base + 16, "sh_addr"),
                            table.u64(base + 24, "sh_offset"), table.u64(base + 32, "sh_size"),
                            (int) table.u32(base + 40, "sh_link"), (int) table.u32(base + 44, "sh_info"),
                            table.u64(base + 48, "sh_addralign"), table.u64(base + 56, "sh_entsize"))
                    : new ElfSection(i, "", sectionType, table.u32(base + 8, "sh_flags"), table.u32(base + 12, "sh_addr"),
                            table.u32(base + 16, "sh_offset"), table.u32(base + 20, "sh_size"),
                            (int) table.u32(base + 24, "sh_link"), (int) table.u32(base + 28, "sh_info"),
                            table.u32(base + 32, "sh_addralign"), table.u32(base + 36, "sh_entsize"));
            unnamed.add(section);
        }
        if (shstrndx == SHN_UNDEF) {
            return List.copyOf(unnamed);
        }
        if (shstrndx >= count) {
            throw new ElfFormatException(path, shstrndxField,
                    "a section name string table index below the section count " + count + ", found " + shstrndx);
        }
        ElfSection nameTable = unnamed.get(shstrndx);
        if (!nameTable.hasFileData()) {
            throw new ElfFormatException(path, shoff + (long) shstrndx * shentsize,
                    "the section name string table (section " + shstrndx + ") to have bytes in the file, found SHT_NOBITS");
        }
        ElfRegion names = region(nameTable.offset(), nameTable.size(), byteOrder, "section name string table");
        List<ElfSection> named = new ArrayList<>(count);
        for (ElfSection s : unnamed) {
            String name = names.cString(nameOffsets[s.index()], "section name");
            named.add(new ElfSection(s.index(), name, s.type(), s.flags(), s.address(), s.offset(), s.size(), s.link(),
                    s.info(), s.addressAlignment(), s.entrySize()));
        }
        return List.copyOf(named);
    }

    private List<ElfProgramHeader> readProgramHeaders(long phoff, int phentsize, int phnum, long phentsizeField)
            throws ElfFormatException {
        int minimum = is64 ? 56 : 32;
        if (phentsize < minimum) {
            throw new ElfFormatException(path, phentsizeField,
                    "e_phentsize of at least " + minimum + ", found " + phentsize);
        }
        ElfRegion table = region(phoff, (long) phnum * phentsize, byteOrder,
                "program header table of " + phnum + " entries of " + phentsize + " bytes");
        List<ElfProgramHeader> headers = new ArrayList<>(phnum);
        for (int i = 0; i < phnum; i++) {
            long base = (long) i * phentsize;
            int headerType = (int) table.u32(base, "p_type");
            headers.add(is64
                    ? new ElfProgramHeader(headerType, (int) table.u32(base + 4, "p_flags"), table.u64(base + 8, "p_offset"),
                            table.u64(base + 16, "p_vaddr"), table.u64(base + 32, "p_filesz"),
                            table.u64(base + 40, "p_memsz"), table.u64(base + 48, "p_align"))
                    : new ElfProgramHeader(headerType, (int) table.u32(base + 24, "p_flags"), table.u32(base + 4, "p_offset"),
                            table.u32(base + 8, "p_vaddr"), table.u32(base + 16, "p_filesz"),
                            table.u32(base + 20, "p_memsz"), table.u32(base + 28, "p_align")));
        }
        return List.copyOf(headers);
    }

    /**
     * Every entry of a symbol table, by index, read once and kept: the function table, the binutils naming order and
     * the PLT relocations all ask for the same tables.
     */
    private List<ElfSymbol> symbolTable(ElfSection table) throws ElfFormatException {
        synchronized (symbolTables) {
            List<ElfSymbol> symbols = symbolTables.get(table.index());
            if (symbols == null) {
                symbols = readSymbols(table);
                symbolTables.put(table.index(), symbols);
            }
            return symbols;
        }
    }

    private List<ElfSymbol> readSymbols(ElfSection table) throws ElfFormatException {
        int minimum = is64 ? 24 : 16;
        if (table.entrySize() != 0 && Long.compareUnsigned(table.entrySize(), minimum) < 0) {
            throw new ElfFormatException(path, headerOffset(table),
                    "sh_entsize of at least " + minimum + " for symbol table " + describe(table) + ", found "
                            + table.entrySize());
        }
        long stride = table.entrySize() == 0 ? minimum : table.entrySize();
        if (table.link() <= 0 || table.link() >= sections.size() || !sections.get(table.link()).hasFileData()) {
            throw new ElfFormatException(path, headerOffset(table),
                    "sh_link of symbol table " + describe(table) + " to name a string table section, found "
                            + Integer.toUnsignedString(table.link()));
        }
        ElfRegion symbols = sectionRegion(table);
        ElfStringTable strings = new ElfStringTable(sectionRegion(sections.get(table.link())));
        long count = symbols.length() / stride;
        List<ElfSymbol> out = new ArrayList<>((int) Math.min(count, Integer.MAX_VALUE));
        for (long i = 0; i < count; i++) {
            long base = i * stride;
            int info = symbols.u8(base + (is64 ? 4 : 12), "st_info");
            int other = symbols.u8(base + (is64 ? 5 : 13), "st_other");
            int sectionIndex = symbols.u16(base + (is64 ? 6 : 14), "st_shndx");
            String name = strings.string(symbols.u32(base, "st_name"), "symbol name");
            out.add(new ElfSymbol(name, symbols.word(base + (is64 ? 8 : 4), is64, "st_value"),
                    symbols.word(base + (is64 ? 16 : 8), is64, "st_size"), info >>> 4, info & 0xf, sectionIndex,
                    (other & 3) == 2));
        }
        return out;
    }

    private long headerOffset(ElfSection section) {
        return sectionHeaderOffset + (long) section.index() * sectionHeaderEntrySize;
    }

    private static String describe(ElfSection section) {
        return section.name().isEmpty() ? "#" + section.index() : section.name() + " (#" + section.index() + ")";
    }

    private ElfRegion region(long offset, long length, ByteOrder order, String what) throws ElfFormatException {
        if (offset < 0 || length < 0 || offset > fileSize || length > fileSize - offset) {
            throw new ElfFormatException(path, offset, what + " (" + Long.toUnsignedString(length) + " bytes at offset "
                    + Long.toUnsignedString(offset) + ") to lie inside the file, which has " + fileSize + " bytes");
        }
        if (length > Integer.MAX_VALUE) {
            throw new ElfFormatException(path, offset, what + " to be smaller than 2 GiB, found " + length + " bytes");
        }
        ByteBuffer bytes;
        if (wholeFile != null) {
            bytes = wholeFile.slice((int) offset, (int) length);
        } else {
            try {
                bytes = channel.map(FileChannel.MapMode.READ_ONLY, offset, length);
            } catch (IOException e) {
                throw new ElfFormatException(path, offset, what + " to be readable: " + e.getMessage());
            }
        }
        return new ElfRegion(path, offset, bytes.order(order), what);
    }
}
