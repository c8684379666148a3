package io.tachyon.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tachyon.api.analysis.CaptureModelFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServedCapturesTest {

    @TempDir
    Path dir;

    @Test
    void servedCapturesAreRememberedAndOpenedAgainAfterARestart() throws Exception {
        Path file = dir.resolve("app.tcap");
        CaptureModelFactory models = TestCapture.write(file);
        Path memory = dir.resolve("data/served.txt");
        ServedCaptures first = new ServedCaptures(models, memory);
        assertThat(first.list()).isEmpty();
        first.serve(List.of(dir.resolve("./app.tcap")));
        assertThat(first.find("0").orElseThrow().model().sampleCount()).isEqualTo(28);
        first.close();

        ServedCaptures again = new ServedCaptures(models, memory);
        assertThat(again.list()).hasSize(1);
        ServedCaptures.ServedCapture capture = again.find("0").orElseThrow();
        assertThat(capture.file()).isEqualTo(file.toAbsolutePath());
        assertThat(capture.name()).isEqualTo("app.tcap");
        assertThat(capture.model().sampleCount()).isEqualTo(28);
        assertThat(again.find("1")).isEmpty();
    }

    @Test
    void aMissingFileIsNamedAndLeavesTheServedCapturesAsTheyWere() throws Exception {
        Path file = dir.resolve("app.tcap");
        ServedCaptures captures = new ServedCaptures(TestCapture.write(file), dir.resolve("served.txt"));
        captures.serve(List.of(file));
        assertThatThrownBy(() -> captures.serve(List.of(file, dir.resolve("nope.tcap"))))
                .isInstanceOf(IOException.class).hasMessageContaining("nope.tcap");
        assertThat(captures.list()).extracting(ServedCaptures.ServedCapture::name).containsExactly("app.tcap");
        assertThat(Files.readAllLines(dir.resolve("served.txt"))).containsExactly(file.toAbsolutePath().toString());
    }
}
