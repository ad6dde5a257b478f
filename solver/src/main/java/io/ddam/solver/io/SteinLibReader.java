package io.ddam.solver.io;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads undirected Steiner tree instances in SteinLib STP format ({@code .stp}) and the PACE 2018
 * variant ({@code .gr}: the same syntax without the magic line and the Comment section).
 *
 * <p>Rules, chosen to accept every real SteinLib/PACE file and to reject damaged ones with a
 * precise {@code file:line: problem}:
 * <ul>
 *   <li>Keywords are case-insensitive ({@code SECTION}/{@code Section}, {@code END}/{@code End},
 *       {@code Nodes}, {@code E}, ...). Blank lines are ignored everywhere. The magic line
 *       ({@code 33D32945 STP File, ...}) is optional.</li>
 *   <li>{@code Comment}: every {@code Key "value"} line goes into the metadata under the lower-case
 *       key ({@code name}, {@code creator}, {@code remark}, {@code problem}, {@code date}, ...); the
 *       instance name is the Comment {@code Name}, else the file name without its extension.</li>
 *   <li>{@code Graph}: {@code Nodes n} must come before any edge and creates nodes 1..n (at most
 *       {@value #MAX_NODES}); {@code Edges m} is optional, but when present the number of {@code E}
 *       lines must equal m. {@code E u v cost}: u, v in 1..n, distinct, each pair once; the cost is
 *       read exactly (as a decimal, so large integers such as 123456789012 are fine) and must be
 *       positive and finite as a double. Every edge gets delay 1 (these files carry costs only).
 *       Directed instances ({@code Arcs}, {@code A}) are rejected.</li>
 *   <li>{@code Terminals}: {@code Terminals t} (optional; when present it must equal the number of
 *       {@code T} lines), {@code T v} with distinct v in range, and {@code Root r} (kept in the
 *       metadata as {@code root}). The Graph section must come first.</li>
 *   <li>{@code Coordinates}: {@code DD id x y} (any number of coordinates) is kept in the metadata as
 *       {@code coordinates}: a map from node id (as a string) to its list of numbers.</li>
 *   <li>Any other section ({@code MaximumDegrees}, {@code NodeWeights}, {@code Presolve}, ...) is
 *       skipped up to its {@code END}; its name is listed in the metadata as {@code skippedSections}.</li>
 *   <li>Every section must be closed by {@code END} before the next {@code SECTION}, the file must
 *       end with {@code EOF}, and only blank lines may follow it. A Graph section is required.</li>
 *   <li>The file must be UTF-8 text (ASCII in practice); binary data is reported once, with its line.
 *       An empty file is reported with line 0.</li>
 * </ul>
 * Connectivity is not checked here; solvers that need it check it themselves.
 */
public final class SteinLibReader {
    /** Largest accepted {@code Nodes n}: far above any SteinLib/PACE instance, low enough to never exhaust memory. */
    public static final int MAX_NODES = 2_000_000;
    /** Longest number token read; the longest exact decimal of a double has under 800 significant digits. */
    public static final int MAX_NUMBER_CHARS = 1000;

    private SteinLibReader() {}

    /**
     * Reads a {@code .stp} or {@code .gr} file; every problem is a {@link DdamInputException} with its line.
     *
     * @param file a SteinLib STP or PACE 2018 {@code .gr} file
     * @return the instance: network with edge costs from the file (delays 1) and its terminal set; no W
     * @throws DdamInputException if the file is missing or malformed, naming the line
     */
    public static Instance read(Path file) {
        try (TextLines lines = TextLines.open(file)) {
            return new Parser(file, lines).parse();
        }
    }

    /** Reads from a stream; {@code file} only names the source (messages, format, fallback name). */
    static Instance read(Path file, java.io.InputStream in) {
        try (TextLines lines = TextLines.of(file.toString(), in)) {
            return new Parser(file, lines).parse();
        }
    }

    /** One pass over the lines; a small state machine over the current section. */
    private static final class Parser {
        private final Path file;
        private final String src;
        private final TextLines lines;
        private final Map<String, Object> meta = new LinkedHashMap<>();
        private final Map<String, Object> comment = new LinkedHashMap<>();
        private final List<String> skipped = new ArrayList<>();
        private final Map<String, List<Double>> coordinates = new LinkedHashMap<>();
        private Network.Builder builder;
        private int nodes = -1;
        private int declaredEdges = -1;
        private int edgeLines;
        private boolean graphSeen;
        private boolean terminalsSeen;
        private int declaredTerminals = -1;
        private final List<Integer> terminalIds = new ArrayList<>();
        private final Map<Integer, Integer> terminalLine = new HashMap<>();

        Parser(Path file, TextLines lines) {
            this.file = file;
            this.src = file.toString();
            this.lines = lines;
        }

        private DdamInputException err(String problem) {
            return new DdamInputException(src, lines.lineNo(), problem);
        }

        Instance parse() {
            boolean sawContent = false;
            boolean first = true;
            boolean eof = false;
            String line;
            while ((line = lines.next()) != null) {
                String[] tok = tokens(line);
                if (tok.length == 0) continue;
                sawContent = true;
                if (eof) throw err("text after EOF: '" + abbreviate(line) + "'");
                if (first && isMagic(tok, line)) {
                    first = false;
                    continue;
                }
                first = false;
                String kw = tok[0].toUpperCase(Locale.ROOT);
                if (kw.equals("EOF")) {
                    if (tok.length > 1) throw err("EOF takes no arguments");
                    eof = true;
                } else if (kw.equals("SECTION")) {
                    if (tok.length != 2) throw err("SECTION line needs exactly one name: SECTION <name>");
                    section(tok[1]);
                } else if (kw.equals("END")) {
                    throw err("END without an open SECTION");
                } else {
                    throw err("expected SECTION <name> or EOF, found '" + abbreviate(line) + "'");
                }
            }
            if (!sawContent) throw new DdamInputException(src, 0, "the file is empty");
            if (!eof) {
                throw new DdamInputException(src, Math.max(1, lines.lineNo()),
                        "the file ends without EOF (truncated?)");
            }
            if (!graphSeen) throw new DdamInputException(src, lines.lineNo(), "the file has no Graph section");
            return build();
        }

        private static boolean isMagic(String[] tok, String line) {
            return tok[0].length() == 8 && HEX8.matcher(tok[0]).matches()
                    && line.toUpperCase(Locale.ROOT).contains("STP");
        }

        /** Reads one section body after its SECTION line, up to and including its END. */
        private void section(String rawName) {
            String name = rawName.toLowerCase(Locale.ROOT);
            int opened = lines.lineNo();
            switch (name) {
                case "graph" -> {
                    if (graphSeen) throw err("second Graph section");
                    graphSeen = true;
                }
                case "terminals" -> {
                    if (terminalsSeen) throw err("second Terminals section");
                    if (!graphSeen) throw err("the Terminals section must come after the Graph section");
                    terminalsSeen = true;
                }
                default -> { }
            }
            String line;
            while ((line = lines.next()) != null) {
                String[] tok = tokens(line);
                if (tok.length == 0) continue;
                String kw = tok[0].toUpperCase(Locale.ROOT);
                if (kw.equals("END")) {
                    if (tok.length > 1) throw err("END takes no arguments");
                    endSection(name, rawName);
                    return;
                }
                if (kw.equals("SECTION") || kw.equals("EOF")) {
                    throw err("section " + abbreviate(rawName) + " (opened at line " + opened + ") is not closed with END before "
                            + abbreviate(tok[0]));
                }
                switch (name) {
                    case "comment" -> commentLine(line, tok);
                    case "graph" -> graphLine(kw, tok);
                    case "terminals" -> terminalLine(kw, tok);
                    case "coordinates" -> coordinateLine(kw, tok);
                    default -> { } // Sections we do not use are skipped, not rejected.
                }
            }
            throw new DdamInputException(src, Math.max(1, lines.lineNo()),
                    "section " + abbreviate(rawName) + " (opened at line " + opened + ") is never closed: the file ends before END");
        }

        private void endSection(String name, String rawName) {
            switch (name) {
                case "graph" -> {
                    if (nodes < 0) throw err("section Graph has no Nodes line");
                    // The same rule as for JSON and GraphML: a network needs at least one node.
                    if (nodes == 0) throw err("section Graph has Nodes 0; the network needs at least one node");
                    if (declaredEdges >= 0 && edgeLines != declaredEdges) {
                        throw err("section Graph declares " + declaredEdges + " edges but lists " + edgeLines);
                    }
                }
                case "terminals" -> {
                    if (declaredTerminals >= 0 && terminalIds.size() != declaredTerminals) {
                        throw err("section Terminals declares " + declaredTerminals + " terminals but lists "
                                + terminalIds.size());
                    }
                }
                case "comment", "coordinates" -> { }
                default -> skipped.add(rawName);
            }
        }

        private void commentLine(String line, String[] tok) {
            String key = tok[0].toLowerCase(Locale.ROOT);
            String value = line.substring(line.indexOf(tok[0]) + tok[0].length()).strip();
            if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                value = value.substring(1, value.length() - 1);
            } else if (value.startsWith("\"")) {
                value = value.substring(1); // An unterminated quote is harmless in a comment.
            }
            comment.put(key, value);
        }

        private void graphLine(String kw, String[] tok) {
            switch (kw) {
                case "NODES" -> {
                    if (nodes >= 0) throw err("second Nodes line");
                    need(tok, 2, "Nodes line needs 1 field: Nodes <n>");
                    int n = integer(tok[1], "node count");
                    if (n < 0) throw err("node count " + n + " is negative");
                    if (n > MAX_NODES) throw err("node count " + n + " exceeds the supported maximum " + MAX_NODES);
                    nodes = n;
                    builder = Network.builder();
                    for (int id = 1; id <= n; id++) builder.addNode(id, null);
                }
                case "EDGES" -> {
                    if (declaredEdges >= 0) throw err("second Edges line");
                    need(tok, 2, "Edges line needs 1 field: Edges <m>");
                    int m = integer(tok[1], "edge count");
                    if (m < 0) throw err("edge count " + m + " is negative");
                    if (edgeLines > m) throw err("section Graph declares " + m + " edges after listing " + edgeLines);
                    declaredEdges = m;
                }
                case "E" -> {
                    need(tok, 4, "E line needs 3 fields: E <u> <v> <cost>");
                    if (nodes < 0) throw err("E line before the Nodes line; declare Nodes <n> first");
                    int u = nodeId(tok[1]);
                    int v = nodeId(tok[2]);
                    double c = cost(tok[3], u, v);
                    edgeLines++;
                    if (declaredEdges >= 0 && edgeLines > declaredEdges) {
                        throw err("section Graph declares " + declaredEdges + " edges but lists more");
                    }
                    try {
                        builder.addEdge(u, v, Network.DEFAULT_DELAY, c);
                    } catch (DdamInputException e) {
                        throw e.at(src, lines.lineNo());
                    }
                }
                case "ARCS", "A" -> throw err("directed instances (Arcs/A lines) are not supported; "
                        + "only undirected graphs with E lines");
                default -> throw err("unknown line in section Graph: '" + abbreviate(String.join(" ", tok)) + "'");
            }
        }

        private void terminalLine(String kw, String[] tok) {
            switch (kw) {
                case "TERMINALS" -> {
                    if (declaredTerminals >= 0) throw err("second Terminals line");
                    need(tok, 2, "Terminals line needs 1 field: Terminals <t>");
                    int t = integer(tok[1], "terminal count");
                    if (t < 0) throw err("terminal count " + t + " is negative");
                    if (terminalIds.size() > t) {
                        throw err("section Terminals declares " + t + " terminals after listing " + terminalIds.size());
                    }
                    declaredTerminals = t;
                }
                case "T" -> {
                    need(tok, 2, "T line needs 1 field: T <node>");
                    int v = nodeId(tok[1]);
                    Integer firstAt = terminalLine.putIfAbsent(v, lines.lineNo());
                    if (firstAt != null) throw err("terminal " + v + " is listed twice (first at line " + firstAt + ")");
                    terminalIds.add(v);
                    if (declaredTerminals >= 0 && terminalIds.size() > declaredTerminals) {
                        throw err("section Terminals declares " + declaredTerminals + " terminals but lists more");
                    }
                }
                case "ROOT" -> {
                    need(tok, 2, "Root line needs 1 field: Root <node>");
                    if (meta.containsKey("root")) throw err("second Root line");
                    meta.put("root", nodeId(tok[1]));
                }
                default -> throw err("unsupported line in section Terminals: '" + abbreviate(String.join(" ", tok))
                        + "' (only Terminals, T and Root are read)");
            }
        }

        private void coordinateLine(String kw, String[] tok) {
            // DD id x y, DDD id x y z, ...: one 'D' per coordinate.
            if (!DS.matcher(kw).matches() || tok.length != kw.length() + 2) {
                throw err("coordinate line needs the form DD <id> <x> <y> (one D per coordinate)");
            }
            int id = nodes >= 0 ? nodeId(tok[1]) : integer(tok[1], "node id");
            List<Double> xs = new ArrayList<>();
            for (int i = 2; i < tok.length; i++) {
                double x = number(tok[i], "coordinate");
                xs.add(x);
            }
            if (coordinates.put(Integer.toString(id), List.copyOf(xs)) != null) {
                throw err("node " + id + " has coordinates twice");
            }
        }

        private void need(String[] tok, int count, String problem) {
            if (tok.length != count) throw err(problem);
        }

        private int integer(String s, String what) {
            if (!isInteger(s)) throw err(what + " '" + abbreviate(s) + "' is not an integer");
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw err(what + " " + abbreviate(s) + " is too large");
            }
        }

        private int nodeId(String s) {
            if (!isInteger(s)) throw err("node id '" + abbreviate(s) + "' is not an integer");
            long id;
            try {
                id = Long.parseLong(s);
            } catch (NumberFormatException e) {
                throw err("node " + abbreviate(s) + " is out of range 1.." + nodes);
            }
            if (id < 1 || id > nodes) throw err("node " + id + " is out of range 1.." + nodes);
            return (int) id;
        }

        /** A finite number, read exactly as a decimal so that huge integer costs keep their value. */
        private double number(String s, String what) {
            // BigDecimal is superlinear in the digits: a 1M-digit cost took 39 s. No double needs this many.
            if (s.length() > MAX_NUMBER_CHARS) {
                throw err(what + " " + abbreviate(s) + " has " + s.length() + " characters; numbers have at most " + MAX_NUMBER_CHARS);
            }
            String lower = s.toLowerCase(Locale.ROOT);
            if (lower.contains("nan") || lower.contains("inf")) throw err(what + " " + abbreviate(s) + " is not a finite number");
            BigDecimal d;
            try {
                d = new BigDecimal(s);
            } catch (NumberFormatException e) {
                throw err(what + " '" + abbreviate(s) + "' is not a number");
            }
            double x = d.doubleValue();
            if (Double.isInfinite(x)) throw err(what + " " + abbreviate(s) + " is too large");
            return x;
        }

        private double cost(String s, int u, int v) {
            double c = number(s, "cost of edge " + u + "-" + v);
            if (!(c > 0)) {
                throw err("edge " + u + "-" + v + " has cost " + abbreviate(s) + "; costs must be positive");
            }
            return c;
        }

        private Instance build() {
            try {
                return assemble(builder.build());
            } catch (DdamInputException e) {
                throw e.at(src, 0);
            }
        }

        private Instance assemble(Network network) {
            int[] terminals = new int[terminalIds.size()];
            for (int i = 0; i < terminals.length; i++) terminals[i] = network.indexOf(terminalIds.get(i));
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("source", src);
            String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
            m.put("format", lower.endsWith(".gr") ? "pace2018" : "steinlib");
            m.putAll(comment);
            m.putAll(meta);
            if (!coordinates.isEmpty()) m.put("coordinates", java.util.Collections.unmodifiableMap(coordinates));
            if (!skipped.isEmpty()) m.put("skippedSections", List.copyOf(skipped));
            Object commentName = comment.get("name");
            String name = commentName instanceof String s && !s.isBlank() ? s : stem(file);
            return new Instance(name, network, null, terminals, m);
        }
    }

    static String stem(Path file) {
        String f = file.getFileName().toString();
        int dot = f.lastIndexOf('.');
        return dot > 0 ? f.substring(0, dot) : f;
    }

    private static final java.util.regex.Pattern HEX8 = java.util.regex.Pattern.compile("[0-9A-Fa-f]{8}");
    private static final java.util.regex.Pattern DS = java.util.regex.Pattern.compile("D+");
    private static final String[] NO_TOKENS = new String[0];

    /** Whitespace-separated fields (a hand-written split: regex splitting dominated the reading time). */
    private static String[] tokens(String line) {
        List<String> out = null;
        int i = 0, n = line.length();
        while (i < n) {
            while (i < n && Character.isWhitespace(line.charAt(i))) i++;
            if (i == n) break;
            int start = i;
            while (i < n && !Character.isWhitespace(line.charAt(i))) i++;
            if (out == null) out = new ArrayList<>(4);
            out.add(line.substring(start, i));
        }
        return out == null ? NO_TOKENS : out.toArray(NO_TOKENS);
    }

    /** An optional sign and at least one ASCII digit. */
    private static boolean isInteger(String s) {
        int i = s.startsWith("+") || s.startsWith("-") ? 1 : 0;
        if (i == s.length()) return false;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') return false;
        }
        return true;
    }

    /** Keeps quoted file content short enough for a one-line message. */
    static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
