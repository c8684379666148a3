package io.tachyon.api.analysis;

/**
 * The self time of one source line over the samples of a model: samples whose sampled instruction the debug
 * information places on this line (the line of the innermost inlined call where the compiler inlined one).
 *
 * @param file      the source file as the debug information names it (the lines embedded in the capture, else the
 *                  module's DWARF); null for the samples of a function no debug information places
 * @param line      the line, 1-based; 0 when {@code file} is null or the line is unknown
 * @param function  the function the line belongs to: the inlined function for a line of an inlined call
 * @param module    the file name of the module the code lives in
 * @param samples   samples whose sampled instruction is on this line
 * @param selfNanos sum of their periods
 * @since 1.5
 */
public record LineCost(String file, int line, String function, String module, long samples, long selfNanos) {
}
