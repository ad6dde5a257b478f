package io.ddam.solver.io;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.xml.stream.Location;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Reads an Internet Topology Zoo network from GraphML into an {@link Instance} whose edge delays come
 * from the geographic distance between the nodes. Streaming (StAX) with DTDs and external entities
 * disabled, so a hostile file can neither fetch anything nor expand entities.
 *
 * <p>Rules:
 * <ul>
 *   <li><b>Keys.</b> The node attributes are found through {@code <key for="node" attr.name=...>}:
 *       {@code Latitude}, {@code Longitude} (degrees) and {@code label}. The instance name is the
 *       graph's {@code label} data, else its {@code Network} data, else the file name without
 *       extension.</li>
 *   <li><b>Node ids.</b> If every GraphML node id is a plain decimal integer (as in Topology Zoo, 0..n-1),
 *       those integers are the node ids; otherwise nodes are numbered 0..n-1 in file order and the
 *       original ids are kept in the metadata as {@code graphmlIds}. Labels come from {@code label}.</li>
 *   <li><b>Delay.</b> An edge whose two endpoints have coordinates gets
 *       {@code ceil(km / speedKmPerMs / stepMs)} time steps, at least 1, where km is the great-circle
 *       distance by the haversine formula on a sphere of radius {@value #EARTH_RADIUS_KM} km (the IUGG
 *       mean Earth radius; the shared Topology Zoo {@code *.edges.csv} files were computed with it,
 *       and agree with it to their printed 0.001 km, whereas 6371.0 km is off by up to 0.006 km).</li>
 *   <li><b>Cost.</b> Every edge costs 1, so total cost counts links (hops).</li>
 *   <li><b>Capacity.</b> Where edges carry Topology Zoo's {@code LinkSpeedRaw} (bits per second), the
 *       capacity κ_e of an edge is its speed divided by the slowest speed in the file, so the slowest
 *       link carries one message per time step and a link ten times faster carries ten; parallel links
 *       that collapse into one edge add their speeds. Edges without a speed get capacity 1 (as slow as
 *       the slowest known link: a conservative choice). Without any {@code LinkSpeedRaw} every edge has
 *       capacity 1. The slowest speed is kept in the metadata as {@code capacityUnitBps}.</li>
 *   <li><b>Missing coordinates.</b> An edge with an endpoint lacking Latitude or Longitude gets the
 *       median delay (in steps; the mean of the two middle values rounded up for an even count) of
 *       the edges whose endpoints both have coordinates, or 1 if there are none. The median is a
 *       neutral stand-in: it neither makes the node a shortcut nor cuts it off. The ids of such nodes
 *       are listed in the metadata as {@code nodesWithoutCoordinates}.</li>
 *   <li><b>Parallel edges</b> (the same unordered pair any number of times, as Topology Zoo uses for
 *       parallel links) collapse into one edge: they have the same endpoints and so the same delay,
 *       and our network model is simple. Their number is {@code parallelEdgesCollapsed}.</li>
 *   <li><b>Self-loops</b> are dropped (a link from a site to itself carries nothing between nodes) and
 *       counted in {@code selfLoopsDropped}.</li>
 *   <li><b>Direction.</b> Edges are read as undirected; a graph declared {@code edgedefault="directed"}
 *       is accepted and noted in the metadata as {@code declaredDirected=true}.</li>
 * </ul>
 * Other metadata: {@code source}, {@code format}, {@code speedKmPerMs}, {@code stepMs},
 * {@code earthRadiusKm}, {@code missingCoordinateDelay} (when used), and {@code coordinates} (node id
 * as a string → [latitude, longitude]). Errors (not XML, truncated XML, no {@code <graph>}, a node
 * without id or listed twice, an edge to an unknown node, a non-numeric or out-of-range coordinate,
 * an empty or binary file) are {@link DdamInputException}s with the XML line.
 */
public final class GraphMLReader {
    /** Earth radius for the haversine distance, in km (mean radius, matching the shared data). */
    public static final double EARTH_RADIUS_KM = 6371.0088;

