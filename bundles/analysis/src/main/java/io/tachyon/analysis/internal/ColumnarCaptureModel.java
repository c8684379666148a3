package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.Butterfly;
import io.tachyon.api.analysis.CallTree;
import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CapturedModule;
import io.tachyon.api.analysis.CpuUsage;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.LineCost;
import io.tachyon.api.analysis.FunctionFilter;
import io.tachyon.api.analysis.SampleVisitor;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.StateTotals;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.ThreadTimeline;
import io.tachyon.api.analysis.Wait;
import io.tachyon.api.analysis.WaitGroup;
import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.CollectorNotice;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.KernelMessage;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.RecorderUsage;
import io.tachyon.api.event.Throttle;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A capture as tables: samples in primitive columns pointing into interned stacks, stacks pointing into
 * functions, samples pointing into threads; thread states as interval columns per thread, waits pointing
 * into the same stacks and into the wake-ups. The summaries of {@link CaptureModel} are computed once
 * here; windowed views (timelines, waits, CPU usage) are answered from the tables by {@link StateViews}.
 * A filtered model shares every table but the samples, which it holds as the filter selected them (a model
 * filtered by function also holds its own stack table, extending this one with the rewritten stacks). Call trees
 * and butterflies are aggregated from the per-stack sums, not from the samples. Immutable.
 */
final class ColumnarCaptureModel implements CaptureModel {

    /**
     * What the model knows about thread states.
     *
     * @param switchesRecorded whether the capture holds context switches
     */
    record StateData(boolean switchesRecorded, ThreadStateBuilder.Result states, WakeupTable wakeups) {
    }

    private final Path file;
    private final CaptureMetadata metadata;
    private final List<String> warnings;
    private final long startTime;
    private final long endTime;
    private final List<LostRecords> lostRecordEvents;
    private final long lostRecords;
    private final SortedMap<Integer, Long> lostRecordsByCpu;
    private final boolean switchesRecorded;
    private final SampleTable samples;
    private final StackTable stacks;
    private final FunctionTable functionTable;
    private final ThreadTable threadTable;
    private final long sampledNanos;
    private final long[] stackCounts;
    private final long[] stackNanos;
    private final long framelessSamples;
    private final long framelessNanos;
    private final List<ThreadSummary> threads;
    private final List<FunctionCost> functions;
    private final StackFrames frames;
    private final StateViews stateViews;
    private final StateData stateData;
    private final List<CapturedModule> modules;
    private final Supplier<List<EmbeddedSymbols>> symbolsToEmbed;
    private final SampledInstructions instructions;
    private final CaptureFilter filter;
    private final long captureStart;
    private final long captureEnd;
    /** The samples in time order, worked out on first use; a race computes the same array twice. */
    private volatile int[] timeOrder;
    /** Set once by {@link #withHealth} before the model is handed out; volatile so every thread sees it. */
    private volatile HealthRecords health = HealthRecords.NONE;
    /** The call trees, top-down and bottom-up, built on first use; a race builds the same tree twice. */
    private volatile CallTree topDown;
    private volatile CallTree bottomUp;
    /*
     * Summaries only some views ask for, worked out on first use (a race computes the same list twice): sorting
     * every distinct stack by its frames costs more than the whole `top` view on a big capture.
     */
    private volatile List<StackCost> sampledStacks;
    private volatile List<ThreadStates> threadStates;

    /** @param lostRecordEvents in time order */
    ColumnarCaptureModel(Path file, CaptureMetadata metadata, List<String> warnings, long startTime, long endTime,
            List<LostRecords> lostRecordEvents, SampleTable samples, StackTable stacks, FunctionTable functionTable,
            ThreadTable threadTable, StateData stateData, List<CapturedModule> modules,
            Supplier<List<EmbeddedSymbols>> symbolsToEmbed, SampledInstructions instructions) {
        this(file, metadata, warnings, startTime, endTime, lostRecordEvents, samples, stacks, functionTable,
                threadTable, stateData, modules, symbolsToEmbed, instructions, CaptureFilter.ALL);
    }

