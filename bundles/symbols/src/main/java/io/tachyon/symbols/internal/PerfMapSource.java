package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Serves {@link ModuleRef.Kind#JIT} modules from {@code <directory>/perf-<pid>.map}, read once per pid and again when
 * the file changes (runtimes append to it while they run). Never throws: a missing or malformed map gives empty and
 * one log message for the pid.
 */
public final class PerfMapSource {

    private final Path directory;
    private final Logger logger;
    private final Map<Integer, Loaded> byPid = new HashMap<>();

    private record Loaded(long size, long modified, Optional<ModuleSymbols> symbols) {
    }

    public PerfMapSource(Path directory, Logger logger) {
        this.directory = directory;
        this.logger = logger;
    }

    public synchronized Optional<ModuleSymbols> load(ModuleRef module) {
        if (module.kind() != ModuleRef.Kind.JIT || module.pid() <= 0) {
            return Optional.empty();
        }
        Path map = directory.resolve("perf-" + module.pid() + ".map");
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(map, BasicFileAttributes.class);
        } catch (IOException e) {
            Loaded previous = byPid.put(module.pid(), new Loaded(-1, -1, Optional.empty()));
            if (previous == null) {
                logger.log(Level.INFO, "No JIT symbols for process {0}: no {1} (start the JVM with "
                        + "-XX:+UnlockDiagnosticVMOptions -XX:+DumpPerfMapAtExit, Node with --perf-basic-prof, .NET "
                        + "with DOTNET_PerfMapEnabled=1)", module.pid(), map);
            }
            return Optional.empty();
        }
        Loaded loaded = byPid.get(module.pid());
        long modified = attributes.lastModifiedTime().toMillis();
        if (loaded != null && loaded.size == attributes.size() && loaded.modified == modified) {
            return loaded.symbols;
        }
        Optional<ModuleSymbols> symbols;
        try {
            PerfMapSymbols read = PerfMapSymbols.read(map);
            symbols = read.symbolCount() == 0 ? Optional.empty() : Optional.of(read);
        } catch (IOException | RuntimeException e) {
            logger.log(Level.WARNING, "No JIT symbols for process {0}: {1}", module.pid(), e.getMessage());
            symbols = Optional.empty();
        }
        byPid.put(module.pid(), new Loaded(attributes.size(), modified, symbols));
        return symbols;
    }
}
