package io.tachyon.analysis.internal;

import io.tachyon.api.capture.CaptureFormatException;
import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * A capture store that keeps captures as event lists in memory. A capture can be marked damaged at an
 * event (the reader then fails there as a file reader would), and an action can be run while the reader
 * is at a given event, to change the world in the middle of a model build.
 */
final class InMemoryCaptureStore implements CaptureStore {

    private record Capture(CaptureMetadata metadata, List<CaptureEvent> events, boolean closed) {
    }

    private record Damage(int eventIndex, long offset, String problem) {
    }

    private final Map<Path, Capture> captures = new HashMap<>();
    private final Map<Path, Damage> damages = new HashMap<>();
    private final Map<Path, Map<Integer, Runnable>> actions = new HashMap<>();

    void damage(Path file, int eventIndex, long offset, String problem) {
        damages.put(file, new Damage(eventIndex, offset, problem));
    }

    void runBefore(Path file, int eventIndex, Runnable action) {
        actions.computeIfAbsent(file, f -> new HashMap<>()).put(eventIndex, action);
    }

    @Override
    public CaptureWriter create(Path file) {
        return new CaptureWriter() {
            private final List<CaptureEvent> events = new ArrayList<>();
            private CaptureMetadata metadata;

            @Override
            public void metadata(CaptureMetadata metadata) {
                this.metadata = metadata;
            }

            @Override
            public void accept(CaptureEvent event) {
                events.add(event);
            }

            @Override
            public long bytesWritten() {
                return events.size();
            }

            @Override
            public void flush() {
                captures.put(file, new Capture(metadata, List.copyOf(events), false));
            }

            @Override
            public void close() {
                captures.put(file, new Capture(metadata, List.copyOf(events), true));
            }
        };
    }

    @Override
    public CaptureReader open(Path file) throws IOException {
        Capture capture = captures.get(file);
        if (capture == null) {
            throw new CaptureFormatException(file, 0, "no capture was written here");
        }
        Damage damage = damages.get(file);
        Map<Integer, Runnable> actionsAt = actions.getOrDefault(file, Map.of());
        return new CaptureReader() {
            @Override
            public Path file() {
                return file;
            }

            @Override
            public CaptureMetadata metadata() {
                return capture.metadata();
            }

            @Override
            public boolean closedCleanly() {
                return capture.closed();
            }

            @Override
            public List<String> warnings() {
                return List.of();
            }

            @Override
            public void forEach(Consumer<? super CaptureEvent> consumer) throws IOException {
                for (int i = 0; i < capture.events().size(); i++) {
                    if (damage != null && damage.eventIndex() == i) {
                        throw new CaptureFormatException(file, damage.offset(), damage.problem());
                    }
                    actionsAt.getOrDefault(i, () -> { }).run();
                    consumer.accept(capture.events().get(i));
                }
            }

            @Override
            public void close() {
            }
        };
    }
}
