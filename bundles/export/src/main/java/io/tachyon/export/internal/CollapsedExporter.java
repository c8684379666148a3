package io.tachyon.export.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StackCost;
import io.tachyon.api.export.Exporter;
import org.osgi.service.component.annotations.Component;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

/**
 * Collapsed stacks, the input of flamegraph.pl and inferno: a line per distinct stack, {@code caller;...;leaf
 * samples}, most time first. Samples without frames are counted on a {@value FrameText#NO_FRAMES} line, so the
 * counts add up to the sample count.
 */
@Component(service = Exporter.class, property = Exporter.FORMAT_PROPERTY + "=" + CollapsedExporter.FORMAT)
public final class CollapsedExporter implements Exporter {

    static final String FORMAT = "collapsed";

    @Override
    public String format() {
        return FORMAT;
    }

    @Override
    public String fileExtension() {
        return ".folded";
    }

    @Override
    public void export(CaptureModel model, OutputStream out) throws IOException {
        Writer text = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 1 << 16);
        long counted = 0;
        for (StackCost stack : model.stacks()) {
            text.append(FrameText.collapsed(stack.frames())).append(' ').append(Long.toString(stack.samples()))
                    .append('\n');
            counted += stack.samples();
        }
        if (model.sampleCount() > counted) {
            text.append(FrameText.NO_FRAMES).append(' ').append(Long.toString(model.sampleCount() - counted))
                    .append('\n');
        }
        text.flush();
    }
}
