package io.tachyon.storage.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Reproducible streams shaped like a real recording: one process of eight threads sampled on four CPUs, in
 * time order, with call stacks drawn from one call tree (so callers repeat), context switches and wake-ups,
 * and now and then a mapping or a lost-records report.
 */
final class RealisticEvents {

    static final int PID = 1000;
    static final int TID_BASE = PID;
    private static final long KERNEL_TEXT = 0xffffffff81000000L;
    private static final long USER_TEXT = 0x000055d0c0de0000L;

    private final Random random;
    private long time = 1_000_000_000_000L;

    private RealisticEvents(long seed) {
        random = new Random(seed);
    }

    /** An endless source: {@link #next()} gives the events of {@link #stream} one by one. */
    static RealisticEvents source(long seed) {
        return new RealisticEvents(seed);
    }

    static List<CaptureEvent> stream(long seed, int count) {
        RealisticEvents source = new RealisticEvents(seed);
        List<CaptureEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            events.add(source.next());
        }
        return events;
    }

    /** The threads {@code event} is about, as the index lists them (empty for events about every thread). */
    static List<Integer> threadsOf(CaptureEvent event) {
        if (event instanceof Sample s) {
            return List.of(s.tid());
        } else if (event instanceof ContextSwitch s) {
            return List.of(s.prevTid(), s.nextTid());
        } else if (event instanceof Wakeup w) {
            return List.of(w.wakerTid(), w.wakeeTid());
        } else if (event instanceof ThreadStart t) {
            return List.of(t.tid());
        } else if (event instanceof ThreadExit t) {
            return List.of(t.tid());
        } else if (event instanceof ThreadName t) {
            return List.of(t.tid());
        }
        return List.of();
    }

    CaptureEvent next() {
        time += 20_000 + random.nextInt(40_000);
        long at = time - random.nextInt(5_000);
        int tid = TID_BASE + random.nextInt(8);
        int cpu = random.nextInt(4);
        int dice = random.nextInt(1000);
        if (dice < 850) {
            return new Sample(at, cpu, PID, tid, 250_000, random.nextInt(4) == 0 ? kernelStack() : new long[0],
                    userStack());
        } else if (dice < 930) {
            ThreadState state = ThreadState.values()[random.nextInt(ThreadState.values().length)];
            return new ContextSwitch(at, cpu, PID, tid, state, PID, TID_BASE + random.nextInt(8), kernelStack(),
                    userStack());
        } else if (dice < 985) {
            return new Wakeup(at, cpu, PID, tid, PID, TID_BASE + random.nextInt(8), random.nextInt(4), kernelStack(),
                    userStack());
        } else if (dice < 993) {
            return new ThreadName(at, PID, tid, "worker-" + (tid - TID_BASE), false);
        } else if (dice < 997) {
            return new ModuleMapping(at, PID, tid, 0x7f0000000000L + random.nextInt(64) * 0x100000L, 0x200000, 0,
                    "/usr/lib/x86_64-linux-gnu/lib" + random.nextInt(64) + ".so", Long.toHexString(random.nextLong()));
        }
        return new LostRecords(at, cpu, 1 + random.nextInt(100));
    }

    /** A path down a call tree of fan-out 3: callers near the root repeat across samples. */
    private long[] userStack() {
        int depth = 3 + random.nextInt(30);
        long[] frames = new long[depth];
        long node = 1;
        for (int i = depth - 1; i >= 0; i--) {
            node = node * 3 + random.nextInt(3);
            frames[i] = USER_TEXT + (node % 4096) * 0x40 + 5;
        }
        return frames;
    }

    private long[] kernelStack() {
        int depth = 2 + random.nextInt(8);
        long[] frames = new long[depth];
        for (int i = 0; i < depth; i++) {
            frames[i] = KERNEL_TEXT + (long) (depth - i) * 0x1000 + random.nextInt(4) * 0x10;
        }
        return frames;
    }
}
