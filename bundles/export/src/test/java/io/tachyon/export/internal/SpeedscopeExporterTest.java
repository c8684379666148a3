package io.tachyon.export.internal;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.ThreadSummary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

import static org.assertj.core.api.Assertions.assertThat;

class SpeedscopeExporterTest {

    @TempDir
    Path directory;

    @Test
    void speedscopesImporterOpensTheFile() throws IOException {
        CaptureModel model = DemoCapture.shared();
        Path file = DemoCapture.export(new SpeedscopeExporter(), model, directory).toAbsolutePath();

        JsonObject seen = Consumers.node("speedscope", file);

        assertThat(seen.getAsJsonArray("dialogs")).as("speedscope's alerts").isEmpty();
        assertThat(seen.getAsJsonArray("pageErrors")).isEmpty();
        assertThat(seen.get("title").getAsString()).isEqualTo(model.file().getFileName() + " - speedscope");
        // Its profile picker names the first profile and how many there are: 2 sampled, 2 evented.
        assertThat(seen.get("text").getAsString()).contains("demo (tid 4000) (1/4)");
    }

    @Test
    void sampledProfilesWeighEachThreadsCpuTimeAndEventedProfilesNestProperly() throws IOException {
        CaptureModel model = DemoCapture.shared();
        JsonObject file = JsonParser.parseString(Files.readString(
                DemoCapture.export(new SpeedscopeExporter(), model, directory))).getAsJsonObject();
        int frames = file.getAsJsonObject("shared").getAsJsonArray("frames").size();
        JsonArray profiles = file.getAsJsonArray("profiles");

        assertThat(file.get("$schema").getAsString()).isEqualTo(SpeedscopeExporter.SCHEMA);
        assertThat(profiles).hasSize(4);
        for (int i = 0; i < 2; i++) {
            JsonObject sampled = profiles.get(i).getAsJsonObject();
            ThreadSummary thread = model.threads().get(i);
            assertThat(sampled.get("name").getAsString()).isEqualTo(ThreadActivity.label(thread));
            long weights = 0;
            for (JsonElement weight : sampled.getAsJsonArray("weights")) {
                weights += weight.getAsLong();
            }
            assertThat(weights).isEqualTo(thread.cpuNanos());
            for (JsonElement sample : sampled.getAsJsonArray("samples")) {
                for (JsonElement frame : sample.getAsJsonArray()) {
                    assertThat(frame.getAsInt()).isBetween(0, frames - 1);
                }
            }
        }
        for (int i = 2; i < 4; i++) {
            Deque<Integer> open = new ArrayDeque<>();
            long last = 0;
            for (JsonElement element : profiles.get(i).getAsJsonObject().getAsJsonArray("events")) {
                JsonObject event = element.getAsJsonObject();
                assertThat(event.get("at").getAsLong()).isGreaterThanOrEqualTo(last);
                last = event.get("at").getAsLong();
                if (event.get("type").getAsString().equals("O")) {
                    open.push(event.get("frame").getAsInt());
                } else {
                    assertThat(open.pop()).isEqualTo(event.get("frame").getAsInt());
                }
            }
            assertThat(open).isEmpty();
        }
    }
}
