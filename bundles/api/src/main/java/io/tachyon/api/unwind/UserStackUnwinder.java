package io.tachyon.api.unwind;

/**
 * Corrects the user part of a call stack where the kernel's frame-pointer walk went wrong: it unwinds the
 * innermost frames with the call-frame information (DWARF CFI in {@code .eh_frame}) of the mapped files, reading
 * the copy of the user stack, and continues with the frame-pointer chain the kernel gave once it reaches a frame
 * that keeps a frame pointer.
 *
 * <p>One service is registered per architecture, with the service property {@link #ARCHITECTURE_PROPERTY}
 * naming it. Implementations are thread-safe and never throw on bad input: unreadable files, missing or corrupt
 * unwind tables and stack copies that end too early stop the CFI walk there, and the result falls back to the
 * kernel's chain.
 */
public interface UserStackUnwinder {

    /** Service property: the architecture this unwinder serves, as in {@link UserContext#architecture()}. */
    String ARCHITECTURE_PROPERTY = "tachyon.unwind.architecture";

    /**
     * The user frames of the thread whose state is {@code context}, leaf first: {@code [0]} is the instruction
     * pointer, every further entry a return address (not adjusted by one), as in a perf call chain.
     *
     * @param context           registers and stack copy of the thread
     * @param modules           the process's mappings at that moment
     * @param framePointerChain the user part of the kernel's call chain (PERF_SAMPLE_CALLCHAIN after the
     *                          PERF_CONTEXT_USER marker, leaf first, {@code [0]} the instruction pointer), or an
     *                          empty array when none was taken
     * @return the corrected frames; {@code framePointerChain} itself (same contents) when no CFI frame could be
     *         unwound, or when the context's architecture is not this unwinder's
     */
    long[] unwind(UserContext context, ModuleLookup modules, long[] framePointerChain);
}
