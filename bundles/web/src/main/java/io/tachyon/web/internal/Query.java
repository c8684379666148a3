package io.tachyon.web.internal;

import io.tachyon.api.analysis.CaptureFilter;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The query parameters of one API request, parsed with errors that name the parameter. */
final class Query {

    private final Map<String, String> parameters;

    Query(Map<String, String> parameters) {
        this.parameters = Map.copyOf(parameters);
    }

    String string(String name, String fallback) {
        String value = parameters.get(name);
        return value == null || value.isEmpty() ? fallback : value;
    }

    long longValue(String name, long fallback) throws ApiException {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be an integer, was '" + value + "'");
        }
    }

    long requiredLong(String name) throws ApiException {
        if (!parameters.containsKey(name) || parameters.get(name).isEmpty()) {
            throw ApiException.badRequest("parameter '" + name + "' is required");
        }
        return longValue(name, 0);
    }

    int intValue(String name, int fallback, int min, int max) throws ApiException {
        long value = longValue(name, fallback);
        if (value < min || value > max) {
            throw ApiException.badRequest("parameter '" + name + "' must be between " + min + " and " + max
                    + ", was " + value);
        }
        return (int) value;
    }

    int requiredInt(String name) throws ApiException {
        long value = requiredLong(name);
        if (value != (int) value) {
            throw ApiException.badRequest("parameter '" + name + "' is out of range: " + value);
        }
        return (int) value;
    }

    double doubleValue(String name, double fallback) throws ApiException {
        String value = parameters.get(name);
        if (value == null || value.isEmpty()) {
            return fallback;
        }
        try {
            double parsed = Double.parseDouble(value.trim());
            if (Double.isNaN(parsed) || parsed < 0) {
                throw new NumberFormatException();
            }
            return parsed;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("parameter '" + name + "' must be a number >= 0, was '" + value + "'");
        }
    }

    boolean booleanValue(String name) throws ApiException {
        return booleanValue(name, false);
    }

    boolean booleanValue(String name, boolean fallback) throws ApiException {
        String value = string(name, String.valueOf(fallback));
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> throw ApiException.badRequest("parameter '" + name + "' must be true or false, was '"
                    + value + "'");
        };
    }

    /** A comma-separated list; empty when absent. */
    List<String> list(String name) {
        String value = string(name, "");
        return value.isEmpty() ? List.of()
                : List.of(value.split(",")).stream().map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    /** The window {@code from}..{@code to}, defaulting to the given bounds; {@code to} must not precede from. */
    long[] window(long start, long end) throws ApiException {
        long from = longValue("from", start);
        long to = longValue("to", end);
        if (to < from) {
            throw ApiException.badRequest("parameter 'to' (" + to + ") is before 'from' (" + from + ")");
        }
        return new long[] {from, to};
    }

    /** The window of a picture: as {@link #window}, no longer than a long's worth of nanoseconds (its columns'). */
    long[] pictureWindow(long start, long end) throws ApiException {
        long[] window = window(start, end);
        if (window[1] - window[0] < 0) {
            throw ApiException.badRequest("parameters 'from' (" + window[0] + ") and 'to' (" + window[1]
                    + ") are further apart than a 64-bit number of nanoseconds");
        }
        return window;
    }

    /** The threads of {@code threads=pid:tid,pid:tid}; empty for every thread. */
    Set<ThreadId> threads() throws ApiException {
        Set<ThreadId> threads = new HashSet<>();
        for (String item : list("threads")) {
            int colon = item.indexOf(':');
            try {
                if (colon < 0) {
                    throw new NumberFormatException();
                }
                threads.add(new ThreadId(Integer.parseInt(item.substring(0, colon)),
                        Integer.parseInt(item.substring(colon + 1))));
            } catch (NumberFormatException e) {
                throw ApiException.badRequest("parameter 'threads' must be pid:tid,pid:tid..., had '" + item + "'");
            }
        }
        return threads;
    }

    /** The capture filter of {@code from}, {@code to} and {@code threads}. */
    CaptureFilter captureFilter(long start, long end) throws ApiException {
        long[] window = window(start, end);
        Set<ThreadId> threads = threads();
        Set<Integer> pids = new HashSet<>();
        Set<Integer> tids = new HashSet<>();
        threads.forEach(thread -> {
            pids.add(thread.pid());
            tids.add(thread.tid());
        });
        return new CaptureFilter(window[0], window[1], pids, tids);
    }

    /** A thread of a process. */
    record ThreadId(int pid, int tid) {
    }
}
