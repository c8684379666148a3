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
 * @param switchUserStackBytes  bytes of user stack copied with each sched_switch and sched_waking sample for the
 *                              unwinder, a multiple of 8; 0 copies none
 * @param sampleUserStackBytes  bytes of user stack copied with each cpu-clock sample; 0 copies none
 * @param collectorVersion      the version recorded in the capture's metadata
 */
record RecorderSettings(int ringBufferPages, int switchRingBufferPages, Duration pollInterval,
        SwitchSource switchSource, int switchUserStackBytes, int sampleUserStackBytes, String collectorVersion) {

    /** The kernel keeps a whole sample under 64 KiB; a copy must be a multiple of 8 bytes. */
    static final int MAX_USER_STACK_BYTES = 65528;

    /** Request option overriding {@link #ringBufferPages()} for one recording. */
    static final String OPTION_RING_BUFFER_PAGES = "ring-buffer-pages";
    /** Request option overriding {@link #switchRingBufferPages()} for one recording. */
    static final String OPTION_SWITCH_RING_BUFFER_PAGES = "switch-ring-buffer-pages";
    /** Request option overriding {@link #pollInterval()} (milliseconds) for one recording. */
    static final String OPTION_POLL_INTERVAL_MS = "poll-interval-ms";
    /** Request option overriding {@link #switchSource()}: auto, tracepoints or switch-records. */
    static final String OPTION_SWITCH_SOURCE = "switch-source";
    /** Request option overriding {@link #switchUserStackBytes()} for one recording. */
    static final String OPTION_SWITCH_USER_STACK_BYTES = "switch-user-stack-bytes";
    /** Request option overriding {@link #sampleUserStackBytes()} for one recording. */
    static final String OPTION_SAMPLE_USER_STACK_BYTES = "sample-user-stack-bytes";
    static final Set<String> OPTIONS = Set.of(OPTION_RING_BUFFER_PAGES, OPTION_SWITCH_RING_BUFFER_PAGES,
            OPTION_POLL_INTERVAL_MS, OPTION_SWITCH_SOURCE, OPTION_SWITCH_USER_STACK_BYTES,
            OPTION_SAMPLE_USER_STACK_BYTES);

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
        int switchStack = switchUserStackBytes;
        int sampleStack = sampleUserStackBytes;
        for (Map.Entry<String, String> option : options.entrySet()) {
            switch (option.getKey()) {
                case OPTION_RING_BUFFER_PAGES -> pages = number(option);
                case OPTION_SWITCH_RING_BUFFER_PAGES -> switchPages = number(option);
                case OPTION_POLL_INTERVAL_MS -> interval = Duration.ofMillis(number(option));
                case OPTION_SWITCH_SOURCE -> source = SwitchSource.of(option.getValue());
                case OPTION_SWITCH_USER_STACK_BYTES -> switchStack = number(option);
                case OPTION_SAMPLE_USER_STACK_BYTES -> sampleStack = number(option);
                default -> throw new CollectorException("unknown option '" + option.getKey()
                        + "' for the linux-perf collector; it knows " + OPTION_RING_BUFFER_PAGES + ", "
                        + OPTION_SWITCH_RING_BUFFER_PAGES + ", " + OPTION_POLL_INTERVAL_MS + ", "
                        + OPTION_SWITCH_SOURCE + ", " + OPTION_SWITCH_USER_STACK_BYTES + " and "
                        + OPTION_SAMPLE_USER_STACK_BYTES);
            }
        }
        return new RecorderSettings(pages, switchPages, interval, source, switchStack, sampleStack,
                collectorVersion);
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
        validateUserStack(switchUserStackBytes, OPTION_SWITCH_USER_STACK_BYTES, "switchUserStackBytes");
        validateUserStack(sampleUserStackBytes, OPTION_SAMPLE_USER_STACK_BYTES, "sampleUserStackBytes");
        if (pollInterval.isNegative() || pollInterval.isZero()) {
            throw new CollectorException("the poll interval must be positive, not " + pollInterval.toMillis()
                    + " ms (option poll-interval-ms, or configuration io.tachyon.perf pollIntervalMillis)");
        }
    }

    private static void validateUserStack(int bytes, String option, String configuration) throws CollectorException {
        if (bytes < 0 || bytes > MAX_USER_STACK_BYTES || bytes % 8 != 0) {
            throw new CollectorException("the user stack copy must be a multiple of 8 bytes from 0 to "
                    + MAX_USER_STACK_BYTES + ", not " + bytes + " (option " + option
                    + ", or configuration io.tachyon.perf " + configuration + ")");
        }
    }
}
