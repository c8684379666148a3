package io.tachyon.console.internal;

import io.tachyon.api.collect.Collector;
import io.tachyon.api.collect.CollectorInfo.Capability;
import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.CallGraph;
import io.tachyon.console.internal.Fakes.FakeCollector;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

import static io.tachyon.api.collect.CollectorInfo.Capability.ATTACH;
import static io.tachyon.api.collect.CollectorInfo.Capability.KERNEL_STACKS;
import static io.tachyon.api.collect.CollectorInfo.Capability.LAUNCH;
import static io.tachyon.api.collect.CollectorInfo.Capability.SYSTEM_WIDE;
import static io.tachyon.api.collect.CollectorInfo.Capability.USER_STACKS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CollectorChooserTest {

    private static final RecordingRequest LAUNCH_WITH_STACKS = request(
            new RecordingRequest.Launch(List.of("ls")), CallGraph.FRAME_POINTER, true);
    private static final RecordingRequest LAUNCH_USER_ONLY = request(
            new RecordingRequest.Launch(List.of("ls")), CallGraph.FRAME_POINTER, false);

    private final FakeCollector alpha = collector(Fakes.unavailable("alpha", "perf_event_paranoid is 4; run as root"));
    private final FakeCollector beta = collector(Fakes.available("beta", LAUNCH, ATTACH, USER_STACKS));
    private final FakeCollector gamma = collector(Fakes.available("gamma", Capability.values()));

    private static RecordingRequest request(RecordingRequest.Target target, CallGraph callGraph, boolean kernel) {
        return new RecordingRequest(target, 4000, callGraph, kernel, false, null, Map.of());
    }

    private static FakeCollector collector(io.tachyon.api.collect.CollectorInfo info) {
        return new FakeCollector(info, Fakes.FakeSession.finishing(0, 0, 0, OptionalInt.empty()));
    }

    private Collector choose(List<Collector> collectors, Optional<String> id, RecordingRequest request)
            throws CommandException {
        return CollectorChooser.choose(collectors, id, request).collector();
    }

    @Test
    void requiredCapabilitiesFollowTheTargetAndTheStacks() {
        assertThat(CollectorChooser.requiredCapabilities(LAUNCH_WITH_STACKS))
                .containsExactlyInAnyOrder(LAUNCH, USER_STACKS, KERNEL_STACKS);
        assertThat(CollectorChooser.requiredCapabilities(LAUNCH_USER_ONLY))
                .containsExactlyInAnyOrder(LAUNCH, USER_STACKS);
        assertThat(CollectorChooser.requiredCapabilities(
                request(new RecordingRequest.Attach(1), CallGraph.NONE, true))).containsExactly(ATTACH);
        assertThat(CollectorChooser.requiredCapabilities(
                request(new RecordingRequest.SystemWide(), CallGraph.NONE, false))).containsExactly(SYSTEM_WIDE);
    }

    @Test
    void theDefaultIsTheFirstAvailableCollectorByIdThatCanRecordTheRequest() throws CommandException {
        List<Collector> unsorted = List.of(gamma, alpha, beta);

        assertThat(choose(unsorted, Optional.empty(), LAUNCH_WITH_STACKS)).isSameAs(gamma);
        assertThat(choose(unsorted, Optional.empty(), LAUNCH_USER_ONLY)).isSameAs(beta);
    }

    @Test
    void whenNoneFitsEachCollectorIsListedWithItsReason() {
        assertThatThrownBy(() -> choose(List.of(beta, alpha), Optional.empty(), LAUNCH_WITH_STACKS))
                .isInstanceOf(CommandException.class)
                .hasMessage("No collector can make this recording (it needs launch, user-stacks, kernel-stacks):\n"
                        + "  alpha: unavailable: perf_event_paranoid is 4; run as root\n"
                        + "  beta: cannot record kernel-stacks\n"
                        + "Run tachyon:collectors to see what each collector can do. --user-only records without"
                        + " kernel stacks; -g none records without call stacks.");
    }

    @Test
    void withoutCollectorsTheUserIsToldToInstallOne() {
        assertThatThrownBy(() -> choose(List.of(), Optional.empty(), LAUNCH_WITH_STACKS))
                .hasMessageStartingWith("No collector is installed.");
    }

    @Test
    void aCollectorChosenByIdIsUsedWhenItFits() throws CommandException {
        assertThat(choose(List.of(gamma, beta), Optional.of("beta"), LAUNCH_USER_ONLY)).isSameAs(beta);
    }

    @Test
    void aCollectorChosenByIdThatDoesNotFitSaysWhy() {
        assertThatThrownBy(() -> choose(List.of(alpha, beta), Optional.of("alpha"), LAUNCH_USER_ONLY))
                .hasMessageStartingWith("Collector alpha cannot make this recording: unavailable:"
                        + " perf_event_paranoid is 4; run as root");
        assertThatThrownBy(() -> choose(List.of(alpha, beta), Optional.of("beta"),
                request(new RecordingRequest.SystemWide(), CallGraph.NONE, true)))
                .hasMessageStartingWith("Collector beta cannot make this recording: cannot record system-wide");
    }

    @Test
    void anUnknownIdListsTheInstalledCollectors() {
        assertThatThrownBy(() -> choose(List.of(gamma, alpha), Optional.of("perf"), LAUNCH_WITH_STACKS))
                .hasMessage("No collector has the id 'perf'. Installed: alpha, gamma. See tachyon:collectors.");
    }
}
