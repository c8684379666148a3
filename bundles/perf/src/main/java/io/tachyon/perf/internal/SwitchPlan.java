package io.tachyon.perf.internal;

import java.util.Map;

/**
 * How one recording gets its context switches, and why: the capture's metadata carries this as
 * {@code switch-source} (tracepoints, switch-records or off) with {@code switch-source-reason} when the
 * source is not the best one.
 *
 * @param source  what is opened
 * @param sched   the tracepoints' layouts, with {@link Source#TRACEPOINTS}; else null
 * @param traceFs where they were read, with {@link Source#TRACEPOINTS}; else null
 * @param reason  why tracepoints are not used, or empty
 */
record SwitchPlan(Source source, SchedTracepoints sched, TraceFs traceFs, String reason) {

    /** The event sources of context switches. */
    enum Source {
        OFF("off"), TRACEPOINTS("tracepoints"), SWITCH_RECORDS("switch-records");

        private final String key;

        Source(String key) {
            this.key = key;
        }

        String key() {
            return key;
        }
    }

    static SwitchPlan off() {
        return new SwitchPlan(Source.OFF, null, null, "not requested (--no-switches)");
    }

    static SwitchPlan tracepoints(SchedTracepoints sched, TraceFs traceFs) {
        return new SwitchPlan(Source.TRACEPOINTS, sched, traceFs, "");
    }

    static SwitchPlan switchRecords(String reason) {
        return new SwitchPlan(Source.SWITCH_RECORDS, null, null, reason);
    }

    /**
     * Whether the cpu-clock event asks for PERF_RECORD_SWITCH: always with switches, since even with
     * tracepoints they fill what sched_switch misses.
     */
    boolean switchRecords() {
        return source != Source.OFF;
    }

    /** The capture metadata entries that describe this plan. */
    void describe(boolean perThread, Map<String, String> settings) {
        settings.put("switch-source", source.key());
        if (!reason.isEmpty()) {
            settings.put("switch-source-reason", reason);
        }
        if (source == Source.TRACEPOINTS) {
            settings.put("tracepoints", "sched:sched_switch (id " + sched.schedSwitch().id() + "), sched:sched_waking "
                    + "(id " + sched.schedWaking().id() + ")");
            settings.put("tracefs", traceFs.describe());
            settings.put("prev-state-bits", sched.prevState().describe());
            settings.put("switch-records", "PERF_RECORD_SWITCH" + (perThread ? "" : "_CPU_WIDE") + " for what "
                    + "sched_switch misses" + (perThread ? " (a recorded thread coming in from another process)" : ""));
            settings.put("wakeups", perThread ? "those performed by recorded threads" : "all");
        } else if (source == Source.SWITCH_RECORDS) {
            settings.put("switch-states", "RUNNABLE when preempted, else UNKNOWN; no stacks, no wake-ups");
        }
    }
}
