package io.tachyon.symbols.debuginfod.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolFileReader;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Which modules the debuginfod source serves and with what: a user-space module with a build-id and no debug
 * information on this machine, read from its own file (or the executable the server has, when the file is gone) and
 * the fetched debug file. Each build-id is decided once. Never throws.
 */
public final class DebuginfodModules {

    private final DebuginfodClient client;
    private final SymbolFileReader reader;
    private final Map<String, Optional<ModuleSymbols>> byBuildId = new HashMap<>();

    public DebuginfodModules(DebuginfodClient client, SymbolFileReader reader) {
        this.client = client;
        this.reader = reader;
    }

    public synchronized Optional<ModuleSymbols> load(ModuleRef module) {
        if (!client.hasServers() || module.kind() != ModuleRef.Kind.USER || module.buildId() == null
                || !module.path().startsWith("/") || module.path().startsWith("//")) {
            return Optional.empty();
        }
        return byBuildId.computeIfAbsent(module.buildId().toLowerCase(), id -> fetchAndRead(module, id));
    }

    private Optional<ModuleSymbols> fetchAndRead(ModuleRef module, String buildId) {
        Path own = Path.of(module.path());
        boolean fileHere = Files.isRegularFile(own);
        if (fileHere && reader.hasLocalDebugInfo(module)) {
            return Optional.empty();
        }
        Optional<Path> debugInfo = client.fetch(buildId, DebuginfodClient.Artifact.DEBUGINFO);
        if (debugInfo.isEmpty()) {
            return Optional.empty();
        }
        Path code = fileHere ? own : client.fetch(buildId, DebuginfodClient.Artifact.EXECUTABLE).orElse(null);
        if (code == null) {
            // The debug file has the symbol tables and DWARF; only the PLT names need the code itself.
            code = debugInfo.get();
        }
        return reader.read(module, code, debugInfo.get());
    }
}
