package io.tachyon.unwind.internal;

import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.symbols.ModuleRef;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parsed unwind tables of recently used files, keyed by path and build-id, most recently used kept. A file
 * that cannot be used (missing, not ELF, no {@code .eh_frame}, a build-id other than the mapping's) is
 * remembered as such and reported once, so a sample rate of thousands per second does not retry it.
 *
 * <p>Files are read on first use, on the caller's thread; libc takes about a millisecond, libjvm tens.
 */
final class UnwindTableCache implements UnwindTableSource {

    private record Key(String path, String buildId) {
    }

    private final int machine;
    private final System.Logger logger;
    private final Map<Key, Optional<ModuleUnwindTables>> entries;

    /**
     * @param capacity how many files' tables are kept
     * @param machine  the ELF {@code e_machine} of the files ({@link ElfUnwindImage#EM_X86_64})
     */
    UnwindTableCache(int capacity, int machine, System.Logger logger) {
        if (capacity < 1) {
            throw new IllegalArgumentException("the unwind table cache needs a capacity of at least 1, was "
                    + capacity);
        }
        this.machine = machine;
        this.logger = Objects.requireNonNull(logger, "logger");
        this.entries = new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Key, Optional<ModuleUnwindTables>> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public synchronized ModuleUnwindTables tablesFor(ModuleMapping mapping) {
        String path = mapping.path();
        if (!path.startsWith("/") || ModuleRef.isAnonymous(path) || path.startsWith("/dev/")
                || path.startsWith("/SYSV")) {
            return null;
        }
        Key key = new Key(path, mapping.buildId());
        Optional<ModuleUnwindTables> cached = entries.get(key);
        if (cached == null) {
            cached = load(key);
            entries.put(key, cached);
        }
        return cached.orElse(null);
    }

    private Optional<ModuleUnwindTables> load(Key key) {
        try {
            ModuleUnwindTables tables = ModuleUnwindTables.read(Path.of(key.path()), machine);
            String fileId = tables.image().buildId();
            if (key.buildId() != null && fileId != null && !sameBuildId(key.buildId(), fileId)) {
                logger.log(Level.WARNING, "Not unwinding through {0}: the build-id {1} of the file differs from"
                        + " the mapped one {2} (the file changed since the process mapped it)", key.path(), fileId,
                        key.buildId());
                return Optional.empty();
            }
            return Optional.of(tables);
        } catch (UnwindFormatException e) {
            logger.log(Level.WARNING, "Not unwinding through {0} with CFI: {1}", key.path(), e.getMessage());
            return Optional.empty();
        } catch (IOException e) {
            logger.log(Level.WARNING, "Not unwinding through {0} with CFI: cannot read it ({1})", key.path(),
                    e.toString());
            return Optional.empty();
        }
    }

    /** perf pads build-ids shorter than 20 bytes with zeros. */
    static boolean sameBuildId(String mapped, String file) {
        String a = mapped.toLowerCase();
        if (!a.startsWith(file)) {
            return false;
        }
        for (int i = file.length(); i < a.length(); i++) {
            if (a.charAt(i) != '0') {
                return false;
            }
        }
        return true;
    }
}
