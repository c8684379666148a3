package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureWriter;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import static java.nio.file.StandardOpenOption.CREATE;
import static java.nio.file.StandardOpenOption.TRUNCATE_EXISTING;
import static java.nio.file.StandardOpenOption.WRITE;

/**
 * Streams a capture to a .tcap file. The collector's thread only collects events into batches; a dedicated
 * writer thread encodes, compresses and writes them ({@link CaptureFileWriter}). Batches pass through a
 * bounded queue, so memory stays bounded and a collector faster than the disk is slowed down rather than
 * buffered without end. The writer thread also writes out the partial batch at every flush interval and
 * forces it to disk, so a recorder that is killed loses at most that interval. A failure on the writer
 * thread is kept and thrown by the next {@link #accept}, {@link #flush} or {@link #close}.
 */
public final class TcapWriter implements CaptureWriter {

    private sealed interface Command permits Batch, Metadata, Symbols, Barrier, Finish {
    }

    private record Batch(List<CaptureEvent> events) implements Command {
    }

    private record Metadata(CaptureMetadata metadata) implements Command {
    }

    private record Symbols(EmbeddedSymbols symbols) implements Command {
    }

    /** Released by the writer thread once every command queued before it is written. */
    private record Barrier(CountDownLatch done) implements Command {
    }

    private record Finish(boolean complete) implements Command {
    }

    private static final long OFFER_RETRY_MILLIS = 100;
    private static final long FLUSH_LOCK_WAIT_MILLIS = 10;

    private final Path file;
    private final WriterSettings settings;
    private final FileChannel channel;
    private final CaptureFileWriter output;
    private final BlockingQueue<Command> queue;
    private final AtomicReference<IOException> failure = new AtomicReference<>();
    private final Thread writerThread;

    /** Guards the batch and the state below, and makes handing over a batch and queueing it one step. */
    private final ReentrantLock lock = new ReentrantLock();
    private List<CaptureEvent> batch = new ArrayList<>(WriterSettings.BATCH_EVENTS);
    private boolean metadataWritten;
    private boolean closed;

    public TcapWriter(Path file, WriterSettings settings) throws IOException {
        this.file = Objects.requireNonNull(file, "file");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.channel = FileChannel.open(file, CREATE, TRUNCATE_EXISTING, WRITE);
        this.output = new CaptureFileWriter(file, channel, settings);
        this.queue = new ArrayBlockingQueue<>(settings.queuedBatches());
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
            enqueue(new Metadata(metadata));
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
            batch.add(event);
            if (batch.size() >= WriterSettings.BATCH_EVENTS) {
                handOverBatch();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e.getMessage(), e);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void embedSymbols(EmbeddedSymbols symbols) throws IOException {
        Objects.requireNonNull(symbols, "symbols");
        lock.lock();
        try {
            requireOpen();
            if (!metadataWritten) {
                throw new IllegalStateException("metadata() must be called before symbols are embedded in " + file);
            }
            throwIfFailed();
            handOverBatch();
            enqueue(new Symbols(symbols));
        } finally {
            lock.unlock();
        }
    }

    @Override
    public long bytesWritten() {
        return output.bytesWritten();
    }

    /** Hands every accepted event to the writer thread and waits until it has written them (without forcing). */
    @Override
    public void flush() throws IOException {
        CountDownLatch done = new CountDownLatch(1);
        lock.lock();
        try {
            requireOpen();
            throwIfFailed();
            handOverBatch();
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

    /** Writes the rest, the INDEX and the END chunk, forces the file to disk and stops the writer thread. */
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
                    handOverBatch();
                }
            } catch (IOException e) {
                fail(e);
            }
            putUninterruptibly(new Finish(metadataWritten && failure.get() == null));
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
    private void handOverBatch() throws IOException {
        if (!batch.isEmpty()) {
            enqueue(new Batch(batch));
            batch = new ArrayList<>(WriterSettings.BATCH_EVENTS);
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
            // The batch is lost, so the file can no longer be complete: every later call must say so.
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
            output.header();
            long flushIntervalNanos = settings.flushInterval().toNanos();
            long nextFlush = System.nanoTime() + flushIntervalNanos;
            while (true) {
                long wait = nextFlush - System.nanoTime();
                Command command = wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
                if (command instanceof Finish finish) {
                    if (finish.complete()) {
                        output.finish();
                    }
                    return;
                }
                execute(command);
                if (System.nanoTime() - nextFlush >= 0 && flushPartialBatch()) {
                    nextFlush = System.nanoTime() + flushIntervalNanos;
                }
            }
        } catch (Throwable t) {
            fail(t);
            discardUntilFinish();
        } finally {
            output.close();
            try {
                channel.close();
            } catch (IOException e) {
                fail(e);
            }
        }
    }

    private void execute(Command command) throws IOException {
        if (command instanceof Batch b) {
            for (CaptureEvent event : b.events()) {
                output.event(event);
            }
        } else if (command instanceof Metadata m) {
            output.metadata(m.metadata());
        } else if (command instanceof Symbols s) {
            output.symbols(s.symbols());
        } else if (command instanceof Barrier barrier) {
            output.sealEvents();
            barrier.done().countDown();
        }
    }

    /**
     * Writes out everything accepted so far and forces it to disk. Returns false when the collector's thread
     * holds the lock or batches are still queued; the flush is then retried on the next turn.
     */
    private boolean flushPartialBatch() throws InterruptedException, IOException {
        if (!queue.isEmpty() || !lock.tryLock(FLUSH_LOCK_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
            return false;
        }
        List<CaptureEvent> partial;
        try {
            // Batches are queued under the lock, so an empty queue now means none is waiting ahead of the partial one.
            if (!queue.isEmpty()) {
                return false;
            }
            partial = batch;
            batch = new ArrayList<>(WriterSettings.BATCH_EVENTS);
        } finally {
            lock.unlock();
        }
        execute(new Batch(partial));
        output.sealEvents();
        output.force();
        return true;
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
}
