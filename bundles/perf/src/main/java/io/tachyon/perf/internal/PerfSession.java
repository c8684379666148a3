package io.tachyon.perf.internal;

import io.tachyon.api.collect.CaptureSession;
import io.tachyon.api.collect.EventSink;
import io.tachyon.api.collect.RecordingStatus;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.Sample;

import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A running perf recording. One reader thread polls every ring buffer each poll interval, decodes the
 * records and passes the events to the sink; it never blocks the target, which only loses records (and
 * says so with PERF_RECORD_LOST) if the reader falls behind. The recording ends when the target ends,
 * the duration has passed or {@link #stop()} is called: the reader then disables the events, drains the
 * buffers one last time and releases every descriptor and mapping.
 */
final class PerfSession implements CaptureSession {

    private static final System.Logger LOG = System.getLogger(PerfSession.class.getName());
    private static final long TERMINATE_GRACE_SECONDS = 5;

    private final PerfEvents events;
    private final PerfRecordDecoder decoder;
    private final EventSink sink;
    private final MonotonicClock clock;
    private final long startTime;
    private final long durationNanos;
    private final long pollIntervalNanos;
    private final BooleanSupplier targetEnded;
    private final Process launched;
    private final Consumer<PerfSession> onEnd;
    private final TimeOrderedEvents ordered = new TimeOrderedEvents(this::deliver);
    private final CountDownLatch end = new CountDownLatch(1);
    private final Thread reader;

    private volatile boolean stopRequested;
    private volatile long endTime;
    // Written only by the thread that delivers events (the starting thread before begin(), then the reader).
    private volatile long samples;
    private volatile long eventCount;
    private volatile long lost;

    /**
     * @param duration    how long to record, or null for as long as the target lives
     * @param targetEnded whether the target has ended (checked every poll interval)
     * @param launched    the launched command, or null
     * @param onEnd       called by the reader once the session has ended and released everything
     */
    PerfSession(PerfEvents events, PerfRecordDecoder decoder, EventSink sink, MonotonicClock clock, long startTime,
            Duration duration, Duration pollInterval, BooleanSupplier targetEnded, Process launched,
            Consumer<PerfSession> onEnd) {
        this.events = events;
        this.decoder = decoder;
        this.sink = sink;
        this.clock = clock;
        this.startTime = startTime;
        this.durationNanos = duration == null ? Long.MAX_VALUE : duration.toNanos();
        this.pollIntervalNanos = pollInterval.toNanos();
        this.targetEnded = targetEnded;
        this.launched = launched;
        this.onEnd = onEnd;
        this.reader = new Thread(this::readUntilEnd, "tachyon-perf-reader");
        reader.setDaemon(true);
    }

    /** Passes an event to the sink and counts it. Only the delivering thread may call this. */
    void deliver(CaptureEvent event) {
        sink.accept(event);
        eventCount++;
        if (event instanceof Sample) {
            samples++;
        } else if (event instanceof LostRecords lostRecords) {
            lost += lostRecords.count();
        }
    }

    /** Starts the reader; from now on only it delivers events. */
    void begin() {
        reader.start();
    }

    private void readUntilEnd() {
        try {
            while (true) {
                boolean last = stopRequested || targetEnded.getAsBoolean()
                        || clock.nanoTime() - startTime >= durationNanos;
                if (last) {
                    events.disable();
                }
                long readStart = clock.nanoTime();
                drain();
                if (last) {
                    ordered.releaseAll();
                    return;
                }
                ordered.releaseBefore(readStart);
                LockSupport.parkNanos(this, pollIntervalNanos);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "perf recording ended by an error; the capture holds the events read "
                    + "until then", e);
        } finally {
            events.close();
            terminateLaunchedCommand();
            endTime = clock.nanoTime();
            end.countDown();
            onEnd.accept(this);
        }
    }

    private void drain() {
        for (RingBuffer ring : events.ringBuffers()) {
            ring.drain((buffer, offset) -> decoder.decode(buffer, offset, ordered::add));
        }
    }

    /**
     * A command launched for this recording does not outlive it: when the recording ends first (stop,
     * duration, the collector going away), the command gets SIGTERM rather than running on orphaned.
     */
    private void terminateLaunchedCommand() {
        if (launched == null || !launched.isAlive()) {
            return;
        }
        LOG.log(System.Logger.Level.INFO, "recording ended before the launched command; terminating pid "
                + launched.pid());
        launched.destroy();
        try {
            if (!launched.waitFor(TERMINATE_GRACE_SECONDS, TimeUnit.SECONDS)) {
                launched.destroyForcibly();
            }
        } catch (InterruptedException e) {
            launched.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public RecordingStatus status() {
        boolean ended = end.getCount() == 0;
        long elapsed = (ended ? endTime : clock.nanoTime()) - startTime;
        return new RecordingStatus(elapsed, samples, eventCount, lost, ended);
    }

    @Override
    public void stop() {
        stopRequested = true;
        LockSupport.unpark(reader);
    }

    @Override
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return end.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public OptionalInt targetExitStatus() {
        return launched == null || launched.isAlive() ? OptionalInt.empty() : OptionalInt.of(launched.exitValue());
    }

    @Override
    public void close() {
        stop();
        boolean interrupted = false;
        while (true) {
            try {
                end.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
