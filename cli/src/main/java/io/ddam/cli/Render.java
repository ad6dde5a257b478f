package io.ddam.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * Rendering helpers shared by the commands: aligned text tables, RFC-4180 CSV, and JSON with a
 * stable key order (commands build {@link java.util.LinkedHashMap}s in the documented order).
 */
public final class Render {
    private Render() {}

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /**
     * Pretty JSON with two-space indent and a trailing newline.
     *
     * @param value maps, lists, strings, numbers and booleans (as Jackson serialises them)
     * @return the JSON text; objects one key per line, arrays inline
     * @throws IllegalStateException if Jackson cannot serialise the value
     */
    public static String json(Object value) {
        try {
            // Objects one key per line; arrays inline, so id lists and edge pairs stay on one line.
            return JSON.writer(new DefaultPrettyPrinter()).writeValueAsString(value) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot render JSON", e);
        }
    }

    /** A rectangular table: a header row and data rows of already formatted cells. */
    public static final class Table {
        private final List<String> header;
        private final List<List<String>> rows = new ArrayList<>();
        private final boolean[] rightAlign;

        /**
         * An empty table with these column names; all columns left-aligned until {@link #right} says otherwise.
         *
         * @param header the column names, which also fix the number of cells per row
         */
        public Table(String... header) {
            this.header = List.of(header);
            this.rightAlign = new boolean[header.length];
        }

        /**
         * Right-aligns the named columns (numbers).
         *
         * @param columns 0-based column indices
         * @return this table
         */
        public Table right(int... columns) {
            for (int c : columns) rightAlign[c] = true;
            return this;
        }

        /**
         * Appends a data row.
         *
         * @param cells one value per column, rendered with {@code toString()}; {@code null} gives an empty cell
         * @return this table
         * @throws IllegalArgumentException if the number of cells differs from the header's
         */
        public Table row(Object... cells) {
            if (cells.length != header.size()) throw new IllegalArgumentException("row has " + cells.length + " cells");
            List<String> r = new ArrayList<>();
            for (Object c : cells) r.add(c == null ? "" : c.toString());
            rows.add(r);
            return this;
        }

        /**
         * Aligned columns separated by two spaces, header underlined.
         *
         * @return the table as text, one line per row, no trailing spaces
         */
        public String text() {
            int[] w = new int[header.size()];
            for (int c = 0; c < w.length; c++) {
                w[c] = header.get(c).length();
                for (List<String> r : rows) w[c] = Math.max(w[c], r.get(c).length());
            }
            StringBuilder sb = new StringBuilder();
            line(sb, header, w);
            List<String> rule = new ArrayList<>();
            for (int width : w) rule.add("-".repeat(width));
            line(sb, rule, w);
            for (List<String> r : rows) line(sb, r, w);
            return sb.toString();
        }

        private void line(StringBuilder sb, List<String> cells, int[] w) {
            StringBuilder l = new StringBuilder();
            for (int c = 0; c < cells.size(); c++) {
                if (c > 0) l.append("  ");
                String s = cells.get(c);
                String pad = " ".repeat(w[c] - s.length());
                l.append(rightAlign[c] ? pad + s : s + pad);
            }
            sb.append(l.toString().stripTrailing()).append('\n');
        }

        /**
         * CSV with a header line.
         *
         * @return the table as RFC-4180 CSV
         */
        public String csv() {
            StringBuilder sb = new StringBuilder();
            sb.append(csvLine(header));
            for (List<String> r : rows) sb.append(csvLine(r));
            return sb.toString();
        }
    }

    /**
     * One CSV line, quoting cells that need it.
     *
     * @param cells the cells, already formatted
     * @return the line, ending in a newline
     */
    public static String csvLine(List<String> cells) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) sb.append(',');
            String c = cells.get(i);
            if (c.contains(",") || c.contains("\"") || c.contains("\n")) {
                sb.append('"').append(c.replace("\"", "\"\"")).append('"');
            } else {
                sb.append(c);
            }
        }
        return sb.append('\n').toString();
    }

    /**
     * A user's token for an error line: at most 40 characters, with "…" when cut.
     *
     * @param s the token
     * @return the token, shortened if long
     */
    public static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /**
     * A number for JSON output: whole numbers as integers (so C_max 106 stays {@code 106}, not
     * {@code 106.0}), others as doubles, NaN as null.
     *
     * @param x the number
     * @return a {@link Long}, a {@link Double} or {@code null}
     */
    public static Object jsonNumber(double x) {
        if (Double.isNaN(x)) return null;
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return (long) x;
        return x;
    }

    /**
     * A number as text: whole numbers without decimals, others with {@code decimals} decimals, NaN as "-".
     *
     * @param x        the number
     * @param decimals decimals for numbers that are not whole
     * @return the text
     */
    public static String num(double x, int decimals) {
        if (Double.isNaN(x)) return "-";
        if (x == Math.rint(x) && Math.abs(x) < 1e15) return String.format(Locale.ROOT, "%d", (long) x);
        return String.format(Locale.ROOT, "%." + decimals + "f", x);
    }
}
