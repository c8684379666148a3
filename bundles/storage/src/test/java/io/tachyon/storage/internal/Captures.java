package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Writing and reading whole captures in tests. */
final class Captures {

    private Captures() {
    }

    static void write(Path file, WriterSettings settings, CaptureMetadata metadata, List<CaptureEvent> events)
            throws IOException {
        try (TcapWriter writer = new TcapWriter(file, settings)) {
            writer.metadata(metadata);
            events.forEach(writer::accept);
        }
    }

    /** What one pass of the reader delivered, and the damage that stopped it (or null). */
    record ReadResult(List<CaptureEvent> events, CaptureFormatException damage, boolean closedCleanly,
            List<String> warnings) {
    }

    static ReadResult read(Path file) throws IOException {
        try (TcapReader reader = TcapReader.open(file)) {
            List<CaptureEvent> events = new ArrayList<>();
            CaptureFormatException damage = null;
            try {
                reader.forEach(events::add);
            } catch (CaptureFormatException e) {
                damage = e;
            }
            return new ReadResult(events, damage, reader.closedCleanly(), reader.warnings());
        }
    }
}
