package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.event.ModuleMapping;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Interned stacks as the api's frame lists, outermost caller first. Each stack is turned into a list once;
 * the model is shared between threads, so the cache is concurrent.
 */
final class StackFrames {

    private final StackTable stacks;
    private final FunctionTable functions;
    private final Map<Integer, List<StackFrame>> cache = new ConcurrentHashMap<>();

    StackFrames(StackTable stacks, FunctionTable functions) {
        this.stacks = stacks;
        this.functions = functions;
    }

    /** The frames of {@code stack}; empty for {@link StackTable#ROOT}. */
    List<StackFrame> frames(int stack) {
        if (stack == StackTable.ROOT) {
            return List.of();
        }
        return cache.computeIfAbsent(stack, this::build);
    }

    private List<StackFrame> build(int stack) {
        List<StackFrame> frames = new ArrayList<>();
        for (int frame = stack; frame != StackTable.ROOT; frame = stacks.prefix(frame)) {
            int function = stacks.function(frame);
            String module = functions.moduleName(function);
            frames.add(new StackFrame(functions.name(function), module, module.equals(ModuleMapping.KERNEL_PATH)));
        }
        Collections.reverse(frames);
        return List.copyOf(frames);
    }
}
