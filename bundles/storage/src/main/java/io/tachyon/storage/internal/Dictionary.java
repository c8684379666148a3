package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static io.tachyon.storage.internal.TcapFormat.DICTIONARY_RESET;

/**
 * The reader's side of the dictionary: the strings, frames and stacks of the DICTIONARY chunks read so far
 * (since the last reset). Entries only refer to entries before them, so a stack's walk to the root always
 * ends and its depth is known when it is added.
 */
final class Dictionary {

    /** Bounds the memory of expanded stacks (8 bytes a frame): past it, further stacks are expanded per event. */
    private static final long MAX_EXPANDED_FRAMES = 1 << 23;

    private final List<String> strings = new ArrayList<>();
    private long[] frames = new long[1024];
    private int frameCount;
    private int[] stackParent = new int[1024];
    private int[] stackFrame = new int[1024];
    private int[] stackDepth = new int[1024];
    private int stackCount = 1;
    /**
     * The frames of the stacks already expanded, by stack id: events repeat few stacks, so one array per stack
     * spares an allocation per event (and lets a consumer recognise a repeated stack by identity).
     */
    private long[][] expanded = new long[1024][];
    private long expandedFrames;

    /**
     * What starts a DICTIONARY payload, before its compressed entries.
     *
     * @param reset      the chunk starts a new dictionary: the entries before it are forgotten
     * @param generation how many times the writer's dictionary started anew before this chunk's entries
     */
    record Header(boolean reset, long generation) {

        static Header read(ByteSource payload) throws CaptureFormatException {
            int flagsAt = payload.position();
            int flags = payload.u8("flags");
            if ((flags & ~DICTIONARY_RESET) != 0) {
                throw payload.damage(flagsAt, String.format("unknown flags 0x%02x", flags));
            }
            return new Header((flags & DICTIONARY_RESET) != 0, payload.uvar("generation"));
        }
    }

    /** No generation yet: no DICTIONARY chunk has been applied. */
    private long generation = -1;

    /** Checks that an EVENTS chunk of dictionary generation {@code expected} may be decoded with this dictionary. */
    void requireGeneration(ByteSource in, int at, long expected) throws CaptureFormatException {
        if (expected != generation) {
            throw in.damage(at, "the chunk uses dictionary generation " + Long.toUnsignedString(expected)
                    + ", but the dictionary read before it is " + (generation < 0 ? "missing" : "generation " + generation)
                    + " (a DICTIONARY chunk is missing)");
        }
    }

    /**
     * Adds the entries of one DICTIONARY chunk (its decompressed block), checking that they continue this
     * dictionary; a reset forgets the entries before.
     */
    void apply(Header header, ByteSource in) throws CaptureFormatException {
        if (!header.reset() && header.generation() != generation) {
            throw in.damage(0, "the chunk continues dictionary generation " + Long.toUnsignedString(header.generation())
                    + ", but the dictionary read before it is " + (generation < 0 ? "missing" : "generation " + generation)
                    + " (a DICTIONARY chunk is missing)");
        }
        if (header.reset()) {
            generation = header.generation();
            strings.clear();
            frameCount = 0;
            stackCount = 1;
            Arrays.fill(expanded, null);
            expandedFrames = 0;
        }
        expectFirst(in, "first string id", strings.size());
        int newStrings = in.count("string count", 1);
        for (int i = 0; i < newStrings; i++) {
            strings.add(in.string("string"));
        }
        expectFirst(in, "first frame id", frameCount);
        int newFrames = in.count("frame count", 1);
        frames = ensure(frames, frameCount + newFrames);
        long address = 0;
        for (int i = 0; i < newFrames; i++) {
            address += in.svar("frame address");
            frames[frameCount++] = address;
        }
        expectFirst(in, "first stack id", stackCount);
        int newStacks = in.count("stack count", 2);
        int first = stackCount;
        stackParent = ensure(stackParent, first + newStacks);
        stackFrame = ensure(stackFrame, first + newStacks);
        stackDepth = ensure(stackDepth, first + newStacks);
        for (int id = first; id < first + newStacks; id++) {
            int at = in.position();
            long distance = in.uvar("stack parent distance");
            if (distance < 1 || distance > id) {
                throw in.damage(at, "stack " + id + " has parent distance " + Long.toUnsignedString(distance)
                        + "; expected 1.." + id + " (a parent comes before its child)");
            }
            int parent = id - (int) distance;
            stackParent[id] = parent;
            stackDepth[id] = stackDepth[parent] + 1;
        }
        for (int id = first; id < first + newStacks; id++) {
            stackFrame[id] = in.below("stack frame id", frameCount);
        }
        stackCount = first + newStacks;
        in.expectEnd("DICTIONARY entries");
    }

    String string(ByteSource in, String field) throws CaptureFormatException {
        return strings.get(in.below(field + " string id", strings.size()));
    }

    /** A nullable string id: id + 1, 0 for null. */
    String nullableString(ByteSource in, String field) throws CaptureFormatException {
        int idPlusOne = in.below(field + " string id", strings.size() + 1L);
        return idPlusOne == 0 ? null : strings.get(idPlusOne - 1);
    }

    /** A stack id; {@code field} names it in errors (e.g. "Sample.userStack stack id"). */
    int stack(ByteSource in, String field) throws CaptureFormatException {
        return in.below(field, stackCount);
    }

    /** The frames of {@code stack}, leaf first: the same array each time while memory allows (never modify it). */
    long[] frames(int stack) {
        if (stack < expanded.length && expanded[stack] != null) {
            return expanded[stack];
        }
        long[] frames = new long[stackDepth[stack]];
        int node = stack;
        for (int i = 0; i < frames.length; i++) {
            frames[i] = this.frames[stackFrame[node]];
            node = stackParent[node];
        }
        if (expandedFrames + frames.length <= MAX_EXPANDED_FRAMES) {
            if (stack >= expanded.length) {
                expanded = Arrays.copyOf(expanded, Math.max(stack + 1, expanded.length * 2));
            }
            expanded[stack] = frames;
            expandedFrames += frames.length;
        }
        return frames;
    }

    private static void expectFirst(ByteSource in, String field, long expected) throws CaptureFormatException {
        int at = in.position();
        long first = in.uvar(field);
        if (first != expected) {
            throw in.damage(at, field + " is " + Long.toUnsignedString(first) + " but the dictionary holds "
                    + expected + " (a DICTIONARY chunk before this one is missing or out of place)");
        }
    }

    private static long[] ensure(long[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }

    private static int[] ensure(int[] array, int size) {
        return size <= array.length ? array : Arrays.copyOf(array, Math.max(size, array.length * 2));
    }
}
