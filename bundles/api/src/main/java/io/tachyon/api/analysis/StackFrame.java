package io.tachyon.api.analysis;

/**
 * A function on a call stack.
 *
 * @param function display name, named as in {@link FunctionCost#function()}
 * @param module   file name of its module; {@value io.tachyon.api.event.ModuleMapping#KERNEL_PATH} for the kernel
 * @param kernel   whether it is kernel code
 */
public record StackFrame(String function, String module, boolean kernel) {
}
