package io.tachyon.api.analysis;

/**
 * The cost of one function over the samples of a model.
 *
 * @param function     the function's display name (demangled where the source could), or
 *                     {@code module+0xoffset} when no source could name it
 * @param module       the file name of the module it lives in
 * @param selfSamples  samples whose innermost frame is in this function
 * @param totalSamples samples with this function anywhere on the stack (counted once per sample)
 * @param selfNanos    sum of the periods of the self samples
 * @param totalNanos   sum of the periods of the total samples
 */
public record FunctionCost(String function, String module, long selfSamples, long totalSamples, long selfNanos,
        long totalNanos) {
}
