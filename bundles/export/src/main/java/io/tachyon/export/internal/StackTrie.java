package io.tachyon.export.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StackFrame;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Call stacks as a tree of nodes (a node: a frame and its caller's node), the shape the Chrome, Firefox and HTML
 * formats store stacks in. Frames are interned too: a frame is a function of a module, numbered in order of
 * first use. Node ids and frame ids count from 0 in the order they are first seen; a node's caller always has a
 * lower id.
 */
final class StackTrie {

    /** The caller of an outermost frame. */
    static final int ROOT = -1;

    private final Map<StackFrame, Integer> frameIds = new LinkedHashMap<>();
    private final List<StackFrame> frames = new ArrayList<>();
    private final Map<Long, Integer> nodeIds = new HashMap<>();
    private final IntColumn parents = new IntColumn();
    private final IntColumn nodeFrames = new IntColumn();
    private final Map<Integer, Integer> nodesByModelStack = new HashMap<>();

    /** The node of a stack of the model, {@link #ROOT} for {@link CaptureModel#NO_STACK}. */
    int node(CaptureModel model, int modelStack) {
        if (modelStack == CaptureModel.NO_STACK) {
            return ROOT;
        }
        Integer known = nodesByModelStack.get(modelStack);
        if (known != null) {
            return known;
        }
        int node = node(model.stack(modelStack));
        nodesByModelStack.put(modelStack, node);
        return node;
    }

    /** The node of {@code stack}, outermost caller first; {@link #ROOT} for an empty stack. */
    int node(List<StackFrame> stack) {
        int node = ROOT;
        for (StackFrame frame : stack) {
            node = child(node, frame(frame));
        }
        return node;
    }

    int child(int parent, int frame) {
        long key = ((long) parent << 32) | (frame & 0xFFFF_FFFFL);
        Integer known = nodeIds.get(key);
        if (known != null) {
            return known;
        }
        int node = parents.size();
        parents.add(parent);
        nodeFrames.add(frame);
        nodeIds.put(key, node);
        return node;
    }

    int frame(StackFrame frame) {
        Integer known = frameIds.get(frame);
        if (known != null) {
            return known;
        }
        frameIds.put(frame, frames.size());
        frames.add(frame);
        return frames.size() - 1;
    }

    int nodeCount() {
        return parents.size();
    }

    int parent(int node) {
        return parents.get(node);
    }

    int frameOf(int node) {
        return nodeFrames.get(node);
    }

    List<StackFrame> frames() {
        return frames;
    }

    /** A growable column of ints. */
    static final class IntColumn {
        private int[] values = new int[64];
        private int size;

        void add(int value) {
            if (size == values.length) {
                values = java.util.Arrays.copyOf(values, size * 2);
            }
            values[size++] = value;
        }

        int get(int index) {
            return values[index];
        }

        int size() {
            return size;
        }
    }
}
