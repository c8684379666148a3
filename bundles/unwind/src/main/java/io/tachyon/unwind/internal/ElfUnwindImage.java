package io.tachyon.unwind.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * What unwinding needs from an ELF64 little-endian file: its loadable segments (to turn file offsets into the
 * addresses the unwind tables speak), {@code .eh_frame_hdr}, {@code .eh_frame} and the GNU build-id. The sections
 * are read into the heap once (no memory mapping: a file truncated under a mapping faults the reader), and every
 * header field is checked against the file's size before it is used.
 *
 * <p>The sections are found by name; a file without section headers is read through its
 * {@code PT_GNU_EH_FRAME} segment, with {@code .eh_frame} running to the end of the segment that holds it.
 */
final class ElfUnwindImage {

    static final int EM_X86_64 = 62;
    static final int EM_AARCH64 = 183;

    private static final int PT_LOAD = 1;
    private static final int PT_NOTE = 4;
    private static final int PT_GNU_EH_FRAME = 0x6474e550;
    private static final int SHT_NOBITS = 8;
    private static final int SHT_NOTE = 7;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final int SHN_XINDEX = 0xffff;
    private static final int PN_XNUM = 0xffff;
    /** Unwind sections beyond this are taken for corruption (libjvm's .eh_frame is a few MiB). */
    private static final long MAX_SECTION_SIZE = 512L << 20;
    private static final int MAX_HEADERS = 1 << 16;

    /** A {@code PT_LOAD} segment's file range and where it is loaded. */
    record LoadSegment(long fileOffset, long fileSize, long virtualAddress) {
    }

    /** A section's bytes and its virtual address; {@code bytes} is null when the file lacks the section. */
    record Section(ByteBuffer bytes, long address) {
        static final Section ABSENT = new Section(null, 0);

        boolean present() {
            return bytes != null;
        }
    }

    private final Path path;
    private final List<LoadSegment> loadSegments;
    private final Section ehFrameHdr;
    private final Section ehFrame;
    private final String buildId;

    ElfUnwindImage(Path path, List<LoadSegment> loadSegments, Section ehFrameHdr, Section ehFrame,
            String buildId) {
        this.path = path;
        this.loadSegments = loadSegments;
        this.ehFrameHdr = ehFrameHdr;
        this.ehFrame = ehFrame;
        this.buildId = buildId;
    }

