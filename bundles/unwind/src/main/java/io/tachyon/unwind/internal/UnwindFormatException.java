package io.tachyon.unwind.internal;

/**
 * Unwind data that cannot be read: a truncated or corrupt ELF file, {@code .eh_frame_hdr} or {@code .eh_frame},
 * or a CFA program or DWARF expression this unwinder does not understand. The message names the place (file or
 * section, offset) and what was expected there. Never leaves the unwinder: the walk stops where it is raised.
 */
final class UnwindFormatException extends RuntimeException {

    UnwindFormatException(String where, long offset, String expected) {
        super(where + " at offset 0x" + Long.toHexString(offset) + ": expected " + expected);
    }

    UnwindFormatException(String message) {
        super(message);
    }
}
