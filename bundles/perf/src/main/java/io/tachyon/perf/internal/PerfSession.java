package io.tachyon.perf.internal;

import io.tachyon.api.collect.CaptureSession;
import io.tachyon.api.collect.EventSink;
import io.tachyon.api.collect.RecordingStatus;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.Sample;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * A running perf recording, read by two threads. The reader copies the new bytes of every ring buffer out
 * each poll interval — at once again when a buffer was found an eighth full — and hands the space back to
 * the kernel; the decoder turns the copies into events and passes them to the sink in time order. Copying
 * is fast even before the JIT has compiled anything, so at context-switch rates (hundreds of thousands of
 * records a second) the buffers are emptied as fast as the kernel fills them while decoding catches up.
 * Neither thread ever blocks the target: if the reader falls behind, the kernel drops records and says so
 * with PERF_RECORD_LOST; if the decoder falls more than {@link #MAX_PENDING_BYTES} behind, the reader
 * leaves records in the buffers, where the kernel counts what it cannot write in the same way.
 *
 * <p>The recording ends when the target ends, the duration has passed or {@link #stop()} is called: the
 * reader then disables the events, copies the buffers one last time and releases every descriptor and
 * mapping; the session has ended once the decoder has delivered the last event.
 */
final class PerfSession implements CaptureSession {

    private static final System.Logger LOG = System.getLogger(PerfSession.class.getName());
    private static final long TERMINATE_GRACE_SECONDS = 5;
    /** A buffer found this full is read again at once: at context-switch rates a poll interval can fill it. */
    private static final double BUSY_FILL = 0.125;
    /** How many copied bytes may wait for the decoder before the reader leaves records in the buffers. */
    static final long MAX_PENDING_BYTES = 64L << 20;
    /** How often the recorder's own CPU time and memory go into the capture. */
    static final long USAGE_INTERVAL_NANOS = 1_000_000_000L;
    static final String NOTICE_ACHIEVED_RATE = "achieved-rate";

    /**
     * What watches over a recording's health besides the events themselves.
     *
     * @param valve           sees every delivered event; null for none
     * @param kernelLog       follows /dev/kmsg; null for none
     * @param faultInjection  the test setting's injected gap; null for none
     * @param usage           the recorder's own cost, sampled every {@link #USAGE_INTERVAL_NANOS}
     * @param frequencyHz     the sampling frequency in effect, for the achieved rate
     * @param requestedHz     the frequency asked for (higher when it was clamped)
     */
    record Watch(SafetyValve valve, KernelLogFollower kernelLog, FaultInjection faultInjection,
            RecorderUsageProbe usage, int frequencyHz, int requestedHz) {
    }

    /** The bytes read from every buffer in one pass, and the time taken before the pass began. */
    private record Batch(long readStartTime, List<ByteBuffer> buffers, long bytes, boolean last) {
    }

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
    private final SwitchSequence switchSequence = new SwitchSequence(this::deliver);
    private final TimeOrderedEvents ordered = new TimeOrderedEvents(switchSequence);
    private final ThreadPids threadPids = new ThreadPids(ProcFs::processOfThread);
    private final BlockingQueue<Batch> batches = new LinkedBlockingQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicLong bytesRead = new AtomicLong();
    private final CountDownLatch end = new CountDownLatch(1);
    private final Thread reader;
    private final Thread decoding;
    /** Health events from other threads (kernel log, fault injection, safety valve, usage), for the decoder. */
    private final ConcurrentLinkedQueue<CaptureEvent> reported = new ConcurrentLinkedQueue<>();
    /** Samples delivered per CPU, by the delivering thread. */
    private final Map<Integer, Long> samplesByCpu = new TreeMap<>();
    private Watch watch = new Watch(null, null, null, null, 0, 0);
    /** The CPU time each CPU's sampling events counted, read by the reader as the recording ends. */
    private volatile Map<Integer, Long> countedNanosByCpu = Map.of();

    private volatile boolean stopRequested;
    private volatile long endTime;
    // Written only by the thread that delivers events (the starting thread before begin(), then the decoder).
    private volatile long samples;
    private volatile long eventCount;
    private volatile long lost;

    /**
     * @param duration    how long to record, or null for as long as the target lives
     * @param targetEnded whether the target has ended (checked every poll interval)
     * @param launched    the launched command, or null
     * @param onEnd       called by the decoder once the session has ended and released everything
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
        this.decoding = new Thread(this::decodeUntilEnd, "tachyon-perf-decoder");
        reader.setDaemon(true);
        decoding.setDaemon(true);
    }

    /**
     * Passes an event to the sink, with the process ids of the threads it names completed, and counts it.
     * Only the delivering thread may call this, in time order.
     */
    void deliver(CaptureEvent event) {
        sink.accept(threadPids.complete(event));
        eventCount++;
        if (watch.valve() != null) {
            watch.valve().observe(event);
        }
        if (event instanceof Sample sample) {
            samples++;
            samplesByCpu.merge(sample.cpu(), 1L, Long::sum);
        } else if (event instanceof LostRecords lostRecords) {
            lost += lostRecords.count();
        }
    }

    /**
     * The threads that existed before the events were enabled, by thread id, for completing the process ids the
     * tracepoints leave out. Only the starting thread calls this, before {@link #begin()}.
     */
    void existingThreads(Map<Integer, Integer> processByThread) {
        threadPids.learnExisting(processByThread);
    }

    /** Sets what watches over this recording; called once, before reading starts. */
    void watch(Watch health) {
        this.watch = health;
    }

    /** Hands a health event from any thread to the decoder, which delivers it with the events of its time. */
    void report(CaptureEvent event) {
        reported.add(event);
    }

    /**
     * Delivers an event describing what existed before recording (the /proc snapshot) and tells the decoder,
     * whose unwinder needs the processes' mappings. Only the starting thread calls this, before {@link #begin()}.
     */
    void deliverExisting(CaptureEvent event) {
        decoder.observe(event);
        deliver(event);
    }

    /**
     * Starts emptying the ring buffers while the starting thread still delivers what existed before the
     * recording (a /proc snapshot can take longer than the buffers last).
     */
    void startReading() {
        if (reader.getState() == Thread.State.NEW) {
            reader.start();
        }
    }

    /** Starts decoding (and reading, if not yet started); from now on only the decoder delivers events. */
    void begin() {
        if (watch.kernelLog() != null) {
            watch.kernelLog().start();
        }
        if (watch.faultInjection() != null) {
            watch.faultInjection().start();
        }
        decoding.start();
        startReading();
    }

    private void readUntilEnd() {
        long nextUsage = startTime;
        try {
            while (true) {
                long now = clock.nanoTime();
                boolean last = stopRequested || targetEnded.getAsBoolean() || now - startTime >= durationNanos;
                if (last) {
                    endWatching();
                    events.disable();
                }
                if (watch.usage() != null && (last || now - nextUsage >= 0)) {
                    watch.usage().sample(now).ifPresent(this::report);
                    nextUsage = now + USAGE_INTERVAL_NANOS;
                }
                boolean busy = false;
                if (last || pendingBytes.get() < MAX_PENDING_BYTES) {
                    busy = copyBuffers(last);
                }
                if (last) {
                    return;
                }
                if (!busy) {
                    LockSupport.parkNanos(this, pollIntervalNanos);
                }
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "perf recording ended by an error; the capture holds the events read "
                    + "until then", e);
            batches.add(new Batch(clock.nanoTime(), List.of(), 0, true));
        } finally {
            endWatching();
            events.close();
            terminateLaunchedCommand();
        }
    }

    /**
     * Stops the kernel log follower (after reading what was logged until now) and the fault injection, and reads
     * what the sampling events counted, before the last batch: their events go out with it. Idempotent.
     */
    private void endWatching() {
        if (watch.faultInjection() != null) {
            watch.faultInjection().stop();
        }
        if (watch.kernelLog() != null) {
            watch.kernelLog().stop();
        }
        if (countedNanosByCpu.isEmpty()) {
            countedNanosByCpu = events.countedNanosByCpu();
        }
    }

    /** @return whether a buffer was filling fast enough that the reader should not wait a poll interval */
    private boolean copyBuffers(boolean last) {
        long readStart = clock.nanoTime();
        List<ByteBuffer> copies = new ArrayList<>();
        long bytes = 0;
        boolean busy = false;
        for (RingBuffer ring : events.ringBuffers()) {
            ByteBuffer copy = ring.take();
            if (copy.limit() > 0) {
                copies.add(copy);
                bytes += copy.limit();
            }
            busy |= ring.lastFill() >= BUSY_FILL;
        }
        if (!copies.isEmpty() || last) {
            pendingBytes.addAndGet(bytes);
            bytesRead.addAndGet(bytes);
            batches.add(new Batch(readStart, copies, bytes, last));
        }
        return busy;
    }

    private void decodeUntilEnd() {
        boolean failed = false;
        try {
            while (true) {
                Batch batch = batches.take();
                if (!failed) {
                    try {
                        decode(batch);
                    } catch (RuntimeException e) {
                        LOG.log(System.Logger.Level.ERROR, "perf recording ended by a record it cannot decode; the "
                                + "capture holds the events decoded until then", e);
                        failed = true;
                        stop();
                    }
                }
                pendingBytes.addAndGet(-batch.bytes());
                if (batch.last()) {
                    if (!failed) {
                        takeReported();
                        ordered.releaseAll();
                        switchSequence.report();
                        achievedRate().ifPresent(this::deliver);
                    }
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            awaitReader();
            endTime = clock.nanoTime();
            end.countDown();
            onEnd.accept(this);
        }
    }

    private void decode(Batch batch) {
        for (ByteBuffer records : batch.buffers()) {
            int offset = 0;
            while (offset < records.limit()) {
                offset += decoder.observeMapping(records, offset);
            }
        }
        for (ByteBuffer records : batch.buffers()) {
            int offset = 0;
            while (offset < records.limit()) {
                offset += decoder.decode(records, offset, ordered::add);
            }
        }
        if (!batch.last()) {
            takeReported();
            ordered.releaseBefore(batch.readStartTime());
        }
    }

    /** Moves the health events reported so far into the time order of the events to deliver. */
    private void takeReported() {
        for (CaptureEvent event = reported.poll(); event != null; event = reported.poll()) {
            ordered.add(event);
        }
    }

    /**
     * The sampling rate each CPU achieved: its samples per second of the CPU time its sampling events counted (while
     * sampling was enabled), against the frequency in effect. Empty when nothing was counted.
     */
    private Optional<CollectorNotice> achievedRate() {
        Map<Integer, Long> counted = countedNanosByCpu;
        long totalSamples = 0;
        long totalNanos = 0;
        StringBuilder perCpu = new StringBuilder();
        for (Map.Entry<Integer, Long> cpu : counted.entrySet()) {
            long cpuSamples = samplesByCpu.getOrDefault(cpu.getKey(), 0L);
            if (cpu.getValue() <= 0) {
                continue;
            }
            totalSamples += cpuSamples;
            totalNanos += cpu.getValue();
            perCpu.append(perCpu.isEmpty() ? "" : ", ").append(String.format(Locale.ROOT, "CPU %d: %.0f Hz over %.2f s",
                    cpu.getKey(), cpuSamples * 1e9 / cpu.getValue(), cpu.getValue() / 1e9));
        }
        if (totalNanos == 0 || watch.frequencyHz() == 0) {
            return Optional.empty();
        }
        String requested = watch.requestedHz() == watch.frequencyHz() ? ""
                : " (" + watch.requestedHz() + " Hz requested, clamped)";
        return Optional.of(new CollectorNotice(clock.nanoTime(), CollectorNotice.Severity.INFO,
                NOTICE_ACHIEVED_RATE, String.format(Locale.ROOT, "achieved sampling rate %.0f Hz per CPU of %d Hz%s: %s",
                        totalSamples * 1e9 / totalNanos, watch.frequencyHz(), requested, perCpu)));
    }

    /** The session has ended only once the reader has released the events and the launched command. */
    private void awaitReader() {
        Uninterruptibly.join(reader);
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

    /** The bytes of records copied out of the ring buffers so far. */
    long bytesRead() {
        return bytesRead.get();
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
        Uninterruptibly.await(end::await);
    }
}
