package io.tachyon.api.collect;

import java.util.Objects;
import java.util.Set;

/**
 * A collector's description of itself.
 *
 * @param id                 stable id a user selects the collector by
 * @param description        one line for people
 * @param architecture       CPU architecture it records (e.g. x86_64), or {@code any}
 * @param capabilities       what it can record
 * @param available          whether it can record on this machine now
 * @param unavailableReason  when not available: why, and how to fix it; empty otherwise
 */
public record CollectorInfo(String id, String description, String architecture, Set<Capability> capabilities,
        boolean available, String unavailableReason) {

    public CollectorInfo {
        Objects.requireNonNull(id, "id");
        capabilities = Set.copyOf(capabilities);
        unavailableReason = unavailableReason == null ? "" : unavailableReason;
    }

    /** The kinds of recording a collector may support. */
    public enum Capability {
        LAUNCH, ATTACH, SYSTEM_WIDE, USER_STACKS, KERNEL_STACKS, CONTEXT_SWITCHES
    }
}
