package io.tachyon.web.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The words of {@code tachyon:view FILE... [--port N] [--host H]}, parsed.
 *
 * @param port the port asked for, or null to keep the configured one
 * @param host the host asked for, or null to keep the configured one
 */
record ViewArguments(List<String> files, Integer port, String host, boolean help) {

    static final String USAGE = """
            usage: tachyon:view FILE... [--port N] [--host H]
              Serves the captures in the web viewer and returns its URL.
              --port N   listen on port N (default: the configured port; 0 picks a free one)
              --host H   listen on address H (default 127.0.0.1: this machine only; use an SSH tunnel
                         to view from elsewhere, e.g. ssh -L 8080:127.0.0.1:PORT server)""";

    static ViewArguments parse(String... args) throws IllegalArgumentException {
        List<String> files = new ArrayList<>();
        Integer port = null;
        String host = null;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (arg.equals("-h") || arg.equals("--help")) {
                return new ViewArguments(List.of(), null, null, true);
            } else if (arg.equals("--port") || arg.startsWith("--port=")) {
                String value = arg.equals("--port") ? next(args, ++i, "--port") : arg.substring("--port=".length());
                try {
                    port = Integer.parseInt(value);
                } catch (NumberFormatException e) {
                    port = -1;
                }
                if (port < 0 || port > 65535) {
                    throw new IllegalArgumentException("--port must be a port number 0..65535, was '" + value + "'");
                }
            } else if (arg.equals("--host") || arg.startsWith("--host=")) {
                host = arg.equals("--host") ? next(args, ++i, "--host") : arg.substring("--host=".length());
                if (host.isBlank()) {
                    throw new IllegalArgumentException("--host needs an address, e.g. 127.0.0.1");
                }
            } else if (arg.startsWith("-") && !arg.equals("-")) {
                throw new IllegalArgumentException("unknown option '" + arg + "'\n" + USAGE);
            } else {
                files.add(arg);
            }
        }
        if (files.isEmpty()) {
            throw new IllegalArgumentException("no capture file given\n" + USAGE);
        }
        return new ViewArguments(List.copyOf(files), port, host, false);
    }

    private static String next(String[] args, int index, String option) {
        if (index >= args.length) {
            throw new IllegalArgumentException(option + " needs a value");
        }
        return args[index];
    }
}
