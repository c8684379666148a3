package io.tachyon.perf.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.Sample;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.Wakeup;

import java.util.HashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.function.IntFunction;

/**
 * Completes the process ids the scheduler tracepoints leave out: sched_switch names the next thread and
 * sched_waking the wakee by thread id only, and perf names an exiting thread's process -1 in its last
 * switch-out. Events pass through in time order; every thread an event has
 * shown with its process (FORK, COMM, samples, the /proc snapshot, the outgoing side of a switch, a waker)
 * is remembered, and a thread never seen is looked up once in /proc. Thread 0 is the idle task of process 0.
 * What cannot be resolved stays {@link ContextSwitch#UNKNOWN_TID}.
 */
final class ThreadPids {

    private final Map<Integer, Integer> pidByTid = new HashMap<>();
    private final IntFunction<OptionalInt> processOfThread;

    /** @param processOfThread the process a live thread belongs to, e.g. from /proc/tid/status */
    ThreadPids(IntFunction<OptionalInt> processOfThread) {
        this.processOfThread = processOfThread;
    }

    /**
     * Learns the threads that existed before recording, listed before the events were enabled: a thread that ends
     * before the /proc snapshot describes it is still known by its process when the tracepoints name it.
     */
    void learnExisting(Map<Integer, Integer> processByThread) {
        processByThread.forEach((tid, pid) -> learn(pid, tid));
    }

    /** Learns from {@code event} and returns it with the process ids it lacked, where known. */
    CaptureEvent complete(CaptureEvent event) {
        if (event instanceof ThreadStart start) {
            learn(start.pid(), start.tid());
        } else if (event instanceof ThreadName name) {
            learn(name.pid(), name.tid());
        } else if (event instanceof Sample sample) {
            learn(sample.pid(), sample.tid());
        } else if (event instanceof ContextSwitch cs) {
            learn(cs.prevPid(), cs.prevTid());
            learn(cs.nextPid(), cs.nextTid());
            boolean prevMissing = cs.prevPid() == ContextSwitch.UNKNOWN_TID && cs.prevTid() != ContextSwitch.UNKNOWN_TID;
            boolean nextMissing = cs.nextPid() == ContextSwitch.UNKNOWN_TID && cs.nextTid() != ContextSwitch.UNKNOWN_TID;
            if (prevMissing || nextMissing) {
                return new ContextSwitch(cs.time(), cs.cpu(), prevMissing ? pidOf(cs.prevTid()) : cs.prevPid(),
                        cs.prevTid(), cs.prevState(), nextMissing ? pidOf(cs.nextTid()) : cs.nextPid(), cs.nextTid(),
                        cs.kernelFrames(), cs.userFrames());
            }
        } else if (event instanceof Wakeup wakeup) {
            learn(wakeup.wakerPid(), wakeup.wakerTid());
            if (wakeup.wakeePid() == ContextSwitch.UNKNOWN_TID) {
                return new Wakeup(wakeup.time(), wakeup.cpu(), wakeup.wakerPid(), wakeup.wakerTid(),
                        pidOf(wakeup.wakeeTid()), wakeup.wakeeTid(), wakeup.targetCpu(), wakeup.kernelFrames(),
                        wakeup.userFrames());
            }
        }
        return event;
    }

    private void learn(int pid, int tid) {
        if (pid != ContextSwitch.UNKNOWN_TID && tid != ContextSwitch.UNKNOWN_TID) {
            pidByTid.put(tid, pid);
        }
    }

    private int pidOf(int tid) {
        if (tid == 0) {
            return 0;
        }
        Integer known = pidByTid.get(tid);
        if (known != null) {
            return known;
        }
        int looked = processOfThread.apply(tid).orElse(ContextSwitch.UNKNOWN_TID);
        // A miss is remembered too, so a thread that has gone costs one look-up; a later FORK corrects it.
        pidByTid.put(tid, looked);
        return looked;
    }
}
