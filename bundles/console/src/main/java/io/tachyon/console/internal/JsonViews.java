package io.tachyon.console.internal;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.ThreadStates;
import io.tachyon.api.analysis.WaitGroup;

import java.util.List;
import java.util.Map;

/**
 * The threads and waits views as JSON, for scripts and tests: the api's records as they are, times in
 * nanoseconds on the capture's clock, stacks outermost caller first and whole.
 */
final class JsonViews {

    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();

    private JsonViews() {
    }

    private record Threads(String capture, long startTime, long endTime, boolean hasThreadStates,
            Map<Integer, Long> lostRecordsByCpu, List<ThreadStates> threads) {
    }

    private record Waits(String capture, long startTime, long endTime, boolean hasThreadStates,
            List<Integer> threadFilter, long waitGroupCount, List<WaitGroup> waitGroups) {
    }

    /** Every thread (up to the limit) with its state totals, by running time as the table is. */
    static String threads(CaptureModel model, ThreadsOptions options) {
        List<ThreadStates> threads = model.threadStates().stream()
                .sorted(ConsoleViews.BY_RUNNING_TIME)
                .limit(options.limit())
                .toList();
        return GSON.toJson(new Threads(model.file().toString(), model.startTime(), model.endTime(),
                model.hasThreadStates(), model.lostRecordsByCpu(), threads)) + "\n";
    }

    /** The wait groups (up to the limit) of the threads the options name. */
    static String waits(CaptureModel model, WaitsOptions options) {
        List<WaitGroup> groups = model.waitGroups(WaitsView.threads(options), model.startTime(), model.endTime());
        return GSON.toJson(new Waits(model.file().toString(), model.startTime(), model.endTime(),
                model.hasThreadStates(), options.threads(), groups.size(),
                groups.stream().limit(options.limit()).toList())) + "\n";
    }
}
