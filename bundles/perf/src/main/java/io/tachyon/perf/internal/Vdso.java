package io.tachyon.perf.internal;

import io.tachyon.api.collect.EventSink;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ModuleMapping;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The vDSO, the kernel's code every process maps as {@code [vdso]}: no file holds it, so the kernel gives its
 * mappings no build-id. Every 64-bit process of one kernel maps the same image, this recorder's own, so a 64-bit
 * target's {@code [vdso]} mapping is stamped with that image's build-id: a symbol source on this machine can then
 * name its code, and a capture opened under another kernel is not named with that kernel's vDSO.
 */
final class Vdso {

    static final String PATH = "[vdso]";
    /** 32-bit and x32 processes map their own vDSO (vdso32, vdsox32) below 4 GiB; 64-bit ones map it above. */
    private static final long LOWEST_64_BIT_ADDRESS = 1L << 32;

    private Vdso() {
    }

    /** The build-id of this process's vDSO; empty when it maps none or its memory cannot be read. */
    static Optional<String> buildIdOfThisProcess() {
        try {
            return image(Path.of("/proc/self/maps"), Path.of("/proc/self/mem")).flatMap(BuildIdReader::ofElfImage);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** The bytes of the {@code [vdso]} mapping listed in {@code maps}, read from {@code memory}. */
    static Optional<byte[]> image(Path maps, Path memory) throws IOException {
        for (String line : Files.readAllLines(maps)) {
            if (!line.endsWith(" " + PATH)) {
                continue;
            }
            String range = line.substring(0, line.indexOf(' '));
            int dash = range.indexOf('-');
            long start = Long.parseUnsignedLong(range, 0, dash, 16);
            long end = Long.parseUnsignedLong(range, dash + 1, range.length(), 16);
            byte[] image = new byte[(int) Math.min(end - start, 1 << 20)];
            try (RandomAccessFile file = new RandomAccessFile(memory.toFile(), "r")) {
                file.seek(start);
                file.readFully(image);
            }
            return Optional.of(image);
        }
        return Optional.empty();
    }

    /** {@code sink}, with every 64-bit {@code [vdso]} mapping that has no build-id given {@code buildId}. */
    static EventSink stamping(EventSink sink, Optional<String> buildId) {
        if (buildId.isEmpty()) {
            return sink;
        }
        return new EventSink() {
            @Override
            public void metadata(CaptureMetadata metadata) {
                sink.metadata(metadata);
            }

            @Override
            public void accept(CaptureEvent event) {
                sink.accept(event instanceof ModuleMapping mapping ? stamped(mapping, buildId.get()) : event);
            }
        };
    }

    static ModuleMapping stamped(ModuleMapping mapping, String buildId) {
        if (!mapping.path().equals(PATH) || mapping.buildId() != null
                || Long.compareUnsigned(mapping.start(), LOWEST_64_BIT_ADDRESS) < 0) {
            return mapping;
        }
        return new ModuleMapping(mapping.time(), mapping.pid(), mapping.tid(), mapping.start(), mapping.length(),
                mapping.fileOffset(), mapping.path(), buildId);
    }
}
