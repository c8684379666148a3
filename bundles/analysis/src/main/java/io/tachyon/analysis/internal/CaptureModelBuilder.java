package io.tachyon.analysis.internal;

import io.tachyon.api.capture.EmbeddedSymbols;
import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Wakeup;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.SymbolResolver;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Builds a {@link ColumnarCaptureModel} from the events of a capture in one pass. It follows each
 * process's mappings through time (mmap, fork, exec) so every sample's frames are resolved against the
 * modules mapped when it was taken; kernel mappings serve the kernel frames of every process.
 */
final class CaptureModelBuilder implements Consumer<CaptureEvent> {

    private final FunctionTable.Builder functions = new FunctionTable.Builder();
    private final StackTable.Builder stacks = new StackTable.Builder();
    private final SampleTable.Builder samples;
    private final ThreadTable.Builder threads = new ThreadTable.Builder();
    private final ThreadFacts facts = new ThreadFacts();
    private final WakeupTable.Builder wakeups = new WakeupTable.Builder();
    /** The thread of each tid as last seen, for events that name a thread only by its tid. */
    private final LongIntHashMap threadsByTid = new LongIntHashMap();
    private final FrameSymbolizer symbolizer;
    private final AddressSpaces processes = new AddressSpaces();
    private final AddressSpace kernel = new AddressSpace();
    /** The interned stack of each user part resolved, by process address space. */
    private final ResolvedFramesCache<UserPart> userStacks = new ResolvedFramesCache<>();
    /** The functions of each kernel part resolved, innermost first. */
    private final ResolvedFramesCache<KernelPart> kernelFunctions = new ResolvedFramesCache<>();
    private final List<LostRecords> lostRecords = new ArrayList<>();
    private final HealthRecords.Builder health = new HealthRecords.Builder();
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private boolean switchesRecorded;

    /**
     * @param resolvers the symbol resolvers as they are now, highest ranking first
     * @param embedded  the symbols embedded in the capture, which name what they cover before the resolvers
     * @param expectedSamples the samples the capture's index counts (a guess only: a damaged capture has fewer)
     */
    CaptureModelBuilder(Supplier<List<SymbolResolver>> resolvers, List<EmbeddedSymbols> embedded, int expectedSamples) {
        this.symbolizer = new FrameSymbolizer(resolvers, embedded, functions);
        this.samples = new SampleTable.Builder(expectedSamples);
    }

    @Override
    public void accept(CaptureEvent event) {
        if (health.accept(event)) {
            return;
        }
        // Events of different CPUs may interleave out of time order, so the bounds are min and max.
        firstTime = Math.min(firstTime, event.time());
        lastTime = Math.max(lastTime, event.time());
        if (event instanceof Sample sample) {
            sample(sample);
        } else if (event instanceof ModuleMapping mapping) {
            map(mapping);
        } else if (event instanceof ThreadStart start) {
            start(start);
        } else if (event instanceof ThreadName name) {
            name(name);
        } else if (event instanceof ThreadExit exit) {
            facts.exit(exit.time(), recordedThread(exit.pid(), exit.tid()));
        } else if (event instanceof ContextSwitch contextSwitch) {
            contextSwitch(contextSwitch);
        } else if (event instanceof Wakeup wakeup) {
            wakeup(wakeup);
        } else if (event instanceof LostRecords lost) {
            lostRecords.add(lost);
        }
    }

    ColumnarCaptureModel build(Path file, CaptureMetadata metadata, List<String> warnings) {
        boolean empty = firstTime > lastTime;
        long start = empty ? metadata.startTime() : firstTime;
        long end = empty ? metadata.startTime() : lastTime;
        SampleTable sampleTable = samples.build();
        ThreadTable threadTable = threads.build();
        ThreadStateBuilder.Result states = new ThreadStateBuilder(facts, sampleTable, threadTable, start, end)
                .build(metadata == null ? 0 : metadata.cpuCount());
        lostRecords.sort(Comparator.comparingLong(LostRecords::time));
        List<String> allWarnings = Stream.concat(warnings.stream(), symbolizer.warnings().stream()).toList();
        FunctionTable functionTable = functions.build();
        return new ColumnarCaptureModel(file, metadata, allWarnings, start, end, lostRecords, sampleTable,
                stacks.build(), functionTable, threadTable,
                new ColumnarCaptureModel.StateData(switchesRecorded, states, wakeups.build()), symbolizer.modules(),
                symbolizer.symbolsToEmbed(), symbolizer.sampledInstructions(functionTable)).withHealth(health.build());
    }

