package io.tachyon.perf.internal;

import static io.tachyon.api.event.ContextSwitch.UNKNOWN_TID;
import static org.assertj.core.api.Assertions.assertThat;

import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.CallGraph;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.LostRecords;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadStart;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Records context switches and wake-ups of real processes through the real kernel: a two-thread pipe
 * ping-pong (counted against perf on the same program) and a sleeper. Needs root, gcc and perf.
 */
class ContextSwitchRecordingTest {

    private static final int ROUNDS = 50_000;
    private static final int FREQUENCY = 1000;

    @TempDir
    static Path directory;
    private static Path pingpong;
    private static Path sleeper;
    private static Map<String, long[]> sleeperFunctions;
    private static TreeMap<Long, String> kernelSymbols;

    private final Libc libc = KernelAccess.libc();
    private PerfRecorder recorder;

    @BeforeAll
    static void compileWorkloads() throws Exception {
        KernelAccess.assumePerfEvents();
        KernelAccess.assumeGcc();
        String[] flags = {"-no-pie", "-pthread", "-fno-optimize-sibling-calls"};
        pingpong = KernelAccess.compile("pingpong.c", directory, flags);
        sleeper = KernelAccess.compile("sleeper.c", directory, flags);
        sleeperFunctions = functions(KernelAccess.run(List.of("nm", "-S", sleeper.toString())));
        kernelSymbols = kernelSymbols();
    }

    @BeforeEach
    void createRecorder() {
        recorder = new PerfRecorder(libc, KernelAccess.architecture(), KernelAccess.unwinder(), "io.tachyon.unwind",
                new RecorderSettings(256, 4096, Duration.ofMillis(10), SwitchSource.AUTO, 512, 2048, "test"));
    }

    private static Map<String, long[]> functions(String nm) {
        return nm.lines().map(line -> line.split("\\s+")).filter(fields -> fields.length == 4)
                .collect(Collectors.toMap(fields -> fields[3], fields -> new long[] {Long.parseLong(fields[0], 16),
                        Long.parseLong(fields[1], 16)}, (a, b) -> a));
    }

    private static TreeMap<Long, String> kernelSymbols() throws IOException {
        TreeMap<Long, String> symbols = new TreeMap<>(Long::compareUnsigned);
        for (String line : Files.readAllLines(ProcFs.KALLSYMS)) {
            String[] fields = line.split("\\s+");
            if (fields.length >= 3 && (fields[1].equals("t") || fields[1].equals("T"))) {
                symbols.put(Long.parseUnsignedLong(fields[0], 16), fields[2]);
            }
        }
        return symbols;
    }

    private static String kernelFunctionAt(long address) {
        Map.Entry<Long, String> entry = kernelSymbols.floorEntry(address);
        return entry == null ? "?" : entry.getValue();
    }

    private static RecordingRequest request(RecordingRequest.Target target, Duration duration,
            Map<String, String> options) {
        return new RecordingRequest(target, FREQUENCY, CallGraph.FRAME_POINTER, true, true, duration, options);
    }

    private PerfSession record(RecordingRequest request, CollectingSink sink) throws Exception {
        PerfSession session = recorder.start(request, sink, ended -> { });
        assertThat(session.awaitEnd(Duration.ofSeconds(120))).as("recording ended").isTrue();
        assertThat(sink.violations()).isEmpty();
        return session;
    }

    private static int execPid(CollectingSink sink, String name) {
        return sink.events(ThreadName.class).filter(ThreadName::exec).filter(n -> n.name().equals(name))
                .mapToInt(ThreadName::pid).findFirst().orElseThrow(() -> new AssertionError("no exec COMM of " + name));
    }

    private static Set<Integer> threadsOf(CollectingSink sink, int pid) {
        Set<Integer> threads = sink.events(ThreadStart.class).filter(start -> start.pid() == pid)
                .map(ThreadStart::tid).collect(Collectors.toCollection(HashSet::new));
        sink.events(ThreadName.class).filter(name -> name.pid() == pid).forEach(name -> threads.add(name.tid()));
        threads.add(pid);
        return threads;
    }

