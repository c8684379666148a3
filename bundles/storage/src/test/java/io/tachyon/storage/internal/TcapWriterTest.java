package io.tachyon.storage.internal;

import io.tachyon.api.event.CaptureEvent;
import io.tachyon.api.event.ThreadExit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class TcapWriterTest {

    @TempDir
    Path dir;

    @Test
    void eventsBeforeMetadataAreRefused() throws IOException {
        try (TcapWriter writer = new TcapWriter(dir.resolve("a.tcap"), WriterSettings.DEFAULTS)) {
            assertThatThrownBy(() -> writer.accept(new ThreadExit(1, 2, 3)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("metadata()");

            writer.metadata(RandomEvents.metadata(1));
            assertThatThrownBy(() -> writer.metadata(RandomEvents.metadata(1)))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already");
        }
    }

    @Test
    void closedWriterRefusesEventsAndClosesOnlyOnce() throws IOException {
        Path file = dir.resolve("closed.tcap");
        TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS);
        writer.metadata(RandomEvents.metadata(2));
        writer.accept(new ThreadExit(1, 2, 3));
        writer.close();
        long size = Files.size(file);
        writer.close();

        assertThat(Files.size(file)).isEqualTo(size);
        assertThatThrownBy(() -> writer.accept(new ThreadExit(4, 5, 6))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        assertThat(Captures.read(file).events()).containsExactly(new ThreadExit(1, 2, 3));
    }

    @Test
    void unclosedWriterHasWrittenItsEventsAfterASecond() throws Exception {
        Path file = dir.resolve("unclosed.tcap");
        List<CaptureEvent> events = RandomEvents.stream(11, 2_000);
        TcapWriter writer = new TcapWriter(file, WriterSettings.DEFAULTS);
        try {
            writer.metadata(RandomEvents.metadata(11));
            events.forEach(writer::accept);

            Thread.sleep(1_500);

            Captures.ReadResult result = Captures.read(file);
            assertThat(result.damage()).isNull();
            assertThat(result.events()).containsExactlyElementsOf(events);
            assertThat(result.closedCleanly()).isFalse();
        } finally {
            writer.close();
        }
    }

    @Test
    void killedRecorderProcessLeavesAReadableCapture() throws Exception {
        Path file = dir.resolve("killed.tcap");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process recorder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                UnclosedWriterMain.class.getName(), file.toString(), "13", "20000")
                .redirectErrorStream(true).start();
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(recorder.getInputStream(), StandardCharsets.UTF_8))) {
            assertThat(output.readLine()).isEqualTo("accepted 20000");
            Thread.sleep(1_500);
        } finally {
            recorder.destroyForcibly();
            assertThat(recorder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(recorder.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        Captures.ReadResult result = Captures.read(file);
        assertThat(result.damage()).isNull();
        assertThat(result.events()).containsExactlyElementsOf(RandomEvents.stream(13, 20_000));
        assertThat(result.closedCleanly()).isFalse();
    }

    @Test
    void recordingKilledMidCaptureHoldsEverythingUpToItsLastFlush() throws Exception {
        Path file = dir.resolve("killed-mid-capture.tcap");
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process recorder = new ProcessBuilder(java.toString(), "-cp", System.getProperty("java.class.path"),
                RecordingUntilKilledMain.class.getName(), file.toString(), "17", "25000")
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        long flushedEvents = 0;
        long flushedBytes = 0;
        try (BufferedReader output = new BufferedReader(
                new InputStreamReader(recorder.getInputStream(), StandardCharsets.UTF_8))) {
            for (int flushes = 0; flushes < 8; flushes++) {
                String[] line = output.readLine().split(" ");
                assertThat(line[0]).isEqualTo("flushed");
                flushedEvents = Long.parseLong(line[1]);
                flushedBytes = Long.parseLong(line[2]);
            }
            // Killed while events keep arriving: the writer thread may be in the middle of a chunk.
            recorder.destroyForcibly();
        }
        assertThat(recorder.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(recorder.exitValue()).as("killed by SIGKILL").isEqualTo(128 + 9);

        Captures.ReadResult result = Captures.read(file);
        assertThat(result.closedCleanly()).isFalse();
        assertThat(result.events().size()).isGreaterThanOrEqualTo((int) flushedEvents);
        assertThat(result.events()).isEqualTo(RealisticEvents.stream(17, result.events().size()));
        if (result.damage() != null) {
            assertThat(result.damage().offset()).as("only a chunk cut by the kill may be damaged")
                    .isGreaterThanOrEqualTo(flushedBytes);
        }
        Path clean = dir.resolve("recovered.tcap");
        assertThat(Recovery.recover(file, clean, WriterSettings.DEFAULTS).events()).isEqualTo(result.events().size());
        assertThat(Captures.read(clean).events()).isEqualTo(result.events());
    }

    @Test
    void diskFullOnTheWriterThreadIsReportedWithTheFileName() throws IOException {
        Path devFull = requireDevFull();
        TcapWriter writer = new TcapWriter(devFull, WriterSettings.DEFAULTS);

        assertThatThrownBy(writer::flush).isInstanceOf(IOException.class).hasMessageContaining("/dev/full")
                .hasMessageContaining("No space left on device");
        assertThatThrownBy(() -> writer.metadata(RandomEvents.metadata(3))).isInstanceOf(UncheckedIOException.class)
                .hasMessageContaining("/dev/full");
        assertThatThrownBy(writer::close).isInstanceOf(IOException.class).hasMessageContaining("/dev/full");
    }

    @Test
    void diskFullWhileEventsArriveIsReportedByAccept() throws IOException {
        Path devFull = requireDevFull();
        TcapWriter writer = new TcapWriter(devFull, new WriterSettings(256, WriterSettings.DEFAULT_FLUSH_INTERVAL, 1));
        List<CaptureEvent> events = RandomEvents.stream(5, 100_000);

        // The header write fails on the writer thread while events keep arriving; accept must report it.
        assertThatThrownBy(() -> {
            writer.metadata(RandomEvents.metadata(5));
            events.forEach(writer::accept);
        }).isInstanceOf(UncheckedIOException.class).hasMessageContaining("/dev/full");
        assertThatThrownBy(writer::close).isInstanceOf(IOException.class);
    }

    /** /dev/full fails every write with ENOSPC: a real disk-full error without filling a disk. */
    private static Path requireDevFull() {
        Path devFull = Path.of("/dev/full");
        boolean present = Files.isWritable(devFull);
        if (!present && "true".equals(System.getenv("CI"))) {
            throw new AssertionError("/dev/full is not writable here; under CI this test must run");
        }
        assumeTrue(present, "/dev/full is not writable here, so a disk-full error cannot be produced");
        return devFull;
    }
}
