package io.tachyon.itests;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the table {@code tachyon report FILE top} prints: Self%, Self ms, Total%, Total ms, Samples,
 * Function, Module — the last two separated by at least two spaces, as function names may hold one.
 */
final class TopReport {

    private static final Pattern ROW = Pattern.compile(
            "^\\s*([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+([\\d.]+)\\s+(\\d+)\\s+(.+?)\\s{2,}(\\S.*)$");

    private TopReport() {
    }

    record Row(String function, String module, double selfPercent, double totalPercent, long samples) {
    }

    /** Rows by function name, in report order. */
    static Map<String, Row> parse(String report) {
        Map<String, Row> rows = new LinkedHashMap<>();
        boolean inTable = false;
        for (String line : report.lines().toList()) {
            if (line.startsWith("Self%")) {
                inTable = true;
                continue;
            }
            Matcher row = ROW.matcher(line);
            if (inTable && row.matches()) {
                rows.putIfAbsent(row.group(6), new Row(row.group(6), row.group(7),
                        Double.parseDouble(row.group(1)), Double.parseDouble(row.group(3)),
                        Long.parseLong(row.group(5))));
            }
        }
        return rows;
    }
}