    /** @param samples the samples {@code filter} accepts */
    private ColumnarCaptureModel(Path file, CaptureMetadata metadata, List<String> warnings, long startTime,
            long endTime, List<LostRecords> lostRecordEvents, SampleTable samples, StackTable stacks,
            FunctionTable functionTable, ThreadTable threadTable, StateData stateData, List<CapturedModule> modules,
            Supplier<List<EmbeddedSymbols>> symbolsToEmbed, SampledInstructions instructions, CaptureFilter filter) {
        this.file = file;
        this.metadata = metadata;
        this.warnings = List.copyOf(warnings);
        this.captureStart = startTime;
        this.captureEnd = endTime;
        this.startTime = Math.max(startTime, filter.from());
        this.endTime = Math.max(this.startTime, Math.min(endTime, filter.to()));
        this.stateData = stateData;
        this.modules = List.copyOf(modules);
        this.symbolsToEmbed = symbolsToEmbed;
        this.instructions = instructions;
        this.filter = filter;
        this.lostRecordEvents = List.copyOf(lostRecordEvents);
        TreeMap<Integer, Long> byCpu = new TreeMap<>();
        for (LostRecords lost : lostRecordEvents) {
            byCpu.merge(lost.cpu(), lost.count(), Long::sum);
        }
        this.lostRecordsByCpu = Collections.unmodifiableSortedMap(byCpu);
        this.lostRecords = byCpu.values().stream().mapToLong(Long::longValue).sum();
        this.switchesRecorded = stateData.switchesRecorded();
        this.samples = samples;
        this.stacks = stacks;
        this.functionTable = functionTable;
        this.threadTable = threadTable;
        long nanos = 0;
        for (int sample = 0; sample < samples.size(); sample++) {
            nanos += samples.period(sample);
        }
        this.sampledNanos = nanos;
        // Aggregate per interned stack first: there are far fewer distinct stacks than samples.
        this.stackCounts = new long[stacks.size()];
        this.stackNanos = new long[stacks.size()];
        long withoutFrames = 0;
        long withoutFramesNanos = 0;
        for (int sample = 0; sample < samples.size(); sample++) {
            int stack = samples.stack(sample);
            if (stack != StackTable.ROOT) {
                stackCounts[stack]++;
                stackNanos[stack] += samples.period(sample);
            } else {
                withoutFrames++;
                withoutFramesNanos += samples.period(sample);
            }
        }
        this.framelessSamples = withoutFrames;
        this.framelessNanos = withoutFramesNanos;
        this.frames = new StackFrames(stacks, functionTable);
        ThreadSummary[] summariesByThread = new ThreadSummary[threadTable.size()];
        this.threads = summarizeThreads(summariesByThread);
        this.functions = summarizeFunctions();
        this.stateViews = new StateViews(threadTable, summariesByThread, stateData.states(), stateData.wakeups(),
                frames);
    }

    @Override
    public Path file() {
        return file;
    }

