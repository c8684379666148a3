package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.Sample;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.CRC32C;

import static io.tachyon.storage.internal.TcapFormat.CHUNK_END;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_EVENTS;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.CHUNK_METADATA;
import static io.tachyon.storage.internal.TcapFormat.END_PAYLOAD_BYTES;
import static io.tachyon.storage.internal.TcapFormat.FILE_HEADER_BYTES;
import static io.tachyon.storage.internal.TcapFormat.MAGIC;
import static io.tachyon.storage.internal.TcapFormat.MAJOR_VERSION;
import static io.tachyon.storage.internal.TcapFormat.MINOR_VERSION;
import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * Streams a capture to a .tcap file. The collector's thread encodes events into the current chunk; full
 * chunks go through a bounded queue to a dedicated writer thread, which also writes out the partial chunk
 * at every flush interval, so a recorder that is killed loses at most that interval. A failure on the
 * writer thread is kept and thrown by the next {@link #accept}, {@link #flush} or {@link #close}.
 */
public final class TcapWriter implements CaptureWriter {

    private sealed interface Command permits WriteChunk, Barrier, Finish {
    }

    private record WriteChunk(int type, byte[] payload) implements Command {
    }

    /** Released by the writer thread once every command queued before it is done. */
    private record Barrier(CountDownLatch done) implements Command {
    }

    private record Finish(boolean writeEnd, long eventCount, long sampleCount) implements Command {
    }

    private static final long OFFER_RETRY_MILLIS = 100;
    private static final long FLUSH_LOCK_WAIT_MILLIS = 10;

    private final Path file;
    private final WriterSettings settings;
    private final FileChannel channel;
    private final BlockingQueue<Command> queue;
    private final MetadataCodec metadataCodec = new MetadataCodec();
    private final AtomicLong bytesWritten = new AtomicLong();
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final Thread writerThread;

    /** Guards the encoder and the state below, and makes sealing a chunk and queueing it one step. */
    private final ReentrantLock lock = new ReentrantLock();
    private final EventEncoder encoder;
    private boolean metadataWritten;
    private boolean closed;
    private long eventCount;
    private long sampleCount;

    public TcapWriter(Path file, WriterSettings settings) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channel = FileChannel.open(file, CREATE, TRUNCATE_EXISTING, WRITE);
        this.queue = new ArrayBlockingQueue<>(settings.queuedChunks());
        this.encoder = new EventEncoder(Math.min(settings.chunkBytes(), 1 << 20) + 1024);
        this.writerThread = new Thread(this::runWriterThread, "tachyon-capture-writer " + file.getFileName());
        writerThread.setDaemon(true);
        writerThread.start();
    }

    @Override
    public void metadata(CaptureMetadata metadata) {
        Objects.requireNonNull(metadata, "metadata");
        lock.lock();
        try {
            requireOpen();
            if (metadataWritten) {
                throw new IllegalStateException("metadata() was already called for " + file);
            }
            throwIfFailed();
            enqueue(new WriteChunk(CHUNK_METADATA, metadataCodec.encode(metadata)));
            metadataWritten = true;
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void accept(CaptureEvent event) {
        Objects.requireNonNull(event, "event");
        lock.lock();
        try {
            requireOpen();
            if (!metadataWritten) {
                throw new IllegalStateException("metadata() must be called before the first event of " + file);
            }
            throwIfFailed();
            encoder.encode(event);
            eventCount++;
            if (event instanceof Sample) {
                sampleCount++;
            }
            if (encoder.size() >= settings.chunkBytes()) {
                enqueue(new WriteChunk(CHUNK_EVENTS, encoder.takeChunk()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long bytesWritten() {
        return bytesWritten.get();
    }

    /** Hands every accepted event to the writer thread and waits until it has written them (without forcing). */
    @Override
    public void flush() throws IOException {
        CountDownLatch done = new CountDownLatch(1);
        lock.lock();
        try {
            requireOpen();
            throwIfFailed();
            sealPartialChunk();
            enqueue(new Barrier(done));
        } finally {
            lock.unlock();
        }
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while flushing " + file);
        }
        throwIfFailed();
    }

    /** Writes the rest and the END chunk, forces the file to disk and stops the writer thread. */
    @Override
    public void close() throws IOException {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            try {
                if (metadataWritten && failure.get() == null) {
                    sealPartialChunk();
                }
            } catch (IOException e) {
                fail(e);
            }
            putUninterruptibly(new Finish(metadataWritten && failure.get() == null, eventCount, sampleCount));
        } finally {
            lock.unlock();
        }
        joinUninterruptibly(writerThread);
        throwIfFailed();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the capture writer for " + file + " is closed");
        }
    }

    private void throwIfFailed() throws IOException {
        IOException cause = failure.get();
        if (cause != null) {
            throw new IOException(cause.getMessage(), cause);
        }
    }

    private void fail(Throwable cause) {
        failure.compareAndSet(null, new IOException("cannot write capture " + file + ": " + cause, cause));
    }

    /** Caller holds the lock. */
    private void sealPartialChunk() throws IOException {
        if (!encoder.isEmpty()) {
            enqueue(new WriteChunk(CHUNK_EVENTS, encoder.takeChunk()));
        }
    }

    /** Caller holds the lock. Blocks while the queue is full: back pressure keeps memory bounded. */
    private void enqueue(Command command) throws IOException {
        try {
            while (!queue.offer(command, OFFER_RETRY_MILLIS, TimeUnit.MILLISECONDS)) {
                throwIfFailed();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            InterruptedIOException interrupted =
                    new InterruptedIOException("interrupted while handing data of " + file + " to the writer thread");
            // The chunk is lost, so the file can no longer be complete: every later call must say so.
            fail(interrupted);
            throw interrupted;
        }
    }

    private void putUninterruptibly(Command command) {
        boolean interrupted = false;
        while (true) {
            try {
                queue.put(command);
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private void runWriterThread() {
        try {
            writeFileHeader();
            long flushIntervalNanos = settings.flushInterval().toNanos();
            long nextFlush = System.nanoTime() + flushIntervalNanos;
            while (true) {
                long wait = nextFlush - System.nanoTime();
                Command command = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                if (command instanceof Finish finish) {
                    finish(finish);
                    return;
                } else if (command instanceof WriteChunk chunk) {
                    writeChunk(chunk.type(), chunk.payload());
                } else if (command instanceof Barrier barrier) {
                    barrier.done().countDown();
                }
                if (System.nanoTime() - nextFlush >= 0 && queuePartialChunk()) {
                    nextFlush = System.nanoTime() + flushIntervalNanos;
                }
            }
        } catch (Throwable t) {
            fail(t);
            discardUntilFinish();
        } finally {
            try {
                channel.close();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    /**
     * Seals the partial chunk and queues it behind the full ones. Returns false when the collector's thread
     * holds the lock; the flush is then retried on the next turn.
     */
    private boolean queuePartialChunk() throws InterruptedException {
        if (!lock.tryLock(FLUSH_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            return false;
        }
        try {
            // A full queue means chunks are flowing anyway; the partial one follows with the next full one.
            if (!encoder.isEmpty() && queue.remainingCapacity() > 0) {
                queue.add(new WriteChunk(CHUNK_EVENTS, encoder.takeChunk()));
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    private void discardUntilFinish() {
        while (true) {
            Command command;
            try {
                command = queue.take();
            } catch (InterruptedException e) {
                continue;
            }
            if (command instanceof Barrier barrier) {
                barrier.done().countDown();
            } else if (command instanceof Finish) {
                return;
            }
        }
    }

    private void writeFileHeader() throws IOException {
        ByteBuffer header = ByteBuffer.allocate(FILE_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.put(MAGIC).putShort((short) MAJOR_VERSION).putShort((short) MINOR_VERSION).putInt(0).flip();
        writeFully(new ByteBuffer[] {header});
    }

    private void writeChunk(int type, byte[] payload) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(payload, 0, payload.length);
        ByteBuffer header = ByteBuffer.allocate(CHUNK_HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        header.putInt(type).putInt(payload.length).putInt((int) crc.getValue()).flip();
        writeFully(new ByteBuffer[] {header, ByteBuffer.wrap(payload)});
    }

    private void writeFully(ByteBuffer[] buffers) throws IOException {
        long remaining = 0;
        for (ByteBuffer buffer : buffers) {
            remaining += buffer.remaining();
        }
        while (remaining > 0) {
            long written = channel.write(buffers);
            remaining -= written;
            bytesWritten.addAndGet(written);
        }
    }

    private void finish(Finish finish) throws IOException {
        if (finish.writeEnd()) {
            ByteBuffer end = ByteBuffer.allocate(END_PAYLOAD_BYTES).order(ByteOrder.LITTLE_ENDIAN);
            end.putLong(finish.eventCount()).putLong(finish.sampleCount());
            writeChunk(CHUNK_END, end.array());
        }
        channel.force(true);
    }
}
