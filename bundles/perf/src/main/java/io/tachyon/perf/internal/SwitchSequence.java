package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadState;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Keeps each thread's context switches alternating — in, out, in — in the time-ordered event stream. The
 * kernel's switch sources can repeat a side: events of an attached process are enabled thread by thread,
 * so in the first and last moments one thread's switch-in is seen without the switch-out that the
 * not-yet-enabled event of another thread would have reported. A repeated side says nothing new (the
 * thread is already in, or already out), so it is removed; a switch left with neither side is dropped.
 */
final class SwitchSequence implements Consumer<CaptureEvent> {

    private static final System.Logger LOG = System.getLogger(SwitchSequence.class.getName());

    private final Consumer<CaptureEvent> out;
    /** Per tid: true while on a CPU, false while off; absent before its first switch. */
    private final Map<Integer, Boolean> onCpu = new HashMap<>();
    private long repeatedSides;

    SwitchSequence(Consumer<CaptureEvent> out) {
        this.out = out;
    }

    @Override
    public void accept(CaptureEvent event) {
        if (event instanceof ContextSwitch contextSwitch) {
            accept(contextSwitch);
            return;
        }
        if (event instanceof ThreadExit exit) {
            onCpu.remove(exit.tid());
        }
        out.accept(event);
    }

    private void accept(ContextSwitch contextSwitch) {
        boolean keepPrev = contextSwitch.prevTid() <= 0
                || !Boolean.FALSE.equals(onCpu.put(contextSwitch.prevTid(), false));
        boolean keepNext = contextSwitch.nextTid() <= 0
                || !Boolean.TRUE.equals(onCpu.put(contextSwitch.nextTid(), true));
        if (keepPrev && keepNext) {
            out.accept(contextSwitch);
            return;
        }
        repeatedSides += (keepPrev ? 0 : 1) + (keepNext ? 0 : 1);
        boolean prevSeen = keepPrev && contextSwitch.prevTid() > 0;
        boolean nextSeen = keepNext && contextSwitch.nextTid() > 0;
        if (!prevSeen && !nextSeen) {
            return;
        }
        out.accept(new ContextSwitch(contextSwitch.time(), contextSwitch.cpu(),
                prevSeen ? contextSwitch.prevPid() : ContextSwitch.UNKNOWN_TID,
                prevSeen ? contextSwitch.prevTid() : ContextSwitch.UNKNOWN_TID,
                prevSeen ? contextSwitch.prevState() : ThreadState.UNKNOWN,
                nextSeen ? contextSwitch.nextPid() : ContextSwitch.UNKNOWN_TID,
                nextSeen ? contextSwitch.nextTid() : ContextSwitch.UNKNOWN_TID,
                prevSeen ? contextSwitch.kernelFrames() : new long[0],
                prevSeen ? contextSwitch.userFrames() : new long[0]));
    }

    /** Logs how many repeated sides were removed, once the recording has ended. */
    void report() {
        if (repeatedSides > 0) {
            LOG.log(System.Logger.Level.INFO, "removed " + repeatedSides + " repeated context-switch sides "
                    + "(a thread seen coming in or going out twice in a row)");
        }
    }
}
