package io.tachyon.export.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

import static io.tachyon.export.internal.DemoCapture.PERIOD;
import static io.tachyon.export.internal.DemoCapture.PID;
import static io.tachyon.export.internal.DemoCapture.START;
import static io.tachyon.export.internal.DemoCapture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@code tachyon:export --range 100-300 --thread 4001} hands the exporters: the model filtered to 200 ms of
 * the worker. The worker runs 16 samples in each 10 ms and sleeps once, so the window holds 320 of its samples
 * and 20 waits; the main thread is not there at all.
 */
class FilteredExportTest {

    private static final long MILLIS = 1_000_000;

    @TempDir
    Path directory;

    private static CaptureModel workerWindow() throws IOException {
        CaptureModel model = DemoCapture.shared();
        return model.filtered(new CaptureFilter(model.startTime() + 100 * MILLIS, model.startTime() + 300 * MILLIS,
                Set.of(), Set.of(WORKER)));
    }

    @Test
    void theFilteredModelHoldsTheWindowOfTheThread() throws IOException {
        CaptureModel window = workerWindow();

        assertThat(window.startTime()).isEqualTo(START + 100 * MILLIS);
        assertThat(window.sampleCount()).isEqualTo(320);
        assertThat(window.sampledNanos()).isEqualTo(320 * PERIOD);
        assertThat(window.threads()).singleElement().satisfies(thread -> assertThat(thread.tid()).isEqualTo(WORKER));
        assertThat(window.waits(PID, WORKER, window.startTime(), window.endTime())).hasSize(20);
    }

    @Test
    void collapsedStacksCountOnlyTheWindowOfTheThread() throws IOException {
        long total = Files.readAllLines(DemoCapture.export(new CollapsedExporter(), workerWindow(), directory))
                .stream().mapToLong(line -> Long.parseLong(line.substring(line.lastIndexOf(' ') + 1))).sum();

        assertThat(total).isEqualTo(320);
    }

    @Test
    void chromeTraceHasOnlyTheThreadAndItsSlicesInsideTheWindow() throws IOException {
        JsonObject trace = JsonParser.parseString(Files.readString(
                DemoCapture.export(new ChromeTraceExporter(), workerWindow(), directory))).getAsJsonObject();

        assertThat(trace.getAsJsonArray("samples")).hasSize(320);
        double sleeping = 0;
        for (JsonElement element : trace.getAsJsonArray("traceEvents")) {
            JsonObject event = element.getAsJsonObject();
            if (event.get("name").getAsString().equals("process_name")) {
                assertThat(event.get("pid").getAsInt()).isEqualTo(PID);
                continue;
            }
            assertThat(event.get("tid").getAsInt()).isEqualTo(WORKER);
            if (event.get("ph").getAsString().equals("X")) {
                assertThat(event.get("ts").getAsDouble()).isBetween(0.0, 200_000.0);
                assertThat(event.get("ts").getAsDouble() + event.get("dur").getAsDouble()).isLessThanOrEqualTo(
                        200_000.0);
                if (event.get("name").getAsString().equals("Sleeping")) {
                    sleeping += event.get("dur").getAsDouble();
                }
            }
        }
        // Asleep from 17 to 36 periods of each 40 (wakes 2 ns late): 20 cycles.
        assertThat(sleeping).isCloseTo(20 * 19 * PERIOD / 1000.0, org.assertj.core.api.Assertions.within(1.0));
    }

    @Test
    void firefoxProfileHasOnlyTheThread() throws IOException {
        JsonArray threads = JsonParser.parseString(Files.readString(
                DemoCapture.export(new FirefoxExporter(), workerWindow(), directory))).getAsJsonObject()
                .getAsJsonArray("threads");

        assertThat(threads).hasSize(1);
        assertThat(threads.get(0).getAsJsonObject().getAsJsonObject("samples").getAsJsonArray("data")).hasSize(320);
        assertThat(threads.get(0).getAsJsonObject().getAsJsonObject("markers").getAsJsonArray("data")).hasSize(20);
    }
}
