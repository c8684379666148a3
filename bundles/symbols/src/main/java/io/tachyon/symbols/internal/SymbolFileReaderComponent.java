package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolFileReader;
import org.osgi.service.component.annotations.Component;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Reads ELF files and separate debug files given by path for other symbol sources (the debuginfod client), with the
 * same reader as {@link ElfSymbolResolver}. Never throws: an unreadable file gives empty and a warning.
 */
@Component(service = SymbolFileReader.class)
public final class SymbolFileReaderComponent implements SymbolFileReader {

    private final Logger logger = System.getLogger(SymbolFileReaderComponent.class.getName());
    private final ElfModuleCache files = new ElfModuleCache(1, logger, List.of(DebugFileLocator.DEFAULT_ROOT));

    @Override
    public boolean hasLocalDebugInfo(ModuleRef module) {
        return module.kind() == ModuleRef.Kind.USER && !ElfModuleCache.isPseudoPath(module.path())
                && files.hasLocalDebugInfo(Path.of(module.path()));
    }

    @Override
    public Optional<ModuleSymbols> read(ModuleRef module, Path file, Path debugFile) {
        try (ElfFile elf = ElfFile.open(file)) {
            if (module.buildId() != null && !ElfModuleCache.sameBuildId(module.buildId(), elf.buildId().orElse(null))) {
                logger.log(Level.WARNING, "No symbols for {0} from {1}: it has build-id {2}, not {3}", module.path(),
                        file, elf.buildId().orElse(null), module.buildId());
                return Optional.empty();
            }
            ElfModuleSymbols symbols = files.readWithDebugFile(elf, module, debugFile);
            return symbols.canName() ? Optional.of(symbols) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            logger.log(Level.WARNING, "No symbols for {0} from {1}: {2}", module.path(), file, e.getMessage());
            return Optional.empty();
        } catch (InternalError e) {
            logger.log(Level.WARNING, "No symbols for {0}: {1} changed while it was read", module.path(), file);
            return Optional.empty();
        }
    }
}
