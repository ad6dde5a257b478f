package io.ddam.experiments.sweep;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ddam.solver.DdamInputException;

import java.io.IOException;
import java.io.Serializable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A sweep's grid, as written in a spec file ({@code ddam sweep SPEC.json}, docs/formats.md "Sweep spec"):
 * the axes (lists of values whose Cartesian product gives the cells), the series every cell runs
 * (protocols, designers × transports, checkpoints) and the settings all cells share. Parsed with Jackson;
 * every mistake is a {@link DdamInputException} naming the spec file and the line of the key.
 *
 * <p>Axes, in the order that numbers the cells (the last varies fastest): {@code instances},
 * {@code interest}, {@code rho}, {@code data}, {@code seeds}, {@code eta}, {@code failures}, {@code horizon}.
 * The spec's hash ({@link #hash()}) is the SHA-256 of its canonical JSON: it names the result folder's spec.
 *
 * @serial exclude
 */
public final class SweepSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The axes, in grid order (the last varies fastest). */
    public static final List<String> AXES = List.of("instances", "interest", "rho", "data", "seeds", "eta", "failures", "horizon");
    /** The series every cell runs and the settings every cell shares (not axes: they give no new cells). */
    public static final List<String> SETTINGS = List.of("name", "protocols", "designers", "transports", "checkpoints", "dk", "dv",
            "model", "radius", "fairTime", "window", "repairDelay");
    /** The name of an axis in a cell's values (singular): instances → instance, seeds → seed. */
    private static final Map<String, String> CELL_KEY = Map.of("instances", "instance", "seeds", "seed");

    private final String source;
    private final String canonical;
    private final Map<String, List<Object>> axes;     // axis → values (String, Long, Double)
    private final Map<String, Object> settings;       // setting → value (lists as List)

    private SweepSpec(String source, String canonical, Map<String, List<Object>> axes, Map<String, Object> settings) {
        this.source = source;
        this.canonical = canonical;
        this.axes = axes;
        this.settings = settings;
    }

    /**
     * Reads a spec file.
     *
     * @param file the JSON file
     * @return the spec
     * @throws DdamInputException if the file cannot be read or is not a valid spec (one line naming file and line)
     */
    public static SweepSpec read(Path file) {
        String text;
        if (!Files.exists(file)) throw new DdamInputException(file.toString(), 0, "no such file");
        if (Files.isDirectory(file)) throw new DdamInputException(file.toString(), 0, "is a directory, not a sweep spec");
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new DdamInputException(file.toString(), 0, "cannot be read: " + io.ddam.solver.io.AtomicFiles.reason(e));
        }
        return parse(text, file.toString());
    }

    /**
     * Parses a spec.
     *
     * @param json   the spec text
     * @param source the name to use in error messages (a file name)
     * @return the spec
     * @throws DdamInputException on an unknown key, an empty axis, a value of the wrong type
     */
    public static SweepSpec parse(String json, String source) {
        ObjectMapper m = new ObjectMapper();
        JsonNode root;
        Map<String, Integer> lines = new HashMap<>();
        try {
            root = m.readTree(json);
            keyLines(json, lines);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw new DdamInputException(source, line, "not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new DdamInputException(source, 0, "cannot be parsed: " + e.getMessage());
        }
        if (root == null || !root.isObject()) throw new DdamInputException(source, 1, "a sweep spec is a JSON object");
        Map<String, List<Object>> axes = new LinkedHashMap<>();
        Map<String, Object> settings = new TreeMap<>();
        for (java.util.Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!AXES.contains(k) && !SETTINGS.contains(k)) {
                throw new DdamInputException(source, lines.getOrDefault(k, 0), "unknown axis '" + k + "'; the axes are "
                        + String.join(", ", AXES) + " and the settings " + String.join(", ", SETTINGS));
            }
        }
        for (String a : AXES) {
            int line = lines.getOrDefault(a, 0);
            JsonNode v = root.get(a);
            List<Object> values = new ArrayList<>();
            if (v == null) {
                values.add(defaultAxis(a, source));
            } else if (a.equals("seeds") && v.isIntegralNumber()) {
                long k = v.asLong();
                if (k < 1) throw new DdamInputException(source, line, "empty grid: 'seeds' as a count must be >= 1, not " + k);
                for (long s = 1; s <= k; s++) values.add(s);
            } else {
                if (!v.isArray()) throw new DdamInputException(source, line, "axis '" + a + "' must be a list of values");
                for (JsonNode x : v) values.add(value(a, x, source, line));
                if (values.isEmpty()) throw new DdamInputException(source, line, "empty grid: axis '" + a + "' has no values");
                if (new java.util.HashSet<>(values).size() != values.size()) {
                    throw new DdamInputException(source, line, "axis '" + a + "' lists a value twice");
                }
            }
            axes.put(a, List.copyOf(values));
        }
        settings.put("protocols", strings(root, "protocols", List.of("ogd", "cdogd"), source, lines, true));
        settings.put("designers", strings(root, "designers", List.of("spt"), source, lines, true));
        settings.put("transports", strings(root, "transports", List.of("unicast"), source, lines, false));
        settings.put("dk", integer(root, "dk", 4, 1, source, lines));
        settings.put("dv", integer(root, "dv", 3, 1, source, lines));
        settings.put("window", integer(root, "window", 1, 1, source, lines));
        settings.put("repairDelay", integer(root, "repairDelay", -1, -1, source, lines));
        settings.put("model", text(root, "model", "deltanet", source, lines));
        settings.put("fairTime", text(root, "fairTime", "paper", source, lines));
        settings.put("name", text(root, "name", "sweep", source, lines));
        JsonNode r = root.get("radius");
        double radius = 50;
        if (r != null) {
            if (!r.isNumber() || !(r.asDouble() > 0) || Double.isInfinite(r.asDouble())) {
                throw new DdamInputException(source, lines.getOrDefault("radius", 0), "'radius' must be a positive number");
            }
            radius = r.asDouble();
        }
        settings.put("radius", radius);
        JsonNode cp = root.get("checkpoints");
        int cpLine = lines.getOrDefault("checkpoints", 0);
        if (cp == null || cp.isNull()) {
            settings.put("checkpoints", List.of());
        } else if (cp.isObject()) {
            if (cp.size() != 1 || !cp.has("perDecade") || !cp.get("perDecade").isIntegralNumber() || cp.get("perDecade").asLong() < 1) {
                throw new DdamInputException(source, cpLine, "'checkpoints' is a list of link times or {\"perDecade\": K} with K >= 1");
            }
            settings.put("checkpoints", Map.of("perDecade", cp.get("perDecade").asLong()));
        } else if (cp.isArray()) {
            List<Object> hs = new ArrayList<>();
            for (JsonNode h : cp) {
                if (!h.isIntegralNumber() || h.asLong() < 1) throw new DdamInputException(source, cpLine, "checkpoints must be integers >= 1, not " + h);
                hs.add(h.asLong());
            }
            settings.put("checkpoints", List.copyOf(hs));
        } else {
            throw new DdamInputException(source, cpLine, "'checkpoints' is a list of link times or {\"perDecade\": K}");
        }
        for (Object h : axes.get("horizon")) {
            Object c = settings.get("checkpoints");
            if (c instanceof List<?> l) {
                for (Object x : l) {
                    if ((Long) x > (Long) h) throw new DdamInputException(source, cpLine, "checkpoint " + x + " is beyond horizon " + h);
                }
            }
        }
        Map<String, Object> all = new TreeMap<>(settings);
        for (Map.Entry<String, List<Object>> e : axes.entrySet()) all.put(e.getKey(), e.getValue());
        return new SweepSpec(source, canonicalJson(all), axes, settings);
    }

    private static Object defaultAxis(String axis, String source) {
        return switch (axis) {
            case "interest" -> "file";
            case "rho" -> 0.75;
            case "data" -> "synthetic";
            case "seeds" -> 1L;
            case "eta" -> "theory";
            case "failures" -> "none";
            case "horizon" -> 2500L;
            default -> throw new DdamInputException(source, 0, "empty grid: the spec needs axis '" + axis + "' (a list of instance files or generator specs)");
        };
    }

    private static Object value(String axis, JsonNode x, String source, int line) {
        switch (axis) {
            case "rho" -> {
                if (!x.isNumber() || !(x.asDouble() >= 0 && x.asDouble() <= 1)) {
                    throw new DdamInputException(source, line, "rho values must be numbers in [0, 1], not " + x);
                }
                return x.asDouble();
            }
            case "seeds" -> {
                if (!x.isIntegralNumber()) throw new DdamInputException(source, line, "seeds must be integers, not " + x);
                return x.asLong();
            }
            case "horizon" -> {
                if (!x.isIntegralNumber() || x.asLong() < 1 || x.asLong() > Integer.MAX_VALUE) {
                    throw new DdamInputException(source, line, "horizon values must be integers in 1.." + Integer.MAX_VALUE + ", not " + x);
                }
                return x.asLong();
            }
            case "eta" -> {
                if (x.isNumber()) {
                    if (!(x.asDouble() > 0) || Double.isInfinite(x.asDouble())) throw new DdamInputException(source, line, "eta numbers must be positive, not " + x);
                    return Double.toString(x.asDouble());
                }
                if (!x.isTextual()) throw new DdamInputException(source, line, "eta values are numbers or theory, adagrad, coin, dog, freegrad; not " + x);
                String e = x.asText().strip().toLowerCase(java.util.Locale.ROOT);
                if (!List.of("theory", "adagrad", "coin", "dog", "freegrad").contains(e)) {
                    try {
                        double d = Double.parseDouble(e);
                        if (!(d > 0) || Double.isInfinite(d)) throw new NumberFormatException();
                        return Double.toString(d);
                    } catch (NumberFormatException ex) {
                        throw new DdamInputException(source, line, "eta values are numbers or theory, adagrad, coin, dog, freegrad; not '" + x.asText() + "'");
                    }
                }
                return e;
            }
            default -> {
                if (!x.isTextual() || x.asText().isBlank()) throw new DdamInputException(source, line, "axis '" + axis + "' takes non-empty strings, not " + x);
                return x.asText().strip();
            }
        }
    }

    private static List<String> strings(JsonNode root, String key, List<String> dflt, String source, Map<String, Integer> lines, boolean emptyOk) {
        JsonNode v = root.get(key);
        if (v == null) return dflt;
        int line = lines.getOrDefault(key, 0);
        if (!v.isArray()) throw new DdamInputException(source, line, "'" + key + "' must be a list of names");
        List<String> out = new ArrayList<>();
        for (JsonNode x : v) {
            if (!x.isTextual() || x.asText().isBlank()) throw new DdamInputException(source, line, "'" + key + "' takes names, not " + x);
            String s = x.asText().strip().toLowerCase(java.util.Locale.ROOT);
            if (!out.contains(s)) out.add(s);
        }
        if (out.isEmpty() && !emptyOk) throw new DdamInputException(source, line, "empty grid: '" + key + "' has no values");
        return List.copyOf(out);
    }

    private static long integer(JsonNode root, String key, long dflt, long min, String source, Map<String, Integer> lines) {
        JsonNode v = root.get(key);
        if (v == null) return dflt;
        if (!v.isIntegralNumber() || v.asLong() < min) {
            throw new DdamInputException(source, lines.getOrDefault(key, 0), "'" + key + "' must be an integer >= " + min + ", not " + v);
        }
        return v.asLong();
    }

    private static String text(JsonNode root, String key, String dflt, String source, Map<String, Integer> lines) {
        JsonNode v = root.get(key);
        if (v == null) return dflt;
        if (!v.isTextual() || v.asText().isBlank()) throw new DdamInputException(source, lines.getOrDefault(key, 0), "'" + key + "' must be a string");
        return v.asText().strip();
    }

    /** The line of every top-level key, for error messages (the tree model keeps no locations). */
    private static void keyLines(String json, Map<String, Integer> lines) throws IOException {
        try (JsonParser p = new JsonFactory().createParser(json)) {
            int depth = 0;
            for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) depth++;
                else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) depth--;
                else if (t == JsonToken.FIELD_NAME && depth == 1) lines.putIfAbsent(p.currentName(), p.currentLocation().getLineNr());
            }
        }
    }

    /**
     * Canonical JSON of a value: map keys sorted, no spaces, numbers as Jackson writes them. Equal
     * values give equal text on every machine, which makes it fit for hashing.
     *
     * @param value maps, lists, strings, numbers, booleans and nulls
     * @return the canonical text
     */
    public static String canonicalJson(Object value) {
        try {
            return new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true).writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("plain values always serialise", e);
        }
    }

    /**
     * The file or name the spec came from.
     *
     * @return e.g. {@code instances/crossover-sweep.json}
     */
    public String source() { return source; }

    /**
     * The canonical JSON of the whole spec (defaults filled in, keys sorted).
     *
     * @return the text whose SHA-256 is {@link #hash()}
     */
    public String canonical() { return canonical; }

    /**
     * The spec's hash: SHA-256 of {@link #canonical()}.
     *
     * @return 64 hex digits
     */
    public String hash() { return Cell.sha256(canonical); }

    /**
     * The values of one axis.
     *
     * @param axis one of {@link #AXES}
     * @return its values (a default axis has one value)
     */
    public List<Object> axis(String axis) {
        List<Object> v = axes.get(axis);
        if (v == null) throw new IllegalArgumentException("no axis " + axis);
        return v;
    }

    /**
     * A setting (defaults filled in).
     *
     * @param key one of {@link #SETTINGS}
     * @return its value: a String, Long, Double, list, or for {@code checkpoints} a list or a {@code perDecade} map
     */
    public Object setting(String key) { return settings.get(key); }

    /**
     * The spec's name (setting {@code name}, default {@code sweep}).
     *
     * @return the name
     */
    public String name() { return (String) settings.get("name"); }

    /**
     * The number of cells: the product of the axes' sizes.
     *
     * @return the cell count
     */
    public long cellCount() {
        long n = 1;
        for (List<Object> v : axes.values()) n = Math.multiplyExact(n, v.size());
        return n;
    }

    /**
     * The cells, in grid order (the first axis varies slowest). Each cell's values are its axis values
     * (under the singular names {@code instance} and {@code seed}) and every setting, with
     * {@code checkpoints} resolved to the cell's list of link times (the horizon last).
     *
     * @return the cells
     * @throws DdamInputException if the grid has more than 10,000,000 cells
     */
    public List<Cell> cells() {
        long count = cellCount();
        if (count > 10_000_000) throw new DdamInputException(source, 0, "the grid has " + count + " cells; at most 10,000,000 are allowed");
        List<Cell> out = new ArrayList<>((int) count);
        int[] idx = new int[AXES.size()];
        for (int c = 0; c < count; c++) {
            Map<String, Object> v = new TreeMap<>();
            for (Map.Entry<String, Object> s : settings.entrySet()) if (!s.getKey().equals("name")) v.put(s.getKey(), s.getValue());
            for (int a = 0; a < AXES.size(); a++) {
                String axis = AXES.get(a);
                v.put(CELL_KEY.getOrDefault(axis, axis), axes.get(axis).get(idx[a]));
            }
            v.put("checkpoints", checkpointsFor((Long) v.get("horizon")));
            String text = canonicalJson(v);
            out.add(new Cell(c, Cell.idOf(text), text, v));
            for (int a = AXES.size() - 1; a >= 0; a--) {
                if (++idx[a] < axes.get(AXES.get(a)).size()) break;
                idx[a] = 0;
            }
        }
        return out;
    }

    /** The link times of a cell with horizon {@code h}: the listed ones up to h, or log-spaced ones, then h. */
    private List<Long> checkpointsFor(long h) {
        Object c = settings.get("checkpoints");
        TreeSet<Long> hs = new TreeSet<>();
        if (c instanceof Map<?, ?> m) {
            long k = (Long) m.get("perDecade");
            for (int j = 0; ; j++) {
                double x = Math.pow(10, 1 + (double) j / k);
                if (x >= h) break;
                hs.add(Math.round(x));
            }
        } else {
            for (Object x : (List<?>) c) hs.add((Long) x);
        }
        hs.add(h);
        return List.copyOf(hs);
    }

    /**
     * The spec as a JSON object (canonical, defaults filled in), e.g. for a result folder's manifest.
     *
     * @return a fresh JSON object
     */
    public ObjectNode toJson() {
        try {
            return (ObjectNode) new ObjectMapper().readTree(canonical);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
