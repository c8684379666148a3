package io.tachyon.symbols.internal.dwarf;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/**
 * The DWARF sections of one file, uncompressed, in the file's byte order; a section the file lacks is an empty
 * buffer. {@code description} names the file in error messages.
 */
public record DwarfSections(String description, ByteOrder byteOrder, ByteBuffer info, ByteBuffer abbrev,
        ByteBuffer line, ByteBuffer str, ByteBuffer lineStr, ByteBuffer ranges, ByteBuffer rnglists,
        ByteBuffer addr, ByteBuffer strOffsets) {

    /** The section names, in the order of the record's buffers after {@code byteOrder}. */
    public static final String[] NAMES = {".debug_info", ".debug_abbrev", ".debug_line", ".debug_str",
            ".debug_line_str", ".debug_ranges", ".debug_rnglists", ".debug_addr", ".debug_str_offsets"};

    /**
     * Mapped sections up to this size are copied into the heap, where {@link DwarfCursor} reads them several times
     * faster; larger ones stay mapped rather than fill the heap.
     */
    private static final int LARGEST_SECTION_COPIED = 64 << 20;

    /** Gives one section's bytes uncompressed (inflating it if need be), or empty when the file lacks it. */
    @FunctionalInterface
    public interface SectionReader<E extends Exception> {
        Optional<ByteBuffer> read(String name) throws E;
    }

    /**
     * Reads the sections through {@code reader}. .debug_info, the largest by far, is read (inflated) on a thread of
     * its own while this thread reads the others: inflating is most of the cost of opening compressed DWARF.
     */
    public static <E extends Exception> DwarfSections read(String description, ByteOrder byteOrder,
            SectionReader<E> reader) throws E {
        FutureTask<ByteBuffer> info = new FutureTask<>(() -> section(reader, NAMES[0], byteOrder));
        Thread inflating = new Thread(info, "Tachyon DWARF reader " + description);
        inflating.setDaemon(true);
        inflating.start();
        ByteBuffer[] buffers = new ByteBuffer[NAMES.length];
        try {
            for (int i = 1; i < NAMES.length; i++) {
                buffers[i] = section(reader, NAMES[i], byteOrder);
            }
        } catch (Exception | Error e) {
            // The other sections failed, so .debug_info is not wanted either: its thread ends once inflating it
            // returns (bounded work, no lock held), and nothing waits for it.
            info.cancel(true);
            throw e;
        }
        buffers[0] = joinUninterruptibly(info);
        return new DwarfSections(description, byteOrder, buffers[0], buffers[1], buffers[2], buffers[3], buffers[4],
                buffers[5], buffers[6], buffers[7], buffers[8]);
    }

    private static <E extends Exception> ByteBuffer section(SectionReader<E> reader, String name, ByteOrder order)
            throws E {
        ByteBuffer bytes = reader.read(name).orElse(empty(order));
        if (!bytes.hasArray() && bytes.limit() <= LARGEST_SECTION_COPIED) {
            byte[] copy = new byte[bytes.limit()];
            bytes.get(0, copy);
            bytes = ByteBuffer.wrap(copy);
        }
        return bytes.order(order);
    }

    /** The task's result; its exception (the reader's, or unchecked) rethrown as it is. */
    @SuppressWarnings("unchecked")
    private static <E extends Exception> ByteBuffer joinUninterruptibly(FutureTask<ByteBuffer> task) throws E {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return task.get();
                } catch (InterruptedException e) {
                    interrupted = true;
                } catch (ExecutionException e) {
                    Throwable cause = e.getCause();
                    if (cause instanceof RuntimeException unchecked) {
                        throw unchecked;
                    }
                    if (cause instanceof Error error) {
                        throw error;
                    }
                    throw (E) cause;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public static ByteBuffer empty(ByteOrder order) {
        return ByteBuffer.allocate(0).order(order);
    }

    public boolean hasLines() {
        return line.limit() > 0;
    }

    DwarfCursor cursor(ByteBuffer section, String name, long position) throws DwarfFormatException {
        return new DwarfCursor(section, description, name, position);
    }
}
