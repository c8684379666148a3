package io.tachyon.perf.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * One record of /dev/kmsg (Documentation/ABI/testing/dev-kmsg): {@code "pri,seq,usec,flags[,more];text\n"},
 * then optional continuation lines {@code " KEY=value\n"}. {@code pri} is the syslog facility times 8 plus the
 * level; {@code usec} is the kernel's timestamp in microseconds since boot (local_clock, the clock CLOCK_MONOTONIC
 * follows); text bytes that are not printable come escaped as {@code \xNN}.
 *
 * @param level    the syslog level, 0 (emergency) to 7 (debug)
 * @param facility the syslog facility (0 for the kernel's own lines, 1 for lines user space wrote)
 */
record KernelLogRecord(int level, int facility, long sequence, long microseconds, String text) {

    /**
     * The lines that bear on a profile's trust: sampling interrupts that took too long (and the kernel lowering
     * the sample rate because of them), watchdogs that saw a CPU or task stuck, RCU stalls.
     */
    private static final List<Pattern> RELEVANT = List.of(
            Pattern.compile("NMI handler \\(.*\\) took too long to run"),
            Pattern.compile("perf: interrupt took too long"),
            Pattern.compile("perf_event_max_sample_rate"),
            Pattern.compile("perf samples too long"),
            Pattern.compile("soft lockup"),
            Pattern.compile("hard LOCKUP", Pattern.CASE_INSENSITIVE),
            Pattern.compile("rcu.*detected.*stall", Pattern.CASE_INSENSITIVE),
            Pattern.compile("rcu.*self-detected stall", Pattern.CASE_INSENSITIVE),
            Pattern.compile("blocked for more than \\d+ seconds"),
            Pattern.compile("hung_task"));

    /** Time on the capture's clock, in nanoseconds. */
    long nanos() {
        return microseconds * 1000;
    }

    /** Whether the line is one a capture keeps (see {@link #RELEVANT}). */
    boolean relevant() {
        for (Pattern pattern : RELEVANT) {
            if (pattern.matcher(text).find()) {
                return true;
            }
        }
        return false;
    }

    /**
     * Parses one record as read(2) of /dev/kmsg returns it.
     *
     * @throws IllegalArgumentException naming what is wrong when {@code record} is not a kmsg record
     */
    static KernelLogRecord parse(String record) {
        int semicolon = record.indexOf(';');
        if (semicolon < 0) {
            throw new IllegalArgumentException("not a /dev/kmsg record (no ';' after the prefix): " + shorten(record));
        }
        String[] prefix = record.substring(0, semicolon).split(",");
        if (prefix.length < 4) {
            throw new IllegalArgumentException("not a /dev/kmsg record (expected pri,seq,usec,flags before ';'): "
                    + shorten(record));
        }
        int priority;
        long sequence;
        long microseconds;
        try {
            priority = Integer.parseInt(prefix[0]);
            sequence = Long.parseLong(prefix[1]);
            microseconds = Long.parseLong(prefix[2]);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a /dev/kmsg record (pri, seq and usec must be numbers): "
                    + shorten(record), e);
        }
        if (priority < 0 || sequence < 0 || microseconds < 0) {
            throw new IllegalArgumentException("not a /dev/kmsg record (negative pri, seq or usec): " + shorten(record));
        }
        int end = record.indexOf('\n', semicolon + 1);
        String text = record.substring(semicolon + 1, end < 0 ? record.length() : end);
        return new KernelLogRecord(priority & 7, priority >>> 3, sequence, microseconds, unescape(text));
    }

    /** Undoes the kernel's {@code \xNN} escaping of bytes that are not printable, as UTF-8. */
    static String unescape(String text) {
        if (text.indexOf("\\x") < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '\\' && i + 3 < raw.length && raw[i + 1] == 'x' && isHex(raw[i + 2]) && isHex(raw[i + 3])) {
                bytes.write(Character.digit(raw[i + 2], 16) << 4 | Character.digit(raw[i + 3], 16));
                i += 3;
            } else {
                bytes.write(raw[i]);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static boolean isHex(byte b) {
        return Character.digit(b, 16) >= 0;
    }

    private static String shorten(String record) {
        return record.length() <= 80 ? record : record.substring(0, 80) + "...";
    }
}
