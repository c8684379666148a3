package io.tachyon.perf.internal;

import io.tachyon.api.collect.CollectorException;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Starts a command so that recording can begin exactly when it executes: a shell stops itself with SIGSTOP
 * and, once continued, executes the command in its own process. The caller opens events with
 * enable_on_exec on the stopped pid and then sends SIGCONT.
 */
final class CommandLauncher {

    private static final String STOP_THEN_EXEC = "kill -STOP $$; exec \"$@\"";
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

    private final String pathVariable;

    /** @param pathVariable the PATH to resolve commands on (the value the launched shell inherits) */
    CommandLauncher(String pathVariable) {
        this.pathVariable = pathVariable == null ? "" : pathVariable;
    }

    /** The executable a command name stands for: itself if it has a slash, else the first match on PATH. */
    Optional<Path> resolve(String command) {
        if (command.contains("/")) {
            Path path = Path.of(command);
            return isExecutableFile(path) ? Optional.of(path) : Optional.empty();
        }
        for (String directory : pathVariable.split(File.pathSeparator)) {
            Path candidate = Path.of(directory.isEmpty() ? "." : directory, command);
            if (isExecutableFile(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    private static boolean isExecutableFile(Path path) {
        return Files.isRegularFile(path) && Files.isExecutable(path);
    }

    /**
     * Starts {@code command} with the collector's standard input, output and error, and returns once it is
     * stopped just before executing.
     *
     * @throws CollectorException when the command is not found or the process cannot be started
     */
    Process startStopped(List<String> command) throws CollectorException {
        if (resolve(command.get(0)).isEmpty()) {
            throw new CollectorException("command not found: " + command.get(0));
        }
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", STOP_THEN_EXEC, "sh"));
        shell.addAll(command);
        Process process;
        try {
            process = new ProcessBuilder(shell).inheritIO().start();
        } catch (IOException e) {
            throw new CollectorException("cannot start " + command.get(0) + ": " + e.getMessage(), e);
        }
        try {
            awaitStopped(process);
            return process;
        } catch (CollectorException | RuntimeException e) {
            process.destroyForcibly();
            throw e;
        }
    }

    private static void awaitStopped(Process process) throws CollectorException {
        long deadline = System.nanoTime() + STOP_TIMEOUT.toNanos();
        while (true) {
            Optional<Character> state = ProcFs.processState((int) process.pid());
            if (state.isPresent() && state.get() == 'T') {
                return;
            }
            if (!process.isAlive()) {
                throw new CollectorException("the launching shell (pid " + process.pid()
                        + ") ended before the command started, with status " + process.exitValue());
            }
            if (System.nanoTime() - deadline > 0) {
                throw new CollectorException("the launching shell (pid " + process.pid()
                        + ") did not stop itself within " + STOP_TIMEOUT.toSeconds() + " s; its state is "
                        + state.orElse('?'));
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CollectorException("interrupted while starting " + process.pid(), e);
            }
        }
    }
}
