package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;

/**
 * Issue 12: every results command's CSV is one table whose header is the snake_case of the JSON row
 * fields it carries (docs/formats.md, "JSON and CSV field names") and whose numbers are the JSON
 * numbers exactly. The expected header is derived here from the parsed JSON with its own
 * snake_case and flattening, and the CSV is read with its own RFC-4180 parser, so neither side
 * reuses {@link Render}.
 */
class CsvJsonFieldsTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PATH3 = "../instances/path3.json";
    /** Wall-clock fields: present in both, but two runs time differently. */
    private static final Set<String> TIMINGS = Set.of("seconds", "wall_seconds");

    @Test
    void treesAgents() throws Exception {
        check(List.of("trees", PATH3), root -> one(root.get("agents")), null);
    }

    @Test
    void treesLinks() throws Exception {
        check(List.of("trees", PATH3, "--links"), root -> one(root.get("links")), null);
    }

    @Test
    void treesPareto() throws Exception {
        check(List.of("trees", PATH3, "--designer", "joint-heuristic", "--pareto", "0,inf", "--no-plot"),
                root -> one(root.get("points")), null);
    }

    @Test
    void simulate() throws Exception {
        check(List.of("simulate", PATH3, "--horizon", "40"), root -> one(root.get("protocols")), null);
    }

    @Test
    void simulateCheckpoints() throws Exception {
        check(List.of("simulate", PATH3, "--horizon", "40", "--eta", "0.05", "--checkpoints", "20,40"), root -> {
            List<JsonNode> rows = new ArrayList<>();
            for (JsonNode c : root.get("checkpoints")) {
                for (JsonNode p : c.get("protocols")) {
                    ObjectNode o = MAPPER.createObjectNode();
                    o.set("checkpoint", c.get("checkpoint"));
                    o.setAll((ObjectNode) p);
                    rows.add(o);
                }
            }
            return Map.of("", rows);
        }, null);
    }

    @Test
    void compareIsOneTableWithATableColumn() throws Exception {
        check(List.of("compare", PATH3, "--horizon", "40", "--no-plot", "--designers", "spt,kmb,joint-heuristic"), root -> {
            Map<String, List<JsonNode>> t = new LinkedHashMap<>();
            t.put("designers", list(root.get("designers")));
            t.put("protocols", list(root.get("protocols")));
            return t;
        }, "table");
    }

    @Test
    void crossover() throws Exception {
        check(List.of("crossover", PATH3, "--horizon", "200", "--eta", "0.1", "--designers", "spt", "--no-plot"),
                root -> one(root.get("series")), null);
    }

    @Test
    void crossoverMap() throws Exception {
        check(List.of("crossover", "--map", PATH3, "--horizon", "100", "--eta", "0.1", "--designers", "spt", "--rho", "0,1",
                "--top-k", "1", "--seeds", "1", "--no-plot"), root -> one(root.get("cells")), null);
    }

    @Test
    void steiner() throws Exception {
        check(List.of("steiner", PATH3, "--terminals", "0,2"), root -> Map.of("", List.of(root)), null);
    }

    @Test
    void info() throws Exception {
        check(List.of("info", PATH3, "../instances/grid3x4-top2.json"), root -> one(root), null);
    }

    @Test
    void benchJoint() throws Exception {
        check(List.of("bench", "joint", PATH3, "--no-milp"), root -> one(root.get("results")), null);
    }

    @Test
    void reproduceFailures() throws Exception {
        java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("ddam-failures-csv");
        // An empty data folder: the Zoo part is skipped, synthetic20 runs (tiny: T = 60, two rates, one seed).
        check(List.of("reproduce", "failures", "--quick", "--seeds", "1", "--horizon", "60", "--rates", "0,0.05",
                "--out-dir", dir.resolve("out").toString(), "--data-dir", dir.toString()), root -> one(root.get("points")), null);
    }

    @Test
    void snakeCase() {
        assertEquals("tau_sum", Render.snake("tauSum"));
        assertEquals("c_max", Render.snake("cMax"));
        assertEquals("static_regret_per_step", Render.snake("staticRegretPerStep"));
        assertEquals("spt_c_max", Render.snake("sptCMax"));
        assertEquals("agent", Render.snake("agent"));
    }

    // ---- the check -------------------------------------------------------------------------------

    private static Map<String, List<JsonNode>> one(JsonNode array) {
        return Map.of("", list(array));
    }

    private static List<JsonNode> list(JsonNode array) {
        assertTrue(array.isArray(), String.valueOf(array));
        List<JsonNode> rows = new ArrayList<>();
        array.forEach(rows::add);
        return rows;
    }

    private static void check(List<String> args, Function<JsonNode, Map<String, List<JsonNode>>> rowsOf, String tableColumn)
            throws Exception {
        Cli.Result json = run(args, "json");
        Cli.Result csv = run(args, "csv");
        Map<String, List<JsonNode>> tables = rowsOf.apply(MAPPER.readTree(json.out()));

        // Expected header: the JSON fields, flattened and in snake_case, in the order they first appear.
        LinkedHashSet<String> columns = new LinkedHashSet<>();
        Set<String> notColumns = new HashSet<>();
        List<Map<String, JsonNode>> flat = new ArrayList<>();
        List<String> kinds = new ArrayList<>();
        for (Map.Entry<String, List<JsonNode>> t : tables.entrySet()) {
            for (JsonNode row : t.getValue()) {
                Map<String, JsonNode> f = new LinkedHashMap<>();
                flatten("", row, f, notColumns);
                columns.addAll(f.keySet());
                flat.add(f);
                kinds.add(t.getKey());
            }
        }
        columns.removeAll(notColumns);
        List<String> expected = new ArrayList<>();
        if (tableColumn != null) expected.add(tableColumn);
        expected.addAll(columns);

        List<List<String>> parsed = parseCsv(csv.out());
        assertFalse(parsed.isEmpty(), csv.out());
        assertEquals(expected, parsed.get(0), String.join(" ", args));
        assertEquals(flat.size() + 1, parsed.size(), "one CSV row per JSON row\n" + csv.out());
        for (int i = 0; i < flat.size(); i++) {
            List<String> cells = parsed.get(i + 1);
            assertEquals(expected.size(), cells.size(), csv.out());
            int c = 0;
            if (tableColumn != null) assertEquals(kinds.get(i), cells.get(c++));
            for (String col : columns) {
                String cell = cells.get(c++);
                if (TIMINGS.contains(col) || col.endsWith("_seconds")) continue;
                JsonNode v = flat.get(i).get(col);
                String where = String.join(" ", args) + ": row " + (i + 1) + " column " + col;
                if (v == null || v.isNull()) {
                    assertEquals("", cell, where);
                } else if (v.isNumber()) {
                    assertFalse(cell.isEmpty(), where);
                    if (v.isIntegralNumber()) assertEquals(v.asLong(), Long.parseLong(cell), where);
                    else assertEquals(v.asDouble(), Double.parseDouble(cell), 0.0, where);   // exactly: full precision
                } else {
                    assertEquals(v.asText(), cell, where);
                }
            }
        }
    }

    private static Cli.Result run(List<String> args, String format) {
        List<String> a = new ArrayList<>(args);
        a.add("--format");
        a.add(format);
        Cli.Result r = Cli.run(a.toArray(String[]::new));
        assertEquals(0, r.exit(), String.join(" ", a) + "\n" + r.err());
        return r;
    }

    /** Object fields become columns under their snake_case path; arrays and object paths are no columns. */
    private static void flatten(String prefix, JsonNode row, Map<String, JsonNode> out, Set<String> notColumns) {
        row.fields().forEachRemaining(e -> {
            String name = prefix + e.getKey().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
            JsonNode v = e.getValue();
            if (v.isObject()) {
                notColumns.add(name);
                flatten(name + "_", v, out, notColumns);
            } else if (v.isArray()) {
                notColumns.add(name);
            } else {
                out.put(name, v);
            }
        });
    }

    /** RFC 4180: quoted cells may hold commas, doubled quotes and newlines. */
    static List<List<String>> parseCsv(String text) {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char ch = text.charAt(i);
            if (quoted) {
                if (ch == '"' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (ch == '"') {
                    quoted = false;
                } else {
                    cell.append(ch);
                }
            } else if (ch == '"') {
                quoted = true;
            } else if (ch == ',') {
                row.add(cell.toString());
                cell.setLength(0);
            } else if (ch == '\n') {
                row.add(cell.toString());
                cell.setLength(0);
                rows.add(row);
                row = new ArrayList<>();
            } else if (ch != '\r') {
                cell.append(ch);
            }
        }
        if (cell.length() > 0 || !row.isEmpty()) {
            row.add(cell.toString());
            rows.add(row);
        }
        return rows;
    }
}
