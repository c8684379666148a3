package io.tachyon.storage.internal;

import io.tachyon.api.event.CaptureEvent;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * Reads, decompresses and decodes the chunks of a read on a thread of its own, a few chunks ahead of the
 * consumer, so that on a machine with a spare core decoding overlaps with what the consumer does with the
 * events (building a model costs about as much again as decoding). Chunks come out in order, each whole; a
 * failure comes out in its place, after every chunk before it, as the sequential read would raise it.
 *
 * <p>The decoding thread is never interrupted: it reads through the reader's {@code FileChannel}, which an
 * interrupt would close. {@link #close} instead tells it to stop and waits until it has, so the reader is used
 * by one thread at a time again.
 */
final class DecodeAhead implements AutoCloseable {

    /** Decodes the chunk at one position of the reader's chunk list. */
    @FunctionalInterface
    interface ChunkDecoder {
        List<CaptureEvent> decode(int position) throws IOException;
    }

    /** One chunk's events, or the failure that ended the read there. */
    private record Decoded(List<CaptureEvent> events, Throwable failure) {
    }

    /** How often a waiting consumer makes sure the decoding thread still runs. */
    private static final long POLL_MILLIS = 100;

    private final int[] positions;
    private final String what;
    private final ChunkDecoder decoder;
    private final BlockingQueue<Decoded> ready;
    private final Thread thread;
    private volatile boolean stopped;
    private int taken;

    /**
     * @param positions the chunks to decode, in delivery order
     * @param ahead     how many decoded chunks may wait for the consumer (one more may be in hand)
     * @param what      what is read, for the thread's name and errors (the capture file)
     */
    DecodeAhead(int[] positions, ChunkDecoder decoder, int ahead, String what) {
        this.positions = positions.clone();
        this.what = what;
        this.decoder = decoder;
        this.ready = new ArrayBlockingQueue<>(ahead);
        this.thread = new Thread(this::decodeAll, "tachyon-decode " + what);
        thread.setDaemon(true);
        thread.start();
    }

    /** The events of the next chunk, or null after the last; rethrows the decoding thread's failure. */
    List<CaptureEvent> next() throws IOException {
        if (taken == positions.length) {
            return null;
        }
        Decoded decoded = awaitDecoded();
        taken++;
        if (decoded.failure() != null) {
            taken = positions.length;
            if (decoded.failure() instanceof IOException io) {
                throw io;
            }
            if (decoded.failure() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (decoded.failure() instanceof Error error) {
                throw error;
            }
            throw new IOException("decoding " + what + " failed", decoded.failure());
        }
        return decoded.events();
    }

    /**
     * The next decoded chunk. Polls rather than waiting for good: a decoding thread that died without a word (it
     * should not, but an Error can strike anywhere) must end the read with an error, not hang it.
     */
    private Decoded awaitDecoded() throws IOException {
        try {
            while (true) {
                Decoded decoded = ready.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (decoded != null) {
                    return decoded;
                }
                if (!thread.isAlive()) {
                    decoded = ready.poll();
                    if (decoded != null) {
                        return decoded;
                    }
                    taken = positions.length;
                    throw new IOException("the thread decoding " + what + " ended without delivering its chunks");
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while reading " + what);
        }
    }

    @Override
    public void close() {
        stopped = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            // A decoder blocked on a full queue gets room, sees the stop and ends.
            ready.clear();
            try {
                thread.join(10);
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void decodeAll() {
        for (int position : positions) {
            if (stopped) {
                return;
            }
            Decoded decoded;
            try {
                decoded = new Decoded(decoder.decode(position), null);
            } catch (Throwable e) {
                decoded = new Decoded(null, e);
            }
            if (!offer(decoded) || decoded.failure() != null) {
                return;
            }
        }
    }

    /** Waits for room in the queue; false when the consumer stopped first. */
    private boolean offer(Decoded decoded) {
        while (!stopped) {
            try {
                if (ready.offer(decoded, 10, TimeUnit.MILLISECONDS)) {
                    return true;
                }
            } catch (InterruptedException e) {
                return false;
            }
        }
        return false;
    }
}