    private GraphMLReader() {}

    /**
     * How coordinates become delays: signals travel {@code speedKmPerMs} km per millisecond
     * (200 km/ms = 200,000 km/s, light in fibre) and one time step lasts {@code stepMs} milliseconds.
     *
     * @param speedKmPerMs signal speed in km per millisecond, positive and finite
     * @param stepMs       length of one time step in milliseconds, positive and finite
     */
    public record Options(double speedKmPerMs, double stepMs) {
        /**
         * Both values must be positive and finite.
         *
         * @param speedKmPerMs signal speed in km per millisecond
         * @param stepMs       length of one time step in milliseconds
         * @throws DdamInputException if either value is not positive and finite
         */
        public Options {
            if (!(speedKmPerMs > 0) || Double.isInfinite(speedKmPerMs)) {
                throw new DdamInputException("speed must be a positive finite number of km/ms, not " + speedKmPerMs);
            }
            if (!(stepMs > 0) || Double.isInfinite(stepMs)) {
                throw new DdamInputException("time step must be a positive finite number of ms, not " + stepMs);
            }
        }

        /**
         * 200 km/ms and 1 ms per step.
         *
         * @return the default options
         */
        public static Options defaults() { return new Options(200.0, 1.0); }

        /**
         * The delay in whole steps of a link {@code km} long: ⌈km / speed / step⌉, at least 1.
         *
         * @param km the link's length in km, ≥ 0
         * @return the delay in time steps, ≥ 1
         * @throws DdamInputException if the delay would not fit in an int
         */
        public int steps(double km) {
            double s = Math.ceil(km / speedKmPerMs / stepMs);
            if (s > Integer.MAX_VALUE) {
                throw new DdamInputException("a link of " + km + " km takes more than " + Integer.MAX_VALUE
                        + " steps at " + speedKmPerMs + " km/ms and " + stepMs + " ms per step");
            }
            return Math.max(1, (int) s);
        }
    }

    /**
     * Great-circle distance in km between two points given in degrees (haversine, radius {@link #EARTH_RADIUS_KM}).
     *
     * @param lat1 latitude of the first point, degrees
     * @param lon1 longitude of the first point, degrees
     * @param lat2 latitude of the second point, degrees
     * @param lon2 longitude of the second point, degrees
     * @return the distance in km, ≥ 0
     */
    public static double greatCircleKm(double lat1, double lon1, double lat2, double lon2) {
        double p1 = Math.toRadians(lat1), p2 = Math.toRadians(lat2);
        double dp = p2 - p1, dl = Math.toRadians(lon2 - lon1);
        double h = Math.sin(dp / 2) * Math.sin(dp / 2)
                + Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
        return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
    }

    /** Largest file read; Topology Zoo files are tens of kilobytes, and this keeps garbage from exhausting memory. */
    static final long MAX_BYTES = 256L << 20;

    /**
     * Reads {@code file} with the given options; every problem is a {@link DdamInputException}.
     *
     * @param file    a Topology Zoo GraphML file
     * @param options how coordinates become edge delays
     * @return the instance (network only: no W, no terminals)
     * @throws DdamInputException if the file is missing, too large or malformed, naming file and line
     */
    public static Instance read(Path file, Options options) {
        String src = file.toString();
        byte[] bytes;
        try {
            if (Files.size(file) > MAX_BYTES) {
                throw new DdamInputException(src, 0, "the file is larger than " + (MAX_BYTES >> 20) + " MiB");
            }
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new DdamInputException(src, 0, "no such file");
        } catch (IOException e) {
            throw new DdamInputException(src, 0, "cannot be read: " + e.getMessage(), e);
        }
        return read(file, bytes, options);
    }

