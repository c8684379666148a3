package io.tachyon.symbols.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32;

/**
 * Finds the separate debug file of an ELF file the way GDB and binutils do: first by build-id
 * ({@code <root>/.build-id/ab/cdef....debug}, its own build-id checked), then by {@code .gnu_debuglink} next to the
 * file, in its {@code .debug/} folder and under each root with the file's folder appended, the CRC-32 checked.
 */
final class DebugFileLocator {

    /** Where distributions install debug files (Debian's *-dbg and *-dbgsym packages). */
    static final Path DEFAULT_ROOT = Path.of("/usr/lib/debug");

    private final List<Path> roots;

    DebugFileLocator(List<Path> roots) {
        this.roots = List.copyOf(roots);
    }

    /** The debug file of {@code file} (already open as {@code elf}), or empty. */
    Optional<Path> find(Path file, ElfFile elf) throws ElfFormatException {
        Optional<String> buildId = elf.buildId();
        if (buildId.isPresent() && buildId.get().length() > 2) {
            String id = buildId.get();
            for (Path root : roots) {
                Path candidate = root.resolve(".build-id").resolve(id.substring(0, 2)).resolve(id.substring(2) + ".debug");
                if (Files.isRegularFile(candidate) && hasBuildId(candidate, id)) {
                    return Optional.of(candidate);
                }
            }
        }
        Optional<ElfFile.DebugLink> link = elf.debugLink();
        if (link.isEmpty() || link.get().fileName().isEmpty() || link.get().fileName().contains("/")) {
            return Optional.empty();
        }
        Path directory = file.toAbsolutePath().getParent();
        if (directory == null) {
            return Optional.empty();
        }
        List<Path> candidates = new ArrayList<>();
        candidates.add(directory.resolve(link.get().fileName()));
        candidates.add(directory.resolve(".debug").resolve(link.get().fileName()));
        for (Path root : roots) {
            candidates.add(Path.of(root + directory.toString()).resolve(link.get().fileName()));
        }
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate) && !isSameFile(candidate, file) && crc32(candidate) == link.get().crc()) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean hasBuildId(Path candidate, String buildId) {
        try (ElfFile debug = ElfFile.open(candidate)) {
            return debug.buildId().map(id -> ElfModuleCache.sameBuildId(buildId, id)).orElse(false);
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    private static boolean isSameFile(Path a, Path b) {
        try {
            return Files.isSameFile(a, b);
        } catch (IOException e) {
            return false;
        }
    }

    /** The CRC-32 .gnu_debuglink records: the standard (zlib) CRC-32 of the whole file. */
    static long crc32(Path file) {
        CRC32 crc = new CRC32();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                crc.update(buffer, 0, n);
            }
            return crc.getValue();
        } catch (IOException e) {
            return -1;
        }
    }
}
