package io.tachyon.api.analysis;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.LostRecords;

import java.nio.file.Path;
import java.util.List;
import java.util.SortedMap;
import java.util.function.Predicate;

/**
 * The analysed view of one capture: what every viewer and exporter reads. Immutable once built and
 * safe to share between threads.
 */
@org.osgi.annotation.versioning.ProviderType
public interface CaptureModel {

    /** The stack of a sample without frames, in {@link SampleVisitor#sample}. */
    int NO_STACK = -1;

    Path file();

    CaptureMetadata metadata();

    /** Time of the first and last event, on the capture's clock. */
    long startTime();

    long endTime();

    long sampleCount();

    /** Sum of the sample periods: the CPU time the samples stand for. */
    long sampledNanos();

    /** Records the kernel dropped while recording, summed over all buffers. */
    long lostRecords();

    /**
     * What a reader of this capture should know before trusting it, for people: the file was not closed
     * (recorder killed), parts were skipped, ... Empty for a sound capture.
     */
    List<String> warnings();

    /** Every thread seen, busiest first. */
    List<ThreadSummary> threads();

    /** Every function hit by a sample, by self time, highest first. */
    List<FunctionCost> functions();

    /** Every distinct sampled call stack, by time, highest first. */
    List<StackCost> stacks();

    /** Every {@link LostRecords} event of the capture, in time order: where its picture has holes. */
    List<LostRecords> lostRecordEvents();

    /** The records lost per ring buffer: CPU (-1 for a buffer not tied to one CPU) to count, by CPU. */
    SortedMap<Integer, Long> lostRecordsByCpu();

    /**
     * Whether the capture recorded context switches. Without them (recorded with {@code --no-switches}, or by
     * an older recorder) thread states are not known: a thread is RUNNING where a sample proves it and UNKNOWN
     * elsewhere, and there are no waits.
     */
    boolean hasThreadStates();

    /** Every thread with its time by state, in the order of {@link #threads()}. */
    List<ThreadStates> threadStates();

    /**
     * A thread's states between {@code from} and {@code to}.
     *
     * @param resolution the shortest interval wanted (e.g. the time one pixel stands for); shorter stretches
     *                   are merged into the state that took most of their time. 0 for every interval.
     * @throws IllegalArgumentException when the capture has no such thread, or {@code to < from}
     */
    ThreadTimeline timeline(int pid, int tid, long from, long to, long resolution);

    /**
     * A thread's time by state in {@code buckets} equal parts of {@code from}..{@code to} (split as in
     * {@link CpuUsage#bucketStart(int)}): what a compact picture of its life shows.
     *
     * @throws IllegalArgumentException when the capture has no such thread, {@code to < from} or
     *                                  {@code buckets < 1}
     */
    List<StateTotals> stateBuckets(int pid, int tid, long from, long to, int buckets);

    /**
     * A thread's waits that overlap {@code from}..{@code to}, in time order, whole (not clipped).
     *
     * @throws IllegalArgumentException when the capture has no such thread
     */
    List<Wait> waits(int pid, int tid, long from, long to);

    /**
     * The waits of the threads {@code threads} accepts, grouped by wait stack, most wait time first. Only the
     * part of each wait between {@code from} and {@code to} counts (in time, count and max).
     */
    List<WaitGroup> waitGroups(Predicate<ThreadSummary> threads, long from, long to);

    /** Every CPU's busy time in {@code buckets} equal parts of {@code from}..{@code to}, by CPU number. */
    List<CpuUsage> cpuUsage(long from, long to, int buckets);

    /**
     * This model restricted to {@code filter}: its samples (and so its stacks, functions and thread CPU times)
     * are the accepted threads' samples in the window; {@link #threads()} and {@link #threadStates()} list the
     * accepted threads only, with their states counted in the window; {@link #startTime()} and
     * {@link #endTime()} are clipped to the window; {@link #waitGroups} counts the accepted threads only. The
     * per-thread queries ({@link #timeline}, {@link #waits}, {@link #stateBuckets}) answer the window they are
     * asked, and {@link #cpuUsage} stays the CPUs' whole picture. Filtering a filtered model accepts what both
     * filters accept.
     *
     * @throws UnsupportedOperationException when this model cannot be filtered
     * @since 1.2
     */
    default CaptureModel filtered(CaptureFilter filter) {
        if (filter.acceptsAll()) {
            return this;
        }
        throw new UnsupportedOperationException(getClass().getName() + " cannot be filtered");
    }

    /**
     * Every sample {@code filter} accepts (its time in the window, its thread accepted), in time order; samples
     * of one time keep the capture's order.
     *
     * @throws UnsupportedOperationException when this model does not keep its samples one by one
     * @since 1.2
     */
    default void samples(CaptureFilter filter, SampleVisitor visitor) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep individual samples");
    }

    /**
     * The frames of a stack given by {@link #samples}, outermost caller first; empty for {@link #NO_STACK}.
     *
     * @throws IllegalArgumentException when the model has no such stack
     * @throws UnsupportedOperationException when this model does not keep its samples one by one
     * @since 1.2
     */
    default List<StackFrame> stack(int stack) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep individual samples");
    }

    /**
     * The modules mapped in this capture (among them every module its frames lie in), one per
     * {@link StackFrame#module() name}: the first one mapped when files of one name were mapped from several
     * paths. Empty when the model does not know them.
     *
     * @since 1.2
     */
    default List<CapturedModule> modules() {
        return List.of();
    }

    /**
     * The symbols this capture needs, to be embedded in it (see
     * {@link io.tachyon.api.capture.CaptureWriter#embedSymbols}) so that it shows the same names where its modules
     * are not: per file or kernel module, the function of every frame of the samples, switches and wake-ups that a
     * symbol source named, with its display name and its address and size as the source gave them. JIT code is
     * not included (its addresses belong to one run of one process). Empty when the model does not know them.
     *
     * @since 1.3
     */
    default List<EmbeddedSymbols> symbolsToEmbed() {
        return List.of();
    }
}
