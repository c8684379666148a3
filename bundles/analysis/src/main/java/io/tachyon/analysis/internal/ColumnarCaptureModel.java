package io.tachyon.analysis.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ModuleMapping;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;

/**
 * A capture as tables: samples in primitive columns pointing into interned stacks, stacks pointing into
 * functions, samples pointing into threads. The summaries of {@link CaptureModel} are computed once
 * here; further views (call trees, timelines) are built from the same tables. Immutable.
 */
final class ColumnarCaptureModel implements CaptureModel {

    private final Path file;
    private final CaptureMetadata metadata;
    private final List<String> warnings;
    private final long startTime;
    private final long endTime;
    private final long lostRecords;
    private final SampleTable samples;
    private final StackTable stacks;
    private final FunctionTable functionTable;
    private final ThreadTable threadTable;
    private final long sampledNanos;
    private final long[] stackCounts;
    private final long[] stackNanos;
    private final List<ThreadSummary> threads;
    private final List<FunctionCost> functions;
    private final List<StackCost> sampledStacks;

    ColumnarCaptureModel(Path file, CaptureMetadata metadata, List<String> warnings, long startTime, long endTime, long lostRecords,
            SampleTable samples, StackTable stacks, FunctionTable functionTable, ThreadTable threadTable) {
        this.file = file;
        this.metadata = metadata;
        this.warnings = List.copyOf(warnings);
        this.startTime = startTime;
        this.endTime = endTime;
        this.lostRecords = lostRecords;
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
        for (int sample = 0; sample < samples.size(); sample++) {
            int stack = samples.stack(sample);
            if (stack != StackTable.ROOT) {
                stackCounts[stack]++;
                stackNanos[stack] += samples.period(sample);
            }
        }
        this.threads = summarizeThreads();
        this.functions = summarizeFunctions();
        this.sampledStacks = summarizeStacks();
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
        return sampledStacks;
    }

    SampleTable samples() {
        return samples;
    }

    StackTable stackTable() {
        return stacks;
    }

    ThreadTable threadTable() {
        return threadTable;
    }

    private List<ThreadSummary> summarizeThreads() {
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
            summaries.add(new ThreadSummary(pid, tid, threadTable.name(thread), processName(pid), counts[thread],
                    nanos[thread]));
        }
        summaries.sort(Comparator.comparingLong(ThreadSummary::cpuNanos).reversed()
                .thenComparing(Comparator.comparingLong(ThreadSummary::samples).reversed())
                .thenComparingInt(ThreadSummary::pid)
                .thenComparingInt(ThreadSummary::tid));
        return List.copyOf(summaries);
    }

    private String processName(int pid) {
        int mainThread = threadTable.indexOf(pid, pid);
        return mainThread == LongIntHashMap.MISSING ? ":" + pid : threadTable.name(mainThread);
    }

    private List<StackCost> summarizeStacks() {
        List<StackCost> costs = new ArrayList<>();
        for (int stack = 0; stack < stacks.size(); stack++) {
            if (stackCounts[stack] == 0) {
                continue;
            }
            List<StackFrame> frames = new ArrayList<>();
            for (int frame = stack; frame != StackTable.ROOT; frame = stacks.prefix(frame)) {
                int function = stacks.function(frame);
                String module = functionTable.moduleName(function);
                frames.add(new StackFrame(functionTable.name(function), module,
                        module.equals(ModuleMapping.KERNEL_PATH)));
            }
            Collections.reverse(frames);
            costs.add(new StackCost(frames, stackCounts[stack], stackNanos[stack]));
        }
        costs.sort(Comparator.comparingLong(StackCost::nanos).reversed()
                .thenComparing(Comparator.comparingLong(StackCost::samples).reversed()));
        return List.copyOf(costs);
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
