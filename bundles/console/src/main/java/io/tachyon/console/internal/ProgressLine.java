package io.tachyon.console.internal;

import java.io.PrintStream;

/**
 * One line of live progress, rewritten in place with a carriage return. Shown only on a terminal: in a
 * pipe or a log the rewrites would be noise.
 */
final class ProgressLine {

    private final PrintStream terminal;
    private final boolean enabled;
    private int shownLength;

    ProgressLine(PrintStream terminal, boolean enabled) {
        this.terminal = terminal;
        this.enabled = enabled;
    }

    void show(String text) {
        if (!enabled) {
            return;
        }
        terminal.print('\r' + text + " ".repeat(Math.max(0, shownLength - text.length())));
        terminal.flush();
        shownLength = text.length();
    }

    /** Blanks the line, so what is printed next starts on a clean line. */
    void clear() {
        if (!enabled || shownLength == 0) {
            return;
        }
        terminal.print('\r' + " ".repeat(shownLength) + '\r');
        terminal.flush();
        shownLength = 0;
    }
}
