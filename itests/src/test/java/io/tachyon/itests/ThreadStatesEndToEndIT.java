package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.compile;
import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Records a C program whose named threads each live in one kind of wait (see thread_states.c) through
 * bin/tachyon, and checks the thread states, wait stacks and wakers the reports give.
 */
class ThreadStatesEndToEndIT {

    private static final int ROUNDS = 50_000;

    @TempDir
    static Path dir;

    private static Path capture;
    private static Map<String, JsonObject> threadsByName;

    @BeforeAll
    static void record() throws Exception {
        requireKernelRecording();
        Path program = compile("thread_states.c", dir, "-pthread");
        capture = dir.resolve("states.tcap");
        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--", program.toString(), dir.toString(),
                String.valueOf(ROUNDS));
        assertThat(record.exitStatus()).as(record.toString()).isZero();

        Tachyon.Result threads = tachyon("report", capture.toString(), "threads", "--json");
        assertThat(threads.exitStatus()).as(threads.toString()).isZero();
        JsonObject json = JsonParser.parseString(threads.stdout()).getAsJsonObject();
        assertThat(json.get("hasThreadStates").getAsBoolean()).as("the capture has switch data").isTrue();
        assertThat(json.getAsJsonObject("lostRecordsByCpu").entrySet()).as("lost records").isEmpty();
        threadsByName = new TreeMap<>();
        for (JsonElement thread : json.getAsJsonArray("threads")) {
            JsonObject object = thread.getAsJsonObject();
            threadsByName.put(object.getAsJsonObject("thread").get("name").getAsString(), object);
        }
    }

    @Test
    void theSleeperSleepsAlmostAllItsLifeInItsOwnSleepingFunction() throws Exception {
        JsonObject totals = thread("sleeper").getAsJsonObject("totals");
        assertThat(share(totals, "sleeping")).as("sleeper: " + totals).isGreaterThanOrEqualTo(0.95);

        // Through libc, which has no frame pointers: the user-stack unwinder keeps the caller. Nearly all the
        // sleeping time must be explained by waits whose stack passes through sleeper_naps and nanosleep.
        JsonObject waits = waits("sleeper");
        long inOwnFunction = 0;
        for (JsonElement group : waits.getAsJsonArray("waitGroups")) {
            List<String> stack = functions(group.getAsJsonObject().getAsJsonArray("stack"));
            if (stack.contains("sleeper_naps") && stack.stream().anyMatch(f -> f.contains("nanosleep"))) {
                inOwnFunction += group.getAsJsonObject().get("totalNanos").getAsLong();
            }
        }
        assertThat((double) inOwnFunction / totals.get("sleeping").getAsLong())
                .as("share of the sleeper's sleep in sleeper_naps > nanosleep: " + waits).isGreaterThan(0.9);
    }

    @Test
    void theWaiterSleepsOnTheFutexAndIsWokenByTheHolder() throws Exception {
        JsonObject groups = waits("waiter");
        JsonObject futexWait = groups.getAsJsonArray("waitGroups").asList().stream().map(JsonElement::getAsJsonObject)
                .filter(group -> functions(group.getAsJsonArray("stack")).stream().anyMatch(f -> f.contains("futex")))
                .findFirst().orElseThrow(() -> new AssertionError("no futex wait of the waiter: " + groups));
        assertThat(futexWait.get("state").getAsString()).isEqualTo("SLEEPING");
        assertThat(functions(futexWait.getAsJsonArray("stack"))).as("the waiter's wait stack")
                .contains("waiter_blocks").anyMatch(f -> f.contains("pthread_mutex_lock"));
        assertThat(futexWait.get("count").getAsLong()).as("the waiter blocks on most of its 10 lock calls")
                .isGreaterThanOrEqualTo(5);
        JsonArray wakers = futexWait.getAsJsonArray("wakers");
        long byHolder = 0;
        long all = 0;
        for (JsonElement waker : wakers) {
            JsonObject object = waker.getAsJsonObject();
            all += object.get("count").getAsLong();
            if (object.get("name").getAsString().equals("holder")) {
                byHolder += object.get("count").getAsLong();
                assertThat(functions(object.getAsJsonArray("topStack"))).as("the holder's waker stack")
                        .anyMatch(f -> f.contains("futex_wake"))
                        .anyMatch(f -> f.contains("pthread_mutex_unlock"))
                        .contains("holder_works_locked");
            }
        }
        assertThat(byHolder).as("futex waits of the waiter woken by the holder: " + wakers).isEqualTo(all).isPositive();
    }

    @Test
    void theWriterIsBlockedOnIoInFsync() throws Exception {
        JsonObject totals = thread("writer").getAsJsonObject("totals");
        assertThat(totals.get("blockedIo").getAsLong()).as("writer: " + totals).isPositive();

        JsonObject writerWaits = waits("writer");
        assertThat(writerWaits.getAsJsonArray("waitGroups").asList()).map(JsonElement::getAsJsonObject)
                .as("the writer's IO waits: " + writerWaits)
                .filteredOn(group -> group.get("state").getAsString().equals("BLOCKED_IO"))
                .anySatisfy(group -> assertThat(functions(group.getAsJsonArray("stack")))
                        .contains("writer_syncs").anyMatch(f -> f.contains("fsync")));
    }

    @Test
    void cpuBoundThreadsOutnumberingTheCpusWaitToRun() {
        long runnable = threadsByName.entrySet().stream().filter(e -> e.getKey().startsWith("hog-"))
                .mapToLong(e -> e.getValue().getAsJsonObject("totals").get("runnable").getAsLong()).sum();
        long running = threadsByName.entrySet().stream().filter(e -> e.getKey().startsWith("hog-"))
                .mapToLong(e -> e.getValue().getAsJsonObject("totals").get("running").getAsLong()).sum();
        assertThat(runnable).as("hogs' runnable ns (running " + running + ")").isGreaterThan(running / 10);
    }

    @Test
    void withoutTracepointsSwitchRecordsStillGiveRunningAndNotRunningAndTheCaptureSaysSo() throws Exception {
        Path home = Tachyon.copyOfDistribution(dir.resolve("fallback-distribution"));
        Files.writeString(home.resolve("config/io.tachyon.perf.cfg"), "switchSource = switch-records\n");
        Path program = dir.resolve("thread_states");
        Path fallback = dir.resolve("fallback.tcap");

        Tachyon.Result record = Tachyon.run(List.of(home.resolve("bin/tachyon").toString(), "record", "-o",
                fallback.toString(), "--", program.toString(), dir.toString(), String.valueOf(ROUNDS)), 300);
        assertThat(record.exitStatus()).as(record.toString()).isZero();
        Tachyon.Result top = tachyon("report", fallback.toString(), "top", "--limit", "1");
        assertThat(top.stdout()).contains("switch-source=switch-records");

        Tachyon.Result threads = tachyon("report", fallback.toString(), "threads", "--json");
        JsonObject json = JsonParser.parseString(threads.stdout()).getAsJsonObject();
        assertThat(json.get("hasThreadStates").getAsBoolean()).isTrue();
        Map<String, JsonObject> byName = new TreeMap<>();
        json.getAsJsonArray("threads").forEach(t -> byName.put(
                t.getAsJsonObject().getAsJsonObject("thread").get("name").getAsString(), t.getAsJsonObject()));
        JsonObject sleeper = byName.get("sleeper").getAsJsonObject("totals");
        assertThat(share(sleeper, "running")).as("the sleeper runs for a moment only: " + sleeper).isLessThan(0.05);
        // Voluntary switches cannot say why the thread left: not running, reason unknown.
        assertThat(share(sleeper, "unknown") + share(sleeper, "runnable")).as("sleeper: " + sleeper)
                .isGreaterThanOrEqualTo(0.95);
        JsonObject hogs = byName.get("hog-0").getAsJsonObject("totals");
        assertThat(hogs.get("running").getAsLong()).as("hog-0: " + hogs).isPositive();
        assertThat(hogs.get("runnable").getAsLong()).as("preempted hog-0: " + hogs).isPositive();
    }

    @Test
    void aHealthyCaptureHasNoHealthFindings() throws Exception {
        Tachyon.Result health = tachyon("health", capture.toString());
        assertThat(health.exitStatus()).as(health.toString()).isZero();
        assertThat(health.stdout()).as(health.toString()).startsWith("No findings");
    }

    private static JsonObject thread(String name) {
        JsonObject thread = threadsByName.get(name);
        assertThat(thread).as("thread " + name + " among " + threadsByName.keySet()).isNotNull();
        return thread;
    }

    private static double share(JsonObject totals, String state) {
        long all = 0;
        for (String key : List.of("running", "runnable", "sleeping", "blockedIo", "stopped", "unknown")) {
            all += totals.get(key).getAsLong();
        }
        return (double) totals.get(state).getAsLong() / all;
    }

    private static JsonObject waits(String threadName) throws Exception {
        int tid = thread(threadName).getAsJsonObject("thread").get("tid").getAsInt();
        Tachyon.Result waits = tachyon("report", capture.toString(), "waits", "--thread", String.valueOf(tid),
                "--limit", "50", "--json");
        assertThat(waits.exitStatus()).as(waits.toString()).isZero();
        return JsonParser.parseString(waits.stdout()).getAsJsonObject();
    }

    private static List<String> functions(JsonArray stack) {
        List<String> functions = new ArrayList<>();
        for (JsonElement frame : stack) {
            functions.add(frame.getAsJsonObject().get("function").getAsString());
        }
        return functions;
    }
}
