package io.tachyon.console.internal;

import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.StackFrame;
import io.tachyon.api.analysis.ThreadSummary;
import io.tachyon.api.analysis.WaitGroup;

import java.util.List;
import java.util.function.Predicate;

import static io.tachyon.console.internal.ConsoleViews.millis;

/**
 * The waits view as text: wait stacks by total time, each with its count and longest wait, the threads that
 * waited there, the threads that woke them and the stack of the one that ended the most wait time.
 */
final class WaitsView {

    private WaitsView() {
    }

    static String render(CaptureModel model, WaitsOptions options) {
        if (!model.hasThreadStates()) {
            return ConsoleViews.NO_SWITCHES;
        }
        long[] window = window(model, options);
        List<WaitGroup> groups = model.waitGroups(threads(options), window[0], window[1]);
        String whose = whose(options);
        if (groups.isEmpty()) {
            return "No waits" + whose + " in this capture.\n";
        }
        long waits = groups.stream().mapToLong(WaitGroup::count).sum();
        long nanos = groups.stream().mapToLong(WaitGroup::totalNanos).sum();
        StringBuilder text = new StringBuilder()
                .append(waits).append(" waits").append(whose).append(" at ").append(groups.size())
                .append(" wait stacks, ").append(millis(nanos)).append(" ms in all");
        if (groups.size() > options.limit()) {
            text.append("; the first ").append(options.limit()).append(" by time");
        }
        text.append(".\n");
        for (int i = 0; i < Math.min(options.limit(), groups.size()); i++) {
            group(text, i + 1, groups.get(i), options.frames());
        }
        return text.toString();
    }

    /** Which waits, for the sentences: {@code  of thread 101, 102 of process 100 in 10-20 ms}. */
    private static String whose(WaitsOptions options) {
        CaptureSelection selection = options.selection();
        StringBuilder whose = new StringBuilder();
        if (!selection.threads().isEmpty()) {
            whose.append(" of thread ").append(join(selection.threads()));
        }
        if (!selection.processes().isEmpty()) {
            whose.append(" of process ").append(join(selection.processes()));
        }
        selection.range().ifPresent(range -> whose.append(" in ").append(range).append(" ms"));
        return whose.toString();
    }

    private static String join(List<Integer> ids) {
        return String.join(", ", ids.stream().map(String::valueOf).toList());
    }

    /** The waits' threads: all, or those the options' tids and pids select. */
    static Predicate<ThreadSummary> threads(WaitsOptions options) {
        List<Integer> tids = options.threads();
        List<Integer> pids = options.selection().processes();
        return thread -> (tids.isEmpty() || tids.contains(thread.tid()))
                && (pids.isEmpty() || pids.contains(thread.pid()));
    }

    /** The time whose waits count, {from, to} on the capture's clock: {@code --range}, or the whole capture. */
    static long[] window(CaptureModel model, WaitsOptions options) {
        return options.selection().rangeNanos()
                .map(range -> new long[] {model.startTime() + range[0], model.startTime() + range[1]})
                .orElse(new long[] {model.startTime(), model.endTime()});
    }

    private static void group(StringBuilder text, int rank, WaitGroup group, int frames) {
        text.append("\n#").append(rank).append("  total ").append(millis(group.totalNanos())).append(" ms  count ")
                .append(group.count()).append("  max ").append(millis(group.maxNanos())).append(" ms  ")
                .append(group.state()).append('\n');
        text.append("  waiting threads:\n");
        for (WaitGroup.ThreadCost thread : group.threads()) {
            party(text, thread.name(), thread.tid(), thread.count(), thread.nanos());
        }
        text.append("  wait stack (innermost first):\n");
        stack(text, group.stack(), frames);
        text.append("  woken by:\n");
        long wokenNanos = 0;
        for (WaitGroup.WakerCost waker : group.wakers()) {
            party(text, waker.name(), waker.tid(), waker.count(), waker.nanos());
            wokenNanos += waker.nanos();
        }
        long unwoken = group.count() - group.wokenCount();
        if (unwoken > 0) {
            text.append("    (no wake-up recorded)  ").append(unwoken).append("x  ")
                    .append(millis(group.totalNanos() - wokenNanos)).append(" ms\n");
        }
        if (!group.wakers().isEmpty()) {
            WaitGroup.WakerCost top = group.wakers().get(0);
            text.append("  top waker stack, ").append(top.name()).append(" (innermost first):\n");
            stack(text, top.topStack(), frames);
        }
    }

    private static void party(StringBuilder text, String name, int tid, long count, long nanos) {
        text.append("    ").append(name).append(" (tid ").append(tid).append(")  ").append(count).append("x  ")
                .append(millis(nanos)).append(" ms\n");
    }

    /** A stack innermost frame first, as many frames as {@code limit}, then how many were left out. */
    private static void stack(StringBuilder text, List<StackFrame> outermostFirst, int limit) {
        if (outermostFirst.isEmpty()) {
            text.append("    (no stack recorded)\n");
            return;
        }
        int shown = 0;
        for (int i = outermostFirst.size() - 1; i >= 0 && shown < limit; i--, shown++) {
            StackFrame frame = outermostFirst.get(i);
            text.append("    ").append(ConsoleViews.shorten(frame.function())).append("  ").append(frame.module())
                    .append('\n');
        }
        if (shown < outermostFirst.size()) {
            text.append("    ... ").append(outermostFirst.size() - shown).append(" more frames\n");
        }
    }
}
