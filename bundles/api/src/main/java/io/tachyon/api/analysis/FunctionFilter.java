package io.tachyon.api.analysis;

import java.util.List;
import java.util.Objects;

/**
 * Which samples and frames a view keeps, by function, as the {@code --focus}, {@code --exclude} and {@code --merge}
 * options of the report commands select them.
 * <p>
 * A name matches a frame when it equals the frame's {@link StackFrame#function() display name}; a name ending in
 * {@code *} matches every display name that starts with what comes before the {@code *} (so {@code std::*} matches
 * every function of {@code std}, and {@code *} alone every function).
 * <p>
 * The three parts apply to each sample's stack in this order:
 * <ol>
 * <li>{@code exclude}: a sample whose stack has a frame matching any of these names is dropped;</li>
 * <li>{@code merge}: every frame matching any of these names is taken off the stack, so its self time becomes its
 * caller's (a sample left without frames keeps its time, without a stack);</li>
 * <li>{@code focus}: for each name in order, a sample whose stack has no matching frame is dropped, and the others
 * are re-rooted at their outermost matching frame (the frames that called it are taken off). Several names so
 * narrow step by step: {@code [a, b]} keeps the samples where {@code b} runs under {@code a}, rooted at the
 * outermost {@code b} under the outermost {@code a}.</li>
 * </ol>
 * Filtering a function-filtered model applies the second filter to the stacks the first one left.
 *
 * @param focus   functions to focus on, in order
 * @param exclude functions whose samples are dropped
 * @param merge   functions whose frames are removed
 * @since 1.4
 */
public record FunctionFilter(List<String> focus, List<String> exclude, List<String> merge) {

    /** Keeps everything. */
    public static final FunctionFilter NONE = new FunctionFilter(List.of(), List.of(), List.of());

    public FunctionFilter {
        focus = copyOfNames(focus, "focus");
        exclude = copyOfNames(exclude, "exclude");
        merge = copyOfNames(merge, "merge");
    }

    /** Whether this filter keeps every sample and frame as it is. */
    public boolean acceptsAll() {
        return focus.isEmpty() && exclude.isEmpty() && merge.isEmpty();
    }

    /** Whether the display name {@code function} matches {@code name} (see the class comment). */
    public static boolean matches(String name, String function) {
        if (name.endsWith("*")) {
            return function.startsWith(name.substring(0, name.length() - 1));
        }
        return name.equals(function);
    }

    private static List<String> copyOfNames(List<String> names, String part) {
        Objects.requireNonNull(names, part);
        for (String name : names) {
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("an empty function name in " + part);
            }
        }
        return List.copyOf(names);
    }
}
