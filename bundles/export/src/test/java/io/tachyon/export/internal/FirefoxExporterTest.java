package io.tachyon.export.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Gecko profile's tables as the Firefox Profiler's importer reads them: every index in range, stack prefixes
 * before their stacks, samples in time order with their CPU deltas, waits as interval markers of a declared type.
 */
class FirefoxExporterTest {

    @TempDir
    Path directory;

    @Test
    void eachThreadHoldsItsSamplesCpuDeltasStacksAndWaitMarkers() throws IOException {
        CaptureModel model = DemoCapture.shared();
        JsonObject profile = JsonParser.parseString(Files.readString(
                DemoCapture.export(new FirefoxExporter(), model, directory))).getAsJsonObject();
        JsonObject meta = profile.getAsJsonObject("meta");

        assertThat(meta.get("version").getAsInt()).isEqualTo(FirefoxExporter.GECKO_VERSION);
        assertThat(meta.get("startTime").getAsDouble()).isEqualTo(1_767_225_600_000.0);
        assertThat(meta.get("interval").getAsDouble()).isEqualTo(0.25);
        assertThat(meta.getAsJsonArray("markerSchema").get(0).getAsJsonObject().get("name").getAsString())
                .isEqualTo("Wait");
        JsonArray threads = profile.getAsJsonArray("threads");
        assertThat(threads).hasSize(model.threads().size());
        for (int i = 0; i < threads.size(); i++) {
            JsonObject thread = threads.get(i).getAsJsonObject();
            ThreadSummary summary = model.threads().get(i);
            assertThat(thread.get("tid").getAsInt()).isEqualTo(summary.tid());
            assertThat(thread.get("name").getAsString()).isEqualTo(summary.name());
            checkTables(thread, summary);
            checkMarkers(thread, model.waits(summary.pid(), summary.tid(), model.startTime(), model.endTime()));
        }
    }

    private static void checkTables(JsonObject thread, ThreadSummary summary) {
        int strings = thread.getAsJsonArray("stringTable").size();
        JsonArray frames = thread.getAsJsonObject("frameTable").getAsJsonArray("data");
        for (JsonElement frame : frames) {
            assertThat(frame.getAsJsonArray().get(0).getAsInt()).isBetween(0, strings - 1);
            assertThat(frame.getAsJsonArray().get(6).getAsInt()).isBetween(0, 2);
        }
        JsonArray stacks = thread.getAsJsonObject("stackTable").getAsJsonArray("data");
        for (int stack = 0; stack < stacks.size(); stack++) {
            JsonArray row = stacks.get(stack).getAsJsonArray();
            if (!row.get(0).isJsonNull()) {
                assertThat(row.get(0).getAsInt()).isBetween(0, stack - 1);
            }
            assertThat(row.get(1).getAsInt()).isBetween(0, frames.size() - 1);
        }
        JsonArray samples = thread.getAsJsonObject("samples").getAsJsonArray("data");
        assertThat(samples).hasSize((int) summary.samples());
        double last = 0;
        long cpu = 0;
        for (JsonElement element : samples) {
            JsonArray sample = element.getAsJsonArray();
            assertThat(sample.get(0).getAsInt()).isBetween(0, stacks.size() - 1);
            assertThat(sample.get(1).getAsDouble()).isGreaterThanOrEqualTo(last);
            last = sample.get(1).getAsDouble();
            cpu += sample.get(3).getAsLong();
        }
        assertThat(cpu).isEqualTo(summary.cpuNanos());
    }

    private static void checkMarkers(JsonObject thread, List<Wait> waits) {
        JsonArray markers = thread.getAsJsonObject("markers").getAsJsonArray("data");
        List<String> strings = thread.getAsJsonArray("stringTable").asList().stream().map(JsonElement::getAsString)
                .toList();
        assertThat(markers).hasSize(waits.size());
        for (JsonElement element : markers) {
            JsonArray marker = element.getAsJsonArray();
            assertThat(strings.get(marker.get(0).getAsInt())).isEqualTo("Wait");
            assertThat(marker.get(2).getAsDouble()).isGreaterThanOrEqualTo(marker.get(1).getAsDouble());
            assertThat(marker.get(3).getAsInt()).as("interval phase").isEqualTo(1);
            JsonObject data = marker.get(5).getAsJsonObject();
            assertThat(data.get("type").getAsString()).isEqualTo("Wait");
            assertThat(data.get("reason").getAsString())
                    .isEqualTo("schedule \u2190 futex_wait \u2190 do_syscall_64");
            assertThat(data.get("waker").getAsString()).isIn("demo (tid 4000)", "(no wake-up recorded)");
        }
    }
}
