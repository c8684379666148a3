package io.tachyon.unwind.internal;

import java.io.IOException;
import java.nio.file.Path;

/**
 * The unwind tables of one ELF file: its {@code .eh_frame}, the FDE search table, and the loadable segments that
 * turn a mapping's file offsets into the addresses the tables speak. Immutable and shared between threads; the
 * per-thread state of a lookup is the caller's {@link CfiInterpreter}.
 */
final class ModuleUnwindTables {

    private final ElfUnwindImage image;
    private final EhFrame ehFrame;
    private final FdeTable fdes;

    private ModuleUnwindTables(ElfUnwindImage image, EhFrame ehFrame, FdeTable fdes) {
        this.image = image;
        this.ehFrame = ehFrame;
        this.fdes = fdes;
    }

    /**
     * Reads the tables of {@code path}: the search table of {@code .eh_frame_hdr} where it is present and sound,
     * else one built by scanning {@code .eh_frame}.
     *
     * @throws UnwindFormatException when the file is not an ELF file of {@code machine} or has no {@code .eh_frame}
     */
    static ModuleUnwindTables read(Path path, int machine) throws IOException {
        ElfUnwindImage image = ElfUnwindImage.read(path, machine);
        return of(image);
    }

    static ModuleUnwindTables of(ElfUnwindImage image) {
        if (!image.ehFrame().present()) {
            throw new UnwindFormatException(image.path() + ": expected an .eh_frame section (or a PT_GNU_EH_FRAME"
                    + " segment), found none");
        }
        EhFrame ehFrame = new EhFrame(image.path() + " .eh_frame", image.ehFrame().bytes(),
                image.ehFrame().address());
        FdeTable fdes;
        if (image.ehFrameHdr().present()) {
            try {
                fdes = FdeTable.fromHeader(new SectionReader(image.path() + " .eh_frame_hdr",
                        image.ehFrameHdr().bytes(), image.ehFrameHdr().address()), ehFrame);
            } catch (UnwindFormatException e) {
                fdes = FdeTable.byScanning(ehFrame);
            }
        } else {
            fdes = FdeTable.byScanning(ehFrame);
        }
        return new ModuleUnwindTables(image, ehFrame, fdes);
    }

    ElfUnwindImage image() {
        return image;
    }

    EhFrame ehFrame() {
        return ehFrame;
    }

    FdeTable fdes() {
        return fdes;
    }

    /** The file's virtual address of {@code fileOffset}, or -1 when no loadable segment holds it. */
    long addressOfFileOffset(long fileOffset) {
        return image.addressOfFileOffset(fileOffset);
    }

    /**
     * The FDE covering {@code address} (a virtual address of the file), or null when none does.
     *
     * @throws UnwindFormatException when the FDE the table points at is corrupt
     */
    EhFrame.Fde fdeFor(long address) {
        int offset = fdes.candidateFor(address);
        if (offset < 0) {
            return null;
        }
        EhFrame.Fde fde = ehFrame.fdeAt(offset);
        return fde.covers(address) ? fde : null;
    }
}
