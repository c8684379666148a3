package io.tachyon.symbols.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small freestanding programs compiled here, and big-endian copies of them for the byte-order paths. */
final class TestPrograms {

    /** No libc, so it links as ELF32 too without 32-bit libraries; "bare" is a zero-size function. */
    static final String FREESTANDING = """
            int counter;
            static int helper(int x) { return x * 3 + counter; }
            int compute(int n) { int s = 0; for (int i = 0; i < n; i++) s += helper(i); return s; }
            __asm__(".text\\n.globl bare\\n.type bare,@function\\nbare:\\n nop\\n nop\\n ret\\n");
            void _start(void) { counter = compute(10); for (;;) { } }
            """;

    private TestPrograms() {
    }

    static Path freestanding64(Path dir) throws IOException {
        return Tools.compile(dir, "free64", FREESTANDING, "-O1", "-nostdlib", "-static", "-no-pie", "-fno-pie",
                "-fno-asynchronous-unwind-tables", "-Wl,--build-id");
    }

    static Path freestanding32(Path dir) throws IOException {
        return Tools.compile(dir, "free32", FREESTANDING, "-m32", "-O1", "-nostdlib", "-static", "-no-pie", "-fno-pie",
                "-fno-asynchronous-unwind-tables", "-Wl,--build-id");
    }

    private static final int[] HEADER64 = {2, 2, 4, 8, 8, 8, 4, 2, 2, 2, 2, 2, 2};
    private static final int[] HEADER32 = {2, 2, 4, 4, 4, 4, 4, 2, 2, 2, 2, 2, 2};
    private static final int[] PHDR64 = {4, 4, 8, 8, 8, 8, 8, 8};
    private static final int[] PHDR32 = {4, 4, 4, 4, 4, 4, 4, 4};
    private static final int[] SHDR64 = {4, 4, 8, 8, 8, 8, 4, 4, 8, 8};
    private static final int[] SHDR32 = {4, 4, 4, 4, 4, 4, 4, 4, 4, 4};
    private static final int[] SYM64 = {4, 1, 1, 2, 8, 8};
    private static final int[] SYM32 = {4, 4, 4, 1, 1, 2};

    /**
     * Writes a big-endian copy of a little-endian ELF file: the header, program and section headers, symbol
     * tables and note headers are byte-swapped (code and other data stay as they were; readelf and nm read such
     * a file fine, which makes them the reference for it).
     */
    static Path toBigEndian(Path littleEndian, Path out) throws IOException {
        byte[] bytes = Files.readAllBytes(littleEndian);
        ByteBuffer le = ByteBuffer.wrap(bytes.clone()).order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer be = ByteBuffer.wrap(bytes).order(ByteOrder.BIG_ENDIAN);
        boolean is64 = bytes[4] == 2;
        bytes[5] = 2;
        swap(le, be, 16, is64 ? HEADER64 : HEADER32);
        long phoff = is64 ? le.getLong(32) : le.getInt(28);
        int phentsize = le.getShort(is64 ? 54 : 42);
        int phnum = le.getShort(is64 ? 56 : 44);
        long shoff = is64 ? le.getLong(40) : le.getInt(32);
        int shentsize = le.getShort(is64 ? 58 : 46);
        int shnum = le.getShort(is64 ? 60 : 48);
        for (int i = 0; i < phnum; i++) {
            swap(le, be, (int) (phoff + (long) i * phentsize), is64 ? PHDR64 : PHDR32);
        }
        for (int i = 0; i < shnum; i++) {
            int base = (int) (shoff + (long) i * shentsize);
            int type = le.getInt(base + 4);
            int offset = (int) (is64 ? le.getLong(base + 24) : le.getInt(base + 16));
            int size = (int) (is64 ? le.getLong(base + 32) : le.getInt(base + 20));
            long align = is64 ? le.getLong(base + 48) : le.getInt(base + 32);
            if (type == ElfSection.SHT_SYMTAB || type == ElfSection.SHT_DYNSYM) {
                int entry = is64 ? 24 : 16;
                for (int at = offset; at + entry <= offset + size; at += entry) {
                    swap(le, be, at, is64 ? SYM64 : SYM32);
                }
            } else if (type == ElfSection.SHT_NOTE) {
                int a = align == 8 ? 8 : 4;
                for (int at = offset; at + 12 <= offset + size; ) {
                    int nameSize = le.getInt(at);
                    int descSize = le.getInt(at + 4);
                    swap(le, be, at, new int[] {4, 4, 4});
                    int descStart = at + ((12 + nameSize + a - 1) & -a);
                    at = descStart + ((descSize + a - 1) & -a);
                }
            }
            swap(le, be, base, is64 ? SHDR64 : SHDR32);
        }
        Files.write(out, bytes);
        return out;
    }

    private static void swap(ByteBuffer le, ByteBuffer be, int position, int[] fieldSizes) {
        int at = position;
        for (int size : fieldSizes) {
            switch (size) {
                case 2 -> be.putShort(at, le.getShort(at));
                case 4 -> be.putInt(at, le.getInt(at));
                case 8 -> be.putLong(at, le.getLong(at));
                default -> { }
            }
            at += size;
        }
    }
}