    /**
     * Every recorded thread must alternate between coming in and going out: two switch-outs (or two
     * switch-ins) in a row would make its running intervals wrong.
     */
    private static List<String> intervalViolations(List<ContextSwitch> switches, Set<Integer> threads) {
        Map<Integer, Boolean> running = new HashMap<>();
        List<String> violations = new ArrayList<>();
        for (ContextSwitch cs : switches) {
            if (threads.contains(cs.prevTid()) && Boolean.FALSE.equals(running.put(cs.prevTid(), false))) {
                violations.add("thread " + cs.prevTid() + " left the CPU twice, again at " + cs);
            }
            if (threads.contains(cs.nextTid()) && Boolean.TRUE.equals(running.put(cs.nextTid(), true))) {
                violations.add("thread " + cs.nextTid() + " came in twice, again at " + cs);
            }
        }
        return violations;
    }

    /** On every CPU, each switch's outgoing thread must be the one the CPU's previous switch brought in. */
    private static List<String> chainBreaks(List<ContextSwitch> switches) {
        Map<Integer, ContextSwitch> lastByCpu = new HashMap<>();
        List<String> breaks = new ArrayList<>();
        for (ContextSwitch cs : switches) {
            ContextSwitch last = lastByCpu.put(cs.cpu(), cs);
            if (last != null && last.nextTid() != cs.prevTid()) {
                breaks.add(last + " then " + cs);
            }
        }
        return breaks;
    }

    /**
     * The kernel delivers neither sched_switch nor PERF_RECORD_SWITCH for a few switches (on this VM: some of
     * the idle task's and of pid 1's; perf's own recordings miss them too): allow a tenth of a percent.
     */
    private static void assertRareChainBreaks(List<ContextSwitch> switches) {
        List<String> breaks = chainBreaks(switches);
        System.out.printf("system-wide: %d switches, %d per-CPU chain breaks%n", switches.size(), breaks.size());
        assertThat(breaks).as("switches whose outgoing thread is not the one the CPU's previous switch brought in")
                .hasSizeLessThanOrEqualTo(switches.size() / 1000 + 3);
    }

    private static long perfSwitchCount(Path program, String... arguments) throws Exception {
        KernelAccess.assumeExecutable(Path.of("/usr/bin/perf"));
        List<String> command = new ArrayList<>(List.of("perf", "stat", "-x,", "-e", "sched:sched_switch", "--",
                program.toString()));
        command.addAll(List.of(arguments));
        String output = KernelAccess.run(command);
        Matcher count = Pattern.compile("^(\\d+),,sched:sched_switch", Pattern.MULTILINE).matcher(output);
        assertThat(count.find()).as("perf stat output:\n" + output).isTrue();
        return Long.parseLong(count.group(1));
    }

