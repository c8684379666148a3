package io.tachyon.perf.internal;

import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

/** Completing the process ids sched_switch and sched_waking leave out. */
class ThreadPidsTest {

    private static final long[] NONE = {};

    /** /proc as it is when the events are delivered: the thread has exited by then. */
    private final ThreadPids pids = new ThreadPids(tid -> OptionalInt.empty());

    @Test
    void aThreadListedBeforeRecordingKeepsItsProcessAfterItExits() {
        pids.learnExisting(Map.of(18879, 17538));

        Wakeup woken = (Wakeup) pids.complete(new Wakeup(10, 1, 17538, 18880, ContextSwitch.UNKNOWN_TID, 18879, 0,
                NONE, NONE));
        ContextSwitch in = (ContextSwitch) pids.complete(new ContextSwitch(20, 1, 17538, 18880, ThreadState.RUNNABLE,
                ContextSwitch.UNKNOWN_TID, 18879, NONE, NONE));

        assertThat(woken.wakeePid()).isEqualTo(17538);
        assertThat(in.nextPid()).isEqualTo(17538);
    }

    @Test
    void aThreadNeitherListedNorLiveStaysWithoutProcess() {
        ContextSwitch in = (ContextSwitch) pids.complete(new ContextSwitch(20, 1, 17538, 18880, ThreadState.RUNNABLE,
                ContextSwitch.UNKNOWN_TID, 18879, NONE, NONE));

        assertThat(in.nextPid()).isEqualTo(ContextSwitch.UNKNOWN_TID);
    }
}
