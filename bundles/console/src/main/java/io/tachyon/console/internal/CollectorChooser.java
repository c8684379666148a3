package io.tachyon.console.internal;

import io.tachyon.api.collect.Collector;
import io.tachyon.api.collect.CollectorInfo;
import io.tachyon.api.collect.CollectorInfo.Capability;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.CallGraph;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Picks the collector a recording runs on, and explains why none fits when none does. */
final class CollectorChooser {

    private CollectorChooser() {
    }

    /** A collector with its description, taken once so every decision sees the same answer. */
    record Described(Collector collector, CollectorInfo info) {
    }

    /** Describes every collector, sorted by id. */
    static List<Described> describe(Collection<Collector> collectors) {
        return collectors.stream()
                .map(collector -> new Described(collector, collector.describe()))
                .sorted(Comparator.comparing(described -> described.info().id()))
                .toList();
    }

    /** What a collector must be able to do to record {@code request}. */
    static Set<Capability> requiredCapabilities(RecordingRequest request) {
        Set<Capability> required = EnumSet.noneOf(Capability.class);
        if (request.target() instanceof RecordingRequest.Launch) {
            required.add(Capability.LAUNCH);
        } else if (request.target() instanceof RecordingRequest.Attach) {
            required.add(Capability.ATTACH);
        } else {
            required.add(Capability.SYSTEM_WIDE);
        }
        if (request.callGraph() == CallGraph.FRAME_POINTER) {
            required.add(Capability.USER_STACKS);
            if (request.kernel()) {
                required.add(Capability.KERNEL_STACKS);
            }
        }
        return required;
    }

    /**
     * The collector named {@code requestedId}, or without one the first available collector by id that can
     * record {@code request}.
     *
     * @throws CommandException when no collector fits, listing each one and why it does not
     */
    static Described choose(Collection<Collector> collectors, Optional<String> requestedId, RecordingRequest request)
            throws CommandException {
        List<Described> described = describe(collectors);
        Set<Capability> required = requiredCapabilities(request);
        if (requestedId.isPresent()) {
            return chooseById(described, requestedId.get(), required);
        }
        if (described.isEmpty()) {
            throw new CommandException("No collector is installed. Install a collector bundle (for example the"
                    + " perf collector of this machine's architecture) and try again.");
        }
        for (Described candidate : described) {
            if (whyUnfit(candidate.info(), required).isEmpty()) {
                return candidate;
            }
        }
        StringBuilder message = new StringBuilder("No collector can make this recording (it needs ")
                .append(names(required)).append("):");
        for (Described candidate : described) {
            message.append("\n  ").append(candidate.info().id()).append(": ")
                    .append(whyUnfit(candidate.info(), required).orElseThrow());
        }
        message.append("\n").append(hint(required));
        throw new CommandException(message.toString());
    }

    private static Described chooseById(List<Described> described, String id, Set<Capability> required)
            throws CommandException {
        Described chosen = described.stream()
                .filter(candidate -> candidate.info().id().equals(id))
                .findFirst()
                .orElseThrow(() -> new CommandException("No collector has the id '" + id + "'. Installed: "
                        + (described.isEmpty() ? "none"
                                : described.stream().map(d -> d.info().id()).collect(Collectors.joining(", ")))
                        + ". See tachyon:collectors."));
        Optional<String> problem = whyUnfit(chosen.info(), required);
        if (problem.isPresent()) {
            throw new CommandException("Collector " + id + " cannot make this recording: " + problem.get()
                    + "\n" + hint(required));
        }
        return chosen;
    }

    private static Optional<String> whyUnfit(CollectorInfo info, Set<Capability> required) {
        if (!info.available()) {
            return Optional.of("unavailable: " + (info.unavailableReason().isEmpty() ? "it gives no reason"
                    : info.unavailableReason()));
        }
        Set<Capability> missing = EnumSet.copyOf(required);
        missing.removeAll(info.capabilities());
        if (!missing.isEmpty()) {
            return Optional.of("cannot record " + names(missing));
        }
        return Optional.empty();
    }

    private static String hint(Set<Capability> required) {
        List<String> lighterRecordings = new ArrayList<>();
        if (required.contains(Capability.KERNEL_STACKS)) {
            lighterRecordings.add("--user-only records without kernel stacks");
        }
        if (required.contains(Capability.USER_STACKS)) {
            lighterRecordings.add("-g none records without call stacks");
        }
        String hint = "Run tachyon:collectors to see what each collector can do.";
        return lighterRecordings.isEmpty() ? hint : hint + " " + String.join("; ", lighterRecordings) + ".";
    }

    /** Capabilities as a user reads them: {@code launch, user-stacks}. */
    static String names(Collection<Capability> capabilities) {
        return capabilities.stream()
                .sorted()
                .map(CollectorChooser::name)
                .collect(Collectors.joining(", "));
    }

    static String name(Capability capability) {
        return capability.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
