package io.tachyon.export.internal;

import com.google.gson.JsonObject;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.Wait;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class PprofExporterTest {

    /** A row of {@code go tool pprof -top}: flat flat% sum% cum cum% name. */
    private static final Pattern TOP_ROW = Pattern.compile(
            "\\s*\\S+\\s+([\\d.]+)%\\s+[\\d.]+%\\s+\\S+\\s+[\\d.]+%\\s+(.+)");

    @TempDir
    Path directory;

    @Test
    void goToolPprofTopAgreesWithTheModelsTopWithinOnePoint() throws IOException {
        Path go = Consumers.executable("go", "golang-go");
        CaptureModel model = DemoCapture.shared();
        Path profile = DemoCapture.export(new PprofExporter(), model, directory);

        Consumers.Result top = Consumers.run(List.of(go.toString(), "tool", "pprof", "-top", "-nodecount=50",
                profile.toString()), Map.of("PPROF_TMPDIR", directory.toString(), "HOME", directory.toString()));

        assertThat(top.exit()).as(top.errors()).isZero();
        assertThat(top.output()).contains("Type: cpu");
        Map<String, Double> flatPercent = new HashMap<>();
        for (String line : top.output().split("\n")) {
            Matcher row = TOP_ROW.matcher(line);
            if (row.matches()) {
                flatPercent.put(row.group(2).trim(), Double.parseDouble(row.group(1)));
            }
        }
        List<FunctionCost> hottest = model.functions().subList(0, 5);
        for (FunctionCost function : hottest) {
            double reportPercent = 100.0 * function.selfNanos() / model.sampledNanos();
            assertThat(flatPercent.get(function.function())).as(function.function() + " in\n" + top.output())
                    .isCloseTo(reportPercent, within(1.0));
        }
    }

    @Test
    void pprofFormatDecodesTypesMappingsLabelsAndCpuAndWallTotals() throws IOException {
        CaptureModel model = DemoCapture.shared();
        JsonObject decoded = Consumers.node("pprof",
                DemoCapture.export(new PprofExporter(), model, directory).toAbsolutePath());

        assertThat(decoded.getAsJsonArray("errors")).isEmpty();
        assertThat(decoded.getAsJsonArray("sampleTypes").toString())
                .isEqualTo("[\"cpu/nanoseconds\",\"wall/nanoseconds\"]");
        assertThat(decoded.get("defaultSampleType").getAsString()).isEqualTo("cpu");
        assertThat(decoded.get("periodType").getAsString()).isEqualTo("cpu/nanoseconds");
        assertThat(decoded.get("period").getAsLong()).isEqualTo(DemoCapture.PERIOD);
        String mappings = decoded.getAsJsonArray("mappings").toString();
        assertThat(decoded.getAsJsonArray("mappings").get(0).getAsJsonObject().get("file").getAsString())
                .isEqualTo(DemoCapture.APP);
        assertThat(mappings).contains(DemoCapture.APP_BUILD_ID, DemoCapture.LIBC_BUILD_ID);
        assertThat(decoded.getAsJsonArray("labelKeys").toString())
                .isEqualTo("[\"pid\",\"process\",\"state\",\"thread\",\"tid\"]");

        long waitNanos = 0;
        for (ThreadSummary thread : model.threads()) {
            for (Wait wait : model.waits(thread.pid(), thread.tid(), model.startTime(), model.endTime())) {
                waitNanos += Math.min(wait.end(), model.endTime()) - Math.max(wait.start(), model.startTime());
            }
        }
        assertThat(waitNanos).isPositive();
        assertThat(decoded.getAsJsonArray("totals").get(0).getAsLong()).isEqualTo(model.sampledNanos());
        assertThat(decoded.getAsJsonArray("totals").get(1).getAsLong()).isEqualTo(model.sampledNanos() + waitNanos);
        JsonObject self = decoded.getAsJsonObject("cpuSelfByFunction");
        for (FunctionCost function : model.functions()) {
            long decodedSelf = self.has(function.function()) ? self.get(function.function()).getAsLong() : 0;
            assertThat(decodedSelf).as(function.function()).isEqualTo(function.selfNanos());
        }
    }
}
