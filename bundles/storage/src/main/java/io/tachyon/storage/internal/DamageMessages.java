package io.tachyon.storage.internal;

import io.tachyon.api.capture.CaptureFormatException;

/** The parts of a {@link CaptureFormatException}'s message, for messages that name the file and offset once. */
final class DamageMessages {

    private DamageMessages() {
    }

    /** What was wrong, without the "FILE at offset N: " the exception starts its message with. */
    static String problem(CaptureFormatException damage) {
        String prefix = damage.file() + " at offset " + damage.offset() + ": ";
        String message = damage.getMessage();
        return message.startsWith(prefix) ? message.substring(prefix.length()) : message;
    }

    /** The damage a reader met after delivering the intact chunks before it, saying how to get a clean copy. */
    static CaptureFormatException afterIntactPrefix(CaptureFormatException damage) {
        CaptureFormatException withAdvice = new CaptureFormatException(damage.file(), damage.offset(),
                problem(damage) + "; the events before it were read, and `tachyon recover " + damage.file()
                        + " -o CLEAN.tcap` writes a clean copy of all that is intact");
        withAdvice.initCause(damage);
        return withAdvice;
    }
}
