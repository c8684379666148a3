package io.tachyon.api.collect;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What to record and how.
 *
 * @param target      the process(es) to record
 * @param frequencyHz samples per second per CPU
 * @param callGraph   how call stacks are taken
 * @param kernel      whether to sample kernel code and take kernel call stacks
 * @param switches    whether to record context switches and wake-ups (the thread timeline)
 * @param duration    stop after this long, or {@code null} to record until the target ends or the
 *                    session is stopped
 * @param options     collector-specific settings by name
 */
public record RecordingRequest(Target target, int frequencyHz, CallGraph callGraph, boolean kernel,
        boolean switches, Duration duration, Map<String, String> options) {

    public RecordingRequest {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(callGraph, "callGraph");
        if (frequencyHz <= 0) {
            throw new IllegalArgumentException("frequency must be positive: " + frequencyHz);
        }
        options = Map.copyOf(options);
    }

    /** How call stacks are taken. */
    public enum CallGraph {
        /** Only the interrupted instruction. */
        NONE,
        /** Walk frame pointers (the kernel's own call chain sampling). */
        FRAME_POINTER
    }

    /** What is recorded. */
    public sealed interface Target permits Launch, Attach, SystemWide {
    }

    /**
     * Launch a command and record it and everything it starts; counting begins when it executes.
     *
     * @param command program and arguments
     */
    public record Launch(List<String> command) implements Target {
        public Launch {
            command = List.copyOf(command);
            if (command.isEmpty()) {
                throw new IllegalArgumentException("no command to launch");
            }
        }
    }

    /** Attach to a running process: all its threads now and those it starts. */
    public record Attach(int pid) implements Target {
    }

    /** Every process on every CPU. */
    public record SystemWide() implements Target {
    }
}