    @Override
    public CaptureMetadata metadata() {
        return metadata;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public long startTime() {
        return startTime;
    }

    @Override
    public long endTime() {
        return endTime;
    }

    @Override
    public long sampleCount() {
        return samples.size();
    }

    @Override
    public long sampledNanos() {
        return sampledNanos;
    }

    @Override
    public long lostRecords() {
        return lostRecords;
    }

    @Override
    public List<ThreadSummary> threads() {
        return threads;
    }

    @Override
    public List<FunctionCost> functions() {
        return functions;
    }

    @Override
    public List<StackCost> stacks() {
        List<StackCost> summary = sampledStacks;
        if (summary == null) {
            summary = summarizeStacks();
            sampledStacks = summary;
        }
        return summary;
    }

    /** Gives this model the capture's health events; called once, before the model is handed out. */
    ColumnarCaptureModel withHealth(HealthRecords records) {
        this.health = records;
        return this;
    }

    @Override
    public List<Throttle> throttles() {
        return health.throttles();
    }

    @Override
    public List<KernelMessage> kernelMessages() {
        return health.kernelMessages();
    }

    @Override
    public List<CollectorNotice> notices() {
        return health.notices();
    }

    @Override
    public List<RecorderUsage> recorderUsage() {
        return health.recorderUsage();
    }

    @Override
    public List<LostRecords> lostRecordEvents() {
        return lostRecordEvents;
    }

    @Override
    public SortedMap<Integer, Long> lostRecordsByCpu() {
        return lostRecordsByCpu;
    }

    @Override
    public boolean hasThreadStates() {
        return switchesRecorded;
    }

    @Override
    public List<ThreadStates> threadStates() {
        List<ThreadStates> summary = threadStates;
        if (summary == null) {
            summary = summarizeThreadStates();
            threadStates = summary;
        }
        return summary;
    }

    @Override
    public ThreadTimeline timeline(int pid, int tid, long from, long to, long resolution) {
        return stateViews.timeline(threadIndex(pid, tid), from, to, resolution);
    }

    @Override
    public List<StateTotals> stateBuckets(int pid, int tid, long from, long to, int buckets) {
        int thread = threadIndex(pid, tid);
        return stateViews.stateBuckets(thread, new Buckets(from, to, buckets));
    }

    @Override
    public List<Wait> waits(int pid, int tid, long from, long to) {
        return stateViews.waits(threadIndex(pid, tid), from, to);
    }

    @Override
    public List<WaitGroup> waitGroups(Predicate<ThreadSummary> threads, long from, long to) {
        long windowStart = Math.max(from, filter.from());
        return stateViews.waitGroups(threads.and(thread -> filter.acceptsThread(thread.pid(), thread.tid())),
                windowStart, Math.max(windowStart, Math.min(to, filter.to())));
    }

    @Override
    public List<CpuUsage> cpuUsage(long from, long to, int buckets) {
        return stateViews.cpuUsage(new Buckets(from, to, buckets));
    }

    @Override
    public CaptureModel filtered(CaptureFilter more) {
        if (more.acceptsAll()) {
            return this;
        }
        CaptureFilter both = filter.and(more);
        SampleTable selected = samples.select(sample -> accepts(both, sample));
        return new ColumnarCaptureModel(file, metadata, warnings, captureStart, captureEnd, lostRecordEvents,
                selected, stacks, functionTable, threadTable, stateData, modules, symbolsToEmbed, instructions, both)
                .withHealth(health);
    }

    /**
     * A model sharing every table but the samples and the stacks: the samples the filter keeps, pointing into a
     * stack table that extends this one with the rewritten stacks (so wait stacks keep their ids).
     */
    @Override
    public CaptureModel filtered(FunctionFilter functionFilter) {
        if (functionFilter.acceptsAll()) {
            return this;
        }
        StackRewriter rewriter = new StackRewriter(stacks, functionTable, functionFilter);
        SampleTable rewritten = rewriter.rewrite(samples);
        return new ColumnarCaptureModel(file, metadata, warnings, captureStart, captureEnd, lostRecordEvents,
                rewritten, rewriter.stacks(), functionTable, threadTable, stateData, modules, symbolsToEmbed,
                instructions, filter).withHealth(health);
    }

    @Override
    public CallTree callTree(boolean inverted) {
        CallTree tree = inverted ? bottomUp : topDown;
        if (tree == null) {
            CallTreeBuilder builder = new CallTreeBuilder(stacks, functionTable, stackCounts, stackNanos,
                    framelessSamples, framelessNanos);
            if (inverted) {
                tree = builder.bottomUp();
                bottomUp = tree;
            } else {
                tree = builder.topDown();
                topDown = tree;
            }
        }
        return tree;
    }

    @Override
    public Butterfly butterfly(String function) {
        return new ButterflyBuilder(stacks, functionTable, stackCounts, stackNanos).build(function, file);
    }

    @Override
    public void samples(CaptureFilter more, SampleVisitor visitor) {
        int[] order = timeOrder;
        if (order == null) {
            order = samples.timeOrder();
            timeOrder = order;
        }
        for (int sample : order) {
            if (accepts(more, sample)) {
                int thread = samples.thread(sample);
                visitor.sample(samples.time(sample), samples.period(sample), samples.cpu(sample),
                        threadTable.pid(thread), threadTable.tid(thread), samples.stack(sample));
            }
        }
    }

    @Override
    public List<StackFrame> stack(int stack) {
        if (stack < StackTable.ROOT || stack >= stacks.size()) {
            throw new IllegalArgumentException("the capture " + file + " has no stack " + stack);
        }
        return frames.frames(stack);
    }

    @Override
    public List<CapturedModule> modules() {
        return modules;
    }

    /** Those of the whole capture, also in a filtered model: the file embeds them once for every view. */
    @Override
    public List<LineCost> lines() {
        return instructions.lines(samples);
    }

    @Override
    public List<EmbeddedSymbols> symbolsToEmbed() {
        return symbolsToEmbed.get();
    }

    private boolean accepts(CaptureFilter accepted, int sample) {
        int thread = samples.thread(sample);
        return accepted.acceptsTime(samples.time(sample))
                && accepted.acceptsThread(threadTable.pid(thread), threadTable.tid(thread));
    }

    SampleTable samples() {
        return samples;
    }

    StateViews stateViews() {
        return stateViews;
    }

    StackTable stackTable() {
        return stacks;
    }

    ThreadTable threadTable() {
        return threadTable;
    }

    private int threadIndex(int pid, int tid) {
        int thread = threadTable.indexOf(pid, tid);
        if (thread == LongIntHashMap.MISSING) {
            throw new IllegalArgumentException("the capture " + file + " has no thread " + tid + " in process " + pid);
        }
        return thread;
    }

    private List<ThreadStates> summarizeThreadStates() {
        ThreadStateTable states = stateViews.states();
        WaitTable waits = stateViews.waits();
        List<ThreadStates> result = new ArrayList<>(threads.size());
        for (ThreadSummary summary : threads) {
            int thread = threadTable.indexOf(summary.pid(), summary.tid());
            if (filter.acceptsAll()) {
                result.add(new ThreadStates(summary, states.aliveStart(thread), states.aliveEnd(thread),
                        states.fromSwitches(thread), states.totals(thread), waits.count(thread)));
            } else if (states.aliveStart(thread) < endTime && states.aliveEnd(thread) > startTime) {
                StateTotals inWindow = stateViews.stateBuckets(thread, new Buckets(startTime, endTime, 1)).get(0);
                result.add(new ThreadStates(summary, Math.max(startTime, states.aliveStart(thread)),
                        Math.min(endTime, states.aliveEnd(thread)), states.fromSwitches(thread), inWindow,
                        stateViews.waits(thread, startTime, endTime).size()));
            }
        }
        return List.copyOf(result);
    }

    /** @param byThread filled with each thread's summary at its index */
    private List<ThreadSummary> summarizeThreads(ThreadSummary[] byThread) {
        long[] counts = new long[threadTable.size()];
        long[] nanos = new long[threadTable.size()];
        for (int sample = 0; sample < samples.size(); sample++) {
            counts[samples.thread(sample)]++;
            nanos[samples.thread(sample)] += samples.period(sample);
        }
        List<ThreadSummary> summaries = new ArrayList<>(threadTable.size());
        for (int thread = 0; thread < threadTable.size(); thread++) {
            int pid = threadTable.pid(thread);
            int tid = threadTable.tid(thread);
            byThread[thread] = new ThreadSummary(pid, tid, threadTable.name(thread), processName(pid),
                    counts[thread], nanos[thread]);
            if (threadTable.recorded(thread) && filter.acceptsThread(pid, tid)) {
                summaries.add(byThread[thread]);
            }
        }
        summaries.sort(Comparator.comparingLong(ThreadSummary::cpuNanos).reversed()
                .thenComparing(Comparator.comparingLong(ThreadSummary::samples).reversed())
                .thenComparingInt(ThreadSummary::pid)
                .thenComparingInt(ThreadSummary::tid));
        return List.copyOf(summaries);
    }

    private String processName(int pid) {
        if (pid == ContextSwitch.UNKNOWN_TID) {
            return "[unknown]";
        }
        int mainThread = threadTable.indexOf(pid, pid);
        return mainThread == LongIntHashMap.MISSING ? ":" + pid : threadTable.name(mainThread);
    }

    private List<StackCost> summarizeStacks() {
        List<StackCost> costs = new ArrayList<>();
        for (int stack = 0; stack < stacks.size(); stack++) {
            if (stackCounts[stack] == 0) {
                continue;
            }
            costs.add(new StackCost(frames.frames(stack), stackCounts[stack], stackNanos[stack]));
        }
        // Ties by frames, not by stack id: a filtered model's ids follow the order it interned its stacks in.
        costs.sort(Comparator.comparingLong(StackCost::nanos).reversed()
                .thenComparing(Comparator.comparingLong(StackCost::samples).reversed())
                .thenComparing(StackCost::frames, ColumnarCaptureModel::compareFrames));
        return List.copyOf(costs);
    }

    /** Outermost caller first, frame by frame by function then module name; a prefix before its extensions. */
    private static int compareFrames(List<StackFrame> a, List<StackFrame> b) {
        for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
            int byFunction = a.get(i).function().compareTo(b.get(i).function());
            if (byFunction != 0) {
                return byFunction;
            }
            int byModule = a.get(i).module().compareTo(b.get(i).module());
            if (byModule != 0) {
                return byModule;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    private List<FunctionCost> summarizeFunctions() {
        int functionCount = functionTable.size();
        long[] selfCounts = new long[functionCount];
        long[] selfNanos = new long[functionCount];
        long[] totalCounts = new long[functionCount];
        long[] totalNanos = new long[functionCount];
        // The stack a function was last counted for, so recursion counts it once per stack.
        int[] countedFor = new int[functionCount];
        Arrays.fill(countedFor, StackTable.ROOT);
        for (int stack = 0; stack < stacks.size(); stack++) {
            if (stackCounts[stack] == 0) {
                continue;
            }
            selfCounts[stacks.function(stack)] += stackCounts[stack];
            selfNanos[stacks.function(stack)] += stackNanos[stack];
            for (int frame = stack; frame != StackTable.ROOT; frame = stacks.prefix(frame)) {
                int function = stacks.function(frame);
                if (countedFor[function] != stack) {
                    countedFor[function] = stack;
                    totalCounts[function] += stackCounts[stack];
                    totalNanos[function] += stackNanos[stack];
                }
            }
        }
        List<FunctionCost> costs = new ArrayList<>();
        for (int function = 0; function < functionCount; function++) {
            if (totalCounts[function] > 0) {
                costs.add(new FunctionCost(functionTable.name(function), functionTable.moduleName(function),
                        selfCounts[function], totalCounts[function], selfNanos[function], totalNanos[function]));
            }
        }
        costs.sort(Comparator.comparingLong(FunctionCost::selfNanos).reversed()
                .thenComparing(FunctionCost::function)
                .thenComparing(FunctionCost::module));
        return List.copyOf(costs);
    }
}
