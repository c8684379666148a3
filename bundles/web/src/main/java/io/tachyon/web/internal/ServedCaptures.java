package io.tachyon.web.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The captures the viewer serves, by id (their index in the list, "0", "1", ...), with their models opened once
 * and kept. Only these files are ever read: a request names a capture by id, never by path. The list is written to
 * {@code memory} so that the viewer, stopped and started again in one framework, serves the same captures.
 */
final class ServedCaptures {

    private final CaptureModelFactory models;
    private final Path memory;
    private volatile List<ServedCapture> captures = List.of();

    /**
     * @param memory the file that remembers the served paths, one per line; read now when it exists
     */
    ServedCaptures(CaptureModelFactory models, Path memory) throws IOException {
        this.models = models;
        this.memory = memory;
        if (Files.isRegularFile(memory)) {
            List<ServedCapture> remembered = new ArrayList<>();
            for (String line : Files.readAllLines(memory, StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    remembered.add(new ServedCapture(String.valueOf(remembered.size()), Path.of(line), null));
                }
            }
            captures = List.copyOf(remembered);
        }
    }

    /**
     * Serves {@code files} from now on instead of what was served. Every file is opened first, so a wrong name
     * fails here with the file named and the served captures stay as they were.
     */
    synchronized List<ServedCapture> serve(List<Path> files) throws IOException {
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no capture file to serve");
        }
        List<ServedCapture> opened = new ArrayList<>();
        for (Path file : files) {
            Path absolute = file.toAbsolutePath().normalize();
            if (!Files.isRegularFile(absolute)) {
                throw new IOException("No capture file " + absolute);
            }
            opened.add(new ServedCapture(String.valueOf(opened.size()), absolute, open(absolute)));
        }
        Files.createDirectories(memory.toAbsolutePath().getParent());
        Files.write(memory, opened.stream().map(c -> c.file().toString()).toList(), StandardCharsets.UTF_8);
        captures = List.copyOf(opened);
        return captures;
    }

    List<ServedCapture> list() {
        return captures;
    }

    Optional<ServedCapture> find(String id) {
        return captures.stream().filter(capture -> capture.id().equals(id)).findFirst();
    }

    /** Forgets the models; the next request opens its capture again. */
    synchronized void close() {
        captures = captures.stream().map(c -> new ServedCapture(c.id(), c.file(), null)).toList();
    }

    private CaptureModel open(Path file) throws IOException {
        return models.open(file);
    }

    /**
     * One served capture; its model is opened on first use when the list was remembered, and which thread ran on
     * each CPU is read from it on first use.
     */
    final class ServedCapture {

        private final String id;
        private final Path file;
        private CaptureModel model;
        private final Object runsLock = new Object();
        private CpuRuns cpuRuns;

        ServedCapture(String id, Path file, CaptureModel model) {
            this.id = id;
            this.file = file;
            this.model = model;
        }

        String id() {
            return id;
        }

        Path file() {
            return file;
        }

        String name() {
            return file.getFileName().toString();
        }

        synchronized CaptureModel model() {
            if (model == null) {
                try {
                    model = open(file);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read capture " + file + ": " + e.getMessage(), e);
                }
            }
            return model;
        }

        /** The model when it is open, without opening it. */
        synchronized Optional<CaptureModel> openModel() {
            return Optional.ofNullable(model);
        }

        CpuRuns cpuRuns() {
            synchronized (runsLock) {
                if (cpuRuns == null) {
                    cpuRuns = CpuRuns.of(model());
                }
                return cpuRuns;
            }
        }
    }
}
