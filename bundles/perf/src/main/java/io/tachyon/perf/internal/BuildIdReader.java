package io.tachyon.perf.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads the GNU build-id of an ELF file from its PT_NOTE segments, or of a bare note section such as
 * {@code /sys/kernel/notes}. Reads only the ELF header, the program headers and the notes, so it is cheap
 * enough to run for every module of a process.
 */
final class BuildIdReader {

    /** "\177ELF" read in big-endian order. */
    private static final int ELF_MAGIC = 0x7f454c46;
    private static final int PT_NOTE = 4;
    private static final int NT_GNU_BUILD_ID = 3;
    private static final int MAX_NOTES_SIZE = 64 * 1024;
    private static final int MAX_PROGRAM_HEADERS = 512;

    private BuildIdReader() {
    }

    /** The build-id of the ELF file at {@code path}; empty when it is not ELF or has none. */
    static Optional<String> ofElfFile(Path path) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            return ofElf((position, length) -> read(file, position, length));
        }
    }

    /** The build-id of an ELF image held in memory (the vDSO as a process maps it); empty when it has none. */
    static Optional<String> ofElfImage(byte[] image) {
        try {
            return ofElf((position, length) -> {
                int from = (int) Math.min(Math.max(position, 0), image.length);
                return ByteBuffer.wrap(image, from, Math.min(length, image.length - from)).slice();
            });
        } catch (IOException e) {
            throw new IllegalStateException("reading an array failed", e);
        }
    }

    /** Bytes of an ELF file from {@code position}: fewer than {@code length} at its end. */
    private interface Bytes {
        ByteBuffer read(long position, int length) throws IOException;
    }

    private static Optional<String> ofElf(Bytes file) throws IOException {
        ByteBuffer elfHeader = file.read(0, 64);
        if (elfHeader.remaining() < 52 || elfHeader.getInt(0) != ELF_MAGIC) {
            return Optional.empty();
        }
        boolean elf64 = elfHeader.get(4) == 2;
        elfHeader.order(elfHeader.get(5) == 2 ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        long programHeaders = elf64 ? elfHeader.getLong(32) : Integer.toUnsignedLong(elfHeader.getInt(28));
        int entrySize = Short.toUnsignedInt(elfHeader.getShort(elf64 ? 54 : 42));
        int count = Math.min(Short.toUnsignedInt(elfHeader.getShort(elf64 ? 56 : 44)), MAX_PROGRAM_HEADERS);
        ByteBuffer table = file.read(programHeaders, entrySize * count).order(elfHeader.order());
        int available = entrySize == 0 ? 0 : Math.min(count, table.remaining() / entrySize);
        for (int i = 0; i < available; i++) {
            int entry = i * entrySize;
            if (table.getInt(entry) != PT_NOTE) {
                continue;
            }
            long offset = elf64 ? table.getLong(entry + 8) : Integer.toUnsignedLong(table.getInt(entry + 4));
            long size = elf64 ? table.getLong(entry + 32) : Integer.toUnsignedLong(table.getInt(entry + 16));
            long align = elf64 ? table.getLong(entry + 48) : Integer.toUnsignedLong(table.getInt(entry + 28));
            if (size <= 0 || size > MAX_NOTES_SIZE) {
                continue;
            }
            ByteBuffer notes = file.read(offset, (int) size).order(elfHeader.order());
            Optional<String> buildId = inNotes(notes, align == 8 ? 8 : 4);
            if (buildId.isPresent()) {
                return buildId;
            }
        }
        return Optional.empty();
    }

    /** The build-id in a sequence of ELF notes in native byte order with 4-byte alignment. */
    static Optional<String> ofNotesFile(Path path) throws IOException {
        try (FileChannel file = FileChannel.open(path, StandardOpenOption.READ)) {
            return inNotes(read(file, 0, MAX_NOTES_SIZE).order(ByteOrder.nativeOrder()), 4);
        }
    }

    static Optional<String> inNotes(ByteBuffer notes, int alignment) {
        int position = 0;
        while (position + 12 <= notes.remaining()) {
            int nameSize = notes.getInt(position);
            int descriptorSize = notes.getInt(position + 4);
            int type = notes.getInt(position + 8);
            if (nameSize < 0 || descriptorSize < 0) {
                return Optional.empty();
            }
            int name = position + 12;
            int descriptor = name + align(nameSize, alignment);
            int next = descriptor + align(descriptorSize, alignment);
            if (next > notes.remaining() || next <= position) {
                return Optional.empty();
            }
            if (type == NT_GNU_BUILD_ID && nameSize == 4 && isGnu(notes, name)) {
                byte[] id = new byte[descriptorSize];
                notes.get(descriptor, id);
                return Optional.of(HexFormat.of().formatHex(id));
            }
            position = next;
        }
        return Optional.empty();
    }

    private static boolean isGnu(ByteBuffer notes, int name) {
        byte[] bytes = new byte[4];
        notes.get(name, bytes);
        return new String(bytes, StandardCharsets.US_ASCII).equals("GNU\0");
    }

    private static int align(int value, int alignment) {
        return (value + alignment - 1) & -alignment;
    }

    private static ByteBuffer read(FileChannel file, long position, int length) throws IOException {
        ByteBuffer buffer = ByteBuffer.allocate(length);
        while (buffer.hasRemaining()) {
            if (file.read(buffer, position + buffer.position()) < 0) {
                break;
            }
        }
        buffer.flip();
        return buffer.slice();
    }
}