    @Test
    void launchRecordsEverySwitchOfAPingPongAsPerfDoesWithoutLosingAny() throws Exception {
        CollectingSink sink = new CollectingSink();
        long started = System.nanoTime();

        PerfSession session = record(request(new RecordingRequest.Launch(List.of(pingpong.toString(),
                Integer.toString(ROUNDS))), null, Map.of()), sink);

        double seconds = (System.nanoTime() - started) / 1e9;
        long perfCount = perfSwitchCount(pingpong, Integer.toString(ROUNDS));
        int pid = execPid(sink, "pingpong");
        Set<Integer> threads = threadsOf(sink, pid);
        List<ContextSwitch> switches = sink.events(ContextSwitch.class).toList();
        long switchOuts = switches.stream().filter(cs -> cs.prevPid() == pid).count();
        System.out.printf("ping-pong of %d round trips: %d switch-outs recorded in %.2f s (%d MiB of records, "
                + "user-unwind %s), perf stat counts %d; %d events, %d lost%n", ROUNDS, switchOuts, seconds,
                session.bytesRead() >> 20, sink.metadata().settings().get(PerfRecorder.SETTING_USER_UNWIND), perfCount,
                sink.events().size(),
                session.status().lostRecords());

        assertThat(sink.metadata().settings()).containsEntry("switch-source", "tracepoints")
                .doesNotContainKey("switch-source-reason");
        assertThat(session.status().lostRecords()).isZero();
        assertThat(sink.events(LostRecords.class)).isEmpty();
        assertThat(threads).hasSize(2);
        assertThat(sink.events(ThreadName.class)).anyMatch(name -> name.pid() == pid && name.name().equals("ponger"));
        assertThat((double) switchOuts).as("switch-outs against perf's " + perfCount)
                .isBetween(perfCount * 0.95, perfCount * 1.05);
        // Each round trip puts at least one of the two to sleep in read(2); a writer is often preempted by the
        // reader it woke on the same CPU, and leaves RUNNABLE.
        assertThat(switches).filteredOn(cs -> cs.prevPid() == pid)
                .allSatisfy(cs -> assertThat(cs.prevState()).isIn(ThreadState.SLEEPING, ThreadState.RUNNABLE))
                .filteredOn(cs -> cs.prevState() == ThreadState.SLEEPING).hasSizeGreaterThan(ROUNDS)
                .allSatisfy(cs -> assertThat(cs.kernelFrames()).isNotEmpty());
        assertThat(intervalViolations(switches, threads)).isEmpty();
        for (int tid : threads) {
            assertThat(switches).as("switch-ins of thread " + tid).anyMatch(cs -> cs.nextTid() == tid);
        }
        assertThat(sink.events(Wakeup.class)).as("wake-ups between the two threads")
                .filteredOn(w -> w.wakeePid() == pid && threads.contains(w.wakeeTid()) && w.wakerPid() == pid)
                .hasSizeGreaterThan(ROUNDS).allSatisfy(w -> assertThat(w.kernelFrames()).isNotEmpty());
    }

    @Test
    void aSleeperLeavesTheCpuSleepingInNanosleepFromItsOwnFunction() throws Exception {
        CollectingSink sink = new CollectingSink();

        record(request(new RecordingRequest.Launch(List.of(sleeper.toString())), null, Map.of()), sink);

        int pid = execPid(sink, "sleeper");
        long[] sleepAWhile = sleeperFunctions.get("sleep_a_while");
        List<ContextSwitch> sleeping = sink.events(ContextSwitch.class)
                .filter(cs -> cs.prevTid() == pid && cs.prevState() == ThreadState.SLEEPING).toList();
        assertThat(sleeping).filteredOn(cs -> Arrays.stream(cs.userFrames())
                        .anyMatch(a -> a >= sleepAWhile[0] && a < sleepAWhile[0] + sleepAWhile[1]))
                .filteredOn(cs -> Arrays.stream(cs.kernelFrames()).mapToObj(ContextSwitchRecordingTest::kernelFunctionAt)
                        .anyMatch(name -> name.contains("nanosleep")))
                .as("sleeping switch-outs through sleep_a_while and nanosleep, of " + sleeping).hasSize(3);
    }

    @Test
    void switchRecordsForcedByConfigurationGiveSwitchesWithoutStacksOrWakeups() throws Exception {
        CollectingSink sink = new CollectingSink();

        PerfSession session = record(request(new RecordingRequest.Launch(List.of(pingpong.toString(), "5000")), null,
                Map.of(RecorderSettings.OPTION_SWITCH_SOURCE, "switch-records")), sink);

        int pid = execPid(sink, "pingpong");
        Set<Integer> threads = threadsOf(sink, pid);
        List<ContextSwitch> switches = sink.events(ContextSwitch.class).toList();
        assertThat(sink.metadata().settings()).containsEntry("switch-source", "switch-records")
                .containsEntry("switch-source-reason", "chosen by configuration (switch-source = switch-records)");
        assertThat(switches).filteredOn(cs -> cs.prevPid() == pid).hasSizeGreaterThan(9_000)
                .allSatisfy(cs -> {
                    assertThat(cs.prevState()).isIn(ThreadState.RUNNABLE, ThreadState.UNKNOWN);
                    assertThat(cs.kernelFrames()).isEmpty();
                });
        assertThat(switches).filteredOn(cs -> cs.nextPid() == pid && cs.prevTid() == UNKNOWN_TID)
                .hasSizeGreaterThan(9_000);
        assertThat(intervalViolations(switches, threads)).isEmpty();
        assertThat(sink.events(Wakeup.class)).isEmpty();
        assertThat(session.status().lostRecords()).isZero();
    }

