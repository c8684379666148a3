package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The capture's health through bin/tachyon: a real 300 ms gap injected by the collector (PERF_EVENT_IOC_DISABLE of
 * every sampling event) while CPU-bound threads run, system-wide and in a launched command, the safety valve, the
 * sample rate clamp, a kernel log line written while recording, and no findings on healthy recordings.
 */
class HealthEndToEndIT {

    /** N threads named spin-0.. spin for S seconds. */
    private static final String SPIN_C = """
            #define _GNU_SOURCE
            #include <pthread.h>
            #include <stdio.h>
            #include <stdlib.h>
            #include <time.h>

            static double seconds;
            static volatile unsigned long sink;

            static double now(void) {
                struct timespec t;
                clock_gettime(CLOCK_MONOTONIC, &t);
                return t.tv_sec + t.tv_nsec / 1e9;
            }

            __attribute__((noinline)) static void spin_until(double end) {
                while (now() < end) {
                    for (int i = 0; i < 10000; i++) {
                        sink += i;
                    }
                }
            }

            static void *work(void *name) {
                pthread_setname_np(pthread_self(), name);
                spin_until(now() + seconds);
                return NULL;
            }

            int main(int argc, char **argv) {
                int threads = atoi(argv[1]);
                seconds = atof(argv[2]);
                pthread_t ids[16];
                static char names[16][16];
                for (int t = 0; t < threads && t < 16; t++) {
                    snprintf(names[t], sizeof names[t], "spin-%d", t);
                    pthread_create(&ids[t], NULL, work, names[t]);
                }
                for (int t = 0; t < threads && t < 16; t++) {
                    pthread_join(ids[t], NULL);
                }
                return 0;
            }
            """;

    @TempDir
    static Path dir;
    private static Path spin;

    @BeforeAll
    static void compile() throws Exception {
        requireKernelRecording();
        Path source = dir.resolve("spin.c");
        Files.writeString(source, SPIN_C);
        spin = dir.resolve("spin");
        Tachyon.Result gcc = Tachyon.run(List.of("gcc", "-O1", "-fno-omit-frame-pointer", "-pthread", "-o",
                spin.toString(), source.toString()), 120);
        assertThat(gcc.exitStatus()).as(gcc.toString()).isZero();
    }

    /** A copy of the distribution with {@code perfConfig} as its io.tachyon.perf configuration. */
    private static Path distribution(String name, String perfConfig) throws Exception {
        Path home = Tachyon.copyOfDistribution(dir.resolve(name));
        Files.writeString(home.resolve("config/io.tachyon.perf.cfg"), perfConfig);
        return home;
    }

    /** Records the whole machine for {@code seconds} while two spin threads run. */
    private static Tachyon.Result recordSpinning(Path home, Path capture, double seconds) throws Exception {
        Process spinning = new ProcessBuilder(spin.toString(), "2", Double.toString(seconds + 2)).start();
        try {
            return Tachyon.run(List.of(home.resolve("bin/tachyon").toString(), "record", "-a", "--duration",
                    Double.toString(seconds), "-o", capture.toString()), 300);
        } finally {
            spinning.destroyForcibly().waitFor();
        }
    }

    private static List<JsonObject> findings(Path capture) throws Exception {
        Tachyon.Result health = tachyon("health", capture.toString(), "--json");
        assertThat(health.exitStatus()).as(health.toString()).isZero();
        List<JsonObject> findings = new ArrayList<>();
        for (JsonElement finding : JsonParser.parseString(health.stdout()).getAsJsonObject()
                .getAsJsonArray("findings")) {
            findings.add(finding.getAsJsonObject());
        }
        return findings;
    }

    private static List<JsonObject> of(List<JsonObject> findings, String analyzer) {
        return findings.stream().filter(f -> f.get("analyzer").getAsString().equals(analyzer)).toList();
    }

