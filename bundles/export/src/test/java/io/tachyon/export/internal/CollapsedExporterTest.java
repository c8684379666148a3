package io.tachyon.export.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.FunctionCost;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CollapsedExporterTest {

    @TempDir
    Path directory;

    @Test
    void linesSumToTheSampleCountAndCountEachFunctionAsTheModelDoes() throws IOException {
        CaptureModel model = DemoCapture.shared();
        List<String> lines = Files.readAllLines(DemoCapture.export(new CollapsedExporter(), model, directory));

        long total = 0;
        Map<String, Long> selfByLeaf = new HashMap<>();
        for (String line : lines) {
            int space = line.lastIndexOf(' ');
            long count = Long.parseLong(line.substring(space + 1));
            String[] frames = line.substring(0, space).split(";");
            selfByLeaf.merge(frames[frames.length - 1], count, Long::sum);
            total += count;
        }
        assertThat(total).isEqualTo(model.sampleCount());
        for (FunctionCost function : model.functions()) {
            String leaf = function.function().replace(';', ':') + (function.module().startsWith("[kernel") ? "_[k]"
                    : "");
            assertThat(selfByLeaf.getOrDefault(leaf, 0L)).as(function.function()).isEqualTo(function.selfSamples());
        }
    }

    @Test
    void keepsSeparatorsOutOfNamesAndMarksKernelFrames() throws IOException {
        List<String> lines = Files.readAllLines(
                DemoCapture.export(new CollapsedExporter(), DemoCapture.shared(), directory));

        assertThat(lines).anyMatch(line -> line.matches("__libc_start_main;main;render<\"html\">:</script>&co \\d+"));
        assertThat(lines).anyMatch(line -> line.startsWith("__libc_start_main;main;parse_input;do_syscall_64_[k]"
                + ";ksys_write_[k] "));
        assertThat(lines).allMatch(line -> line.matches("[^\\n]+ \\d+"));
    }
}
