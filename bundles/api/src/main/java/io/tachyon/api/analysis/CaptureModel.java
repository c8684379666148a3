package io.tachyon.api.analysis;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.RecorderUsage;
import io.tachyon.api.event.Throttle;

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
     * symbol source named, with its display name and size, at the address its source's lookups take (see
     * {@link io.tachyon.api.symbols.ModuleSymbols#moduleAddressOf}), and the source position of every such frame's
     * address that the module's debug information knows ({@link EmbeddedSymbols#lines()}). JIT code is not included
     * (its addresses belong to one run of one process). Empty when the model does not know them. Worked out on the
     * first call, which may take a while (it reads the modules' debug information).
     *
     * @since 1.3
     */
    default List<EmbeddedSymbols> symbolsToEmbed() {
        return List.of();
    }

    /**
     * Every {@link Throttle} event of the capture (the kernel throttled or resumed sampling on a CPU), in time
     * order. Empty when there were none or the model does not keep them.
     *
     * @since 1.4
     */
    default List<Throttle> throttles() {
        return List.of();
    }

    /**
     * The kernel log lines the recorder kept while recording (see {@link KernelMessage}), in time order.
     *
     * @since 1.4
     */
    default List<KernelMessage> kernelMessages() {
        return List.of();
    }

    /**
     * What the collector said about the recording (preflight warnings, a clamped rate, safety-valve actions), in
     * time order.
     *
     * @since 1.4
     */
    default List<CollectorNotice> notices() {
        return List.of();
    }

    /**
     * The recorder's own CPU time and memory as it reported them while recording, in time order.
     *
     * @since 1.4
     */
    default List<RecorderUsage> recorderUsage() {
        return List.of();
    }

    /**
     * The samples of this model as a call tree: top-down ({@code inverted} false, outermost callers first) or
     * bottom-up ({@code inverted} true, sampled functions first). See {@link CallTree}.
     *
     * @throws UnsupportedOperationException when this model does not keep its samples' stacks
     * @since 1.4
     */
    default CallTree callTree(boolean inverted) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep individual samples");
    }

    /**
     * The function whose display name is {@code function} with its direct callers and callees (see
     * {@link Butterfly}). Functions of that name in several modules count as one, reported with the module of
     * the most total time; callers and callees stay apart by module.
     *
     * @throws IllegalArgumentException naming the function when no sample of this model has it on its stack
     * @throws UnsupportedOperationException when this model does not keep its samples' stacks
     * @since 1.4
     */
    default Butterfly butterfly(String function) {
        throw new UnsupportedOperationException(getClass().getName() + " does not keep individual samples");
    }

    /**
     * This model with its samples' stacks filtered by function (see {@link FunctionFilter}): its samples, stacks,
     * functions, threads' CPU times, {@link #samples}, {@link #stack}, {@link #callTree} and {@link #butterfly}
     * are those the filter keeps, with the stacks it leaves. Waits, thread states and CPU usage are not samples
     * and stay as they are. It composes with {@link #filtered(CaptureFilter)} in either order: both orders keep
     * the same samples with the same stacks.
     *
     * @throws UnsupportedOperationException when this model cannot be filtered
     * @since 1.4
     */
    default CaptureModel filtered(FunctionFilter filter) {
        if (filter.acceptsAll()) {
            return this;
        }
        throw new UnsupportedOperationException(getClass().getName() + " cannot be filtered by function");
    }

    /**
     * Self time by source line: every sample's sampled instruction (the leaf frame, kernel or user) placed on its
     * source line by the lines embedded in the capture, else by its module's debug information here; the samples
     * of code no debug information places are counted once per function, with no file. Hottest first. Samples
     * without frames or outside every mapped module are not counted. Worked out on each call: it may read the
     * modules' debug information.
     *
     * @since 1.5
     */
    default List<LineCost> lines() {
        return List.of();
    }
}
