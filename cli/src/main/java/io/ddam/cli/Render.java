package io.ddam.cli;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

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
     * The CSV column name of a JSON field: the field's camelCase name in snake_case ({@code tauSum} →
     * {@code tau_sum}, {@code cMax} → {@code c_max}, {@code staticRegretPerStep} →
     * {@code static_regret_per_step}). The one mapping rule of docs/formats.md, "JSON and CSV field names".
     *
     * @param field a JSON field name
     * @return its snake_case form; names without capitals are returned unchanged
     */
    public static String snake(String field) {
        StringBuilder sb = new StringBuilder(field.length() + 4);
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (Character.isUpperCase(c)) {
                if (i > 0) sb.append('_');
                sb.append(Character.toLowerCase(c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    /**
     * One CSV table built from the same ordered row objects the JSON output prints. Every single value
     * (string, number, boolean or null) is a column named {@link #snake(String)} of its field; a field
     * holding an object contributes its fields, prefixed with the object's snake_case name and
     * {@code _} ({@code loads.unicast.cMax} → {@code loads_unicast_c_max}); fields holding lists are
     * JSON only. Columns come in the order they first appear; a row without a column has an empty
     * cell. Values at full precision: integers as they are, doubles with {@link Double#toString} (the
     * JSON number), null and NaN empty.
     *
     * @param rows the JSON row objects (LinkedHashMaps in the documented key order)
     * @return RFC-4180 CSV with a header line
     */
    public static String csv(List<? extends Map<String, ?>> rows) {
        return csv(null, Map.of("", rows));
    }

    /**
     * Several kinds of rows as one CSV table: the first column, {@code tableColumn}, names the kind
     * of each row; the other columns are the union of the kinds' columns as in {@link #csv(List)}
     * (a row leaves the other kinds' columns empty).
     *
     * @param tableColumn the name of the first column, or null for one kind of row and no such column
     * @param tables      the rows of each kind, in the order to print, by the name put in the first column
     * @return RFC-4180 CSV with a header line
     */
    public static String csv(String tableColumn, Map<String, ? extends List<? extends Map<String, ?>>> tables) {
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        Set<String> dropped = new HashSet<>();
        List<String> kinds = new ArrayList<>();
        List<Map<String, Object>> flat = new ArrayList<>();
        for (Map.Entry<String, ? extends List<? extends Map<String, ?>>> t : tables.entrySet()) {
            for (Map<String, ?> r : t.getValue()) {
                Map<String, Object> f = new java.util.LinkedHashMap<>();
                flatten("", r, f, dropped);
                columns.addAll(f.keySet());
                kinds.add(t.getKey());
                flat.add(f);
            }
        }
        columns.removeAll(dropped);
        List<String> header = new ArrayList<>();
        if (tableColumn != null) header.add(tableColumn);
        header.addAll(columns);
        StringBuilder sb = new StringBuilder(csvLine(header));
        for (int i = 0; i < flat.size(); i++) {
            List<String> cells = new ArrayList<>();
            if (tableColumn != null) cells.add(kinds.get(i));
            for (String c : columns) cells.add(csvCell(flat.get(i).get(c)));
            sb.append(csvLine(cells));
        }
        return sb.toString();
    }

    /** Puts the single values of {@code row} into {@code out} under their snake_case paths; lists and object paths go to {@code dropped}. */
    private static void flatten(String prefix, Map<String, ?> row, Map<String, Object> out, Set<String> dropped) {
        for (Map.Entry<String, ?> e : row.entrySet()) {
            String name = prefix + snake(e.getKey());
            Object v = e.getValue();
            if (v instanceof Map<?, ?> m) {
                dropped.add(name);      // a null in another row must not make it a column of its own
                @SuppressWarnings("unchecked") Map<String, ?> sub = (Map<String, ?>) m;
                flatten(name + "_", sub, out, dropped);
            } else if (v == null || v instanceof Number || v instanceof CharSequence || v instanceof Boolean || v instanceof Enum<?>) {
                out.put(name, v);
            } else {
                dropped.add(name);      // lists and arrays: JSON only
            }
        }
    }

    /**
     * The row objects of a JSON list, for {@link #csv(List)}.
     *
     * @param list a list of maps, as the commands build them for JSON
     * @return the same list, typed
     * @throws ClassCastException if it is not a list
     */
    @SuppressWarnings("unchecked")
    public static List<Map<String, ?>> rows(Object list) {
        return (List<Map<String, ?>>) list;
    }

    /**
     * One CSV cell at full precision: doubles with {@link Double#toString}, NaN and null empty.
     *
     * @param v a single JSON value
     * @return the cell text
     */
    public static String csvCell(Object v) {
        if (v == null) return "";
        if (v instanceof Double d) return d.isNaN() ? "" : Double.toString(d);
        if (v instanceof Float f) return f.isNaN() ? "" : Double.toString(f);
        return v.toString();
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