    @Test
    void attachRecordsTheSwitchesOfEveryThreadOfARunningProcess() throws Exception {
        Process target = new ProcessBuilder(pingpong.toString(), "0").start();
        try {
            int pid = (int) target.pid();
            while (ProcFs.threads(pid).size() < 2) {
                Thread.sleep(1);
            }
            Set<Integer> threads = Set.copyOf(ProcFs.threads(pid));
            CollectingSink sink = new CollectingSink();

            PerfSession session = record(request(new RecordingRequest.Attach(pid), Duration.ofSeconds(1), Map.of()),
                    sink);

            assertThat(session.status().lostRecords()).isZero();
            List<ContextSwitch> switches = sink.events(ContextSwitch.class).toList();
            for (int tid : threads) {
                assertThat(switches).as("switch-outs of " + tid).filteredOn(cs -> cs.prevTid() == tid)
                        .hasSizeGreaterThan(1000).allSatisfy(cs -> assertThat(cs.prevPid()).isEqualTo(pid));
                assertThat(switches).as("switch-ins of " + tid).anyMatch(cs -> cs.nextTid() == tid);
            }
            assertThat(intervalViolations(switches, threads)).isEmpty();
            assertThat(sink.events(Wakeup.class)).anyMatch(w -> w.wakeePid() == pid && threads.contains(w.wakeeTid()));
            assertThat(sink.events(ThreadName.class)).anyMatch(n -> n.pid() == pid && n.name().equals("ponger"));
        } finally {
            target.destroyForcibly().waitFor();
        }
    }

    @Test
    void systemWideSeesBothSidesOfEverySwitch() throws Exception {
        Process target = new ProcessBuilder(pingpong.toString(), "0").start();
        try {
            int pid = (int) target.pid();
            while (ProcFs.threads(pid).size() < 2) {
                Thread.sleep(1);
            }
            CollectingSink sink = new CollectingSink();

            PerfSession session = record(request(new RecordingRequest.SystemWide(), Duration.ofMillis(500),
                    Map.of()), sink);

            List<ContextSwitch> switches = sink.events(ContextSwitch.class).toList();
            assertThat(switches).isNotEmpty().allSatisfy(cs -> {
                assertThat(cs.prevTid()).isNotEqualTo(UNKNOWN_TID);
                assertThat(cs.nextTid()).isNotEqualTo(UNKNOWN_TID);
            });
            assertRareChainBreaks(switches);
            assertThat(switches).filteredOn(cs -> cs.nextTid() != 0)
                    .filteredOn(cs -> cs.nextPid() == UNKNOWN_TID).as("next threads whose process is unknown")
                    .hasSizeLessThan(switches.size() / 100 + 1);
            assertThat(switches).filteredOn(cs -> cs.prevPid() == pid).hasSizeGreaterThan(1000);
            assertThat(switches).filteredOn(cs -> cs.nextPid() == pid).hasSizeGreaterThan(1000);
            assertThat(intervalViolations(switches, Set.copyOf(ProcFs.threads(pid)))).isEmpty();
            assertThat(sink.events(Wakeup.class)).anyMatch(w -> w.wakerPid() == pid && w.wakeePid() == pid);
            assertThat(session.status().lostRecords()).isZero();
        } finally {
            target.destroyForcibly().waitFor();
        }
    }

