package io.tachyon.perf.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tachyon.api.collect.RecordingRequest;
import io.tachyon.api.collect.RecordingRequest.CallGraph;
import io.tachyon.api.event.ContextSwitch;
import io.tachyon.api.event.ModuleMapping;
import io.tachyon.api.event.ThreadName;
import io.tachyon.api.event.ThreadState;
import io.tachyon.api.event.Wakeup;
import io.tachyon.api.unwind.UserContext;
import io.tachyon.api.unwind.UserStackUnwinder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Records threads waiting inside libc (built without frame pointers) with the real x86_64 unwinder of the unwind
 * bundle: the wait and wake stacks keep the functions that called into libc, which the kernel's frame-pointer
 * walk skips. Needs root, gcc, nm and readelf on x86_64.
 */
class UserStackUnwindRecordingTest {

    @TempDir
    static Path directory;
    private static Path program;

    private final Libc libc = KernelAccess.libc();

    @BeforeAll
    static void compileWorkload() throws Exception {
        KernelAccess.assumePerfEvents();
        KernelAccess.assumeGcc();
        KernelAccess.assumeExecutable(Path.of("/usr/bin/nm"));
        KernelAccess.assumeExecutable(Path.of("/usr/bin/readelf"));
        KernelAccess.assume(UserContext.X86_64.equals(KernelAccess.architecture().name())
                ? null : "the unwinder under test is x86_64's; this machine is " + KernelAccess.architecture().name());
        program = KernelAccess.compile("libc_waits.c", directory, "-no-pie", "-pthread",
                "-fno-optimize-sibling-calls");
    }

    /** A recording of the program with switches and frame-pointer call graphs, user part only. */
    private Recorded record(UserStackUnwinder unwinder) throws Exception {
        PerfRecorder recorder = new PerfRecorder(libc, KernelAccess.architecture(), unwinder, "io.tachyon.unwind",
                new RecorderSettings(256, 1024, Duration.ofMillis(10), SwitchSource.TRACEPOINTS, 512, 2048, "test"));
        CollectingSink sink = new CollectingSink();
        PerfSession session = recorder.start(new RecordingRequest(new RecordingRequest.Launch(
                List.of(program.toString())), 1000, CallGraph.FRAME_POINTER, false, true, null, Map.of()), sink,
                ended -> { });
        assertThat(session.awaitEnd(Duration.ofSeconds(60))).as("recording ended").isTrue();
        assertThat(sink.violations()).isEmpty();
        assertThat(session.status().lostRecords()).isZero();
        int pid = sink.events(ThreadName.class).filter(ThreadName::exec).filter(name -> name.name().equals("libc_waits"))
                .mapToInt(ThreadName::pid).findFirst().orElseThrow(() -> new AssertionError("no exec of libc_waits"));
        List<ModuleMapping> mappings = sink.events(ModuleMapping.class).filter(mapping -> mapping.pid() == pid)
                .toList();
        return new Recorded(sink, new FunctionNames(mappings));
    }

    private record Recorded(CollectingSink sink, FunctionNames names) {

        int tidOf(String threadName) {
            return sink.events(ThreadName.class).filter(name -> name.name().equals(threadName))
                    .mapToInt(ThreadName::tid).reduce((first, last) -> last)
                    .orElseThrow(() -> new AssertionError("no thread named " + threadName));
        }

        /** The user stacks, by function name, with which the sleeper went to sleep. */
        List<List<String>> sleeperWaitStacks() {
            int sleeper = tidOf("sleeper");
            return sink.events(ContextSwitch.class).filter(cs -> cs.prevTid() == sleeper)
                    .filter(cs -> cs.prevState() == ThreadState.SLEEPING)
                    .map(cs -> names.names(cs.userFrames())).toList();
        }

        /** The user stacks, by function name, with which the holder woke the waiter. */
        List<List<String>> holderWakeStacks() {
            int holder = tidOf("holder");
            int waiter = tidOf("waiter");
            return sink.events(Wakeup.class).filter(wakeup -> wakeup.wakerTid() == holder && wakeup.wakeeTid() == waiter)
                    .map(wakeup -> names.names(wakeup.userFrames())).toList();
        }
    }

    @Test
    void waitAndWakeStacksKeepTheCallersOfLibc() throws Exception {
        Recorded recorded = record(KernelAccess.unwinder());

        assertThat(recorded.sink().metadata().settings())
                .containsEntry(PerfRecorder.SETTING_USER_UNWIND, "frame pointers + .eh_frame (io.tachyon.unwind)")
                .containsEntry("switch-user-stack-bytes", "512").containsEntry("sample-user-stack-bytes", "2048");
        List<List<String>> sleeps = recorded.sleeperWaitStacks();
        List<List<String>> wakes = recorded.holderWakeStacks();
        System.out.println("sleeper wait stack: " + sleeps.get(0) + "\nholder wake stack:  " + wakes.get(0));

        assertThat(sleeps).as("the sleeper's ten naps").hasSizeGreaterThanOrEqualTo(10);
        assertThat(sleeps).allSatisfy(stack -> assertThat(stack).containsSubsequence("sleeper_naps", "sleeper"));
        assertThat(wakes).as("the holder's wake-ups of the waiter").isNotEmpty();
        assertThat(wakes).allSatisfy(stack -> assertThat(stack).containsSubsequence("holder_works_locked", "holder"));
        if (recorded.names().hasDebugSymbols("/libc.so.6")) {
            assertThat(wakes).allSatisfy(stack -> assertThat(stack.get(stack.indexOf("holder_works_locked") - 1))
                    .isIn("pthread_mutex_unlock", "__pthread_mutex_unlock", "__pthread_mutex_unlock_usercnt"));
            assertThat(sleeps).allSatisfy(stack -> assertThat(stack.get(stack.indexOf("sleeper_naps") - 1))
                    .endsWith("nanosleep"));
        } else {
            System.out.println("libc has no detached debug symbols here (libc6-dbg): its internal functions are not "
                    + "named, only the callers of libc are checked");
        }
    }

    @Test
    void withoutAnUnwinderStacksComeFromFramePointersAsBefore() throws Exception {
        Recorded recorded = record(null);

        assertThat(recorded.sink().metadata().settings())
                .containsEntry(PerfRecorder.SETTING_USER_UNWIND, "frame pointers only: no unwinder for x86_64")
                .doesNotContainKey("switch-user-stack-bytes");
        List<List<String>> sleeps = recorded.sleeperWaitStacks();
        System.out.println("sleeper wait stack without an unwinder: " + sleeps.get(0));

        // The kernel's walk goes from the libc wrapper to the caller's caller: the frame-pointer-less libc
        // leaves rbp pointing at sleeper()'s frame.
        assertThat(sleeps).hasSizeGreaterThanOrEqualTo(10)
                .allSatisfy(stack -> assertThat(stack).contains("sleeper").doesNotContain("sleeper_naps"));
    }
}
