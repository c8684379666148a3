package io.tachyon.export.internal;

import com.google.gson.JsonObject;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;

class HtmlFlameGraphExporterTest {

    @TempDir
    Path directory;

    @Test
    void opensInHeadlessChromiumWithoutAnyNetworkRequestAndAnswersHoverAndSearch() throws IOException {
        CaptureModel model = DemoCapture.shared();
        Path file = DemoCapture.export(new HtmlFlameGraphExporter(), model, directory).toAbsolutePath();

        JsonObject seen = Consumers.node("html", file);

        assertThat(seen.getAsJsonArray("requests")).as("network requests").isEmpty();
        assertThat(seen.getAsJsonArray("pageErrors")).isEmpty();
        assertThat(seen.getAsJsonArray("consoleErrors")).isEmpty();
        assertThat(seen.get("title").getAsString()).isEqualTo("Tachyon flame graph: " + model.file().getFileName());
        assertThat(seen.get("nodes").getAsInt()).isGreaterThan(10);
        assertThat(seen.get("painted").getAsInt()).isPositive();
        assertThat(seen.get("rootDetails").getAsString()).startsWith("all: " + String.format(Locale.ROOT, "%.1f ms",
                model.sampledNanos() / 1e6));
        FunctionCost parse = model.functions().stream().filter(f -> f.function().equals("parse_input")).findFirst()
                .orElseThrow();
        assertThat(seen.get("matched").getAsString()).endsWith(String.format(Locale.ROOT, "(%.2f%%)",
                100.0 * parse.totalNanos() / model.sampledNanos()));
    }

    @Test
    void isOneFileThatNamesNothingOutsideAndKeepsMarkupInNamesInert() throws IOException {
        String html = Files.readString(
                DemoCapture.export(new HtmlFlameGraphExporter(), DemoCapture.shared(), directory));

        assertThat(html).doesNotContain("http://", "https://", "src=\"", "href=\"http", "@import", "url(");
        assertThat(html).doesNotContain(DemoCapture.AWKWARD);
        assertThat(html).contains("render\\u003c\\\"html\\\"\\u003e;\\u003c/script\\u003e\\u0026co");
    }
}