    private void sample(Sample sample) {
        AddressSpace user = processes.get(sample.pid());
        long[] kernelFrames = sample.kernelFrames();
        UserPart userPart = userStack(user, sample.userFrames(), kernelFrames.length == 0);
        int stack = userPart.stack();
        int instruction = userPart.leafInstruction();
        if (kernelFrames.length > 0) {
            KernelPart kernelPart = kernelFunctions(kernelFrames);
            stack = withKernelFrames(stack, kernelPart.functions());
            instruction = kernelPart.leafInstruction();
        }
        samples.add(sample.time(), sample.period(), sample.cpu(), recordedThread(sample.pid(), sample.tid()), stack,
                instruction);
    }

    /** The interned stack of frames taken in process {@code pid}, leaf first in both arrays. */
    private int stack(int pid, long[] kernelFrames, long[] userFrames) {
        int stack = userStack(processes.get(pid), userFrames, kernelFrames.length == 0).stack();
        return kernelFrames.length == 0 ? stack : withKernelFrames(stack, kernelFunctions(kernelFrames).functions());
    }

    /** {@code stack} with the kernel's functions (innermost first) called from its innermost frame. */
    private int withKernelFrames(int stack, int[] functions) {
        for (int i = functions.length - 1; i >= 0; i--) {
            stack = stacks.intern(stack, functions[i]);
        }
        return stack;
    }

    /**
     * A user part of a stack resolved: its interned stack and, when its first frame is the sampled instruction, that
     * instruction's number ({@link SampledInstructions#NONE} otherwise).
     */
    private record UserPart(int stack, int leafInstruction) {
        static final UserPart NO_FRAMES = new UserPart(StackTable.ROOT, SampledInstructions.NONE);
    }

    /** A kernel part resolved: its functions, innermost first, and the number of its sampled instruction. */
    private record KernelPart(int[] functions, int leafInstruction) {
    }

    /**
     * The interned stack of the user part of a stack. Only the leaf frame is the interrupted instruction; every
     * other frame is a return address, which may already lie in the next function when the call was the last
     * instruction of its caller.
     */
    private UserPart userStack(AddressSpace user, long[] userFrames, boolean leaf) {
        if (userFrames.length == 0) {
            return UserPart.NO_FRAMES;
        }
        UserPart cached = userStacks.find(user, userFrames, leaf);
        if (cached != null) {
            return cached;
        }
        int stack = StackTable.ROOT;
        int function = 0;
        for (int i = userFrames.length - 1; i >= 0; i--) {
            function = symbolizer.function(user, i == 0 && leaf ? userFrames[i] : userFrames[i] - 1);
            stack = stacks.intern(stack, function);
        }
        UserPart resolved = new UserPart(stack,
                leaf ? symbolizer.instruction(user, userFrames[0], function) : SampledInstructions.NONE);
        userStacks.put(user, userFrames, leaf, resolved);
        return resolved;
    }

    /** The functions of the kernel frames of a stack, innermost first; the first frame is the leaf. */
    private KernelPart kernelFunctions(long[] kernelFrames) {
        KernelPart cached = kernelFunctions.find(kernel, kernelFrames, true);
        if (cached != null) {
            return cached;
        }
        int[] functions = new int[kernelFrames.length];
        for (int i = 0; i < kernelFrames.length; i++) {
            functions[i] = symbolizer.function(kernel, i == 0 ? kernelFrames[i] : kernelFrames[i] - 1);
        }
        KernelPart resolved = new KernelPart(functions, symbolizer.instruction(kernel, kernelFrames[0], functions[0]));
        kernelFunctions.put(kernel, kernelFrames, true, resolved);
        return resolved;
    }