    /** The one system-stall finding of an injected 300 ms gap, 2.5 s into the recording. */
    private static JsonObject injectedStall(Tachyon.Result record, Path capture, String mode) throws Exception {
        assertThat(record.exitStatus()).as(record.toString()).isZero();
        assertThat(record.stdout()).containsPattern("Health: +\\d+ findings? \\(\\d+ error");
        List<JsonObject> stalls = of(findings(capture), "system-stall");
        assertThat(stalls).as("system-stall findings").hasSize(1);
        JsonObject stall = stalls.get(0);
        double millis = stall.get("endMs").getAsDouble() - stall.get("startMs").getAsDouble();
        System.out.printf("injected stall (%s) measured as %.1f ms: %s%n", mode, millis,
                stall.get("summary").getAsString());
        assertThat(millis).isBetween(270.0, 330.0);
        assertThat(stall.get("startMs").getAsDouble()).as("2.5 s into the recording").isBetween(2400.0, 2800.0);
        return stall;
    }

    @Test
    void anInjected300MsGapIsOneSystemStallNamingTheRunningThreads() throws Exception {
        // Late enough that the recorder's own start-up (class loading, JIT) is over and the spin threads run.
        Path home = distribution("fault", "faultInjectionAfterMillis = 2500\nfaultInjectionDisableMillis = 300\n"
                + "safetyValveAction = off\n");
        Path capture = dir.resolve("fault.tcap");

        JsonObject stall = injectedStall(recordSpinning(home, capture, 4), capture, "system-wide");

        // The threads the model saw running in the gap, longest first: on this shared 2-CPU machine the recorder's
        // own JIT threads and other processes compete with the spin threads, so which lead is not fixed.
        assertThat(stall.get("summary").getAsString()).containsPattern("while threads ran: .+ \\(tid \\d+\\) "
                + "[0-9.]+ ms on CPU");
    }

    /**
     * Per-thread: the side-band records (switches, thread names and starts) come from a dummy event of their own, so
     * disabling the sampling events leaves the launched threads' switch-ins in the capture and the model sees them
     * running through the gap.
     */
    @Test
    void anInjected300MsGapInALaunchedCommandIsOneSystemStallNamingItsThreads() throws Exception {
        Path home = distribution("fault-launch", "faultInjectionAfterMillis = 2500\n"
                + "faultInjectionDisableMillis = 300\nsafetyValveAction = off\n");
        Path capture = dir.resolve("fault-launch.tcap");

        Tachyon.Result record = Tachyon.run(List.of(home.resolve("bin/tachyon").toString(), "record", "-o",
                capture.toString(), "--", spin.toString(), "2", "4"), 300);

        JsonObject stall = injectedStall(record, capture, "launched command");
        assertThat(stall.get("summary").getAsString()).containsPattern("while threads ran: spin-\\d \\(tid \\d+\\) "
                + "[0-9.]+ ms on CPU");
    }

    @Test
    void theSafetyValveStopsARecordingOnAStallAndKeepsWhatWasRecorded() throws Exception {
        Path home = distribution("valve", "faultInjectionAfterMillis = 1000\nfaultInjectionDisableMillis = 300\n"
                + "safetyValveAction = stop\n");
        Path capture = dir.resolve("valve.tcap");

        Tachyon.Result record = recordSpinning(home, capture, 10);

        assertThat(record.exitStatus()).as(record.toString()).isZero();
        assertThat(record.stdout()).contains("Collector error (safety-valve-stopped): every CPU stopped sampling for");
        Matcher duration = Pattern.compile("Duration:\\s+([0-9.]+) s").matcher(record.stdout());
        assertThat(duration.find()).as(record.stdout()).isTrue();
        assertThat(Double.parseDouble(duration.group(1))).as("stopped well before the 10 s asked for").isLessThan(6.0);
        assertThat(of(findings(capture), "collector-notices")).extracting(f -> f.get("severity").getAsString())
                .containsExactly("ERROR");
    }

