package io.tachyon.symbols.internal;

import java.lang.System.Logger;
import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A System.Logger that keeps what it is told, for asserting on warnings. */
final class RecordingLogger implements Logger {

    record Entry(Level level, String message) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();

    List<Entry> entries() {
        return List.copyOf(entries);
    }

    List<String> messages(Level level) {
        return entries.stream().filter(e -> e.level() == level).map(Entry::message).toList();
    }

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
        entries.add(new Entry(level, message));
    }

    @Override
    public void log(Level level, ResourceBundle bundle, String format, Object... params) {
        entries.add(new Entry(level, params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
    }
}
