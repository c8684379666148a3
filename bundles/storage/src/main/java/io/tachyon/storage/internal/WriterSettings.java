package io.tachyon.storage.internal;

import java.time.Duration;

/**
 * How a {@link TcapWriter} cuts and flushes chunks.
 *
 * @param chunkBytes    an EVENTS chunk is handed to the writer thread once its payload reaches this size
 * @param flushInterval the longest time an accepted event waits before the writer thread writes it out
 * @param queuedChunks  full chunks that may wait for the writer thread before {@code accept} blocks
 */
public record WriterSettings(int chunkBytes, Duration flushInterval, int queuedChunks) {

    public static final int DEFAULT_CHUNK_BYTES = 256 * 1024;
    public static final int DEFAULT_FLUSH_INTERVAL_MILLIS = 500;
    public static final Duration DEFAULT_FLUSH_INTERVAL = Duration.ofMillis(DEFAULT_FLUSH_INTERVAL_MILLIS);
    public static final int DEFAULT_QUEUED_CHUNKS = 16;
    /** A killed recorder must lose at most the last second. */
    public static final Duration MAX_FLUSH_INTERVAL = Duration.ofSeconds(1);

    public static final WriterSettings DEFAULTS =
            new WriterSettings(DEFAULT_CHUNK_BYTES, DEFAULT_FLUSH_INTERVAL, DEFAULT_QUEUED_CHUNKS);

    public WriterSettings {
        if (chunkBytes < 1 || chunkBytes > 64 * 1024 * 1024) {
            throw new IllegalArgumentException("chunkBytes must be 1 B .. 64 MiB, was " + chunkBytes);
        }
        if (flushInterval.isNegative() || flushInterval.isZero() || flushInterval.compareTo(MAX_FLUSH_INTERVAL) > 0) {
            throw new IllegalArgumentException("flushInterval must be > 0 and <= 1 s, was " + flushInterval);
        }
        if (queuedChunks < 1) {
            throw new IllegalArgumentException("queuedChunks must be >= 1, was " + queuedChunks);
        }
    }
}
