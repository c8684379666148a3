package io.tachyon.web.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The findings of every analyzer service on each served capture, computed once per capture and analyzer service
 * (by service id) on the executor, never on a request's thread: an analyzer that arrives later is run when the
 * findings are next asked for, one that leaves is no longer reported. An analyzer that throws, or that has not
 * finished within its time limit (it is then interrupted), gives one ERROR finding naming it.
 */
final class Findings {

    /**
     * How long an analyzer may take on one capture: below {@link ViewerApi#FINDINGS_WAIT}, so a request waiting for
     * one that hangs gets the others' findings and this one's ERROR rather than a 503.
     */
    static final Duration TIME_LIMIT = Duration.ofSeconds(45);

    /** An analyzer service and its {@code service.id}. */
    record Analyzer(long serviceId, CaptureAnalyzer analyzer) {
    }

    private final Supplier<List<Analyzer>> analyzers;
    private final Executor executor;
    private final Duration timeLimit;
    /** Per model (the same capture opened again is a new model), per analyzer service id. */
    private final Map<CaptureModel, Map<Long, CompletableFuture<List<Finding>>>> computed = new IdentityHashMap<>();

    Findings(Supplier<List<Analyzer>> analyzers, Executor executor) {
        this(analyzers, executor, TIME_LIMIT);
    }

    Findings(Supplier<List<Analyzer>> analyzers, Executor executor, Duration timeLimit) {
        this.analyzers = analyzers;
        this.executor = executor;
        this.timeLimit = timeLimit;
    }

    /**
     * The findings of the analyzers present now, in the order they are given, once all of them are known; starts
     * what has not been computed yet.
     */
    synchronized CompletableFuture<List<Finding>> of(CaptureModel model) {
        Map<Long, CompletableFuture<List<Finding>>> byAnalyzer = computed.computeIfAbsent(model,
                m -> new TreeMap<>());
        List<CompletableFuture<List<Finding>>> parts = new ArrayList<>();
        for (Analyzer analyzer : analyzers.get()) {
            parts.add(byAnalyzer.computeIfAbsent(analyzer.serviceId(), id -> analyze(analyzer.analyzer(), model)));
        }
        return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
            List<Finding> all = new ArrayList<>();
            parts.forEach(part -> all.addAll(part.join()));
            return all;
        });
    }

    /** Forgets the findings of every model but these (the captures served now). */
    synchronized void retain(Collection<CaptureModel> models) {
        Set<CaptureModel> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(models);
        computed.keySet().retainAll(kept);
    }

    /** Forgets what an analyzer service that went away found. */
    synchronized void forget(long serviceId) {
        computed.values().forEach(byAnalyzer -> byAnalyzer.remove(serviceId));
    }

    /**
     * Runs the analyzer on the executor. Whatever it throws (an Error too) or a run past the time limit becomes its
     * ERROR finding, so one analyzer never hides the others' findings.
     */
    private CompletableFuture<List<Finding>> analyze(CaptureAnalyzer analyzer, CaptureModel model) {
        CompletableFuture<List<Finding>> findings = new CompletableFuture<>();
        FutureTask<List<Finding>> run = new FutureTask<>(() -> List.copyOf(analyzer.analyze(model))) {
            @Override
            protected void done() {
                try {
                    findings.complete(get());
                } catch (ExecutionException e) {
                    findings.complete(failed(analyzer, model, "the analyzer failed: " + e.getCause()));
                } catch (CancellationException | InterruptedException e) {
                    // Cancelled once the findings were settled (by the time limit): nothing left to report.
                }
            }
        };
        findings.completeOnTimeout(failed(analyzer, model, "the analyzer did not finish within "
                + timeLimit.toSeconds() + " s"), timeLimit.toMillis(), TimeUnit.MILLISECONDS);
        // Past the time limit the analyzer is interrupted, or never started when still waiting for a thread.
        findings.whenComplete((found, failure) -> run.cancel(true));
        executor.execute(run);
        return findings;
    }

    private static List<Finding> failed(CaptureAnalyzer analyzer, CaptureModel model, String summary) {
        return List.of(new Finding(analyzer.id(), Finding.Severity.ERROR, summary, model.startTime(),
                model.startTime()));
    }
}
