package io.tachyon.export.internal;

import com.google.gson.JsonObject;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.ThreadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;

import static io.tachyon.export.internal.DemoCapture.MAIN;
import static io.tachyon.export.internal.DemoCapture.PID;
import static io.tachyon.export.internal.DemoCapture.WORKER;
import static org.assertj.core.api.Assertions.assertThat;

class ChromeTraceExporterTest {

    @TempDir
    Path directory;

    @Test
    void headlessChromiumFindsNamesStateSlicesWaitsAndEverySampleWithItsStack() throws IOException {
        CaptureModel model = DemoCapture.shared();
        JsonObject seen = Consumers.node("chrome",
                DemoCapture.export(new ChromeTraceExporter(), model, directory).toAbsolutePath());

        assertThat(seen.getAsJsonArray("errors")).isEmpty();
        assertThat(seen.getAsJsonObject("processNames").get(String.valueOf(PID)).getAsString()).isEqualTo("demo");
        assertThat(seen.getAsJsonObject("threadNames").get(String.valueOf(MAIN)).getAsString()).isEqualTo("demo");
        assertThat(seen.getAsJsonObject("threadNames").get(String.valueOf(WORKER)).getAsString())
                .isEqualTo("worker");
        assertThat(seen.get("samples").getAsLong()).isEqualTo(model.sampleCount());
        for (ThreadSummary thread : model.threads()) {
            assertThat(seen.getAsJsonObject("samplesByThread").get(String.valueOf(thread.tid())).getAsLong())
                    .isEqualTo(thread.samples());
        }
        int waits = model.waits(PID, WORKER, model.startTime(), model.endTime()).size();
        assertThat(waits).isGreaterThan(100);
        assertThat(seen.getAsJsonObject("slicesByName").get("Sleeping").getAsInt()).isEqualTo(waits);
        assertThat(seen.get("waitSlicesWithStack").getAsInt()).isEqualTo(waits);
        assertThat(seen.getAsJsonObject("slicesByName").get("Running").getAsInt()).isGreaterThan(waits);
        assertThat(seen.get("maxDepth").getAsInt()).as("libc_start_main, main, transform_records, hash_record, 2 kernel frames").isEqualTo(6);
    }
}
