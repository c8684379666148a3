package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;
import io.tachyon.api.symbols.SymbolResolver;
import org.osgi.framework.Constants;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Names the code of {@code [vdso]} mappings, which no file holds: from this process's own vDSO (every 64-bit
 * process of a kernel maps the same image), copied once to a private file, and only for a mapping whose build-id is
 * that image's (the recorder stamps it), so a capture recorded under another kernel is never named with this one's.
 */
@Component(service = SymbolResolver.class, property = Constants.SERVICE_RANKING + ":Integer=0")
public final class VdsoSymbolResolver implements SymbolResolver {

    static final String VDSO_PATH = "[vdso]";
    private static final System.Logger LOG = System.getLogger(VdsoSymbolResolver.class.getName());

    private final Path maps;
    private final Path memory;
    private final ElfModuleCache cache = new ElfModuleCache(1, LOG);
    private Path copy;
    private String buildId;
    private boolean copied;

    public VdsoSymbolResolver() {
        this(Path.of("/proc/self/maps"), Path.of("/proc/self/mem"));
    }

    /** The vDSO of the process whose {@code maps} and {@code memory} these are. */
    VdsoSymbolResolver(Path maps, Path memory) {
        this.maps = maps;
        this.memory = memory;
    }

    @Override
    public synchronized Optional<ModuleSymbols> load(ModuleRef module) {
        if (!module.path().equals(VDSO_PATH) || module.buildId() == null || module.kind() != ModuleRef.Kind.USER) {
            return Optional.empty();
        }
        if (!copied) {
            copied = true;
            copyImage();
        }
        if (copy == null || !ElfModuleCache.sameBuildId(module.buildId(), buildId)) {
            return Optional.empty();
        }
        return cache.load(new ModuleRef(copy.toString(), buildId, ModuleRef.Kind.USER));
    }

    private void copyImage() {
        try {
            for (String line : Files.readAllLines(maps)) {
                if (line.endsWith(" " + VDSO_PATH)) {
                    String range = line.substring(0, line.indexOf(' '));
                    int dash = range.indexOf('-');
                    long start = Long.parseUnsignedLong(range, 0, dash, 16);
                    byte[] image = new byte[(int) Math.min(
                            Long.parseUnsignedLong(range, dash + 1, range.length(), 16) - start, 1 << 20)];
                    try (RandomAccessFile file = new RandomAccessFile(memory.toFile(), "r")) {
                        file.seek(start);
                        file.readFully(image);
                    }
                    Path written = Files.write(Files.createTempFile("tachyon-vdso-", ".so"), image);
                    written.toFile().deleteOnExit();
                    try (ElfFile elf = ElfFile.open(written)) {
                        buildId = elf.buildId().orElse(null);
                    }
                    copy = written;
                    return;
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "The vDSO cannot be named: its image could not be read from {0}: {1}",
                    memory, e.getMessage());
        }
    }

    @Deactivate
    synchronized void deactivate() throws IOException {
        if (copy != null) {
            Files.deleteIfExists(copy);
            copy = null;
        }
    }
}
