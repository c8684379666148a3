package io.tachyon.symbols.internal;

import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Serves kernel modules from the running kernel's kallsyms, read once. Never throws: when kallsyms cannot be used
 * (unreadable, or its addresses hidden) it gives empty and logs why, once. A module reference for the kernel image
 * that carries a build-id other than the running kernel's (from the kernel notes) gets empty too, since the
 * running kernel's addresses would name the wrong functions.
 */
public final class KernelSymbolSource {

    private final Path kallsyms;
    private final Path kernelNotes;
    private final Path kptrRestrict;
    private final Logger logger;
    private final Set<ModuleRef> warnedModules = new HashSet<>();
    private Optional<KernelSymbols> symbols;
    private Optional<String> runningBuildId;

    public KernelSymbolSource(Path kallsyms, Path kernelNotes, Path kptrRestrict, Logger logger) {
        this.kallsyms = kallsyms;
        this.kernelNotes = kernelNotes;
        this.kptrRestrict = kptrRestrict;
        this.logger = logger;
    }

    /** The running kernel's files: /proc/kallsyms, /sys/kernel/notes, /proc/sys/kernel/kptr_restrict. */
    public static KernelSymbolSource ofRunningKernel(Logger logger) {
        return new KernelSymbolSource(Path.of("/proc/kallsyms"), Path.of("/sys/kernel/notes"),
                Path.of("/proc/sys/kernel/kptr_restrict"), logger);
    }

    public synchronized Optional<ModuleSymbols> load(ModuleRef module) {
        if (module.kind() != ModuleRef.Kind.KERNEL) {
            return Optional.empty();
        }
        if (symbols == null) {
            symbols = readKallsyms();
        }
        if (symbols.isEmpty()) {
            return Optional.empty();
        }
        if (module.buildId() != null && ModuleMapping.KERNEL_PATH.equals(module.path())) {
            if (runningBuildId == null) {
                runningBuildId = readRunningBuildId();
            }
            if (runningBuildId.isPresent() && !ElfModuleCache.sameBuildId(module.buildId(), runningBuildId.get())) {
                if (warnedModules.add(module)) {
                    logger.log(Level.WARNING, "No kernel symbols for {0} with build-id {1}: the running kernel has "
                            + "build-id {2}, so its addresses belong to another kernel", module.path(),
                            module.buildId(), runningBuildId.get());
                }
                return Optional.empty();
            }
        }
        return Optional.of(symbols.get());
    }

    private Optional<KernelSymbols> readKallsyms() {
        KernelSymbols read;
        try {
            read = KernelSymbols.read(kallsyms);
        } catch (IOException | RuntimeException e) {
            logger.log(Level.WARNING, "No kernel symbols: cannot read {0}: {1}", kallsyms, e.getMessage());
            return Optional.empty();
        }
        if (read.addressesHidden()) {
            logger.log(Level.WARNING, "No kernel symbols: {0} shows every address as 0 because the kernel hides "
                    + "them from this process (kernel.kptr_restrict is {1}; addresses are shown when it is 0, or "
                    + "when it is 1 and the process runs as root with CAP_SYSLOG)", kallsyms, kptrRestrictValue());
            return Optional.empty();
        }
        if (read.symbolCount() == 0) {
            logger.log(Level.WARNING, "No kernel symbols: {0} lists no text symbols", kallsyms);
            return Optional.empty();
        }
        return Optional.of(read);
    }

    private String kptrRestrictValue() {
        try {
            return Files.readString(kptrRestrict).trim();
        } catch (IOException e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    private Optional<String> readRunningBuildId() {
        try {
            byte[] notes = Files.readAllBytes(kernelNotes);
            ElfRegion region = new ElfRegion(kernelNotes, 0, ByteBuffer.wrap(notes).order(ByteOrder.nativeOrder()),
                    "kernel notes");
            return ElfNotes.findGnuBuildId(region, 4);
        } catch (IOException e) {
            logger.log(Level.WARNING, "Cannot check kernel build-ids: {0}", e.getMessage());
            return Optional.empty();
        }
    }
}
