package io.tachyon.api.capture;

import java.util.List;
import java.util.Objects;

/**
 * The symbols of one module, embedded in a capture so that it can be opened on another machine.
 *
 * @param path    the module's path as mapped in the target (or a pseudo path such as {@code [kernel.kallsyms]})
 * @param buildId its GNU build-id as lowercase hex, or {@code null} when unknown
 * @param symbols address ranges and what they are, in any order
 */
public record EmbeddedSymbols(String path, String buildId, List<Range> symbols) {

    public EmbeddedSymbols {
        Objects.requireNonNull(path, "path");
        symbols = List.copyOf(symbols);
    }

    /**
     * An address range of the module and the function (and source line) it belongs to.
     *
     * @param address start, in the module's own address space (ELF virtual address, or kernel address)
     * @param size    length in bytes, 0 when unknown
     * @param name    the function as the module spells it
     * @param file    source file, or {@code null} when unknown
     * @param line    source line, 0 when unknown
     * @param inlined the functions inlined at this range, innermost first, each with the call site it was
     *                inlined at; empty when none
     */
    public record Range(long address, long size, String name, String file, int line, List<InlinedCall> inlined) {

        public Range {
            Objects.requireNonNull(name, "name");
            inlined = List.copyOf(inlined);
        }
    }

    /** A function inlined into another, with its source position. */
    public record InlinedCall(String name, String file, int line) {

        public InlinedCall {
            Objects.requireNonNull(name, "name");
        }
    }
}
