package io.tachyon.api.unwind;

import io.tachyon.api.event.ModuleMapping;

/**
 * The executable mappings of the sampled process at the moment of the sample, as the collector tracks them from
 * {@code /proc/<pid>/maps} and MMAP2 records.
 */
@FunctionalInterface
public interface ModuleLookup {

    /**
     * The mapping that holds {@code address}, or {@code null} when none does (anonymous memory, JIT code, an
     * address the collector never saw mapped). The unwinder reads the unwind tables of
     * {@link ModuleMapping#path()}, so the path must name the file as this machine sees it (for a process in
     * another mount namespace, {@code /proc/<pid>/root/...}); a non-null {@link ModuleMapping#buildId()} is
     * checked against the file's.
     */
    ModuleMapping mappingAt(long address);
}
