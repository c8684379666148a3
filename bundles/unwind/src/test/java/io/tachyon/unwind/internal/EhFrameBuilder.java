package io.tachyon.unwind.internal;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes {@code .eh_frame} (and {@code .eh_frame_hdr}) bytes by hand, as an assembler would: CIEs with "zR" or
 * "zPLR" augmentation and pc-relative sdata4 pointers, FDEs with their CFA programs.
 */
final class EhFrameBuilder {

    static final long SECTION_ADDRESS = 0x5000;
    static final long HEADER_ADDRESS = 0x4f00;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final List<long[]> fdes = new ArrayList<>();

    /** A "zR" CIE (code alignment 1, data alignment -8, return address register 16); returns its offset. */
    int cie(int... instructions) {
        int offset = bytes.size();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 0, 0, 0, 1, 'z', 'R', 0, 1, 0x78, 16, 1, 0x1b});
        for (int instruction : instructions) {
            body.write(instruction);
        }
        entry(body.toByteArray());
        return offset;
    }

    /**
     * A "zPLR" CIE: personality pointer (indirect pcrel sdata4), LSDA and FDE encodings pcrel sdata4, as g++ emits
     * for functions with exception handlers.
     */
    int ciePlr(int... instructions) {
        int offset = bytes.size();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(new byte[] {0, 0, 0, 0, 1, 'z', 'P', 'L', 'R', 0, 1, 0x78, 16, 7, (byte) 0x9b, 0x10, 0x20,
                0x00, 0x00, 0x1b, 0x1b});
        for (int instruction : instructions) {
            body.write(instruction);
        }
        entry(body.toByteArray());
        return offset;
    }

    /** An FDE for [begin, end) under the CIE at {@code cieOffset}; {@code lsda} adds 4 bytes of LSDA pointer. */
    int fde(int cieOffset, long begin, long end, boolean lsda, int... instructions) {
        int offset = bytes.size();
        ByteBuffer head = ByteBuffer.allocate(lsda ? 17 : 13).order(ByteOrder.LITTLE_ENDIAN);
        int idPosition = offset + 4;
        head.putInt(idPosition - cieOffset);
        long pcBeginField = SECTION_ADDRESS + offset + 8;
        head.putInt((int) (begin - pcBeginField));
        head.putInt((int) (end - begin));
        head.put((byte) (lsda ? 4 : 0));
        if (lsda) {
            head.putInt(0x1234);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(head.array());
        for (int instruction : instructions) {
            body.write(instruction);
        }
        entry(body.toByteArray());
        fdes.add(new long[] {begin, offset});
        return offset;
    }

    private void entry(byte[] body) {
        int padded = (body.length + 7) & ~7;
        ByteBuffer length = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(padded);
        bytes.writeBytes(length.array());
        bytes.writeBytes(body);
        bytes.writeBytes(new byte[padded - body.length]);
    }

    byte[] ehFrame() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(bytes.toByteArray());
        out.writeBytes(new byte[4]);
        return out.toByteArray();
    }

    /**
     * An {@code .eh_frame_hdr} with eh_frame_ptr pcrel sdata4, the count udata4 and the table absolute udata4
     * (rather than the usual datarel sdata4, to cover those encodings too).
     */
    byte[] ehFrameHdr() {
        List<long[]> sorted = new ArrayList<>(fdes);
        sorted.sort((a, b) -> Long.compare(a[0], b[0]));
        ByteBuffer hdr = ByteBuffer.allocate(12 + 8 * sorted.size()).order(ByteOrder.LITTLE_ENDIAN);
        hdr.put((byte) 1).put((byte) 0x1b).put((byte) 0x03).put((byte) 0x03);
        hdr.putInt((int) (SECTION_ADDRESS - (HEADER_ADDRESS + 4)));
        hdr.putInt(sorted.size());
        for (long[] fde : sorted) {
            hdr.putInt((int) fde[0]);
            hdr.putInt((int) (SECTION_ADDRESS + fde[1]));
        }
        return hdr.array();
    }

    /** Tables for a file whose bytes are loaded at their file offsets (vaddr == offset, like a small PIE). */
    ModuleUnwindTables tables(boolean withHeader) {
        ElfUnwindImage image = new ElfUnwindImage(Path.of("/synthetic"),
                List.of(new ElfUnwindImage.LoadSegment(0, 0x10000, 0)),
                withHeader ? new ElfUnwindImage.Section(ByteBuffer.wrap(ehFrameHdr()), HEADER_ADDRESS)
                        : ElfUnwindImage.Section.ABSENT,
                new ElfUnwindImage.Section(ByteBuffer.wrap(ehFrame()), SECTION_ADDRESS), null);
        return ModuleUnwindTables.of(image);
    }
}
