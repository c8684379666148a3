package io.tachyon.api.analysis;

import java.util.List;
import java.util.Objects;

/**
 * One function with its direct callers and callees over the samples of a model.
 * <p>
 * For a caller {@code C}: {@code totalSamples}/{@code totalNanos} are the samples whose stack has {@code C} calling
 * the function directly (counted once per sample, however often recursion repeats the pair);
 * {@code selfSamples}/{@code selfNanos} those whose stack ends with {@code C} then the function (the function's
 * own time when called from {@code C}). For a callee {@code E} likewise: total = samples where the function calls
 * {@code E} directly, self = samples whose stack ends with the function then {@code E} (the callee's own time
 * when called from the function). A sample where the function is the outermost frame has no caller, so the
 * callers' totals may add up to less than the function's.
 *
 * @param function the function, its self and total as in {@link CaptureModel#functions()}
 * @param callers  its direct callers, by total nanoseconds, highest first, then by name
 * @param callees  the functions it called directly, in the same order
 * @since 1.4
 */
public record Butterfly(FunctionCost function, List<FunctionCost> callers, List<FunctionCost> callees) {

    public Butterfly {
        Objects.requireNonNull(function, "function");
        callers = List.copyOf(callers);
        callees = List.copyOf(callees);
    }
}
