package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureReader;
import io.tachyon.api.capture.CaptureStore;
import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.capture.RecoveryReport;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

/** The .tcap {@link CaptureStore}: a thin shell around {@link TcapWriter}, {@link TcapReader} and {@link Recovery}. */
@Component(service = CaptureStore.class, configurationPid = TcapCaptureStore.PID)
@Designate(ocd = TcapCaptureStore.Config.class)
public final class TcapCaptureStore implements CaptureStore {

    static final String PID = "io.tachyon.storage";

    @ObjectClassDefinition(name = "Tachyon capture storage", description = "How .tcap capture files are written.")
    public @interface Config {

        @AttributeDefinition(name = "Chunk size (KiB)",
                description = "An EVENTS chunk is written once its columns reach this size before compression.",
                min = "1", max = "16384")
        int chunk_size_kib() default WriterSettings.DEFAULT_CHUNK_BYTES / 1024;

        @AttributeDefinition(name = "Flush interval (ms)",
                description = "The longest an accepted event waits before it is written to the file; a killed "
                        + "recorder loses at most this much. At most 1000.", min = "1", max = "1000")
        int flush_interval_ms() default WriterSettings.DEFAULT_FLUSH_INTERVAL_MILLIS;

        @AttributeDefinition(name = "Queued batches",
                description = "Batches of " + WriterSettings.BATCH_EVENTS + " events that may wait for the writer "
                        + "thread before the collector is slowed down.", min = "1")
        int queued_batches() default WriterSettings.DEFAULT_QUEUED_BATCHES;

        @AttributeDefinition(name = "Dictionary entries",
                description = "Interned strings, frames and stacks after which the dictionary starts anew; bounds "
                        + "the writer's memory (about 40 bytes an entry).", min = "1024")
        int dictionary_entries() default WriterSettings.DEFAULT_DICTIONARY_ENTRIES;
    }

    private final WriterSettings settings;

    @Activate
    public TcapCaptureStore(Config config) {
        this(new WriterSettings(config.chunk_size_kib() * 1024, Duration.ofMillis(config.flush_interval_ms()),
                config.queued_batches(), config.dictionary_entries()));
    }

    TcapCaptureStore(WriterSettings settings) {
        this.settings = settings;
    }

    @Override
    public CaptureWriter create(Path file) throws IOException {
        return new TcapWriter(file, settings);
    }

    @Override
    public CaptureReader open(Path file) throws IOException {
        return TcapReader.open(file);
    }

    @Override
    public RecoveryReport recover(Path damaged, Path clean) throws IOException {
        return Recovery.recover(damaged, clean, settings);
    }
}
