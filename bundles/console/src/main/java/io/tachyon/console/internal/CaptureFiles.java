package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.CaptureModelFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Opening the capture a command names, with the messages every command gives for a wrong name. */
final class CaptureFiles {

    private CaptureFiles() {
    }

    /**
     * @param file the capture, resolved against the session's directory
     * @param name the name as the user typed it, for the hint
     */
    static CaptureModel open(CaptureModelFactory models, Path file, String name) throws CommandException {
        if (!Files.exists(file)) {
            throw new CommandException("No capture file " + file
                    + ". Check the name, or record one with tachyon:record -o " + name + " -- COMMAND.");
        }
        if (Files.isDirectory(file)) {
            throw new CommandException(file + " is a directory, not a capture file.");
        }
        try {
            return models.open(file);
        } catch (IOException e) {
            throw new CommandException("Cannot read capture " + file + ": " + e.getMessage(), e);
        }
    }
}
