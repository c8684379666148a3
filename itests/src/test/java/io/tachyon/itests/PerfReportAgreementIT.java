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
 * Tachyon's function list against {@code perf report} on the same run: tachyon records {@code perf record}
 * recording a workload with deep stacks, so both tools sample the very same execution, and the report of the
 * workload's process must name the same top functions with self shares within one point of perf's.
 */
class PerfReportAgreementIT {

    /** {@code perf report --stdio --no-children --sort symbol -g none}: "  61.52%  [.] count_round ...". */
    private static final Pattern PERF_ROW = Pattern.compile("^\\s*([\\d.]+)%\\s+\\[(.)\\]\\s+(\\S+).*$");

    @TempDir
    static Path dir;

    @BeforeAll
    static void kernel() throws Exception {
        requireKernelRecording();
    }

    @Test
    void topFunctionsAndSelfSharesAgreeWithPerfReport() throws Exception {
        Path program = compile("deep_stacks.c", dir, "-pthread");
        Path capture = dir.resolve("deep.tcap");
        Path perfData = dir.resolve("deep.data");
        Path pidFile = dir.resolve("deep.pid");

        Tachyon.Result record = tachyon("record", "-F", "4000", "-g", "-o", capture.toString(), "--",
                "perf", "record", "-q", "-F", "4000", "-g", "-o", perfData.toString(), "--",
                program.toString(), "6", "2", pidFile.toString());
        assertThat(record.exitStatus()).as(record.toString()).isZero();
        String pid = Files.readString(pidFile).trim();

        Tachyon.Result perfReport = Tachyon.run(List.of("perf", "report", "-i", perfData.toString(), "--stdio",
                "--no-children", "--sort", "symbol", "-g", "none"), 300);
        assertThat(perfReport.exitStatus()).as(perfReport.toString()).isZero();
        Map<String, Double> perf = perfSelfShares(perfReport.stdout());

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

    /** Self share by function, highest first, as perf prints them. */
    private static Map<String, Double> perfSelfShares(String report) {
        Map<String, Double> shares = new LinkedHashMap<>();
        for (String line : report.lines().toList()) {
            Matcher row = PERF_ROW.matcher(line);
            if (!line.startsWith("#") && row.matches()) {
                shares.merge(row.group(3), Double.parseDouble(row.group(1)), Double::sum);
            }
        }
        return shares;
    }
}
