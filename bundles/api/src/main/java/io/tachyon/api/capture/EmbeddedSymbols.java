package io.tachyon.api.capture;

import java.util.List;
import java.util.Objects;

/**
 * The symbols of one module, embedded in a capture so that it can be opened on another machine.
 *
 * @param path    the module's path as mapped in the target (or a pseudo path such as {@code [kernel.kallsyms]})
 * @param buildId its GNU build-id as lowercase hex, or {@code null} when unknown
 * @param symbols the functions: address ranges and what they are, in any order
 * @param lines   the source positions of the addresses the capture's frames hit, in any order: each range's
 *                function is the one whose code holds the address (the outermost, not inlined, function), with its
 *                file and line there and the calls inlined at the address; only addresses whose position the
 *                module's debug information knows. Empty when none were embedded.
 */
public record EmbeddedSymbols(String path, String buildId, List<Range> symbols, List<Range> lines) {

    public EmbeddedSymbols {
        Objects.requireNonNull(path, "path");
        symbols = List.copyOf(symbols);
        lines = List.copyOf(lines);
    }

    /** The functions of a module, without source positions. */
    public EmbeddedSymbols(String path, String buildId, List<Range> symbols) {
        this(path, buildId, symbols, List.of());
    }

    /**
     * An address range of the module and the function (and source line) it belongs to.
     *
     * @param address start, as the module's symbol lookups take addresses (see
     *                {@link io.tachyon.api.symbols.ModuleSymbols#lookup}): a file offset for a file, a kernel
     *                address for the kernel
     * @param size    length in bytes, 0 when unknown
     * @param name    the function as the module spells it
     * @param file    source file, or {@code null} when unknown
     * @param line    source line, 0 when unknown (for a source position: the line in {@code name}, which is the
     *                call into the outermost inlined function when there are any)
     * @param inlined the functions inlined at this range, innermost first, each with its source position there;
     *                empty when none
     */
    public record Range(long address, long size, String name, String file, int line, List<InlinedCall> inlined) {

        public Range {
            Objects.requireNonNull(name, "name");
            inlined = List.copyOf(inlined);
        }
    }

    /**
     * A function inlined into another, with its source position at the address: for the innermost, the line of the
     * address; for the others, the line of the call into the function inlined in it.
     */
    public record InlinedCall(String name, String file, int line) {

        public InlinedCall {
            Objects.requireNonNull(name, "name");
        }
    }
}
