package io.tachyon.web.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FindingsTest {

    @TempDir
    Path dir;

    private final ExecutorService executor = Executors.newSingleThreadExecutor(task -> new Thread(task, "analyzing"));

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    @Test
    void eachAnalyzerServiceRunsOncePerModelOnTheExecutorUntilItOrTheModelGoes() throws Exception {
        CaptureModel first = TestCapture.write(dir.resolve("a.tcap")).open(dir.resolve("a.tcap"));
        CaptureModel second = TestCapture.write(dir.resolve("b.tcap")).open(dir.resolve("b.tcap"));
        List<String> threads = new CopyOnWriteArrayList<>();
        AtomicInteger runs = new AtomicInteger();
        CaptureAnalyzer counting = new CaptureAnalyzer() {
            @Override
            public String id() {
                return "counting";
            }

            @Override
            public List<Finding> analyze(CaptureModel model) {
                threads.add(Thread.currentThread().getName());
                return List.of(new Finding("counting", Finding.Severity.INFO, "run " + runs.incrementAndGet(),
                        model.startTime(), model.endTime()));
            }
        };
        List<Findings.Analyzer> present = new CopyOnWriteArrayList<>(List.of(new Findings.Analyzer(7, counting)));
        Findings findings = new Findings(() -> List.copyOf(present), executor);

        assertThat(summaries(findings, first)).containsExactly("run 1");
        assertThat(summaries(findings, first)).containsExactly("run 1");
        assertThat(summaries(findings, second)).containsExactly("run 2");
        assertThat(threads).containsOnly("analyzing");

        // The same analyzer registered again is a new service: run again; the old one's findings are dropped.
        present.set(0, new Findings.Analyzer(8, counting));
        findings.forget(7);
        assertThat(summaries(findings, first)).containsExactly("run 3");
        // A model no longer served is forgotten: served again, it is analyzed again.
        findings.retain(List.of(second));
        assertThat(summaries(findings, second)).containsExactly("run 4");
        assertThat(summaries(findings, first)).containsExactly("run 5");
        present.clear();
        assertThat(summaries(findings, first)).isEmpty();
    }

    private static List<String> summaries(Findings findings, CaptureModel model) throws Exception {
        return findings.of(model).get(30, TimeUnit.SECONDS).stream().map(Finding::summary).toList();
    }
}
