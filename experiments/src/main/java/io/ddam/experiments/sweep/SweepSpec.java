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
 * {@code interest}, {@code rho}, {@code data}, {@code seeds}, {@code eta}, {@code failures}, {@code horizon};
 * then, if the setting {@code split} names them, the series lists as axes of their own ({@link #SPLITTABLE}).
 * The spec's hash ({@link #hash()}) is the SHA-256 of its canonical JSON with every input file replaced by the
 * hash of its contents (as cell ids): it names the result folder's spec.
 *
 * @serial exclude
 */
public final class SweepSpec implements Serializable {
    private static final long serialVersionUID = 1L;

    /** The axes, in grid order (the last varies fastest). */
    public static final List<String> AXES = List.of("instances", "interest", "rho", "data", "seeds", "eta", "failures", "horizon");
    /** The series every cell runs and the settings every cell shares (not axes: they give no new cells). */
    public static final List<String> SETTINGS = List.of("name", "protocols", "designers", "transports", "checkpoints", "dk", "dv",
            "model", "radius", "fairTime", "window", "repairDelay", "split");
    /**
     * The series lists that {@code "split"} can turn into axes of their own: a value per cell instead of every
     * value inside every cell (docs/formats.md, "Series axes").
     */
    public static final List<String> SPLITTABLE = List.of("protocols", "designers", "transports", "checkpoints");
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
        List<String> split = strings(root, "split", List.of(), source, lines, true);
        for (String x : split) {
            if (!SPLITTABLE.contains(x)) {
                throw new DdamInputException(source, lines.getOrDefault("split", 0), "'split' names series lists to make axes: "
                        + String.join(", ", SPLITTABLE) + "; not '" + x + "'");
            }
        }
        // Kept out of the canonical spec when empty, so a spec without it keeps its hash and its cells' ids.
        if (!split.isEmpty()) settings.put("split", split);
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
                if (!x.isTextual()) throw new DdamInputException(source, line, "eta values are numbers or theory, adagrad, coin, dog, dowg, freegrad; not " + x);
                String e = x.asText().strip().toLowerCase(java.util.Locale.ROOT);
                if (!List.of("theory", "adagrad", "coin", "dog", "dowg", "freegrad").contains(e)) {
                    try {
                        double d = Double.parseDouble(e);
                        if (!(d > 0) || Double.isInfinite(d)) throw new NumberFormatException();
                        return Double.toString(d);
                    } catch (NumberFormatException ex) {
                        throw new DdamInputException(source, line, "eta values are numbers or theory, adagrad, coin, dog, dowg, freegrad; not '" + x.asText() + "'");
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
     * The spec's hash: SHA-256 of {@link #canonical()} with every input file replaced by the hash of its
     * contents (as the cells' ids): a spec naming a moved but identical file has the same hash, one whose
     * file was edited another.
     *
     * @return 64 hex digits
     */
    public String hash() {
        Map<String, Object> all = new TreeMap<>(settings);
        for (Map.Entry<String, List<Object>> e : axes.entrySet()) all.put(e.getKey(), e.getValue());
        return Cell.sha256(canonicalJson(withContentHashes(all)));
    }

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
     * The number of cells: the product of the axes' sizes, times the series groups and split checkpoints
     * of {@code "split"} (docs/formats.md, "Series axes").
     *
     * @return the cell count
     */
    public long cellCount() {
        long n = 1;
        for (Map.Entry<String, List<Object>> e : axes.entrySet()) if (!e.getKey().equals("horizon")) n = Math.multiplyExact(n, e.getValue().size());
        long perHorizon = 0;
        for (Object h : axes.get("horizon")) perHorizon += split().contains("checkpoints") ? checkpointsFor((Long) h).size() : 1;
        return Math.multiplyExact(Math.multiplyExact(n, perHorizon), seriesGroups().size());
    }

    /**
     * The series lists named in the spec's {@code "split"} setting.
     *
     * @return a subset of {@link #SPLITTABLE} (empty: every series and checkpoint inside every cell)
     */
    @SuppressWarnings("unchecked")
    public List<String> split() {
        Object v = settings.get("split");
        return v == null ? List.of() : (List<String>) v;
    }

    /** One cell's series: the plain protocols, the designers and the transports it runs. */
    private record SeriesGroup(List<String> protocols, List<String> designers, List<String> transports) {}

    /**
     * The series groups every grid point expands into. Without a split of protocols, designers or transports,
     * one group with every series; otherwise the plain protocols in one group (one each if protocols are split)
     * and the designer × transport series in groups split by designer, by transport or both (both if protocols
     * are split: then every cell runs exactly one series).
     */
    @SuppressWarnings("unchecked")
    private List<SeriesGroup> seriesGroups() {
        List<String> p = (List<String>) settings.get("protocols"), d = (List<String>) settings.get("designers"), t = (List<String>) settings.get("transports");
        List<String> sp = split();
        boolean byP = sp.contains("protocols"), byD = byP || sp.contains("designers"), byT = byP || sp.contains("transports");
        if (!byP && !byD && !byT) return List.of(new SeriesGroup(p, d, t));
        List<SeriesGroup> out = new ArrayList<>();
        if (byP) {
            for (String x : p) out.add(new SeriesGroup(List.of(x), List.of(), List.of()));
        } else if (!p.isEmpty()) {
            out.add(new SeriesGroup(p, List.of(), List.of()));
        }
        for (List<String> ds : byD ? d.stream().map(List::of).toList() : List.of(d)) {
            if (ds.isEmpty()) continue;
            for (List<String> ts : byT ? t.stream().map(List::of).toList() : List.of(t)) out.add(new SeriesGroup(List.of(), ds, ts));
        }
        return out;
    }

    /**
     * The cells, in grid order (the first axis varies slowest; then the series groups and split checkpoints
     * of {@code "split"}). Each cell's values are its axis values (under the singular names {@code instance}
     * and {@code seed}) and every setting, with {@code checkpoints} resolved to the cell's list of link times
     * (the horizon last). A cell's id hashes its canonical spec with every input file (instance, data, failure
     * trace) replaced by the SHA-256 of its contents: a moved but identical file keeps the ids, an edited one
     * does not.
     *
     * @return the cells
     * @throws DdamInputException if the grid has more than 10,000,000 cells
     */
    public List<Cell> cells() {
        long count = cellCount();
        if (count > 10_000_000) throw new DdamInputException(source, 0, "the grid has " + count + " cells; at most 10,000,000 are allowed");
        List<Cell> out = new ArrayList<>((int) count);
        int[] idx = new int[AXES.size()];
        long points = 1;
        for (List<Object> v : axes.values()) points *= v.size();
        List<SeriesGroup> groups = seriesGroups();
        boolean splitCheckpoints = split().contains("checkpoints");
        for (long c = 0; c < points; c++) {
            Map<String, Object> v = new TreeMap<>();
            for (Map.Entry<String, Object> s : settings.entrySet()) if (!s.getKey().equals("name") && !s.getKey().equals("split")) v.put(s.getKey(), s.getValue());
            for (int a = 0; a < AXES.size(); a++) {
                String axis = AXES.get(a);
                v.put(CELL_KEY.getOrDefault(axis, axis), axes.get(axis).get(idx[a]));
            }
            long h = (Long) v.get("horizon");
            List<Long> cps = checkpointsFor(h);
            for (SeriesGroup g : groups) {
                for (List<Long> at : splitCheckpoints ? cps.stream().map(List::of).toList() : List.of(cps)) {
                    Map<String, Object> cv = new TreeMap<>(v);
                    cv.put("protocols", g.protocols());
                    cv.put("designers", g.designers());
                    cv.put("transports", g.transports());
                    // A split checkpoint is its own run with that horizon (as every point of the paper's Fig. 3).
                    if (splitCheckpoints) cv.put("horizon", at.get(0));
                    cv.put("checkpoints", at);
                    String text = canonicalJson(cv);
                    out.add(new Cell(out.size(), Cell.idOf(canonicalJson(withContentHashes(cv))), text, cv));
                }
            }
            for (int a = AXES.size() - 1; a >= 0; a--) {
                if (++idx[a] < axes.get(AXES.get(a)).size()) break;
                idx[a] = 0;
            }
        }
        return out;
    }

    /** The SHA-256 of every input file's contents, by the text naming it (filled as they are first needed). */
    private transient Map<String, String> contentHashes;

    /**
     * A copy of cell values (or of the whole spec) with every input file named by {@code instance(s)},
     * {@code data} and {@code failures} replaced by {@code sha256:} and the hash of its bytes, so that hashes
     * follow the files' contents, not their names. Generator specs, synthetic data, failure specs and files
     * that cannot be read stay as they are (a missing file is reported by the cell function's checks).
     */
    private Map<String, Object> withContentHashes(Map<String, Object> values) {
        Map<String, Object> out = new TreeMap<>(values);
        for (Map.Entry<String, Object> e : values.entrySet()) {
            String k = e.getKey();
            if (!List.of("instance", "instances", "data", "failures").contains(k)) continue;
            if (e.getValue() instanceof List<?> l) {
                List<Object> hs = new ArrayList<>();
                for (Object x : l) hs.add(x instanceof String s ? contentOf(k, s) : x);
                out.put(k, hs);
            } else if (e.getValue() instanceof String s) {
                out.put(k, contentOf(k, s));
            }
        }
        return out;
    }

    private synchronized String contentOf(String key, String text) {
        String lower = text.strip().toLowerCase(java.util.Locale.ROOT);
        boolean file = switch (key) {
            case "instance", "instances" -> !(lower.startsWith("er:") || lower.startsWith("grid:") || lower.startsWith("waxman:"));
            case "data" -> !lower.equals("synthetic") && !lower.equals("synthetic-traffic");
            default -> !io.ddam.solver.failures.FailureSchedules.isSpec(text);
        };
        if (!file) return text;
        if (contentHashes == null) contentHashes = new HashMap<>();
        return contentHashes.computeIfAbsent(text, t -> {
            Path f = Path.of(t);
            if (!Files.isRegularFile(f)) return t;
            try (var in = Files.newInputStream(f)) {
                java.security.MessageDigest md = java.security.MessageDigest.getInstance("SHA-256");
                byte[] buf = new byte[1 << 16];
                for (int r = in.read(buf); r >= 0; r = in.read(buf)) md.update(buf, 0, r);
                return "sha256:" + java.util.HexFormat.of().formatHex(md.digest());
            } catch (IOException | java.security.NoSuchAlgorithmException ex) {
                return t;
            }
        });
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
