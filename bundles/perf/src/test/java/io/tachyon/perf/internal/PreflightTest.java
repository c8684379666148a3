package io.tachyon.perf.internal;

import io.tachyon.api.event.CollectorNotice;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Preflight and the known-issues table, against machines described by hand. */
class PreflightTest {

    private final Preflight preflight = new Preflight(KnownKernelIssues.bundled());

    private static Preflight.Facts machine(String release, boolean root, int paranoid, int maxRate) {
        return new Preflight.Facts(release, OptionalInt.of(paranoid), root, false, OptionalInt.of(maxRate), true);
    }

    @Test
    void aRateAboveTheKernelsLimitIsClampedWithANotice() {
        Preflight.Result result = preflight.check(machine("6.18.44", true, 2, 100_000), 200_000, true, true);

        assertThat(result.requestedHz()).isEqualTo(200_000);
        assertThat(result.frequencyHz()).isEqualTo(100_000);
        List<CollectorNotice> notices = result.notices(42);
        assertThat(notices).singleElement().satisfies(notice -> {
            assertThat(notice.time()).isEqualTo(42);
            assertThat(notice.severity()).isEqualTo(CollectorNotice.Severity.WARNING);
            assertThat(notice.code()).isEqualTo(Preflight.NOTICE_RATE_CLAMPED);
            assertThat(notice.message()).contains("200000 Hz is above kernel.perf_event_max_sample_rate = 100000")
                    .contains("sampling at 100000 Hz instead");
        });
        assertThat(result.settings()).containsEntry("requested-frequency", "200000")
                .containsEntry("max-sample-rate", "100000").containsEntry("privileges", "root");
    }

    @Test
    void aHealthyMachineGetsNoNotices() {
        Preflight.Result result = preflight.check(machine("6.18.44-fc-v669", true, 2, 100_000), 4000, true, true);

        assertThat(result.frequencyHz()).isEqualTo(4000);
        assertThat(result.problems()).isEmpty();
    }

    @Test
    void anUnprivilegedUserUnderParanoid2IsToldKernelFramesAreRefused() {
        Preflight.Result result = preflight.check(machine("6.18.44", false, 2, 100_000), 1000, true, false);

        assertThat(result.problems()).extracting(Preflight.Problem::code)
                .containsExactly(Preflight.NOTICE_KERNEL_FRAMES_REFUSED);
        assertThat(preflight.check(machine("6.18.44", false, 1, 100_000), 1000, true, false).problems()).isEmpty();
    }

    @Test
    void knownIssuesApplyByKernelRelease() {
        KnownKernelIssues issues = KnownKernelIssues.bundled();

        assertThat(issues.affecting("6.17.1-300.fc43.x86_64")).extracting(KnownKernelIssues.Issue::id)
                .containsExactly("hrtimer-self-disable-deadlock");
        assertThat(issues.affecting("6.16")).extracting(KnownKernelIssues.Issue::id)
                .containsExactly("hrtimer-self-disable-deadlock");
        assertThat(issues.affecting("6.18.44-fc-v669")).isEmpty();
        assertThat(issues.affecting("6.15.4-200.fc42.x86_64")).isEmpty();
        assertThat(issues.affecting("4.19.0-27-amd64")).extracting(KnownKernelIssues.Issue::id)
                .containsExactly("no-mmap2-build-id");
        assertThat(issues.affecting("4.1.52")).extracting(KnownKernelIssues.Issue::id)
                .containsExactly("no-switch-records", "no-mmap2-build-id");
        assertThat(issues.affecting("not a release")).isEmpty();

        Preflight.Result result = preflight.check(machine("6.17.6-300.fc43.x86_64", true, 2, 100_000), 1000, true,
                true);
        assertThat(result.notices(0)).singleElement().satisfies(notice -> assertThat(notice.message())
                .startsWith("Linux 6.17.6-300.fc43.x86_64 has known issue hrtimer-self-disable-deadlock (6.16 up to "
                        + "(not including) 6.18)").contains("Safe setting: Tachyon never uses PERF_EVENT_IOC_REFRESH"));
    }

    @Test
    void aMalformedTableNamesItsLine() {
        assertThatThrownBy(() -> KnownKernelIssues.parse("# comment\nid\t6.1\t\twhat\n", "t.tsv"))
                .hasMessageContaining("t.tsv line 2: expected 5 tab-separated fields");
        assertThatThrownBy(() -> KnownKernelIssues.parse("id\tsix\t\twhat\tsafe\n", "t.tsv"))
                .hasMessageContaining("t.tsv line 1: 'six' is not a kernel release");
        assertThatThrownBy(() -> KnownKernelIssues.parse("id\t\t\twhat\tsafe\n", "t.tsv"))
                .hasMessageContaining("needs a first affected or a first fixed release");
    }
}
