package io.tachyon.api.export;

import io.tachyon.api.analysis.CaptureModel;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Writes a capture in another tool's format. One service per format, registered with the
 * {@value #FORMAT_PROPERTY} service property equal to {@link #format()}.
 */
public interface Exporter {

    String FORMAT_PROPERTY = "tachyon.export.format";

    /** The format's id, as a user names it ({@code pprof}, {@code speedscope}, ...). */
    String format();

    /** File name extension of the output, with the dot. */
    String fileExtension();

    void export(CaptureModel model, OutputStream out) throws IOException;
}
