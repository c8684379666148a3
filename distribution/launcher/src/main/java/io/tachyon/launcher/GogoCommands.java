package io.tachyon.launcher;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.List;
import java.util.TreeSet;

/**
 * Runs one command through Gogo's CommandProcessor, the same path the interactive shell takes. Each user
 * argument is handed over as a session variable, so it reaches the command exactly as typed (no second
 * round of shell quoting). The Gogo API lives inside the framework, so it is called through the interface
 * classes the Gogo runtime bundle exports.
 */
final class GogoCommands {

    static final String SCOPE = "tachyon";
    private static final String COMMAND_PROCESSOR = "org.apache.felix.service.command.CommandProcessor";

    private final BundleContext context;

    GogoCommands(BundleContext context) {
        this.context = context;
    }

    /** The functions registered in the tachyon scope right now. */
    TreeSet<String> functions() {
        TreeSet<String> functions = new TreeSet<>();
        try {
            ServiceReference<?>[] references = context.getServiceReferences((String) null,
                    "(osgi.command.scope=" + SCOPE + ")");
            if (references != null) {
                for (ServiceReference<?> reference : references) {
                    Object names = reference.getProperty("osgi.command.function");
                    if (names instanceof String[] array) {
                        functions.addAll(List.of(array));
                    } else if (names != null) {
                        functions.add(names.toString());
                    }
                }
            }
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
        return functions;
    }

    /** Waits up to {@code timeoutMillis} for {@code function} to be registered. */
    boolean awaitFunction(String function, long timeoutMillis) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutMillis * 1_000_000;
        while (!functions().contains(function) || context.getServiceReference(COMMAND_PROCESSOR) == null) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }

    /**
     * Runs {@code tachyon:<function> args...} in this thread.
     *
     * @return what the command returned (e.g. the viewer's URL), or null
     * @throws CommandFailedException with the command's own message when it failed
     * @throws CommandInterruptedException when this thread was interrupted while the command ran
     */
    Object run(String function, List<String> args, InputStream in, PrintStream out, PrintStream err)
            throws CommandFailedException, CommandInterruptedException {
        ServiceReference<?> reference = context.getServiceReference(COMMAND_PROCESSOR);
        if (reference == null) {
            throw new CommandFailedException("the Gogo command processor is not running", null);
        }
        Object processor = context.getService(reference);
        try {
            Class<?> processorType = reference.getBundle().loadClass(COMMAND_PROCESSOR);
            Class<?> sessionType = reference.getBundle().loadClass("org.apache.felix.service.command.CommandSession");
            Method createSession = processorType.getMethod("createSession", InputStream.class,
                    java.io.OutputStream.class, java.io.OutputStream.class);
            Method put = sessionType.getMethod("put", String.class, Object.class);
            Method execute = sessionType.getMethod("execute", CharSequence.class);
            Method close = sessionType.getMethod("close");
            Object session = createSession.invoke(processor, in, out, err);
            try {
                StringBuilder line = new StringBuilder(SCOPE).append(':').append(function);
                for (int i = 0; i < args.size(); i++) {
                    put.invoke(session, "tachyonArg" + i, args.get(i));
                    line.append(" $tachyonArg").append(i);
                }
                return execute.invoke(session, line.toString());
            } finally {
                close.invoke(session);
            }
        } catch (InvocationTargetException e) {
            Throwable cause = e.getCause();
            if (cause instanceof InterruptedException) {
                // Gogo runs the command on its own thread and passes the interrupt on; the command ends
                // cleanly by itself (a recording completes its file while the framework stops).
                throw new CommandInterruptedException();
            }
            throw new CommandFailedException(messageOf(cause), cause);
        } catch (ReflectiveOperationException e) {
            throw new CommandFailedException("unexpected Gogo runtime API: " + e, e);
        } finally {
            context.ungetService(reference);
        }
    }

    private static String messageOf(Throwable failure) {
        Throwable t = failure;
        while (t.getMessage() == null && t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() != null ? t.getMessage() : t.toString();
    }

    /** The user interrupted the command (Ctrl-C). */
    static final class CommandInterruptedException extends Exception {
        private static final long serialVersionUID = 1L;

        CommandInterruptedException() {
            super("interrupted");
        }
    }

    /** A command ended with an error; the message is the command's own, meant for the user. */
    static final class CommandFailedException extends Exception {
        private static final long serialVersionUID = 1L;

        CommandFailedException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
