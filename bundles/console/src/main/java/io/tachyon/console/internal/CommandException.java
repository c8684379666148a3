package io.tachyon.console.internal;

/**
 * A command could not do what was asked. The message is shown to the user as it is: it says what went
 * wrong and how to fix it.
 */
public final class CommandException extends Exception {

    private static final long serialVersionUID = 1L;

    public CommandException(String message) {
        super(message);
    }

    public CommandException(String message, Throwable cause) {
        super(message, cause);
    }
}
