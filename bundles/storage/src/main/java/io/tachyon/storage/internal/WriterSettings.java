package io.tachyon.storage.internal;

import java.time.Duration;

/**
 * How a {@link TcapWriter} cuts and flushes chunks.
 *
 * @param chunkBytes        an EVENTS chunk is written once its columns reach this many bytes (before compression)
 * @param flushInterval     the longest time an accepted event waits before the writer thread writes it out
 * @param queuedBatches     batches of accepted events that may wait for the writer thread before
 *                          {@code accept} blocks
 * @param dictionaryEntries interned strings, frames and stacks after which the dictionary starts anew
 */
public record WriterSettings(int chunkBytes, Duration flushInterval, int queuedBatches, int dictionaryEntries) {

    public static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
    public static final int DEFAULT_FLUSH_INTERVAL_MILLIS = 500;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(DEFAULT_FLUSH_INTERVAL_MILLIS);
    public static final int DEFAULT_QUEUED_BATCHES = 16;
    public static final int DEFAULT_DICTIONARY_ENTRIES = 1 << 20;
    /** A killed recorder must lose at most the last second. */
    public static final Duration MAX_FLUSH_INTERVAL = Duration.ofSeconds(1);
    /** Events the collector's thread hands to the writer thread at a time. */
    public static final int BATCH_EVENTS = 1024;

    public static final WriterSettings DEFAULTS = new WriterSettings(DEFAULT_CHUNK_BYTES, DEFAULT_FLUSH_INTERVAL,
            DEFAULT_QUEUED_BATCHES, DEFAULT_DICTIONARY_ENTRIES);

    public WriterSettings {
        if (chunkBytes < 1 || chunkBytes > 16 * 1024 * 1024) {
            throw new IllegalArgumentException("chunkBytes must be 1 B .. 16 MiB, was " + chunkBytes);
        }
        if (flushInterval.isNegative() || flushInterval.isZero() || flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
            throw new IllegalArgumentException("flushInterval must be > 0 and <= 1 s, was " + flushInterval);
        }
        if (queuedBatches < 1) {
            throw new IllegalArgumentException("queuedBatches must be >= 1, was " + queuedBatches);
        }
        if (dictionaryEntries < 1) {
            throw new IllegalArgumentException("dictionaryEntries must be >= 1, was " + dictionaryEntries);
        }
    }

    public WriterSettings(int chunkBytes, Duration flushInterval, int queuedBatches) {
        this(chunkBytes, flushInterval, queuedBatches, DEFAULT_DICTIONARY_ENTRIES);
    }
}
