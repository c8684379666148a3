package io.tachyon.launcher;

import java.nio.file.Path;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code bin/tachyon}: boots Felix with the features a command needs, runs {@code tachyon:<command>} through
 * Gogo and exits with its status (0 success, 1 the command failed, 2 bad usage). {@code tachyon shell} opens
 * the interactive Gogo shell instead. Ctrl-C interrupts the running command, which ends cleanly (a
 * recording keeps what was recorded), and then stops the framework.
 */
public final class Main {

    private static final List<String> RECORDING_FEATURES = List.of("core", "perf-linux", "console");
    private static final List<String> REPORTING_FEATURES = List.of("core", "console");
    private static final List<String> VIEWING_FEATURES = List.of("core", "console", "web");
    private static final List<String> SHELL_FEATURES = List.of("core", "perf-linux", "console", "shell");
    private static final long COMMAND_WAIT_MILLIS = 10_000;

    private final Distribution distribution;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile Thread commandThread;

    Main(Distribution distribution) {
        this.distribution = distribution;
    }

    public static void main(String[] argv) {
        Distribution distribution = new Distribution(home());
        int status = new Main(distribution).run(Arrays.asList(argv));
        System.exit(status);
    }

    int run(List<String> argv) {
        if (argv.isEmpty() || List.of("help", "-h", "--help").contains(argv.get(0))) {
            printUsage();
            return argv.isEmpty() ? 2 : 0;
        }
        String command = argv.get(0);
        List<String> args = argv.subList(1, argv.size());
        if (command.equals("shell")) {
            return runShell();
        }
        return runCommand(command, args);
    }

    private int runCommand(String command, List<String> args) {
        // Gogo replaces System.out/err while it runs; the session writes to the real terminal streams.
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true);
        // Only recording needs the perf collector and its native libraries; reading a capture does not.
        List<String> features = List.of("record", "collectors").contains(command) ? RECORDING_FEATURES
                : command.equals("view") ? VIEWING_FEATURES : REPORTING_FEATURES;
        commandThread = Thread.currentThread();
        Runtime.getRuntime().addShutdownHook(new Thread(this::interruptCommand, "tachyon-shutdown"));
        try (EmbeddedFramework framework = EmbeddedFramework.start(distribution, distribution.features(features),
                Map.of())) {
            GogoCommands gogo = new GogoCommands(framework.context());
            // Commands register while their bundles start; once any has, a missing one is a typo.
            if (!gogo.awaitFunction(command, gogo.functions().isEmpty() ? COMMAND_WAIT_MILLIS : 0)) {
                return reportMissingCommand(command, gogo, framework, err);
            }
            Object result = gogo.run(command, args, System.in, out, err);
            if (command.equals("view") && result != null && result.toString().startsWith("http")) {
                return serveUntilInterrupted(result.toString(), out);
            }
            if (command.equals("view") && result != null) {
                out.println(result);
            }
            return 0;
        } catch (GogoCommands.CommandInterruptedException e) {
            return 130;
        } catch (GogoCommands.CommandFailedException e) {
            err.println("tachyon " + command + ": " + e.getMessage());
            if (Boolean.getBoolean("tachyon.debug") && e.getCause() != null) {
                e.getCause().printStackTrace();
            }
            return 1;
        } catch (InterruptedException e) {
            err.println("tachyon: interrupted");
            return 130;
        } catch (Exception e) {
            err.println("tachyon: could not start: " + e.getMessage());
            if (Boolean.getBoolean("tachyon.debug")) {
                e.printStackTrace();
            }
            return 1;
        } finally {
            commandThread = null;
            finished.countDown();
        }
    }

    /** The viewer serves from the framework's threads; this one waits for Ctrl-C or SIGTERM. */
    private static int serveUntilInterrupted(String url, PrintStream out) {
        out.println("Tachyon viewer: " + url);
        out.println("Serving until interrupted (Ctrl-C).");
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            // The interrupt is the user's "stop", answered here: the framework must still stop cleanly.
        }
        return 0;
    }

    private int reportMissingCommand(String command, GogoCommands gogo, EmbeddedFramework framework,
            PrintStream err) {
        if (!gogo.functions().isEmpty()) {
            err.println("tachyon: unknown command '" + command + "'; commands: shell, "
                    + String.join(", ", gogo.functions()));
            return 2;
        }
        err.println("tachyon: the commands did not start within " + COMMAND_WAIT_MILLIS / 1000 + " s");
        framework.inactiveBundles().forEach(b -> err.println("  not active: " + b));
        framework.problems().forEach(p -> err.println("  " + p));
        return 1;
    }

    private int runShell() {
        try (EmbeddedFramework framework = EmbeddedFramework.start(distribution, distribution.features(SHELL_FEATURES),
                Map.of("gosh.args", ""))) {
            framework.awaitStop();
            return 0;
        } catch (InterruptedException e) {
            return 130;
        } catch (Exception e) {
            System.err.println("tachyon: could not start the shell: " + e.getMessage());
            return 1;
        } finally {
            finished.countDown();
        }
    }

    /** On Ctrl-C: let the running command end cleanly, then let the framework stop. */
    private void interruptCommand() {
        Thread thread = commandThread;
        if (thread != null) {
            thread.interrupt();
        }
        try {
            finished.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void printUsage() {
        System.out.println("""
                usage: tachyon <command> [options]

                  record [-F hz] [-g fp|none] [-o file] [-p pid | -a | -- command args...]
                                      record call stacks of a command, a process or the whole system
                  report <file> <view>  print a view of a capture: top, functions, lines, tree,
                                      bottomup, butterfly <function>, threads, waits, timeline, cpus, stacks;
                                      --range --thread --process --focus --exclude --merge --json
                  top <file>          functions by self and total time
                  view <file>... [--port N] [--host H]
                                      serve captures in the web viewer at http://127.0.0.1:PORT/
                                      (loopback only unless --host; view remotely through ssh -L)
                  export --format F <file> -o <out>
                                      write a capture for another tool (pprof, chrome, firefox,
                                      speedscope, collapsed, html)
                  recover <damaged> -o <clean>
                                      salvage a capture whose recorder was killed
                  health <file>       what a reader should know before trusting a capture (lost
                                      records, sampling gaps, system stalls)
                  collectors          the collectors installed and whether they can record here
                  shell               the interactive Gogo shell with the same commands (scope tachyon:)

                  tachyon <command> --help   options of one command""");
    }

    /** The distribution folder: {@code -Dtachyon.home}, else the folder above the launcher's lib/ folder. */
    private static Path home() {
        String configured = System.getProperty("tachyon.home");
        if (configured != null) {
            return Path.of(configured);
        }
        try {
            Path jar = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return jar.getParent().getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException("cannot locate the distribution: " + e.getMessage(), e);
        }
    }
}
