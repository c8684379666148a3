package io.tachyon.perf.internal;

import io.tachyon.api.event.ThreadState;
import io.tachyon.perf.internal.TracepointFormat.Field;

import java.nio.ByteBuffer;

/**
 * The two scheduler tracepoints a recording of context switches opens, with the raw-data fields it reads
 * from them. sched_waking (not sched_wakeup) is used for wake-ups: it always fires in the waker's context,
 * while sched_wakeup may fire later on the wakee's CPU (remote wake-up queues), where the current thread
 * and its stack are not the waker's.
 *
 * @param schedSwitch sched:sched_switch
 * @param schedWaking sched:sched_waking
 * @param prevState   what prev_state's bits mean on this kernel
 */
record SchedTracepoints(TracepointFormat schedSwitch, TracepointFormat schedWaking, PrevStateMapping prevState) {

    static final String SYSTEM = "sched";
    static final String SWITCH = "sched_switch";
    static final String WAKING = "sched_waking";

    /**
     * Checks that the formats have the fields read from them.
     *
     * @throws IllegalArgumentException naming the format file and the missing field
     */
    SchedTracepoints {
        schedSwitch.integerField("prev_pid");
        schedSwitch.integerField("prev_state");
        schedSwitch.integerField("next_pid");
        schedWaking.integerField("pid");
        schedWaking.integerField("target_cpu");
    }

    static SchedTracepoints of(TracepointFormat schedSwitch, TracepointFormat schedWaking) {
        return new SchedTracepoints(schedSwitch, schedWaking,
                PrevStateMapping.fromPrintFormat(schedSwitch.printFormat(), schedSwitch.source()));
    }

    /** One sched_switch hit, from its raw data. */
    record Switch(int prevTid, ThreadState prevState, int nextTid) {
    }

    /** One sched_waking hit, from its raw data. */
    record Waking(int wakeeTid, int targetCpu) {
    }

    Switch decodeSwitch(ByteBuffer buffer, int base, int rawSize) {
        return new Switch(read(schedSwitch, "prev_pid", buffer, base, rawSize),
                prevState.stateOf(schedSwitch.integerField("prev_state").read(buffer, base, rawSize)),
                read(schedSwitch, "next_pid", buffer, base, rawSize));
    }

    Waking decodeWaking(ByteBuffer buffer, int base, int rawSize) {
        return new Waking(read(schedWaking, "pid", buffer, base, rawSize),
                read(schedWaking, "target_cpu", buffer, base, rawSize));
    }

    private static int read(TracepointFormat format, String name, ByteBuffer buffer, int base, int rawSize) {
        Field field = format.fields().get(name);
        return (int) field.read(buffer, base, rawSize);
    }
}
