package io.tachyon.itests;

import static io.tachyon.itests.Tachyon.compile;
import static io.tachyon.itests.Tachyon.requireKernelRecording;
import static io.tachyon.itests.Tachyon.tachyon;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Records real processes through the built distribution's bin/tachyon and checks the reports. */
class RecordEndToEndIT {

    @TempDir
    static Path dir;

    @BeforeAll
    static void kernel() throws Exception {
        requireKernelRecording();
    }

    @Test
    void hotFunctionsShowTheirKnownCpuSplit() throws Exception {
        Path program = compile("hot_functions.c", dir);
        Path capture = dir.resolve("hot.tcap");

        Tachyon.Result record = tachyon("record", "-F", "4000", "-g", "-o", capture.toString(), "--",
                program.toString(), "1500000000");
        assertThat(record.exitStatus()).as(record.toString()).isZero();
        assertThat(Files.size(capture)).isPositive();

        Tachyon.Result report = tachyon("report", capture.toString(), "top", "--limit", "50");
        assertThat(report.exitStatus()).as(report.toString()).isZero();
        Map<String, TopReport.Row> rows = TopReport.parse(report.stdout());
        assertThat(rows).as(report.stdout()).containsKeys("hot_fifty", "hot_thirty", "hot_twenty");
        assertThat(rows.get("hot_fifty").selfPercent()).as(report.stdout()).isCloseTo(50.0, within(3.0));
        assertThat(rows.get("hot_thirty").selfPercent()).as(report.stdout()).isCloseTo(30.0, within(3.0));
        assertThat(rows.get("hot_twenty").selfPercent()).as(report.stdout()).isCloseTo(20.0, within(3.0));
        assertThat(rows.get("main").totalPercent()).as(report.stdout()).isGreaterThan(95.0);
    }

    @Test
    void aCommandThatDoesNotExistIsAnErrorNamingIt() throws Exception {
        Path capture = dir.resolve("none.tcap");
        Tachyon.Result record = tachyon("record", "-o", capture.toString(), "--", "/no/such/program", "arg");
        assertThat(record.exitStatus()).as(record.toString()).isNotZero();
        assertThat(record.stderr()).contains("/no/such/program").containsIgnoringCase("not found");
    }

    @Test
    void aPidThatDoesNotExistIsAnErrorNamingIt() throws Exception {
        int pid = 4_194_000;
        while (Files.exists(Path.of("/proc/" + pid))) {
            pid++;
        }
        Tachyon.Result record = tachyon("record", "-o", dir.resolve("pid.tcap").toString(), "-p", String.valueOf(pid));
        assertThat(record.exitStatus()).as(record.toString()).isNotZero();
        assertThat(record.stderr()).contains(String.valueOf(pid)).containsIgnoringCase("no process");
    }

    @Test
    void anUnknownTachyonCommandIsAUsageError() throws Exception {
        Tachyon.Result result = tachyon("recrod", "-o", "x.tcap");
        assertThat(result.exitStatus()).as(result.toString()).isEqualTo(2);
        assertThat(result.stderr()).contains("unknown command 'recrod'").contains("record");
    }
}