    /**
     * Reads {@code path}.
     *
     * @param machine the {@code e_machine} expected ({@link #EM_X86_64}, {@link #EM_AARCH64})
     * @throws UnwindFormatException when the file is not an ELF64 little-endian file of that machine, or a header
     *                               points outside the file
     */
    static ElfUnwindImage read(Path path, int machine) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            return new Reader(path, channel, machine).read();
        }
    }

    Path path() {
        return path;
    }

    /** The GNU build-id as lowercase hex, or null when the file has none. */
    String buildId() {
        return buildId;
    }

    Section ehFrameHdr() {
        return ehFrameHdr;
    }

    Section ehFrame() {
        return ehFrame;
    }

    List<LoadSegment> loadSegments() {
        return loadSegments;
    }

    /**
     * The virtual address (as in the unwind tables) of the byte at {@code fileOffset}, or -1 when no loadable
     * segment holds it.
     */
    long addressOfFileOffset(long fileOffset) {
        for (LoadSegment segment : loadSegments) {
            long delta = fileOffset - segment.fileOffset();
            if (delta >= 0 && delta < segment.fileSize()) {
                return segment.virtualAddress() + delta;
            }
        }
        return -1;
    }

    /** Reads one file; a class of its own so the fields the headers give can be kept while reading. */
    private static final class Reader {
        private final Path path;
        private final FileChannel channel;
        private final int machine;
        private final long fileSize;

        Reader(Path path, FileChannel channel, int machine) throws IOException {
            this.path = path;
            this.channel = channel;
            this.machine = machine;
            this.fileSize = channel.size();
        }

        ElfUnwindImage read() throws IOException {
            ByteBuffer header = bytes(0, 64, "the 64-byte ELF64 header");
            if (header.getInt(0) != 0x464c457f) {
                throw error(0, "the ELF magic 7f 45 4c 46");
            }
            if (header.get(4) != 2 || header.get(5) != 1) {
                throw error(4, "ELFCLASS64 (2) and ELFDATA2LSB (1), found class " + header.get(4) + " data "
                        + header.get(5));
            }
            int foundMachine = Short.toUnsignedInt(header.getShort(18));
            if (foundMachine != machine) {
                throw error(18, "e_machine " + machine + ", found " + foundMachine);
            }
            long phoff = header.getLong(32);
            long shoff = header.getLong(40);
            int phentsize = Short.toUnsignedInt(header.getShort(54));
            int phnum = Short.toUnsignedInt(header.getShort(56));
            int shentsize = Short.toUnsignedInt(header.getShort(58));
            int shnum = Short.toUnsignedInt(header.getShort(60));
            int shstrndx = Short.toUnsignedInt(header.getShort(62));

            ByteBuffer sectionHeaders = null;
            if (shoff != 0) {
                if (shentsize < 64) {
                    throw error(58, "e_shentsize of at least 64, found " + shentsize);
                }
                ByteBuffer first = bytes(shoff, 64, "section header 0");
                if (shnum == 0) {
                    shnum = checkedCount(first.getLong(32), shoff + 32, "section count in section 0's sh_size");
                }
                if (shstrndx == SHN_XINDEX) {
                    shstrndx = first.getInt(40);
                }
                if (phnum == PN_XNUM) {
                    phnum = first.getInt(44);
                }
                sectionHeaders = bytes(shoff, (long) shnum * shentsize, shnum + " section headers");
            }
            List<LoadSegment> loads = new ArrayList<>();
            ByteBuffer programHeaders = null;
            if (phoff != 0 && phnum != 0) {
                if (phentsize < 56) {
                    throw error(54, "e_phentsize of at least 56, found " + phentsize);
                }
                checkedCount(phnum, 56, "program header count");
                programHeaders = bytes(phoff, (long) phnum * phentsize, phnum + " program headers");
                for (int i = 0; i < phnum; i++) {
                    int at = i * phentsize;
                    if (programHeaders.getInt(at) == PT_LOAD) {
                        loads.add(new LoadSegment(programHeaders.getLong(at + 8), programHeaders.getLong(at + 32),
                                programHeaders.getLong(at + 16)));
                    }
                }
            }

            Section hdr = Section.ABSENT;
            Section frames = Section.ABSENT;
            String id = null;
            if (sectionHeaders != null && shstrndx < shnum) {
                int names = shstrndx * shentsize;
                ByteBuffer nameTable = bytes(sectionHeaders.getLong(names + 24),
                        sectionHeaders.getLong(names + 32), "the section name table");
                for (int i = 0; i < shnum; i++) {
                    int at = i * shentsize;
                    int type = sectionHeaders.getInt(at + 4);
                    if (type == SHT_NOBITS) {
                        continue;
                    }
                    String name = name(nameTable, sectionHeaders.getInt(at));
                    long address = sectionHeaders.getLong(at + 16);
                    long offset = sectionHeaders.getLong(at + 24);
                    long size = sectionHeaders.getLong(at + 32);
                    switch (name) {
                        case ".eh_frame_hdr" -> hdr = new Section(bytes(offset, size, name), address);
                        case ".eh_frame" -> frames = new Section(bytes(offset, size, name), address);
                        default -> {
                            if (type == SHT_NOTE && id == null) {
                                id = buildIdNote(bytes(offset, size, name));
                            }
                        }
                    }
                }
            }
            if (programHeaders != null && (!hdr.present() || id == null)) {
                for (int i = 0; i < phnum; i++) {
                    int at = i * phentsize;
                    int type = programHeaders.getInt(at);
                    long offset = programHeaders.getLong(at + 8);
                    long size = programHeaders.getLong(at + 32);
                    if (type == PT_GNU_EH_FRAME && !hdr.present()) {
                        hdr = new Section(bytes(offset, size, "PT_GNU_EH_FRAME"), programHeaders.getLong(at + 16));
                    } else if (type == PT_NOTE && id == null) {
                        id = buildIdNote(bytes(offset, size, "PT_NOTE"));
                    }
                }
            }
            if (!frames.present() && hdr.present()) {
                frames = ehFrameFromHeader(hdr, loads);
            }
            return new ElfUnwindImage(path, List.copyOf(loads), hdr, frames, id);
        }

        /** {@code .eh_frame} located through {@code eh_frame_ptr}, up to the end of its loadable segment. */
        private Section ehFrameFromHeader(Section hdr, List<LoadSegment> loads) throws IOException {
            SectionReader reader = new SectionReader(path + " PT_GNU_EH_FRAME", hdr.bytes(), hdr.address());
            if (reader.u8() != 1) {
                return Section.ABSENT;
            }
            int pointerEncoding = reader.u8();
            reader.skip(2);
            long address = PointerEncoding.read(reader, pointerEncoding, hdr.address(), 0);
            for (LoadSegment segment : loads) {
                long delta = address - segment.virtualAddress();
                if (delta >= 0 && delta < segment.fileSize()) {
                    return new Section(bytes(segment.fileOffset() + delta, segment.fileSize() - delta,
                            ".eh_frame (from eh_frame_ptr)"), address);
                }
            }
            return Section.ABSENT;
        }

        private String buildIdNote(ByteBuffer notes) {
            int at = 0;
            while (notes.limit() - at >= 12) {
                long nameSize = Integer.toUnsignedLong(notes.getInt(at));
                long descSize = Integer.toUnsignedLong(notes.getInt(at + 4));
                int type = notes.getInt(at + 8);
                long descStart = at + 12 + ((nameSize + 3) & ~3L);
                long next = descStart + ((descSize + 3) & ~3L);
                if (next > notes.limit()) {
                    return null;
                }
                if (type == NT_GNU_BUILD_ID && nameSize == 4 && notes.get(at + 12) == 'G' && notes.get(at + 13) == 'N'
                        && notes.get(at + 14) == 'U' && descSize > 0) {
                    byte[] id = new byte[(int) descSize];
                    notes.get((int) descStart, id);
                    return HexFormat.of().formatHex(id);
                }
                at = (int) next;
            }
            return null;
        }

        private String name(ByteBuffer table, int offset) {
            if (offset < 0 || offset >= table.limit()) {
                return "";
            }
            int end = offset;
            while (end < table.limit() && table.get(end) != 0) {
                end++;
            }
            byte[] text = new byte[end - offset];
            table.get(offset, text);
            return new String(text, StandardCharsets.ISO_8859_1);
        }

        private int checkedCount(long count, long offset, String what) {
            if (count < 0 || count > MAX_HEADERS) {
                throw error(offset, what + " of at most " + MAX_HEADERS + ", found " + Long.toUnsignedString(count));
            }
            return (int) count;
        }

        private ByteBuffer bytes(long offset, long size, String what) throws IOException {
            if (offset < 0 || size < 0 || size > MAX_SECTION_SIZE || offset > fileSize - size) {
                throw error(offset, what + " (" + Long.toUnsignedString(size) + " bytes) within the "
                        + fileSize + "-byte file");
            }
            ByteBuffer buffer = ByteBuffer.allocate((int) size).order(ByteOrder.LITTLE_ENDIAN);
            while (buffer.hasRemaining()) {
                if (channel.read(buffer, offset + buffer.position()) < 0) {
                    throw error(offset + buffer.position(), what + ", but the file ended while reading");
                }
            }
            return buffer.flip();
        }

        private UnwindFormatException error(long offset, String expected) {
            return new UnwindFormatException(path.toString(), offset, expected);
        }
    }
}
