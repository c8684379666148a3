package io.tachyon.symbols.internal;

/** One entry of the program header table. Offsets, addresses and sizes are unsigned. */
public record ElfProgramHeader(int type, int flags, long offset, long virtualAddress, long fileSize, long memorySize,
        long alignment) {

    public static final int PT_LOAD = 1;
    public static final int PT_NOTE = 4;
    public static final int PF_X = 1;

    public boolean isExecutable() {
        return (flags & PF_X) != 0;
    }
}
