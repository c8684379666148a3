package io.tachyon.api.symbols;

import java.util.Objects;

/**
 * A module whose addresses are to be named.
 *
 * @param path    file path as mapped in the target (or a pseudo path such as {@code [kernel.kallsyms]} or
 *                {@code //anon})
 * @param buildId GNU build-id as lowercase hex, or {@code null} when unknown
 * @param kind    user-space file, kernel, or JIT code
 * @param pid     the process the module is mapped in, {@link #NO_PID} when not known or not relevant; required for
 *                {@link Kind#JIT}, whose symbols belong to one process
 */
public record ModuleRef(String path, String buildId, Kind kind, int pid) {

    /** The pid of a module reference that names no process. */
    public static final int NO_PID = 0;

    public ModuleRef {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(kind, "kind");
    }

    /** A module not tied to one process (files, the kernel). */
    public ModuleRef(String path, String buildId, Kind kind) {
        this(path, buildId, kind, NO_PID);
    }

    /**
     * The kind of a mapping of {@code path}: {@link Kind#KERNEL} for kernel mappings, {@link Kind#JIT} for anonymous
     * executable memory (see {@link #isAnonymous}), else {@link Kind#USER}.
     */
    public static Kind kindOf(String path, boolean kernel) {
        return kernel ? Kind.KERNEL : isAnonymous(path) ? Kind.JIT : Kind.USER;
    }

    /**
     * Whether {@code path} names anonymous memory rather than a file: perf's {@code //anon}, an empty path,
     * {@code [anon:name]} and {@code [anon_shmem:name]} (named anonymous memory), {@code /memfd:name} and
     * {@code /anon_hugepage}. JIT compilers put their code there.
     */
    public static boolean isAnonymous(String path) {
        return path.isEmpty() || path.startsWith("//anon") || path.startsWith("[anon") || path.startsWith("/memfd:")
                || path.startsWith("/anon_hugepage");
    }

    public enum Kind {
        /**
         * A file mapped into a process. Addresses given to its {@link ModuleSymbols} are file offsets
         * (mapping address - mapping start + mapping file offset).
         */
        USER,
        /** The running kernel. Addresses are kernel virtual addresses. */
        KERNEL,
        /**
         * Anonymous executable memory of process {@link ModuleRef#pid()} where a JIT compiler put code (the JVM,
         * Node, .NET), named by the process's {@code /tmp/perf-<pid>.map}. Addresses are the process's virtual
         * addresses, since that is what the map lists and anonymous memory has no file offsets.
         */
        JIT
    }
}
