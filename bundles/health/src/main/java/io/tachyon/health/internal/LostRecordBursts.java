package io.tachyon.health.internal;

import io.tachyon.api.analysis.CaptureFilter;
import io.tachyon.api.analysis.CaptureModel;
import io.tachyon.api.analysis.Finding;
import io.tachyon.api.analysis.Finding.Severity;
import io.tachyon.api.event.LostRecords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The kernel's record losses, one finding per burst: the losses of one ring buffer that follow each other within
 * {@link #MERGE_NANOS}. A burst is an ERROR when its buffer lost more than 1% of its records over the capture
 * (lost / (lost + samples of that CPU); switches are not counted, so this leans towards ERROR), else a WARNING.
 */
final class LostRecordBursts {

    static final String ID = "lost-records";
    /** Losses closer than this belong to one burst: a full ring buffer overflows again and again until drained. */
    static final long MERGE_NANOS = 100_000_000L;
    /** The part of a buffer's records above which its losses make the capture's picture unreliable. */
    static final double ERROR_FRACTION = 0.01;

    List<Finding> analyze(CaptureModel model) {
        List<LostRecords> events = model.lostRecordEvents();
        if (events.isEmpty()) {
            return List.of();
        }
        Map<Integer, List<Burst>> burstsByCpu = new LinkedHashMap<>();
        for (LostRecords lost : events) {
            List<Burst> bursts = burstsByCpu.computeIfAbsent(lost.cpu(), cpu -> new ArrayList<>());
            Burst last = bursts.isEmpty() ? null : bursts.get(bursts.size() - 1);
            if (last != null && lost.time() - last.end <= MERGE_NANOS) {
                last.end = Math.max(last.end, lost.time());
                last.count += lost.count();
                last.events++;
            } else {
                bursts.add(new Burst(lost.cpu(), lost.time(), lost.count()));
            }
        }
        Map<Integer, Long> samplesByCpu = samplesByCpu(model);
        long allSamples = model.sampleCount();
        List<Finding> findings = new ArrayList<>();
        burstsByCpu.forEach((cpu, bursts) -> {
            long lostOnBuffer = bursts.stream().mapToLong(burst -> burst.count).sum();
            long kept = cpu < 0 ? allSamples : samplesByCpu.getOrDefault(cpu, 0L);
            double fraction = (double) lostOnBuffer / (lostOnBuffer + kept);
            Severity severity = fraction > ERROR_FRACTION ? Severity.ERROR : Severity.WARNING;
            for (Burst burst : bursts) {
                findings.add(new Finding(ID, severity, describe(burst, fraction, model.startTime()), burst.start,
                        burst.end));
            }
        });
        return Describe.sorted(findings);
    }

    private static String describe(Burst burst, double bufferFraction, long captureStart) {
        String buffer = burst.cpu < 0 ? "a ring buffer not tied to a CPU" : "CPU " + burst.cpu;
        String when = burst.start == burst.end ? "at " + Describe.at(burst.start, captureStart)
                : "over " + Describe.range(burst.start, burst.end, captureStart);
        return String.format(Locale.ROOT, "%s lost %,d records %s in %d loss%s; %.2f%% of that buffer's records "
                + "were lost over the capture, so samples and switches are missing there", buffer, burst.count,
                when, burst.events, burst.events == 1 ? "" : "es", bufferFraction * 100);
    }

    private static Map<Integer, Long> samplesByCpu(CaptureModel model) {
        Map<Integer, Long> counts = new HashMap<>();
        model.samples(CaptureFilter.ALL, (time, period, cpu, pid, tid, stack) -> counts.merge(cpu, 1L, Long::sum));
        return counts;
    }

    private static final class Burst {

        final int cpu;
        final long start;
        long end;
        long count;
        int events = 1;

        Burst(int cpu, long start, long count) {
            this.cpu = cpu;
            this.start = start;
            this.end = start;
            this.count = count;
        }
    }
}
