package io.tachyon.api.collect;

/** Recording could not start or went wrong. The message is meant for the user: what, and how to fix it. */
public class CollectorException extends Exception {

    private static final long serialVersionUID = 1L;

    public CollectorException(String message) {
        super(message);
    }

    public CollectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
