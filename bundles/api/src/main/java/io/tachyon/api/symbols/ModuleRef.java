package io.tachyon.api.symbols;

import java.util.Objects;

/**
 * A module whose addresses are to be named.
 *
 * @param path    file path as mapped in the target (or a pseudo path such as {@code [kernel.kallsyms]})
 * @param buildId GNU build-id as lowercase hex, or {@code null} when unknown
 * @param kind    user-space file or kernel
 */
public record ModuleRef(String path, String buildId, Kind kind) {

    public ModuleRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    public enum Kind {
        /**
         * A file mapped into a process. Addresses given to its {@link ModuleSymbols} are file offsets
         * (mapping address - mapping start + mapping file offset).
         */
        USER,
        /** The running kernel. Addresses are kernel virtual addresses. */
        KERNEL
    }
}