    @Test
    void aRateAboveTheKernelsLimitIsClampedWithAMessageAndTheAchievedRateIsPrinted() throws Exception {
        // Far above any limit: the kernel lowers its limit by itself when sampling interrupts take too long, so the
        // limit is read from what the recorder says rather than before.
        Path capture = dir.resolve("clamped.tcap");

        Tachyon.Result record = tachyon("record", "-F", "10000000", "-o", capture.toString(), "--", spin.toString(),
                "1", "0.5");

        assertThat(record.exitStatus()).as(record.toString()).isZero();
        System.out.println(record.stdout());
        Matcher clamped = Pattern.compile("Collector warning \\(rate-clamped\\): the requested sampling frequency "
                + "10000000 Hz is above kernel.perf_event_max_sample_rate = (\\d+); sampling at (\\d+) Hz instead")
                .matcher(record.stdout());
        assertThat(clamped.find()).as(record.stdout()).isTrue();
        String limit = clamped.group(1);
        assertThat(clamped.group(2)).isEqualTo(limit);
        assertThat(record.stdout()).containsPattern("Sampling: +achieved sampling rate \\d+ Hz per CPU of " + limit
                + " Hz \\(10000000 Hz requested, clamped\\)");
    }

    @Test
    void aKernelLogLineWrittenWhileRecordingIsInTheCaptureAtItsTime() throws Exception {
        Path kmsg = Path.of("/dev/kmsg");
        if (!Files.isWritable(kmsg)) {
            System.out.println("SKIPPED: /dev/kmsg is not writable here");
            org.junit.jupiter.api.Assumptions.abort("/dev/kmsg is not writable");
        }
        Path capture = dir.resolve("kmsg.tcap");
        Process record = new ProcessBuilder(Tachyon.home().resolve("bin/tachyon").toString(), "record", "-o",
                capture.toString(), "--", spin.toString(), "1", "3").redirectErrorStream(true)
                .redirectOutput(dir.resolve("kmsg.out").toFile()).start();
        // The recording has begun once its file holds more than the header and metadata.
        for (int wait = 0; wait < 300 && (!Files.exists(capture) || Files.size(capture) < 4096); wait++) {
            Thread.sleep(50);
        }
        Thread.sleep(300);
        long before = System.nanoTime();
        Files.writeString(kmsg, "<4>INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs\n",
                StandardOpenOption.WRITE);
        long after = System.nanoTime();
        assertThat(record.waitFor()).as(Files.readString(dir.resolve("kmsg.out"))).isZero();

        List<JsonObject> lines = of(findings(capture), "kernel-messages");
        assertThat(lines).as(Files.readString(dir.resolve("kmsg.out"))).hasSize(1);
        JsonObject line = lines.get(0);
        assertThat(line.get("summary").getAsString()).contains(
                "\"INFO: NMI handler (perf_event_nmi_handler) took too long to run: 250.424 msecs\"");
        long time = line.get("startTime").getAsLong();
        System.out.printf("kernel log line at %+.3f ms of the write%n", (time - before) / 1e6);
        assertThat(time).isBetween(before - 5_000_000L, after + 5_000_000L);
    }

    /**
     * System-wide, every thread that existed before the recording is in it, including short-lived ones of other
     * processes (the other JVMs on this machine) whose first switch is a switch-out: none may be reported as a gap.
     */
    @Test
    void aHealthySystemWideRecordingOfACpuBoundWorkloadHasNoFindings() throws Exception {
        Path capture = dir.resolve("healthy-a.tcap");

        Tachyon.Result record = recordSpinning(Tachyon.home(), capture, 3);

        assertThat(record.exitStatus()).as(record.toString()).isZero();
        assertThat(findings(capture)).as(record.stdout()).isEmpty();
        assertThat(record.stdout()).contains("Health:        no findings\n");
    }

    @Test
    void aHealthyRecordingHasNoFindings() throws Exception {
        Path capture = dir.resolve("healthy.tcap");

        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--", spin.toString(), "2", "1.5");

        assertThat(record.exitStatus()).as(record.toString()).isZero();
        assertThat(record.stdout()).contains("Health:        no findings\n");
        assertThat(findings(capture)).isEmpty();
    }
}
