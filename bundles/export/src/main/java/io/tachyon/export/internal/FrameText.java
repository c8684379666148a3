package io.tachyon.export.internal;

import io.tachyon.api.analysis.StackFrame;

import java.util.List;

/** Frames as text for the line-based formats. */
final class FrameText {

    /** The name of the stack of a sample that has no frames. */
    static final String NO_FRAMES = "[no frames]";

    private FrameText() {
    }

    /**
     * A frame as flamegraph.pl and inferno read it: no {@code ;} (their separator) or line breaks in it, and
     * kernel frames ending in {@code _[k]}, the suffix their kernel colouring looks for.
     */
    static String collapsed(StackFrame frame) {
        String name = frame.function().replace(';', ':').replace('\n', ' ');
        return frame.kernel() ? name + "_[k]" : name;
    }

    /** A stack as one collapsed line's first part, outermost caller first. */
    static String collapsed(List<StackFrame> frames) {
        if (frames.isEmpty()) {
            return NO_FRAMES;
        }
        StringBuilder line = new StringBuilder();
        for (StackFrame frame : frames) {
            if (!line.isEmpty()) {
                line.append(';');
            }
            line.append(collapsed(frame));
        }
        return line.toString();
    }
}
