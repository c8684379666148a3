package io.tachyon.web.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tachyon.api.analysis.CaptureAnalyzer;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

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

    @Test
    void anAnalyzerThatThrowsAnErrorOrHangsGetsAnErrorFindingAndHidesNoOtherFindings() throws Exception {
        CaptureModel model = TestCapture.write(dir.resolve("a.tcap")).open(dir.resolve("a.tcap"));
        CountDownLatch interrupted = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            Findings findings = new Findings(() -> List.of(
                    new Findings.Analyzer(1, analyzer("deep", m -> {
                        throw new StackOverflowError("recursed over the stacks");
                    })),
                    new Findings.Analyzer(2, analyzer("stuck", m -> {
                        try {
                            new CountDownLatch(1).await();
                        } catch (InterruptedException e) {
                            interrupted.countDown();
                        }
                        return List.of();
                    })),
                    new Findings.Analyzer(3, analyzer("fine", m -> List.of(new Finding("fine",
                            Finding.Severity.INFO, "all good", m.startTime(), m.endTime()))))),
                    pool, Duration.ofMillis(200));

            assertThat(summaries(findings, model)).satisfiesExactly(
                    deep -> assertThat(deep).contains("failed", "StackOverflowError", "recursed over the stacks"),
                    stuck -> assertThat(stuck).contains("did not finish"),
                    fine -> assertThat(fine).isEqualTo("all good"));
            assertThat(interrupted.await(30, TimeUnit.SECONDS)).as("the analyzer past its limit is interrupted")
                    .isTrue();
            assertThat(findings.of(model).get(30, TimeUnit.SECONDS)).extracting(Finding::analyzerId,
                    Finding::severity).containsExactly(tuple("deep", Finding.Severity.ERROR),
                    tuple("stuck", Finding.Severity.ERROR), tuple("fine", Finding.Severity.INFO));
        } finally {
            pool.shutdownNow();
        }
    }

    private static CaptureAnalyzer analyzer(String id, Function<CaptureModel, List<Finding>> analysis) {
        return new CaptureAnalyzer() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public List<Finding> analyze(CaptureModel model) {
                return analysis.apply(model);
            }
        };
    }

    private static List<String> summaries(Findings findings, CaptureModel model) throws Exception {
        return findings.of(model).get(30, TimeUnit.SECONDS).stream().map(Finding::summary).toList();
    }
}
