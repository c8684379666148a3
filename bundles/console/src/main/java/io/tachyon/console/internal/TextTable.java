package io.tachyon.console.internal;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table: a header row and rows of cells in aligned columns, two spaces apart. */
final class TextTable {

    enum Align {
        LEFT, RIGHT
    }

    record Column(String header, Align align) {
    }

    private final List<Column> columns;
    private final List<String[]> rows = new ArrayList<>();

    TextTable(Column... columns) {
        this.columns = List.of(columns);
    }

    static Column left(String header) {
        return new Column(header, Align.LEFT);
    }

    static Column right(String header) {
        return new Column(header, Align.RIGHT);
    }

    void addRow(String... cells) {
        if (cells.length != columns.size()) {
            throw new IllegalArgumentException(
                    "a row of this table has " + columns.size() + " cells, not " + cells.length);
        }
        rows.add(cells.clone());
    }

    /** The table, one line per row, each line ended by a line separator and without trailing spaces. */
    String render() {
        int[] widths = new int[columns.size()];
        for (int column = 0; column < widths.length; column++) {
            widths[column] = columns.get(column).header().length();
            for (String[] row : rows) {
                widths[column] = Math.max(widths[column], row[column].length());
            }
        }
        StringBuilder text = new StringBuilder();
        appendLine(text, widths, columns.stream().map(Column::header).toArray(String[]::new));
        for (String[] row : rows) {
            appendLine(text, widths, row);
        }
        return text.toString();
    }

    private void appendLine(StringBuilder text, int[] widths, String[] cells) {
        StringBuilder line = new StringBuilder();
        for (int column = 0; column < cells.length; column++) {
            if (column > 0) {
                line.append("  ");
            }
            String padding = " ".repeat(widths[column] - cells[column].length());
            if (columns.get(column).align() == Align.RIGHT) {
                line.append(padding).append(cells[column]);
            } else {
                line.append(cells[column]).append(padding);
            }
        }
        text.append(line.toString().stripTrailing()).append("\n");
    }
}
