package io.tachyon.itests;

import java.util.LinkedHashMap;
import java.util.Map;

/** Reads the table `tachyon report FILE top` prints. */
final class TopReport {

    private TopReport() {
    }

    record Row(String function, double selfPercent, double totalPercent) {
    }

    static Map<String, Row> parse(String report) {
        throw new UnsupportedOperationException("written once the console's table format is settled");
    }
}