    @Test
    void systemWideSwitchRecordsNameBothThreads() throws Exception {
        CollectingSink sink = new CollectingSink();

        record(request(new RecordingRequest.SystemWide(), Duration.ofMillis(300),
                Map.of(RecorderSettings.OPTION_SWITCH_SOURCE, "switch-records")), sink);

        assertThat(sink.metadata().settings()).containsEntry("switch-source", "switch-records");
        assertRareChainBreaks(sink.events(ContextSwitch.class).toList());
        assertThat(sink.events(ContextSwitch.class).toList()).isNotEmpty().allSatisfy(cs -> {
            assertThat(cs.prevTid()).isNotEqualTo(UNKNOWN_TID);
            assertThat(cs.nextTid()).isNotEqualTo(UNKNOWN_TID);
            assertThat(cs.prevState()).isIn(ThreadState.RUNNABLE, ThreadState.UNKNOWN);
        });
    }

    @Test
    void noSwitchesWhenTheRequestTurnsThemOff() throws Exception {
        CollectingSink sink = new CollectingSink();

        record(new RecordingRequest(new RecordingRequest.Launch(List.of(pingpong.toString(), "1000")), FREQUENCY,
                CallGraph.FRAME_POINTER, true, false, null, Map.of()), sink);

        assertThat(sink.metadata().settings()).containsEntry("switch-source", "off");
        assertThat(sink.events(ContextSwitch.class)).isEmpty();
        assertThat(sink.events(Wakeup.class)).isEmpty();
    }

    @Test
    void mountsTracefsWhenItIsMissing() throws Exception {
        boolean mountedBefore = TraceFs.tracefsMountPoints().contains(TraceFs.TRACING);
        if (mountedBefore) {
            KernelAccess.run(List.of("umount", TraceFs.TRACING.toString()));
        }
        try {
            assertThat(TraceFs.tracefsMountPoints()).doesNotContain(TraceFs.TRACING);

            TraceFs traceFs = TraceFs.locate(libc, TraceFs.TRACING, directory.resolve("no-debugfs"), true);

            assertThat(traceFs).isEqualTo(new TraceFs(TraceFs.TRACING, true));
            assertThat(TraceFs.tracefsMountPoints()).contains(TraceFs.TRACING);
            assertThat(traceFs.schedTracepoints().schedSwitch().id()).isPositive();
        } finally {
            boolean mountedNow = TraceFs.tracefsMountPoints().contains(TraceFs.TRACING);
            if (mountedNow && !mountedBefore) {
                KernelAccess.run(List.of("umount", TraceFs.TRACING.toString()));
            } else if (!mountedNow && mountedBefore) {
                KernelAccess.run(List.of("mount", "-t", "tracefs", "nodev", TraceFs.TRACING.toString()));
            }
        }
    }

    @Test
    void aRecordingMountsTracefsWhenItIsMissing() throws Exception {
        boolean mountedBefore = TraceFs.tracefsMountPoints().contains(TraceFs.TRACING);
        if (mountedBefore) {
            KernelAccess.run(List.of("umount", TraceFs.TRACING.toString()));
        }
        try {
            CollectingSink sink = new CollectingSink();

            record(request(new RecordingRequest.Launch(List.of(sleeper.toString())), null, Map.of()), sink);

            String expected = Files.isDirectory(TraceFs.DEBUG_TRACING.resolve("events"))
                    ? TraceFs.DEBUG_TRACING.toString() : TraceFs.TRACING + " (mounted by the collector)";
            assertThat(sink.metadata().settings()).containsEntry("switch-source", "tracepoints")
                    .containsEntry("tracefs", expected);
        } finally {
            if (mountedBefore && !TraceFs.tracefsMountPoints().contains(TraceFs.TRACING)) {
                KernelAccess.run(List.of("mount", "-t", "tracefs", "nodev", TraceFs.TRACING.toString()));
            }
        }
    }
}
