package io.tachyon.analysis.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.CaptureMetadata;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.symbols.ModuleRef;
import io.tachyon.api.symbols.SymbolResolver;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Builds a {@link ColumnarCaptureModel} from the events of a capture in one pass. It follows each
 * process's mappings through time (mmap, fork, exec) so every sample's frames are resolved against the
 * modules mapped when it was taken; kernel mappings serve the kernel frames of every process.
 */
final class CaptureModelBuilder implements Consumer<CaptureEvent> {

    private final FunctionTable.Builder functions = new FunctionTable.Builder();
    private final StackTable.Builder stacks = new StackTable.Builder();
    private final SampleTable.Builder samples = new SampleTable.Builder();
    private final ThreadTable.Builder threads = new ThreadTable.Builder();
    private final FrameSymbolizer symbolizer;
    private final Map<Integer, AddressSpace> processes = new HashMap<>();
    private final AddressSpace kernel = new AddressSpace();
    private long firstTime = Long.MAX_VALUE;
    private long lastTime = Long.MIN_VALUE;
    private long lostRecords;

    /** @param resolvers the symbol resolvers as they are now, highest ranking first */
    CaptureModelBuilder(Supplier<List<SymbolResolver>> resolvers) {
        this.symbolizer = new FrameSymbolizer(resolvers, functions);
    }

    @Override
    public void accept(CaptureEvent event) {
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
            threads.thread(exit.pid(), exit.tid());
        } else if (event instanceof LostRecords lost) {
            lostRecords += lost.count();
        }
    }

    ColumnarCaptureModel build(Path file, CaptureMetadata metadata, List<String> warnings) {
        boolean empty = firstTime > lastTime;
        return new ColumnarCaptureModel(file, metadata, warnings, empty ? metadata.startTime() : firstTime,
                empty ? metadata.startTime() : lastTime, lostRecords, samples.build(), stacks.build(),
                functions.build(), threads.build());
    }

    private void sample(Sample sample) {
        AddressSpace user = processes.get(sample.pid());
        long[] kernelFrames = sample.kernelFrames();
        long[] userFrames = sample.userFrames();
        // Only the leaf frame is the interrupted instruction; every other frame is a return address, which
        // may already lie in the next function when the call was the last instruction of its caller.
        int stack = StackTable.ROOT;
        for (int i = userFrames.length - 1; i >= 0; i--) {
            boolean leaf = i == 0 && kernelFrames.length == 0;
            stack = stacks.intern(stack, symbolizer.function(user, leaf ? userFrames[i] : userFrames[i] - 1));
        }
        for (int i = kernelFrames.length - 1; i >= 0; i--) {
            stack = stacks.intern(stack, symbolizer.function(kernel, i == 0 ? kernelFrames[i] : kernelFrames[i] - 1));
        }
        samples.add(sample.time(), sample.period(), sample.cpu(), threads.thread(sample.pid(), sample.tid()), stack);
    }

    private void map(ModuleMapping mapping) {
        if (mapping.length() == 0) {
            return;
        }
        boolean isKernel = mapping.pid() == ModuleMapping.KERNEL_PID;
        ModuleEntry module = symbolizer.module(new ModuleRef(mapping.path(), mapping.buildId(),
                isKernel ? ModuleRef.Kind.KERNEL : ModuleRef.Kind.USER));
        // The kernel's mapping usually runs to the top of the address space, where start + length wraps.
        long end = Long.compareUnsigned(mapping.end(), mapping.start()) < 0 ? -1L : mapping.end();
        MappedModule mapped = new MappedModule(mapping.start(), end, mapping.fileOffset(), module);
        (isKernel ? kernel : processes.computeIfAbsent(mapping.pid(), pid -> new AddressSpace())).map(mapped);
    }

    private void start(ThreadStart start) {
        threads.inheritName(start.pid(), start.tid(), start.parentPid(), start.parentTid());
        if (start.isProcess() && start.parentPid() != start.pid()) {
            AddressSpace parent = processes.get(start.parentPid());
            processes.put(start.pid(), parent == null ? new AddressSpace() : parent.copy());
        }
    }

    private void name(ThreadName name) {
        threads.rename(name.pid(), name.tid(), name.name());
        if (name.exec()) {
            AddressSpace space = processes.get(name.pid());
            if (space != null) {
                space.clear();
            }
        }
    }
}
