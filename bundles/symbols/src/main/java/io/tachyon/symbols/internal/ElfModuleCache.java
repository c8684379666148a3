package io.tachyon.symbols.internal;

import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.ModuleSymbols;

import java.io.IOException;
import java.lang.System.Logger;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Loads the ELF symbols of user-space modules from the files on this machine, each file once, keeping the most
 * recently used modules (keyed by path and build-id, and re-read when the file's size or modification time
 * changes). Never throws: a module it cannot serve gives empty, and one log message for that module says why.
 */
public final class ElfModuleCache {

    private final int capacity;
    private final Logger logger;
    private final DebugFileLocator debugFiles;
    private final Map<Key, Slot> slots;

    public ElfModuleCache(int capacity, Logger logger) {
        this(capacity, logger, List.of(DebugFileLocator.DEFAULT_ROOT));
    }

    /** @param debugRoots folders holding separate debug files ({@code .build-id/} trees and debuglink copies) */
    public ElfModuleCache(int capacity, Logger logger, List<Path> debugRoots) {
        if (capacity < 1) {
            throw new IllegalArgumentException("cache capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
        this.logger = logger;
        this.debugFiles = new DebugFileLocator(debugRoots);
        this.slots = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Slot> eldest) {
                return size() > ElfModuleCache.this.capacity;
            }
        };
    }

    public Optional<ModuleSymbols> load(ModuleRef module) {
        if (module.kind() != ModuleRef.Kind.USER || isPseudoPath(module.path())) {
            return Optional.empty();
        }
        Path path = Path.of(module.path());
        FileStamp stamp = FileStamp.of(path);
        Key key = new Key(module.path(), module.buildId());
        Slot slot;
        synchronized (slots) {
            slot = slots.get(key);
            if (slot == null || !slot.stamp.equals(stamp)) {
                slot = new Slot(stamp);
                slots.put(key, slot);
            }
        }
        return slot.get(() -> read(path, module, stamp));
    }

    /**
     * Paths that name no file: [vdso], [heap], [stack], [anon:...], //anon, memfd and SysV shared memory, devices.
     */
    static boolean isPseudoPath(String path) {
        return path.isEmpty() || !path.startsWith("/") || path.startsWith("//") || path.startsWith("/memfd:")
                || path.startsWith("/SYSV") || path.startsWith("/dev/");
    }

    private Optional<ModuleSymbols> read(Path path, ModuleRef module, FileStamp stamp) {
        if (stamp == FileStamp.MISSING) {
            warn(module, "the file does not exist");
            return Optional.empty();
        }
        if (stamp == FileStamp.NOT_REGULAR) {
            warn(module, "it is not a regular file");
            return Optional.empty();
        }
        ElfModuleSymbols symbols;
        try (ElfFile file = ElfFile.open(path)) {
            if (module.buildId() != null && !sameBuildId(module.buildId(), file.buildId().orElse(null))) {
                warn(module, "the file on disk has build-id " + file.buildId().orElse(null) + ", not "
                        + module.buildId() + " (it was replaced since it was mapped)");
                return Optional.empty();
            }
            symbols = readWithDebugFile(file, module, null);
        } catch (IOException | RuntimeException e) {
            warn(module, e.getMessage());
            return Optional.empty();
        } catch (InternalError e) {
            // What a read of a mapped page gives when the file is truncated underneath the mapping.
            warn(module, "the file changed while it was read: " + e.getMessage());
            return Optional.empty();
        }
        if (!symbols.canName()) {
            logger.log(Level.INFO, "No function symbols in {0} (stripped, or no loadable segments)", module.path());
            return Optional.empty();
        }
        return Optional.of(symbols);
    }

    /**
     * The symbols of {@code file} with its separate debug file: {@code debugFile} when given, else the one found on
     * this machine (by build-id or debuglink), else none. A debug file that cannot be read gives one warning and the
     * file's own symbols.
     */
    ElfModuleSymbols readWithDebugFile(ElfFile file, ModuleRef module, Path debugFile) throws IOException {
        Path debug = debugFile;
        if (debug == null && !file.hasDebugInfo()) {
            debug = debugFiles.find(file.path(), file).orElse(null);
        }
        if (debug == null) {
            return ElfModuleSymbols.read(file, null, logger);
        }
        try (ElfFile debugElf = ElfFile.open(debug)) {
            return ElfModuleSymbols.read(file, debugElf, logger);
        } catch (IOException | RuntimeException e) {
            logger.log(Level.WARNING, "Ignoring debug file {0} of {1}: {2}", debug, module.path(), e.getMessage());
            return ElfModuleSymbols.read(file, null, logger);
        }
    }

    /** Whether {@code file} or a separate debug file on this machine has DWARF. */
    boolean hasLocalDebugInfo(Path path) {
        try (ElfFile file = ElfFile.open(path)) {
            return file.hasDebugInfo() || debugFiles.find(path, file).isPresent();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Build-ids match when equal ignoring case, or when one is the other padded with zero bytes (perf pads
     * build-ids shorter than 20 bytes to 20).
     */
    static boolean sameBuildId(String expected, String actual) {
        if (actual == null) {
            return false;
        }
        String a = expected.toLowerCase();
        String b = actual.toLowerCase();
        String longer = a.length() >= b.length() ? a : b;
        String shorter = a.length() >= b.length() ? b : a;
        return longer.startsWith(shorter) && longer.substring(shorter.length()).chars().allMatch(c -> c == '0');
    }

    private void warn(ModuleRef module, String reason) {
        logger.log(Level.WARNING, "No ELF symbols for {0}: {1}", module.path(), reason);
    }

    private record Key(String path, String buildId) {
    }

    /** What identifies one version of a file on disk. */
    private record FileStamp(long size, long modifiedMillis, Object fileKey) {

        static final FileStamp MISSING = new FileStamp(-1, -1, "missing");
        static final FileStamp NOT_REGULAR = new FileStamp(-1, -1, "not a regular file");

        static FileStamp of(Path path) {
            try {
                BasicFileAttributes attributes = Files.readAttributes(path, BasicFileAttributes.class);
                if (!attributes.isRegularFile()) {
                    return NOT_REGULAR;
                }
                return new FileStamp(attributes.size(), attributes.lastModifiedTime().toMillis(), attributes.fileKey());
            } catch (NoSuchFileException e) {
                return MISSING;
            } catch (IOException e) {
                // Unreadable attributes: let the read report the real error.
                return new FileStamp(-1, -1, e.getClass().getName());
            }
        }
    }

    /** One module's symbols, computed once by whichever caller gets there first. */
    private static final class Slot {
        final FileStamp stamp;
        private Optional<ModuleSymbols> symbols;

        Slot(FileStamp stamp) {
            this.stamp = stamp;
        }

        synchronized Optional<ModuleSymbols> get(Supplier<Optional<ModuleSymbols>> loader) {
            if (symbols == null) {
                symbols = loader.get();
            }
            return symbols;
        }
    }
}
