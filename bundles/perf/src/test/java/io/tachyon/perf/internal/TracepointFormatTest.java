package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tachyon.api.event.ThreadState;
import org.junit.jupiter.api.Test;

import java.io.IOException;

/** Reads tracepoint format files, and the meaning of prev_state from sched_switch's print format. */
class TracepointFormatTest {

    @Test
    void readsIdAndFieldLayoutOfSchedSwitch() throws IOException {
        TracepointFormat format = SwitchDecodingTest.format("sched_switch-6.18.format");

        assertThat(format.name()).isEqualTo("sched_switch");
        assertThat(format.id()).isEqualTo(372);
        assertThat(format.integerField("prev_state")).isEqualTo(new TracepointFormat.Field("prev_state", 32, 8, true));
        assertThat(format.integerField("next_pid")).isEqualTo(new TracepointFormat.Field("next_pid", 56, 4, true));
        assertThat(format.fields().get("prev_comm")).isEqualTo(new TracepointFormat.Field("prev_comm", 8, 16, false));
    }

    @Test
    void readsPrevStateBitsOfANewKernelWhosePreemptBitIsAnExpression() throws IOException {
        TracepointFormat format = SwitchDecodingTest.format("sched_switch-6.18.format");

        PrevStateMapping mapping = PrevStateMapping.fromPrintFormat(format.printFormat(), format.source());

        assertThat(mapping.describe()).isEqualTo("S=0x1 D=0x2 T=0x4 t=0x8 X=0x10 Z=0x20 P=0x40 I=0x80 preempt=0x100");
    }

    @Test
    void readsPrevStateBitsOfAnOldKernelWhosePreemptBitIsANumber() throws IOException {
        TracepointFormat format = SwitchDecodingTest.format("sched_switch-4.4-i386.format");

        PrevStateMapping mapping = PrevStateMapping.fromPrintFormat(format.printFormat(), format.source());

        assertThat(mapping.preemptBit()).isEqualTo(2048);
        assertThat(mapping.stateOf(16)).isEqualTo(ThreadState.DEAD);
        assertThat(mapping.stateOf(32)).isEqualTo(ThreadState.DEAD);
        assertThat(mapping.stateOf(1 | 128)).isEqualTo(ThreadState.SLEEPING);
        assertThat(mapping.stateOf(256)).as("only the waking modifier").isEqualTo(ThreadState.UNKNOWN);
        assertThat(mapping.stateOf(4096)).as("a bit the format does not name").isEqualTo(ThreadState.UNKNOWN);
    }

    @Test
    void namesTheFileAndLineOfAMalformedField() {
        String text = "name: x\nID: 5\nformat:\n\tfield:int a;\toffset:zero;\tsize:4;\tsigned:1;\n";

        assertThatThrownBy(() -> TracepointFormat.parse(text, "/t/events/s/x/format"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("/t/events/s/x/format: malformed field line 'field:int a;");
    }

    @Test
    void namesAMissingField() throws IOException {
        TracepointFormat schedSwitch = SwitchDecodingTest.format("sched_switch-6.18.format");

        assertThatThrownBy(() -> SchedTracepoints.of(schedSwitch, schedSwitch))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("sched_switch-6.18.format has no field pid; it has [");
    }

    @Test
    void refusesAPrintFormatWithoutStateLetters() {
        assertThatThrownBy(() -> PrevStateMapping.fromPrintFormat("\"prev_state=%ld\", REC->prev_state", "f"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("f: the print format of sched_switch lists no prev_state letters");
    }
}
