package io.tachyon.unwind.internal;

import java.util.Arrays;

/**
 * FDE start addresses, sorted, with each FDE's offset in {@code .eh_frame}: the binary-search table of
 * {@code .eh_frame_hdr}, or, where a file has none (or a broken one), the same table built by scanning
 * {@code .eh_frame}.
 */
final class FdeTable {

    private static final int EH_FRAME_HDR_VERSION = 1;

    private final long[] starts;
    private final int[] fdeOffsets;

    private FdeTable(long[] starts, int[] fdeOffsets) {
        this.starts = starts;
        this.fdeOffsets = fdeOffsets;
    }

    int size() {
        return starts.length;
    }

    /**
     * Reads the search table of {@code .eh_frame_hdr} (version, eh_frame_ptr_enc, fde_count_enc, table_enc,
     * eh_frame_ptr, fde_count, then (initial_location, fde_address) pairs).
     *
     * @throws UnwindFormatException when the header is malformed, has no table, its entries are not sorted or
     *                               point outside {@code ehFrame}
     */
    static FdeTable fromHeader(SectionReader hdr, EhFrame ehFrame) {
        long base = hdr.sectionAddress();
        int version = hdr.u8();
        if (version != EH_FRAME_HDR_VERSION) {
            throw new UnwindFormatException(hdr.name(), 0, ".eh_frame_hdr version 1, found " + version);
        }
        int framePointerEncoding = hdr.u8();
        int countEncoding = hdr.u8();
        int tableEncoding = hdr.u8();
        PointerEncoding.read(hdr, framePointerEncoding, base, 0);
        if (countEncoding == PointerEncoding.OMIT || tableEncoding == PointerEncoding.OMIT) {
            throw new UnwindFormatException(hdr.name(), 2, "a binary search table, but the header omits it");
        }
        int countAt = hdr.position();
        long count = PointerEncoding.read(hdr, countEncoding, base, 0);
        int remaining = hdr.size() - hdr.position();
        if (count < 0 || count > remaining / 2) {
            throw new UnwindFormatException(hdr.name(), countAt, "an FDE count that fits the " + remaining
                    + " bytes of table, found " + Long.toUnsignedString(count));
        }
        long[] starts = new long[(int) count];
        int[] offsets = new int[(int) count];
        for (int i = 0; i < count; i++) {
            int at = hdr.position();
            starts[i] = PointerEncoding.read(hdr, tableEncoding, base, 0);
            long fdeOffset = PointerEncoding.read(hdr, tableEncoding, base, 0) - ehFrame.address();
            if (fdeOffset < 0 || fdeOffset >= ehFrame.size()) {
                throw new UnwindFormatException(hdr.name(), at, "an FDE address inside .eh_frame");
            }
            if (i > 0 && Long.compareUnsigned(starts[i], starts[i - 1]) < 0) {
                throw new UnwindFormatException(hdr.name(), at, "table entries sorted by initial location");
            }
            offsets[i] = (int) fdeOffset;
        }
        return new FdeTable(starts, offsets);
    }

    /** Builds the table by reading every FDE of {@code ehFrame} (what a missing header leaves to do). */
    static FdeTable byScanning(EhFrame ehFrame) {
        long[][] found = {new long[64]};
        int[] count = {0};
        ehFrame.forEachFde((fde, offset) -> {
            if (count[0] == found[0].length) {
                found[0] = Arrays.copyOf(found[0], count[0] * 2);
            }
            found[0][count[0]++] = fde.pcBegin() ^ Long.MIN_VALUE;
            found[0][count[0]++] = offset;
        });
        int n = count[0] / 2;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        long[] pairs = found[0];
        Arrays.sort(order, (a, b) -> Long.compare(pairs[2 * a], pairs[2 * b]));
        long[] starts = new long[n];
        int[] offsets = new int[n];
        for (int i = 0; i < n; i++) {
            starts[i] = pairs[2 * order[i]] ^ Long.MIN_VALUE;
            offsets[i] = (int) pairs[2 * order[i] + 1];
        }
        return new FdeTable(starts, offsets);
    }

    /** The {@code .eh_frame} offset of the last FDE starting at or below {@code address}, or -1. */
    int candidateFor(long address) {
        int low = 0;
        int high = starts.length - 1;
        int found = -1;
        while (low <= high) {
            int middle = (low + high) >>> 1;
            if (Long.compareUnsigned(starts[middle], address) <= 0) {
                found = middle;
                low = middle + 1;
            } else {
                high = middle - 1;
            }
        }
        return found < 0 ? -1 : fdeOffsets[found];
    }
}
