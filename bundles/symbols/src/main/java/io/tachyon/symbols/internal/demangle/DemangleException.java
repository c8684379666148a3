package io.tachyon.symbols.internal.demangle;

/** A mangled name that does not follow its grammar; the demanglers catch it and keep the name as it was. */
final class DemangleException extends RuntimeException {

    DemangleException(String message) {
        super(message, null, false, false);
    }
}
