package io.tachyon.web.internal;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * The findings of every analyzer service on each served capture, computed once per capture and analyzer service
 * (by service id) on the executor, never on a request's thread: an analyzer that arrives later is run when the
 * findings are next asked for, one that leaves is no longer reported. An analyzer that throws gives one ERROR
 * finding naming it.
 */
final class Findings {

    /** An analyzer service and its {@code service.id}. */
    record Analyzer(long serviceId, CaptureAnalyzer analyzer) {
    }

    private final Supplier<List<Analyzer>> analyzers;
    private final Executor executor;
    /** Per model (the same capture opened again is a new model), per analyzer service id. */
    private final Map<CaptureModel, Map<Long, CompletableFuture<List<Finding>>>> computed = new IdentityHashMap<>();

    Findings(Supplier<List<Analyzer>> analyzers, Executor executor) {
        this.analyzers = analyzers;
        this.executor = executor;
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
            parts.add(byAnalyzer.computeIfAbsent(analyzer.serviceId(),
                    id -> CompletableFuture.supplyAsync(() -> analyze(analyzer.analyzer(), model), executor)));
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

    private static List<Finding> analyze(CaptureAnalyzer analyzer, CaptureModel model) {
        try {
            return List.copyOf(analyzer.analyze(model));
        } catch (RuntimeException e) {
            return List.of(new Finding(analyzer.id(), Finding.Severity.ERROR,
                    "the analyzer failed: " + e.getMessage(), model.startTime(), model.startTime()));
        }
    }
}
