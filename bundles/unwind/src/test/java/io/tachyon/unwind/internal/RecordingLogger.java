package io.tachyon.unwind.internal;

import java.text.MessageFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.ResourceBundle;

/** A System.Logger that keeps the warnings it is given. */
final class RecordingLogger implements System.Logger {

    final List<String> warnings = new ArrayList<>();

    @Override
    public String getName() {
        return "test";
    }

    @Override
    public boolean isLoggable(Level level) {
        return true;
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String message, Throwable thrown) {
        record(level, message);
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        record(level, params == null ? format : MessageFormat.format(format, params));
    }

    private void record(Level level, String message) {
        if (level == Level.WARNING) {
            warnings.add(message);
        }
    }
}
