package io.tachyon.perf.internal;

import io.tachyon.api.collect.CollectorException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the collector records, from its configuration.
 *
 * @param ringBufferPages  data pages of each CPU's ring buffer, a power of two
 * @param pollInterval     how often the reader empties the ring buffers
 * @param collectorVersion the version recorded in the capture's metadata
 */
record RecorderSettings(int ringBufferPages, Duration pollInterval, String collectorVersion) {

    /** Request option overriding {@link #ringBufferPages()} for one recording. */
    static final String OPTION_RING_BUFFER_PAGES = "ring-buffer-pages";
    /** Request option overriding {@link #pollInterval()} (milliseconds) for one recording. */
    static final String OPTION_POLL_INTERVAL_MS = "poll-interval-ms";
    static final Set<String> OPTIONS = Set.of(OPTION_RING_BUFFER_PAGES, OPTION_POLL_INTERVAL_MS);

    /**
     * These settings with a recording's options applied.
     *
     * @throws CollectorException for an unknown option or a value that is not a number
     */
    RecorderSettings withOptions(Map<String, String> options) throws CollectorException {
        int pages = ringBufferPages;
        Duration interval = pollInterval;
        for (Map.Entry<String, String> option : options.entrySet()) {
            switch (option.getKey()) {
                case OPTION_RING_BUFFER_PAGES -> pages = number(option);
                case OPTION_POLL_INTERVAL_MS -> interval = Duration.ofMillis(number(option));
                default -> throw new CollectorException("unknown option '" + option.getKey()
                        + "' for the linux-perf collector; it knows " + OPTION_RING_BUFFER_PAGES + " and "
                        + OPTION_POLL_INTERVAL_MS);
            }
        }
        return new RecorderSettings(pages, interval, collectorVersion);
    }

    private static int number(Map.Entry<String, String> option) throws CollectorException {
        try {
            return Integer.parseInt(option.getValue().trim());
        } catch (NumberFormatException e) {
            throw new CollectorException("option " + option.getKey() + " needs a whole number, not '"
                    + option.getValue() + "'", e);
        }
    }

    /** @throws CollectorException when a setting is out of range; the message names the setting */
    void validate() throws CollectorException {
        if (ringBufferPages < 1 || Integer.bitCount(ringBufferPages) != 1) {
            throw new CollectorException("ring buffer pages per CPU must be a power of two, not " + ringBufferPages
                    + " (option ring-buffer-pages, or configuration io.tachyon.perf ringBufferPages)");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new CollectorException("the poll interval must be positive, not " + pollInterval.toMillis()
                    + " ms (option poll-interval-ms, or configuration io.tachyon.perf pollIntervalMillis)");
        }
    }
}
