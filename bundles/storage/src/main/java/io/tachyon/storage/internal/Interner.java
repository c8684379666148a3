package io.tachyon.storage.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The writer's side of the dictionary: gives strings, frames (addresses) and stacks their ids, and keeps the
 * entries that are new since the last DICTIONARY chunk. A stack is a (parent stack, frame) pair, root first,
 * so stacks that share callers share their prefix; stack 0 is the empty stack. Once it holds more than its
 * limit of entries the writer {@linkplain #reset() resets} it, which bounds the memory of a long recording.
 */
final class Interner {

    private static final int RECENT_STACKS = 4096;

    private final int limit;
    private final long[][] recentFrames = new long[RECENT_STACKS][];
    private final int[] recentIds = new int[RECENT_STACKS];
    private final Map<String, Integer> stringIds = new HashMap<>();
    private final LongIntMap frameIds;
    private final LongIntMap stackIds;
    private int stringCount;
    private int frameCount;
    private int stackCount = 1;

    private long generation;
    private boolean resetPending = true;
    private int firstNewString;
    private int firstNewFrame;
    private int firstNewStack = 1;
    private final List<String> newStrings = new ArrayList<>();
    private final ByteSink newFrames = new ByteSink(1024);
    private long previousNewFrame;
    private final ByteSink newStackParents = new ByteSink(1024);
    private final ByteSink newStackFrames = new ByteSink(1024);

    /** @param limit entries (strings, frames and stacks together) after which the writer resets */
    Interner(int limit) {
        this.limit = limit;
        int expected = Math.min(limit, 1 << 16);
        frameIds = new LongIntMap(expected);
        stackIds = new LongIntMap(expected);
    }

    int size() {
        return stringCount + frameCount + stackCount - 1;
    }

    boolean isFull() {
        return size() >= limit;
    }

    int string(String value) {
        Integer id = stringIds.get(value);
        if (id != null) {
            return id;
        }
        stringIds.put(value, stringCount);
        newStrings.add(value);
        return stringCount++;
    }

    /** The id of the stack whose frames, leaf first, are {@code frames}; 0 for no frames. */
    int stack(long[] frames) {
        if (frames.length == 0) {
            return 0;
        }
        // Hot stacks recur: comparing with the last stack of the same hash is sequential memory, while
        // walking the pairs is a hash lookup per frame.
        int slot = Arrays.hashCode(frames) & (RECENT_STACKS - 1);
        long[] recent = recentFrames[slot];
        if (recent != null && Arrays.equals(recent, frames)) {
            return recentIds[slot];
        }
        int stack = 0;
        for (int i = frames.length - 1; i >= 0; i--) {
            stack = child(stack, frame(frames[i]));
        }
        recentFrames[slot] = frames.clone();
        recentIds[slot] = stack;
        return stack;
    }

    private int frame(long address) {
        int id = frameIds.putIfAbsent(address, frameCount);
        if (id == frameCount) {
            frameCount++;
            newFrames.svar(address - previousNewFrame);
            previousNewFrame = address;
        }
        return id;
    }

    private int child(int parent, int frame) {
        int id = stackIds.putIfAbsent(((long) parent << 32) | (frame & 0xFFFFFFFFL), stackCount);
        if (id == stackCount) {
            stackCount++;
            newStackParents.uvar(id - parent);
            newStackFrames.uvar(frame);
        }
        return id;
    }

    /** How many times the dictionary started anew; EVENTS and DICTIONARY chunks name it. */
    long generation() {
        return generation;
    }

    boolean isResetPending() {
        return resetPending;
    }

    boolean hasNewEntries() {
        return resetPending || !newStrings.isEmpty() || frameCount > firstNewFrame || stackCount > firstNewStack;
    }

    /**
     * Writes the entries that are new since the last call, as the decompressed block of a DICTIONARY chunk; the
     * chunk's flags are {@link #isResetPending()} before the call.
     */
    void writeNewEntries(ByteSink out) {
        out.uvar(firstNewString);
        out.uvar(newStrings.size());
        for (String value : newStrings) {
            out.string(value);
        }
        out.uvar(firstNewFrame);
        out.uvar(frameCount - firstNewFrame);
        out.bytes(newFrames.array(), 0, newFrames.size());
        out.uvar(firstNewStack);
        out.uvar(stackCount - firstNewStack);
        out.bytes(newStackParents.array(), 0, newStackParents.size());
        out.bytes(newStackFrames.array(), 0, newStackFrames.size());
        resetPending = false;
        forgetNewEntries();
    }

    /** Forgets every entry: ids start again at 0 with the next DICTIONARY chunk, which says so. */
    void reset() {
        stringIds.clear();
        frameIds.clear();
        stackIds.clear();
        Arrays.fill(recentFrames, null);
        stringCount = 0;
        frameCount = 0;
        stackCount = 1;
        generation++;
        resetPending = true;
        forgetNewEntries();
    }

    private void forgetNewEntries() {
        firstNewString = stringCount;
        firstNewFrame = frameCount;
        firstNewStack = stackCount;
        newStrings.clear();
        newFrames.clear();
        previousNewFrame = 0;
        newStackParents.clear();
        newStackFrames.clear();
    }
}
