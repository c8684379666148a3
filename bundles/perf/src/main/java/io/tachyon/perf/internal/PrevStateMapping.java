package io.tachyon.perf.internal;

import io.tachyon.api.event.ThreadState;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What the bits of sched_switch's {@code prev_state} mean on this kernel, read from the tracepoint's print
 * format, and the {@link ThreadState} each stands for.
 *
 * <p>The bits changed across kernels. Since 4.14 the tracepoint reports one bit per state letter (S=0x1,
 * D=0x2, T=0x4, t=0x8, X=0x10, Z=0x20, P=0x40, I=0x80) and TASK_REPORT_MAX (0x100) for a preempted task;
 * before, it reported the raw task state (with K, W, N, n, x modifier letters) and TASK_STATE_MAX for
 * preemption. Both print formats list the letters as {@code { value, "letter" }} pairs of a
 * {@code __print_flags}, and print "+" when the preemption bit is set. That bit is read from the format
 * when it is a plain number ({@code prev_state & 2048 ? "+"}); when it is an expression (newer kernels
 * compute {@code TASK_REPORT_MAX} inline) it is the bit above the highest letter, which it is on every
 * kernel since the tracepoint exists.
 *
 * <p>The mapping, in order of precedence:
 * <ul>
 * <li>the preemption bit, or no letter bit at all ("R", "R+"): RUNNABLE — the thread is still ready to run;</li>
 * <li>X, Z, x: DEAD;</li>
 * <li>T, t: STOPPED (signal stop, tracer stop);</li>
 * <li>D: BLOCKED_IO (uninterruptible), except D together with N (TASK_IDLE before 4.14, an idle kernel
 * thread's wait): SLEEPING;</li>
 * <li>S, I (idle kernel threads since 4.14), P (parked kernel threads): SLEEPING;</li>
 * <li>anything else (only modifier bits): UNKNOWN.</li>
 * </ul>
 */
final class PrevStateMapping {

    private static final Pattern FLAG = Pattern.compile("\\{\\s*(0x[0-9a-fA-F]+|\\d+)\\s*,\\s*\"([A-Za-z])\"\\s*}");
    private static final Pattern PREEMPT_NUMBER = Pattern.compile(
            "prev_state\\s*&\\s*(0x[0-9a-fA-F]+|\\d+)\\s*\\)?\\s*\\?\\s*\"\\+\"");

    private final Map<Long, Character> letters;
    private final long preemptBit;

    PrevStateMapping(Map<Long, Character> letters, long preemptBit) {
        this.letters = new TreeMap<>(letters);
        this.preemptBit = preemptBit;
    }

    /**
     * Reads the mapping from sched_switch's print format.
     *
     * @throws IllegalArgumentException when the format lists no state letters; the message names the source
     */
    static PrevStateMapping fromPrintFormat(String printFormat, String source) {
        Map<Long, Character> letters = new TreeMap<>();
        Matcher flag = FLAG.matcher(printFormat);
        while (flag.find()) {
            letters.put(number(flag.group(1)), flag.group(2).charAt(0));
        }
        if (letters.isEmpty()) {
            throw new IllegalArgumentException(source + ": the print format of sched_switch lists no prev_state "
                    + "letters ({ value, \"S\" } pairs); cannot tell what prev_state means on this kernel");
        }
        long highest = letters.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
        Matcher preempt = PREEMPT_NUMBER.matcher(printFormat);
        long preemptBit = preempt.find() ? number(preempt.group(1)) : Long.highestOneBit(highest) << 1;
        return new PrevStateMapping(letters, preemptBit);
    }

    private static long number(String text) {
        return text.startsWith("0x") ? Long.parseLong(text.substring(2), 16) : Long.parseLong(text);
    }

    /** The state a thread left the CPU in, from its prev_state value. */
    ThreadState stateOf(long prevState) {
        if ((prevState & preemptBit) != 0) {
            return ThreadState.RUNNABLE;
        }
        boolean anyLetter = false;
        boolean dead = false;
        boolean stopped = false;
        boolean uninterruptible = false;
        boolean noLoad = false;
        boolean sleeping = false;
        for (Map.Entry<Long, Character> letter : letters.entrySet()) {
            if ((prevState & letter.getKey()) == 0) {
                continue;
            }
            anyLetter = true;
            switch (letter.getValue()) {
                case 'X', 'Z', 'x' -> dead = true;
                case 'T', 't' -> stopped = true;
                case 'D' -> uninterruptible = true;
                case 'N' -> noLoad = true;
                case 'S', 'I', 'P' -> sleeping = true;
                default -> {
                    // Modifiers (K wakekill, W waking, n new) say nothing about why the thread left.
                }
            }
        }
        if (!anyLetter) {
            return (prevState & ~preemptBit) == 0 ? ThreadState.RUNNABLE : ThreadState.UNKNOWN;
        }
        if (dead) {
            return ThreadState.DEAD;
        }
        if (stopped) {
            return ThreadState.STOPPED;
        }
        if (uninterruptible) {
            return noLoad ? ThreadState.SLEEPING : ThreadState.BLOCKED_IO;
        }
        return sleeping ? ThreadState.SLEEPING : ThreadState.UNKNOWN;
    }

    long preemptBit() {
        return preemptBit;
    }

    /** The bits as read, for the capture's metadata, e.g. {@code S=0x1 D=0x2 ... preempt=0x100}. */
    String describe() {
        return letters.entrySet().stream().map(e -> e.getValue() + "=0x" + Long.toHexString(e.getKey()))
                .collect(Collectors.joining(" ")) + " preempt=0x" + Long.toHexString(preemptBit);
    }
}
