package io.tachyon.perf.internal;

import io.tachyon.api.collect.CollectorException;

import java.time.Duration;
import java.util.Map;
import java.util.Set;

/**
 * How the collector records, from its configuration.
 *
 * @param ringBufferPages       data pages of each CPU's ring buffer, a power of two
 * @param switchRingBufferPages data pages of each CPU's ring buffer when context switches are recorded
 *                              through tracepoints, if more than {@code ringBufferPages}: every switch and
 *                              wake-up is a record with two call stacks, hundreds of thousands a second
 * @param pollInterval          how often the reader empties the ring buffers
 * @param switchSource          where context switches come from, when the request asks for them
 * @param collectorVersion      the version recorded in the capture's metadata
 */
record RecorderSettings(int ringBufferPages, int switchRingBufferPages, Duration pollInterval,
        SwitchSource switchSource, String collectorVersion) {

    /** Request option overriding {@link #ringBufferPages()} for one recording. */
    static final String OPTION_RING_BUFFER_PAGES = "ring-buffer-pages";
    /** Request option overriding {@link #switchRingBufferPages()} for one recording. */
    static final String OPTION_SWITCH_RING_BUFFER_PAGES = "switch-ring-buffer-pages";
    /** Request option overriding {@link #pollInterval()} (milliseconds) for one recording. */
    static final String OPTION_POLL_INTERVAL_MS = "poll-interval-ms";
    /** Request option overriding {@link #switchSource()}: auto, tracepoints or switch-records. */
    static final String OPTION_SWITCH_SOURCE = "switch-source";
    static final Set<String> OPTIONS = Set.of(OPTION_RING_BUFFER_PAGES, OPTION_SWITCH_RING_BUFFER_PAGES,
            OPTION_POLL_INTERVAL_MS, OPTION_SWITCH_SOURCE);

    /**
     * These settings with a recording's options applied.
     *
     * @throws CollectorException for an unknown option or a value that is not a number
     */
    RecorderSettings withOptions(Map<String, String> options) throws CollectorException {
        int pages = ringBufferPages;
        int switchPages = switchRingBufferPages;
        Duration interval = pollInterval;
        SwitchSource source = switchSource;
        for (Map.Entry<String, String> option : options.entrySet()) {
            switch (option.getKey()) {
                case OPTION_RING_BUFFER_PAGES -> pages = number(option);
                case OPTION_SWITCH_RING_BUFFER_PAGES -> switchPages = number(option);
                case OPTION_POLL_INTERVAL_MS -> interval = Duration.ofMillis(number(option));
                case OPTION_SWITCH_SOURCE -> source = SwitchSource.of(option.getValue());
                default -> throw new CollectorException("unknown option '" + option.getKey()
                        + "' for the linux-perf collector; it knows " + OPTION_RING_BUFFER_PAGES + ", "
                        + OPTION_SWITCH_RING_BUFFER_PAGES + ", " + OPTION_POLL_INTERVAL_MS + " and "
                        + OPTION_SWITCH_SOURCE);
            }
        }
        return new RecorderSettings(pages, switchPages, interval, source, collectorVersion);
    }

    /** The data pages of each CPU's ring buffer for a recording whose switches come from {@code source}. */
    int ringBufferPages(SwitchPlan.Source source) {
        return source == SwitchPlan.Source.TRACEPOINTS ? Math.max(ringBufferPages, switchRingBufferPages)
                : ringBufferPages;
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
        if (switchRingBufferPages < 1 || Integer.bitCount(switchRingBufferPages) != 1) {
            throw new CollectorException("ring buffer pages per CPU for context switches must be a power of two, not "
                    + switchRingBufferPages + " (option switch-ring-buffer-pages, or configuration io.tachyon.perf "
                    + "switchRingBufferPages)");
        }
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new CollectorException("the poll interval must be positive, not " + pollInterval.toMillis()
                    + " ms (option poll-interval-ms, or configuration io.tachyon.perf pollIntervalMillis)");
        }
    }
}
