package io.ddam.experiments.sweep;

import java.util.ArrayList;
import java.util.List;

/**
 * The CSV form of sweep rows (RFC 4180): a header of column names, then one line per row. Numbers are
 * written so that they read back to the same bits ({@link Double#toString}); {@code null} is an empty
 * field; a string field is quoted when it holds a comma, a quote or a line break. {@link #parse}
 * reads a line back into typed values, so part files can be re-read losslessly.
 */
public final class CsvRows {
    private CsvRows() {}

    /**
     * The header line (with its line break).
     *
     * @param columns the schema
     * @return e.g. {@code "cell,instance,...\n"}
     */
    public static String header(List<Column> columns) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(columns.get(i).name());
        }
        return sb.append('\n').toString();
    }

    /**
     * One row as a CSV line (with its line break).
     *
     * @param row a row
     * @return the line
     */
    public static String line(SweepRow row) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < row.size(); i++) {
            if (i > 0) sb.append(',');
            sb.append(field(row.get(i)));
        }
        return sb.append('\n').toString();
    }

    /**
     * One value as a CSV field.
     *
     * @param v a String, Long, Double or null
     * @return the field text
     */
    public static String field(Object v) {
        if (v == null) return "";
        String s = v.toString();
        if (v instanceof String && (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0)) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    /**
     * Reads a line written by {@link #line} back into a row of the schema's types.
     *
     * @param line    the line, without its line break
     * @param columns the schema
     * @return the row
     * @throws IllegalArgumentException if the line does not have one field per column
     */
    public static SweepRow parse(String line, List<Column> columns) {
        List<String> fields = new ArrayList<>(columns.size());
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cur.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                fields.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        fields.add(cur.toString());
        if (fields.size() != columns.size()) {
            throw new IllegalArgumentException(fields.size() + " fields for " + columns.size() + " columns");
        }
        List<Object> values = new ArrayList<>(fields.size());
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            Column.Type t = columns.get(i).type();
            values.add(f.isEmpty() && t != Column.Type.STRING ? null : switch (t) {
                case STRING -> f.isEmpty() ? null : f;
                case LONG -> Long.parseLong(f);
                case DOUBLE -> Double.parseDouble(f);
            });
        }
        return new SweepRow(values);
    }
}
