package io.tachyon.symbols.internal;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;

/** ELF note lists (SHT_NOTE sections, PT_NOTE segments, /sys/kernel/notes). */
final class ElfNotes {

    private static final long NT_GNU_BUILD_ID = 3;

    private ElfNotes() {
    }

    /**
     * The descriptor of the first "GNU" NT_GNU_BUILD_ID note, as lowercase hex. The descriptor and the next note
     * start at multiples of {@code alignment} (8 for 8-aligned note areas such as .note.gnu.property, else 4).
     */
    static Optional<String> findGnuBuildId(ElfRegion notes, long alignment) throws ElfFormatException {
        long align = alignment == 8 ? 8 : 4;
        long position = 0;
        while (notes.length() - position >= 12) {
            long nameSize = notes.u32(position, "note n_namesz");
            long descSize = notes.u32(position + 4, "note n_descsz");
            long noteType = notes.u32(position + 8, "note n_type");
            long nameStart = position + 12;
            long descStart = position + alignUp(12 + nameSize, align);
            if (descStart + descSize > notes.length()) {
                throw new ElfFormatException(notes.file(), notes.fileOffset() + position, "a note with a " + nameSize
                        + "-byte name and a " + descSize + "-byte descriptor to fit in its note area of "
                        + notes.length() + " bytes");
            }
            if (noteType == NT_GNU_BUILD_ID && nameSize == 4 && "GNU\0"
                    .equals(new String(notes.bytes(nameStart, 4, "note name"), StandardCharsets.ISO_8859_1))) {
                return Optional.of(HexFormat.of().formatHex(notes.bytes(descStart, (int) descSize, "build-id")));
            }
            position = descStart + alignUp(descSize, align);
        }
        return Optional.empty();
    }

    private static long alignUp(long value, long align) {
        return (value + align - 1) & -align;
    }
}