    /**
     * The index of a thread; when the event does not know the pid ({@link ContextSwitch#UNKNOWN_TID}), the
     * thread last seen with that tid.
     */
    private int thread(int pid, int tid) {
        if (pid == ContextSwitch.UNKNOWN_TID) {
            int known = threadsByTid.get(tid);
            if (known != LongIntHashMap.MISSING) {
                return known;
            }
        }
        int thread = threads.thread(pid, tid);
        threadsByTid.put(tid, thread);
        return thread;
    }

    /** The index of a thread the capture recorded itself (see {@link ThreadTable#recorded}). */
    private int recordedThread(int pid, int tid) {
        int thread = thread(pid, tid);
        threads.markRecorded(thread);
        return thread;
    }

    /**
     * A switch is a fact about each side it names. The idle tasks (tid 0, one per CPU) are not threads with
     * states; a side the source did not see has tid {@link ContextSwitch#UNKNOWN_TID}.
     */
    private void contextSwitch(ContextSwitch contextSwitch) {
        switchesRecorded = true;
        if (contextSwitch.prevTid() > 0) {
            int thread = recordedThread(contextSwitch.prevPid(), contextSwitch.prevTid());
            int stack = stack(threads.pid(thread), contextSwitch.kernelFrames(), contextSwitch.userFrames());
            facts.switchOut(contextSwitch.time(), thread, contextSwitch.cpu(), contextSwitch.prevState(), stack);
        }
        if (contextSwitch.nextTid() > 0) {
            facts.switchIn(contextSwitch.time(), thread(contextSwitch.nextPid(), contextSwitch.nextTid()),
                    contextSwitch.cpu());
        }
    }

    /** A fact about the wakee; the waker is only named (it is a thread of the capture only if seen as one). */
    private void wakeup(Wakeup wakeup) {
        if (wakeup.wakeeTid() <= 0) {
            return;
        }
        int wakee = thread(wakeup.wakeePid(), wakeup.wakeeTid());
        int stack = stack(wakeup.wakerPid(), wakeup.kernelFrames(), wakeup.userFrames());
        int index = wakeups.add(wakeup.time(), wakeup.cpu(), wakeup.wakerPid(), wakeup.wakerTid(), stack);
        facts.wakeup(wakeup.time(), wakee, wakeup.cpu(), index);
    }

    private void map(ModuleMapping mapping) {
        if (mapping.length() == 0) {
            return;
        }
        boolean isKernel = mapping.pid() == ModuleMapping.KERNEL_PID;
        ModuleRef.Kind kind = ModuleRef.kindOf(mapping.path(), isKernel);
        // Only JIT code is per process (its names come from that process's perf map); files are shared,
        // so one symbol table serves every process that maps them.
        ModuleEntry module = symbolizer.module(new ModuleRef(mapping.path(), mapping.buildId(), kind,
                kind == ModuleRef.Kind.JIT ? mapping.pid() : ModuleRef.NO_PID));
        // The kernel's mapping usually runs to the top of the address space, where start + length wraps.
        long end = Long.compareUnsigned(mapping.end(), mapping.start()) < 0 ? -1L : mapping.end();
        MappedModule mapped = new MappedModule(mapping.start(), end, mapping.fileOffset(), module);
        (isKernel ? kernel : processes.getOrCreate(mapping.pid())).map(mapped);
    }

    private void start(ThreadStart start) {
        facts.start(start.time(), recordedThread(start.pid(), start.tid()));
        threads.inheritName(start.pid(), start.tid(), start.parentPid(), start.parentTid());
        if (start.isProcess() && start.parentPid() != start.pid()) {
            AddressSpace parent = processes.get(start.parentPid());
            processes.put(start.pid(), parent == null ? new AddressSpace() : parent.copy());
        }
    }

    private void name(ThreadName name) {
        recordedThread(name.pid(), name.tid());
        threads.rename(name.pid(), name.tid(), name.name());
        if (name.exec()) {
            AddressSpace space = processes.get(name.pid());
            if (space != null) {
                space.clear();
            }
        }
    }
}