    /** Reads GraphML held in memory; {@code file} only names the source. */
    static Instance read(Path file, byte[] bytes, Options options) {
        String src = file.toString();
        if (bytes.length == 0) throw new DdamInputException(src, 0, "the file is empty");
        String text = decode(src, bytes);
        if (endsInsideDoctype(text)) {
            throw new DdamInputException(src, (int) text.chars().filter(c -> c == '\n').count() + 1,
                    "not well-formed XML: the file ends inside its <!DOCTYPE declaration (premature end of file)");
        }
        try {
            XMLStreamReader xml = factory().createXMLStreamReader(new StringReader(text));
            try {
                return new Parser(file, xml, options).parse();
            } finally {
                xml.close();
            }
        } catch (XMLStreamException e) {
            Location loc = e.getLocation();
            String where = loc != null && loc.getColumnNumber() > 0 ? " at column " + loc.getColumnNumber() : "";
            throw new DdamInputException(src, line(loc), "not well-formed XML" + where + ": " + xmlProblem(e), e);
        }
    }

    private static final Pattern ENCODING = Pattern.compile("^<\\?xml[^>]*?encoding\\s*=\\s*[\"']([A-Za-z0-9._:-]+)[\"']");

    /**
     * Decodes the file ourselves, strictly: the JDK's StAX parser reports bad bytes without a line and
     * prints them to stderr. UTF-8 unless a byte-order mark or the XML declaration says otherwise.
     */
    private static String decode(String src, byte[] bytes) {
        Charset cs = StandardCharsets.UTF_8;
        int skip = 0;
        if (bytes.length >= 3 && (bytes[0] & 0xff) == 0xEF && (bytes[1] & 0xff) == 0xBB && (bytes[2] & 0xff) == 0xBF) {
            skip = 3;
        } else if (bytes.length >= 2 && ((bytes[0] & 0xff) == 0xFE && (bytes[1] & 0xff) == 0xFF
                || (bytes[0] & 0xff) == 0xFF && (bytes[1] & 0xff) == 0xFE)) {
            cs = StandardCharsets.UTF_16;
        } else {
            String head = new String(bytes, 0, Math.min(bytes.length, 200), StandardCharsets.ISO_8859_1);
            Matcher m = ENCODING.matcher(head);
            if (m.find()) {
                try {
                    cs = Charset.forName(m.group(1));
                } catch (IllegalArgumentException e) {
                    throw new DdamInputException(src, 1, "unsupported encoding '" + m.group(1) + "' in the XML declaration");
                }
            }
        }
        CharsetDecoder dec = cs.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes, skip, bytes.length - skip);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult r = dec.decode(in, out, true);
        if (!r.isError()) r = dec.flush(out);
        if (r.isError()) {
            int line = 1;
            out.flip();
            while (out.hasRemaining()) if (out.get() == '\n') line++;
            throw new DdamInputException(src, line, "invalid " + cs.name()
                    + " byte sequence; this does not look like a GraphML file");
        }
        out.flip();
        String text = out.toString();
        return !text.isEmpty() && text.charAt(0) == '\uFEFF' ? text.substring(1) : text;
    }

    /**
     * Whether the document's prolog opens a {@code <!DOCTYPE} that the file never closes. The JDK's StAX
     * parser reports that case as "Premature end of file", but its DTD scanner first prints the class name of
     * an internal exception ({@code XMLEntityScanner$1}) to {@code System.err}, which we cannot suppress
     * without redirecting the whole process's stderr; so the case is caught here, before the parser sees it.
     * The scan follows that parser with DTD support off: the prolog's XML declaration, comments and
     * processing instructions, then the DOCTYPE's head (quoted literals may hold '>' or '['), then an
     * internal subset skipped to its first ']' whatever it holds, then spaces and '>'. Anything else the scan
     * meets is left to the parser, which reports it as usual.
     */
    static boolean endsInsideDoctype(String text) {
        int n = text.length(), i = 0;
        while (true) {
            while (i < n && Character.isWhitespace(text.charAt(i))) i++;
            if (text.startsWith("<?", i)) {
                i = after(text, "?>", i + 2);
            } else if (text.startsWith("<!--", i)) {
                i = after(text, "-->", i + 4);
            } else if (text.startsWith("<!DOCTYPE", i)) {
                break;
            } else {
                return false; // the root element, or something the parser will reject on its own
            }
            if (i < 0) return false; // an unclosed comment or PI before any DOCTYPE: the parser's case
        }
        for (i += "<!DOCTYPE".length(); i < n; i++) {
            char c = text.charAt(i);
            if (c == '>') return false;
            if (c == '"' || c == '\'') {
                i = text.indexOf(c, i + 1);
                if (i < 0) return true;
            } else if (c == '[') {
                i = text.indexOf(']', i + 1);
                if (i < 0) return true;
                for (i++; i < n && Character.isWhitespace(text.charAt(i)); i++) {
                    // the spaces between ']' and '>'
                }
                return i == n; // '>' closes it; any other character is the parser's error to report
            }
        }
        return true;
    }

    /** The index just past the first {@code end} at or after {@code from}, or -1 if there is none. */
    private static int after(String text, String end, int from) {
        int j = text.indexOf(end, from);
        return j < 0 ? -1 : j + end.length();
    }

    private static XMLInputFactory factory() {
        XMLInputFactory f = XMLInputFactory.newFactory();
        f.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        f.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        f.setProperty(XMLInputFactory.IS_COALESCING, true);
        return f;
    }

    private static int line(Location loc) {
        return loc == null ? 0 : Math.max(0, loc.getLineNumber());
    }

    /** The parser's own words without its "ParseError at [row,col]" preamble (we print the line ourselves). */
    private static String xmlProblem(XMLStreamException e) {
        String m = e.getMessage() == null ? "" : e.getMessage();
        int i = m.indexOf("Message: ");
        if (i >= 0) m = m.substring(i + "Message: ".length());
        m = m.replaceAll("\\s+", " ").strip();
        if (m.isEmpty()) m = "the XML parser stopped here";
        return m.length() <= 200 ? m : m.substring(0, 197) + "...";
    }

    private record Key(String forWhat, String name) {}

    private record RawNode(String id, int line, Double lat, Double lon, String label) {}

    private record RawEdge(String source, String target, int line, Double speed) {}

    /** Collects keys, nodes and edges in one pass, then resolves and builds. */
    private static final class Parser {
        private final Path file;
        private final String src;
        private final XMLStreamReader xml;
        private final Options options;
        private final Map<String, Key> keys = new HashMap<>();
        private final List<RawNode> nodes = new ArrayList<>();
        private final List<RawEdge> edges = new ArrayList<>();
        private final Map<String, Integer> nodeLine = new HashMap<>();
        private String graphLabel;
        private String graphNetwork;
        private boolean graphSeen;
        private int graphLine;
        private boolean directed;

        Parser(Path file, XMLStreamReader xml, Options options) {
            this.file = file;
            this.src = file.toString();
            this.xml = xml;
            this.options = options;
        }

        private int lineNo() {
            return line(xml.getLocation());
        }

        private DdamInputException err(int line, String problem) {
            return new DdamInputException(src, line, problem);
        }

        Instance parse() throws XMLStreamException {
            if (!nextElement()) throw err(lineNo(), "no XML element in the file");
            if (!xml.getLocalName().equals("graphml")) {
                throw err(lineNo(), "root element is <" + xml.getLocalName() + ">, expected <graphml>");
            }
            int depth = 1;
            int rootEnd = lineNo();
            while (xml.hasNext()) {
                int ev = xml.next();
                if (ev == XMLStreamConstants.END_ELEMENT) {
                    depth--;
                    // The end of the document has no useful location, so remember where the root closed.
                    if (depth == 0) rootEnd = lineNo();
                } else if (ev == XMLStreamConstants.START_ELEMENT) {
                    String name = xml.getLocalName();
                    if (depth == 1 && name.equals("key")) {
                        key();
                        depth++;
                    } else if (depth == 1 && name.equals("graph")) {
                        graph();
                    } else {
                        skipElement();
                    }
                }
            }
            if (!graphSeen) throw err(rootEnd, "no <graph> element");
            // The same rule as for JSON and STP: a network needs at least one node.
            if (nodes.isEmpty()) throw err(graphLine, "the <graph> has no <node>; the network needs at least one node");
            return build();
        }

        /** Advances to the first START_ELEMENT; false at the end of the document. */
        private boolean nextElement() throws XMLStreamException {
            while (xml.hasNext()) {
                if (xml.next() == XMLStreamConstants.START_ELEMENT) return true;
            }
            return false;
        }

        private void key() {
            String id = xml.getAttributeValue(null, "id");
            String forWhat = xml.getAttributeValue(null, "for");
            String name = xml.getAttributeValue(null, "attr.name");
            if (id != null && name != null) keys.put(id, new Key(forWhat == null ? "all" : forWhat, name));
        }

        /** Skips the current element and everything inside it. */
        private void skipElement() throws XMLStreamException {
            int depth = 1;
            while (depth > 0) {
                int ev = xml.next();
                if (ev == XMLStreamConstants.START_ELEMENT) depth++;
                else if (ev == XMLStreamConstants.END_ELEMENT) depth--;
            }
        }

        private void graph() throws XMLStreamException {
            if (graphSeen) throw err(lineNo(), "more than one <graph> element; only one network per file is read");
            graphSeen = true;
            graphLine = lineNo();
            String edgeDefault = xml.getAttributeValue(null, "edgedefault");
            directed = "directed".equalsIgnoreCase(edgeDefault);
            while (true) {
                int ev = xml.next();
                if (ev == XMLStreamConstants.END_ELEMENT) return;
                if (ev != XMLStreamConstants.START_ELEMENT) continue;
                switch (xml.getLocalName()) {
                    case "node" -> node();
                    case "edge" -> edge();
                    case "data" -> {
                        Key k = keys.get(xml.getAttributeValue(null, "key"));
                        String text = xml.getElementText();
                        if (k != null && (k.forWhat.equals("graph") || k.forWhat.equals("all"))) {
                            if (k.name.equals("label")) graphLabel = text.strip();
                            else if (k.name.equals("Network")) graphNetwork = text.strip();
                        }
                    }
                    case "graph" -> throw err(lineNo(), "nested <graph> elements are not supported");
                    default -> skipElement();
                }
            }
        }

        private void node() throws XMLStreamException {
            int line = lineNo();
            String id = xml.getAttributeValue(null, "id");
            if (id == null) throw err(line, "<node> without an id attribute");
            Integer first = nodeLine.putIfAbsent(id, line);
            if (first != null) throw err(line, "node id '" + abbreviate(id) + "' is used twice (first at line " + first + ")");
            Double lat = null, lon = null;
            String label = null;
            while (true) {
                int ev = xml.next();
                if (ev == XMLStreamConstants.END_ELEMENT) break;
                if (ev != XMLStreamConstants.START_ELEMENT) continue;
                if (xml.getLocalName().equals("graph")) {
                    throw err(lineNo(), "nested <graph> elements are not supported");
                }
                if (!xml.getLocalName().equals("data")) {
                    skipElement();
                    continue;
                }
                int dataLine = lineNo();
                Key k = keys.get(xml.getAttributeValue(null, "key"));
                String text = xml.getElementText().strip();
                if (k == null || !(k.forWhat.equals("node") || k.forWhat.equals("all"))) continue;
                switch (k.name) {
                    case "Latitude" -> lat = degrees(text, "Latitude", id, 90, dataLine);
                    case "Longitude" -> lon = degrees(text, "Longitude", id, 180, dataLine);
                    case "label" -> label = text;
                    default -> { }
                }
            }
            nodes.add(new RawNode(id, line, lat, lon, label));
        }

        private double degrees(String text, String what, String id, double limit, int line) {
            double x;
            try {
                x = Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw err(line, what + " '" + abbreviate(text) + "' of node " + abbreviate(id) + " is not a number");
            }
            if (!(Math.abs(x) <= limit)) {
                throw err(line, what + " " + abbreviate(text) + " of node " + abbreviate(id) + " is outside -"
                        + (int) limit + ".." + (int) limit);
            }
            return x;
        }

        private void edge() throws XMLStreamException {
            int line = lineNo();
            String s = xml.getAttributeValue(null, "source");
            String t = xml.getAttributeValue(null, "target");
            if (s == null || t == null) throw err(line, "<edge> needs both source and target attributes");
            Double speed = null;
            while (true) {
                int ev = xml.next();
                if (ev == XMLStreamConstants.END_ELEMENT) break;
                if (ev != XMLStreamConstants.START_ELEMENT) continue;
                if (!xml.getLocalName().equals("data")) {
                    skipElement();
                    continue;
                }
                int dataLine = lineNo();
                Key k = keys.get(xml.getAttributeValue(null, "key"));
                String text = xml.getElementText().strip();
                if (k == null || !(k.forWhat.equals("edge") || k.forWhat.equals("all")) || !k.name.equals("LinkSpeedRaw")) continue;
                if (text.isEmpty()) continue;
                double x;
                try {
                    x = text.length() > 40 ? Double.NaN : Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    x = Double.NaN;
                }
                if (!(x > 0) || Double.isInfinite(x)) {
                    throw err(dataLine, "LinkSpeedRaw '" + abbreviate(text) + "' of edge " + abbreviate(s) + "-" + abbreviate(t)
                            + " is not a positive number of bits per second");
                }
                speed = x;
            }
            edges.add(new RawEdge(s, t, line, speed));
        }

        private Instance build() {
            int n = nodes.size();
            // Use the file's integer ids when they are all canonical decimal integers (so "7" and "07" cannot both map to 7).
            int[] ids = new int[n];
            boolean integral = true;
            for (int i = 0; i < n && integral; i++) {
                String s = nodes.get(i).id;
                try {
                    ids[i] = Integer.parseInt(s);
                    integral = Integer.toString(ids[i]).equals(s);
                } catch (NumberFormatException e) {
                    integral = false;
                }
            }
            if (!integral) for (int i = 0; i < n; i++) ids[i] = i;
            Map<String, Integer> index = new HashMap<>();
            for (int i = 0; i < n; i++) index.put(nodes.get(i).id, i);

            // Resolve edges: drop self-loops, collapse parallels, remember which lack coordinates.
            List<int[]> pairs = new ArrayList<>();
            List<Integer> pairLine = new ArrayList<>();
            Map<Long, Integer> seen = new HashMap<>();
            List<Double> speeds = new ArrayList<>();
            int loops = 0, parallels = 0;
            for (RawEdge e : edges) {
                Integer a = index.get(e.source), b = index.get(e.target);
                if (a == null) throw err(e.line, "edge " + abbreviate(e.source) + "-" + abbreviate(e.target) + " names unknown node '" + abbreviate(e.source) + "'");
                if (b == null) throw err(e.line, "edge " + abbreviate(e.source) + "-" + abbreviate(e.target) + " names unknown node '" + abbreviate(e.target) + "'");
                if (a.equals(b)) {
                    loops++;
                    continue;
                }
                long key = ((long) Math.min(a, b) << 32) | Math.max(a, b);
                Integer before = seen.putIfAbsent(key, pairs.size());
                if (before != null) {
                    parallels++;
                    // Parallel links carry messages side by side: their speeds add up.
                    if (e.speed != null) speeds.set(before, speeds.get(before) == null ? e.speed : speeds.get(before) + e.speed);
                    continue;
                }
                pairs.add(new int[] {a, b});
                pairLine.add(e.line);
                speeds.add(e.speed);
            }
            int m = pairs.size();
            int[] delay = new int[m];
            List<Integer> known = new ArrayList<>();
            for (int e = 0; e < m; e++) {
                RawNode u = nodes.get(pairs.get(e)[0]), v = nodes.get(pairs.get(e)[1]);
                if (hasCoordinates(u) && hasCoordinates(v)) {
                    try {
                        delay[e] = options.steps(greatCircleKm(u.lat, u.lon, v.lat, v.lon));
                    } catch (DdamInputException ex) {
                        throw ex.at(src, pairLine.get(e));
                    }
                    known.add(delay[e]);
                } else {
                    delay[e] = -1;
                }
            }
            int stand = median(known);
            boolean usedStandIn = false;
            for (int e = 0; e < m; e++) {
                if (delay[e] < 0) {
                    delay[e] = stand;
                    usedStandIn = true;
                }
            }

            Network.Builder b = Network.builder();
            List<Integer> missing = new ArrayList<>();
            Map<String, Object> coordinates = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) {
                RawNode r = nodes.get(i);
                try {
                    b.addNode(ids[i], r.label);
                } catch (DdamInputException ex) {
                    throw ex.at(src, r.line);
                }
                if (hasCoordinates(r)) coordinates.put(Integer.toString(ids[i]), List.of(r.lat, r.lon));
                else missing.add(ids[i]);
            }
            double slowest = Double.POSITIVE_INFINITY;
            int withoutSpeed = 0;
            for (Double sp : speeds) {
                if (sp != null) slowest = Math.min(slowest, sp);
                else withoutSpeed++;
            }
            for (int e = 0; e < m; e++) {
                double capacity = speeds.get(e) == null ? Network.DEFAULT_CAPACITY : speeds.get(e) / slowest;
                try {
                    b.addEdge(ids[pairs.get(e)[0]], ids[pairs.get(e)[1]], delay[e], 1.0, capacity);
                } catch (DdamInputException ex) {
                    throw ex.at(src, pairLine.get(e));
                }
            }
            Map<String, Object> meta = new LinkedHashMap<>();
            meta.put("source", src);
            meta.put("format", "graphml");
            if (graphNetwork != null) meta.put("network", graphNetwork);
            meta.put("speedKmPerMs", options.speedKmPerMs());
            meta.put("stepMs", options.stepMs());
            meta.put("earthRadiusKm", EARTH_RADIUS_KM);
            meta.put("nodesWithoutCoordinates", List.copyOf(missing));
            if (withoutSpeed < m) {
                meta.put("capacityUnitBps", slowest);
                meta.put("edgesWithoutLinkSpeed", withoutSpeed);
            }
            if (usedStandIn) meta.put("missingCoordinateDelay", stand);
            meta.put("parallelEdgesCollapsed", parallels);
            meta.put("selfLoopsDropped", loops);
            if (directed) meta.put("declaredDirected", true);
            if (!integral) {
                List<String> original = new ArrayList<>();
                for (RawNode r : nodes) original.add(r.id);
                meta.put("graphmlIds", List.copyOf(original));
            }
            meta.put("coordinates", java.util.Collections.unmodifiableMap(coordinates));
            String name = graphLabel != null && !graphLabel.isEmpty() ? graphLabel
                    : graphNetwork != null && !graphNetwork.isEmpty() ? graphNetwork : SteinLibReader.stem(file);
            try {
                return new Instance(name, b.build(), null, null, meta);
            } catch (DdamInputException ex) {
                throw ex.at(src, 0);
            }
        }
    }

    private static boolean hasCoordinates(RawNode r) {
        return r.lat != null && r.lon != null;
    }

    /** Median of whole steps, the mean of the middle two rounded up for an even count; 1 for none. */
    static int median(List<Integer> values) {
        if (values.isEmpty()) return 1;
        int[] v = values.stream().mapToInt(Integer::intValue).toArray();
        Arrays.sort(v);
        int k = v.length / 2;
        if (v.length % 2 == 1) return v[k];
        long sum = (long) v[k - 1] + v[k];
        return (int) ((sum + 1) / 2);
    }

    private static String abbreviate(String s) {
        return SteinLibReader.abbreviate(s);
    }
}
