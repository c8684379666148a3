package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ThreadExit;
import io.tachyon.api.event.ThreadState;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class SwitchSequenceTest {

    private static final int PID = 10;
    private static final int PING = 11;
    private static final int PONG = 12;
    private static final int UNKNOWN = ContextSwitch.UNKNOWN_TID;
    private static final long[] STACK = {0x401000};
    private static final long[] NONE = {};

    private final List<CaptureEvent> delivered = new ArrayList<>();
    private final SwitchSequence sequence = new SwitchSequence(delivered::add);

    @Test
    void alternatingSwitchesPassUnchanged() {
        List<ContextSwitch> switches = List.of(
                new ContextSwitch(1, 0, PID, PING, ThreadState.SLEEPING, PID, PONG, STACK, STACK),
                new ContextSwitch(2, 0, PID, PONG, ThreadState.SLEEPING, PID, PING, STACK, STACK),
                new ContextSwitch(3, 0, PID, PING, ThreadState.RUNNABLE, PID, PONG, STACK, STACK));
        switches.forEach(sequence);

        assertThat(delivered).containsExactlyElementsOf(switches);
    }

    @Test
    void aRepeatedSwitchInLosesItsNextSideAndKeepsTheOutgoingThread() {
        // pong came in (a switch record) and its switch-out was not seen; ping's tracepoint then says pong
        // comes in again: ping leaving is news, pong coming in is not.
        ContextSwitch pongIn = new ContextSwitch(1, 1, UNKNOWN, UNKNOWN, ThreadState.UNKNOWN, PID, PONG, NONE, NONE);
        ContextSwitch pingOutPongIn = new ContextSwitch(2, 0, PID, PING, ThreadState.SLEEPING, PID, PONG, STACK, STACK);
        sequence.accept(pongIn);
        sequence.accept(pingOutPongIn);

        assertThat(delivered).containsExactly(pongIn,
                new ContextSwitch(2, 0, PID, PING, ThreadState.SLEEPING, UNKNOWN, UNKNOWN, STACK, STACK));
    }

    @Test
    void aSwitchWithOnlyRepeatedSidesIsDropped() {
        ContextSwitch pongOut = new ContextSwitch(1, 0, PID, PONG, ThreadState.SLEEPING, UNKNOWN, UNKNOWN, STACK, STACK);
        sequence.accept(pongOut);
        sequence.accept(new ContextSwitch(2, 0, PID, PONG, ThreadState.SLEEPING, UNKNOWN, UNKNOWN, STACK, STACK));

        assertThat(delivered).containsExactly(pongOut);
    }

    @Test
    void anExitedThreadStartsAfresh() {
        ContextSwitch in = new ContextSwitch(1, 0, UNKNOWN, UNKNOWN, ThreadState.UNKNOWN, PID, PONG, NONE, NONE);
        ThreadExit exit = new ThreadExit(2, PID, PONG);
        ContextSwitch reusedTidIn = new ContextSwitch(3, 0, UNKNOWN, UNKNOWN, ThreadState.UNKNOWN, PID + 1, PONG,
                NONE, NONE);
        sequence.accept(in);
        sequence.accept(exit);
        sequence.accept(reusedTidIn);

        assertThat(delivered).containsExactly(in, exit, reusedTidIn);
    }
}
