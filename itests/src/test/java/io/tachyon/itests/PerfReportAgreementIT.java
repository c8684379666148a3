package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.compile;
import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tachyon's function and source-line lists against {@code perf report} on the same run: tachyon records
 * {@code perf record} recording a workload with deep stacks, so both tools sample the very same execution, and the
 * report of the workload's process must name the same top functions and lines with self shares within one point of
 * perf's.
 */
class PerfReportAgreementIT {

    /** {@code perf report --stdio --no-children --sort symbol -g none}: "  61.52%  [.] count_round ...". */
    private static final Pattern PERF_ROW = Pattern.compile("^\\s*([\\d.]+)%\\s+\\[(.)\\]\\s+(\\S+).*$");

    /** {@code perf report --stdio --no-children --sort srcline -g none}: "  37.12%  deep_stacks.c:37". */
    private static final Pattern PERF_SRCLINE_ROW = Pattern.compile("^\\s*([\\d.]+)%\\s+(\\S+:\\d+)\\s*$");

    @TempDir
    static Path dir;
    private static Path capture;
    private static Path perfData;
    private static String pid;

    /** One run of the workload, recorded by both: tachyon records perf recording it. */
    @BeforeAll
    static void recordBoth() throws Exception {
        requireKernelRecording();
        Path program = compile("deep_stacks.c", dir, "-pthread");
        capture = dir.resolve("deep.tcap");
        perfData = dir.resolve("deep.data");
        Path pidFile = dir.resolve("deep.pid");
        Tachyon.Result record = tachyon("record", "-F", "4000", "-g", "-o", capture.toString(), "--",
                "perf", "record", "-q", "-F", "4000", "-g", "-o", perfData.toString(), "--",
                program.toString(), "6", "2", pidFile.toString());
        assertThat(record.exitStatus()).as(record.toString()).isZero();
        pid = Files.readString(pidFile).trim();
    }

    @Test
    void topFunctionsAndSelfSharesAgreeWithPerfReport() throws Exception {
        Tachyon.Result perfReport = Tachyon.run(List.of("perf", "report", "-i", perfData.toString(), "--stdio",
                "--no-children", "--sort", "symbol", "-g", "none"), 300);
        assertThat(perfReport.exitStatus()).as(perfReport.toString()).isZero();
        Map<String, Double> perf = perfSelfShares(perfReport.stdout(), PERF_ROW, 3);

        Tachyon.Result report = tachyon("report", capture.toString(), "top", "--process", pid, "--limit", "100");
        assertThat(report.exitStatus()).as(report.toString()).isZero();
        Map<String, TopReport.Row> rows = TopReport.parse(report.stdout());

        String both = "perf report:\n" + perfReport.stdout() + "\ntachyon report:\n" + report.stdout();
        List<String> perfTop = perf.keySet().stream().limit(4).toList();
        List<String> tachyonTop = rows.keySet().stream().limit(4).toList();
        assertThat(tachyonTop).as(both).containsExactlyInAnyOrderElementsOf(perfTop);
        assertThat(perfTop).as(both).contains("hot_fifty", "hot_thirty", "hot_twenty");
        perf.forEach((function, share) -> {
            if (share >= 1.0) {
                assertThat(rows).as(both).containsKey(function);
                assertThat(rows.get(function).selfPercent()).as(function + "\n" + both).isCloseTo(share, within(1.0));
            }
        });
    }

    /**
     * The lines view against perf's srcline sort key on the same run: the workload's hottest source line is the
     * same, and every line of it with 1% or more of either tool's samples has a share within one point of the other's.
     */
    @Test
    void hotSourceLinesAndTheirSharesAgreeWithPerfReportSrcline() throws Exception {
        Tachyon.Result perfReport = Tachyon.run(List.of("perf", "report", "-i", perfData.toString(), "--stdio",
                "--no-children", "--sort", "srcline", "-g", "none"), 600);
        assertThat(perfReport.exitStatus()).as(perfReport.toString()).isZero();
        Map<String, Double> perf = perfSelfShares(perfReport.stdout(), PERF_SRCLINE_ROW, 2);
        perf.keySet().removeIf(line -> !line.startsWith("deep_stacks.c:"));

        Tachyon.Result report = tachyon("report", capture.toString(), "lines", "--process", pid, "--limit", "1000");
        assertThat(report.exitStatus()).as(report.toString()).isZero();
        Map<String, Double> lines = new LinkedHashMap<>();
        for (String row : report.stdout().lines().toList()) {
            String[] cells = row.trim().split("\\s+");
            if (cells.length >= 6 && cells[3].startsWith("deep_stacks.c:") && cells[0].matches("[\\d.]+")) {
                lines.merge(cells[3], Double.parseDouble(cells[0]), Double::sum);
            }
        }

        String both = "perf report --sort srcline:\n" + perfReport.stdout() + "\ntachyon report lines:\n"
                + report.stdout();
        assertThat(perf).as(both).hasSizeGreaterThanOrEqualTo(3);
        // Lines a few tenths apart may come in either order; the hottest is far ahead of the next.
        assertThat(lines.keySet().iterator().next()).as(both).isEqualTo(perf.keySet().iterator().next());
        perf.forEach((line, share) -> {
            if (share >= 1.0) {
                assertThat(lines).as(both).containsKey(line);
                assertThat(lines.get(line)).as(line + "\n" + both).isCloseTo(share, within(1.0));
            }
        });
        lines.forEach((line, share) -> {
            if (share >= 1.0) {
                assertThat(perf).as(both).containsKey(line);
                assertThat(perf.get(line)).as(line + "\n" + both).isCloseTo(share, within(1.0));
            }
        });
    }

    /** Self share by sort key (function or source line), highest first, as perf prints them. */
    private static Map<String, Double> perfSelfShares(String report, Pattern row, int keyGroup) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String line : report.lines().toList()) {
            Matcher matched = row.matcher(line);
            if (!line.startsWith("#") && matched.matches()) {
                shares.merge(matched.group(keyGroup), Double.parseDouble(matched.group(1)), Double::sum);
            }
        }
        return shares;
    }
}
