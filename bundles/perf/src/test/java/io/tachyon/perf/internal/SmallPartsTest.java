package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tachyon.api.collect.CollectorException;
import io.tachyon.api.event.ModuleMapping;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalInt;

class SmallPartsTest {

    @Test
    void parsesCpuLists() {
        assertThat(ProcFs.parseCpuList("0-3,6,8-9\n")).containsExactly(0, 1, 2, 3, 6, 8, 9);
        assertThat(ProcFs.parseCpuList("0")).containsExactly(0);
        assertThatThrownBy(() -> ProcFs.parseCpuList("0-x")).hasMessageContaining("malformed part '0-x'");
    }

    @Test
    void readsEveryDigitOfASysctl() throws Exception {
        java.nio.file.Path sysctl = ProcFs.PERF_EVENT_MLOCK_KB;
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.exists(sysctl), "no " + sysctl);
        Process cat = new ProcessBuilder("cat", sysctl.toString()).start();
        int expected = Integer.parseInt(new String(cat.getInputStream().readAllBytes()).trim());

        assertThat(ProcFs.perfEventMlockKb()).hasValue(expected);
    }

    @Test
    void readsOnlyExecutableLinesOfProcMaps() {
        ProcessSnapshot snapshot = new ProcessSnapshot(77);

        assertThat(snapshot.mapping(5, "55d4a0a00000-55d4a0a21000 rw-p 00000000 00:00 0   [heap]")).isEmpty();
        assertThat(snapshot.mapping(5, "7ffd1c3f2000-7ffd1c3f4000 r-xp 00000000 00:00 0   [vdso]")).contains(
                new ModuleMapping(77, 5, 5, 0x7ffd1c3f2000L, 0x2000, 0, "[vdso]", null));
        assertThat(snapshot.mapping(5, "7f0000000000-7f0000001000 rwxp 00000000 00:00 0 ")).contains(
                new ModuleMapping(77, 5, 5, 0x7f0000000000L, 0x1000, 0, ProcessSnapshot.ANONYMOUS, null));
        assertThat(snapshot.mapping(5, "00400000-00401000 r-xp 00001000 08:01 42  /opt/my app (deleted)"))
                .map(ModuleMapping::path).contains("/opt/my app (deleted)");
    }

    @Test
    void findsTheGnuBuildIdAmongNotes() {
        ByteBuffer notes = ByteBuffer.allocate(64).order(ByteOrder.nativeOrder());
        notes.putInt(4).putInt(4).putInt(1).put("GNU\0".getBytes(StandardCharsets.US_ASCII)).putInt(0x11223344);
        notes.putInt(4).putInt(6).putInt(3).put("GNU\0".getBytes(StandardCharsets.US_ASCII))
                .put(new byte[] {(byte) 0xab, (byte) 0xcd, 1, 2, 3, 4, 0, 0});
        notes.flip();

        assertThat(BuildIdReader.inNotes(notes, 4)).contains("abcd01020304");
    }

    @Test
    void explainsARefusalWithTheFactsAndTheFix() {
        String message = new PermissionAdvice(OptionalInt.of(2), false, false)
                .refused("perf_event_open(pid 5, cpu 0)", "EACCES", true, false, 5);

        assertThat(message).contains("perf_event_open(pid 5, cpu 0) was refused (EACCES)",
                "kernel.perf_event_paranoid is 2", "is not root and lacks CAP_PERFMON",
                "kernel samples and kernel call stacks: paranoid <= 1", "system-wide: paranoid <= 0",
                "`sudo sysctl kernel.perf_event_paranoid=1`", "record user space only", "CAP_SYS_PTRACE");
    }

    @Test
    void resolvesCommandsOnThePath() {
        CommandLauncher launcher = new CommandLauncher("/nonexistent:/bin:/usr/bin");

        assertThat(launcher.resolve("sh")).isPresent();
        assertThat(launcher.resolve("/bin/sh")).isPresent();
        assertThat(launcher.resolve("tachyon-no-such-command")).isEmpty();
        assertThatThrownBy(() -> launcher.startStopped(List.of("tachyon-no-such-command", "-x")))
                .isInstanceOf(CollectorException.class).hasMessage("command not found: tachyon-no-such-command");
    }

    @Test
    void appliesKnownOptionsAndNamesUnknownOnes() throws CollectorException {
        RecorderSettings defaults = new RecorderSettings(256, 1024, java.time.Duration.ofMillis(10), SwitchSource.AUTO, 2048, 2048, "1");

        assertThat(defaults.withOptions(java.util.Map.of("ring-buffer-pages", "64", "poll-interval-ms", "5",
                "switch-source", "switch-records", "switch-user-stack-bytes", "0", "sample-user-stack-bytes", "8192")))
                .isEqualTo(new RecorderSettings(64, 1024, java.time.Duration.ofMillis(5), SwitchSource.SWITCH_RECORDS,
                        0, 8192, "1"));
        assertThatThrownBy(() -> defaults.withOptions(java.util.Map.of("switch-source", "magic")))
                .isInstanceOf(CollectorException.class).hasMessageStartingWith(
                        "unknown switch source 'magic'; it is one of auto, tracepoints, switch-records");
        assertThatThrownBy(() -> defaults.withOptions(java.util.Map.of("switches", "off")))
                .isInstanceOf(CollectorException.class).hasMessageStartingWith("unknown option 'switches'");
        assertThatThrownBy(() -> defaults.withOptions(java.util.Map.of("ring-buffer-pages", "lots")))
                .hasMessage("option ring-buffer-pages needs a whole number, not 'lots'");
    }

    @Test
    void usesTheLargerBufferOnlyForTracepointSwitches() {
        RecorderSettings settings = new RecorderSettings(256, 1024, java.time.Duration.ofMillis(10), SwitchSource.AUTO,
                2048, 2048, "1");

        assertThat(settings.ringBufferPages(SwitchPlan.Source.TRACEPOINTS)).isEqualTo(1024);
        assertThat(settings.ringBufferPages(SwitchPlan.Source.SWITCH_RECORDS)).isEqualTo(256);
        assertThat(settings.ringBufferPages(SwitchPlan.Source.OFF)).isEqualTo(256);
    }

    @Test
    void rejectsRingBuffersThatAreNotAPowerOfTwo() {
        assertThatThrownBy(() -> new RecorderSettings(100, 1024, java.time.Duration.ofMillis(10), SwitchSource.AUTO, 2048, 2048, "1").validate())
                .isInstanceOf(CollectorException.class)
                .hasMessageContaining("must be a power of two, not 100");
    }

    @Test
    void rejectsUserStackCopiesTheKernelWouldRefuse() {
        for (int bytes : new int[] {-8, 2047, 65536}) {
            assertThatThrownBy(() -> new RecorderSettings(256, 1024, java.time.Duration.ofMillis(10),
                    SwitchSource.AUTO, bytes, 2048, "1").validate())
                    .isInstanceOf(CollectorException.class)
                    .hasMessageContaining("multiple of 8 bytes from 0 to 65528, not " + bytes)
                    .hasMessageContaining("switch-user-stack-bytes");
        }
    }
}
