package io.tachyon.web.internal;

import io.tachyon.api.analysis.CaptureModel;

import java.io.Writer;
import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Gets a served capture ready before the page asks: opens its model, starts its findings, and answers the
 * requests of the page's first load (the whole capture's timeline, samples, call tree and summary) twice. That
 * builds what is otherwise built on the first request (the model's call tree and samples in time order, which
 * thread ran on each CPU) and has the JIT compile the paths those requests take; waiting for the JIT's compiler
 * threads to be done with them keeps them off the CPUs during the first load (measured on 2 cores: the first load's
 * answers took twice as long while they compiled). So the first load after {@code tachyon:view} gives its URL is
 * as quick as a reload.
 */
final class Preparation {

    /** How long {@code tachyon:view} waits for its captures to get ready before it gives the URL anyway. */
    static final Duration TIMEOUT = Duration.ofMinutes(2);
    /** The width the first load's answers are worked out at: every width takes the same paths. */
    private static final String WIDTH = "1000";
    /** The JIT counts as done once it has compiled nothing for this long. */
    private static final Duration COMPILER_QUIET = Duration.ofMillis(300);
    /** How long to wait for the JIT at most: a busy machine may never give it a quiet moment. */
    private static final Duration COMPILER_WAIT = Duration.ofSeconds(5);

    private final ViewerApi api;
    private final Findings findings;
    private final Executor executor;

    Preparation(ViewerApi api, Findings findings, Executor executor) {
        this.api = api;
        this.findings = findings;
        this.executor = executor;
    }

    /** Starts preparing the capture on the executor; done when it is ready. */
    CompletableFuture<Void> start(ServedCaptures.ServedCapture capture) {
        String path = "/captures/" + capture.id() + "/";
        CompletableFuture<CaptureModel> model = CompletableFuture.supplyAsync(capture::model, executor);
        return model.thenCompose(opened -> CompletableFuture.allOf(
                findings.of(opened),
                CompletableFuture.runAsync(() -> {
                    for (int round = 0; round < 2; round++) {
                        answer(path + "timeline", Map.of("width", WIDTH));
                        answer(path + "summary", Map.of());
                    }
                }, executor),
                CompletableFuture.runAsync(() -> {
                    for (int round = 0; round < 2; round++) {
                        answer(path + "samples", Map.of("width", WIDTH));
                        answer(path + "calltree", Map.of());
                    }
                }, executor)));
    }

    /**
     * Waits until the captures are ready, for {@link #TIMEOUT} at most: what is not ready by then is computed by
     * the requests that need it. A preparation that failed is left to the request that needs it to report.
     */
    void await(List<CompletableFuture<Void>> preparing) throws InterruptedException {
        try {
            CompletableFuture.allOf(preparing.toArray(CompletableFuture[]::new))
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Served all the same: each request computes what it needs and reports its own errors.
        }
        awaitCompilerQuiet();
    }

    private static void awaitCompilerQuiet() throws InterruptedException {
        CompilationMXBean compiler = ManagementFactory.getCompilationMXBean();
        if (compiler == null || !compiler.isCompilationTimeMonitoringSupported()) {
            return;
        }
        long deadline = System.nanoTime() + COMPILER_WAIT.toNanos();
        long compiled = compiler.getTotalCompilationTime();
        while (System.nanoTime() < deadline) {
            Thread.sleep(COMPILER_QUIET.toMillis());
            long now = compiler.getTotalCompilationTime();
            if (now == compiled) {
                return;
            }
            compiled = now;
        }
    }

    /** One answer of the page's first load, written out as a request's would be and dropped. */
    private void answer(String path, Map<String, String> parameters) {
        try {
            CaptureJson.GSON.toJson(api.answer(path, parameters), Writer.nullWriter());
        } catch (ApiException e) {
            // What this model cannot answer (501) is not prepared; the page shows the request's error.
        }
    }
}
