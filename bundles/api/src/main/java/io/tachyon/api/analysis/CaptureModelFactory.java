package io.tachyon.api.analysis;

import java.io.IOException;
import java.nio.file.Path;

/** Builds the model of a capture file: reads it once and resolves its symbols. */
public interface CaptureModelFactory {

    CaptureModel open(Path capture) throws IOException;
}
