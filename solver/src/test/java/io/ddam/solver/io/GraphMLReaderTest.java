package io.ddam.solver.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.TestData;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.Network;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Tests for {@link GraphMLReader}: a hand-made file with hand-computed delays, and the public Topology Zoo files. */
class GraphMLReaderTest {

    private static int edge(Network n, int idA, int idB) {
        int e = n.edgeBetween(n.indexOf(idA), n.indexOf(idB));
        assertTrue(e >= 0, "edge " + idA + "-" + idB + " missing");
        return e;
    }

    @Test
    void tinyFileHandComputed() {
        Instance inst = GraphMLReader.read(TestFiles.resource("valid/tiny.graphml"), GraphMLReader.Options.defaults());
        Network n = inst.network();
        assertEquals("TinyZoo", inst.name());
        assertEquals(5, n.nodeCount());
        // 7 edge elements: one parallel (1-0) collapsed, one self-loop (2-2) dropped.
        assertEquals(5, n.edgeCount());
        assertEquals("Origin", n.label(n.indexOf(0)));
        assertEquals("Far & East", n.label(n.indexOf(4)));
        // 10 degrees of arc = 6371.0088 * pi / 18 = 1111.95 km -> 5.56 ms -> 6 steps.
        assertEquals(6, n.delay(edge(n, 0, 1)));
        // (0,10)-(10,0): haversine 1568.52 km -> 7.84 ms -> 8 steps.
        assertEquals(8, n.delay(edge(n, 1, 2)));
        // 20 degrees along the equator: 2223.90 km -> 11.12 ms -> 12 steps.
        assertEquals(12, n.delay(edge(n, 1, 4)));
        // Node 3 has no coordinates: median of {6, 8, 12} = 8.
        assertEquals(8, n.delay(edge(n, 0, 3)));
        assertEquals(8, n.delay(edge(n, 3, 4)));
        for (int e = 0; e < n.edgeCount(); e++) assertEquals(1.0, n.cost(e));
        Map<String, Object> m = inst.metadata();
        assertEquals(List.of(3), m.get("nodesWithoutCoordinates"));
        assertEquals(8, m.get("missingCoordinateDelay"));
        assertEquals(1, m.get("parallelEdgesCollapsed"));
        assertEquals(1, m.get("selfLoopsDropped"));
        assertEquals("Tiny Net", m.get("network"));
        assertEquals(200.0, m.get("speedKmPerMs"));
        assertEquals(1.0, m.get("stepMs"));
        assertEquals(null, m.get("declaredDirected"));
        @SuppressWarnings("unchecked")
        Map<String, List<Double>> coords = (Map<String, List<Double>>) m.get("coordinates");
        assertEquals(List.of(10.0, 0.0), coords.get("2"));
        assertNull(coords.get("3"));
    }

    @Test
    void optionsScaleDelays() {
        // 50 km/ms and 2 ms steps: 1111.95 km -> 22.24 ms -> 11.12 steps -> 12.
        Instance inst = GraphMLReader.read(TestFiles.resource("valid/tiny.graphml"), new GraphMLReader.Options(50.0, 2.0));
        Network n = inst.network();
        assertEquals(12, n.delay(edge(n, 0, 1)));
        assertEquals(16, n.delay(edge(n, 1, 2))); // 1568.52 / 100 = 15.69 -> 16
        assertEquals(23, n.delay(edge(n, 1, 4))); // 2223.90 / 100 = 22.24 -> 23
        assertEquals(16, n.delay(edge(n, 0, 3))); // median of {12, 16, 23}
    }

    @Test
    void nonIntegerIdsAreNumberedInFileOrderAndNothingHasCoordinates() {
        Instance inst = InstanceFiles.read(TestFiles.resource("valid/named-ids.graphml"));
        Network n = inst.network();
        assertEquals("named-ids", inst.name());
        assertEquals(4, n.nodeCount());
        assertEquals(4, n.edgeCount());
        assertEquals("Alpha", n.label(n.indexOf(0)));
        assertNull(n.label(n.indexOf(2)));
        assertTrue(n.edgeBetween(n.indexOf(3), n.indexOf(2)) >= 0); // "07" - "c"
        for (int e = 0; e < n.edgeCount(); e++) assertEquals(1, n.delay(e));
        assertEquals(List.of("a", "b", "c", "07"), inst.metadata().get("graphmlIds"));
        assertEquals(true, inst.metadata().get("declaredDirected"));
        assertEquals(List.of(0, 1, 2, 3), inst.metadata().get("nodesWithoutCoordinates"));
    }

    @Test
    void badBytesAreReportedWithTheirLineAndNothingIsPrinted() {
        java.io.PrintStream saved = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true));
        try {
            DdamInputException e = assertThrows(DdamInputException.class,
                    () -> InstanceFiles.read(TestFiles.resource("broken/graphml/invalid-utf8.graphml")));
            assertEquals(8, e.line());
            assertThrows(DdamInputException.class, () -> InstanceFiles.read(TestFiles.resource("broken/graphml/binary.graphml")));
            assertThrows(DdamInputException.class, () -> InstanceFiles.read(TestFiles.resource("broken/graphml/malformed.graphml")));
        } finally {
            System.setErr(saved);
        }
        // The JDK parser prints "[Fatal Error] ..." when it decodes bad bytes itself; we decode first.
        assertEquals("", captured.toString());
    }

    @Test
    void haversineKnownDistances() {
        assertEquals(0.0, GraphMLReader.greatCircleKm(12, 34, 12, 34), 1e-9);
        assertEquals(Math.PI * GraphMLReader.EARTH_RADIUS_KM, GraphMLReader.greatCircleKm(0, 0, 0, 180), 1e-6);
        assertEquals(Math.PI * GraphMLReader.EARTH_RADIUS_KM / 2, GraphMLReader.greatCircleKm(0, 0, 90, 0), 1e-6);
        // Symmetric.
        assertEquals(GraphMLReader.greatCircleKm(40.7, -74.0, 41.9, -87.6), GraphMLReader.greatCircleKm(41.9, -87.6, 40.7, -74.0), 1e-9);
    }

    @Test
    void stepsRoundUpAndAreAtLeastOne() {
        GraphMLReader.Options o = GraphMLReader.Options.defaults();
        assertEquals(1, o.steps(0.0));
        assertEquals(1, o.steps(199.99));
        assertEquals(1, o.steps(200.0));
        assertEquals(2, o.steps(200.01));
        assertThrows(DdamInputException.class, () -> new GraphMLReader.Options(0, 1));
        assertThrows(DdamInputException.class, () -> new GraphMLReader.Options(200, Double.NaN));
        assertThrows(DdamInputException.class, () -> new GraphMLReader.Options(Double.POSITIVE_INFINITY, 1));
        assertThrows(DdamInputException.class, () -> new GraphMLReader.Options(1e-300, 1e-300).steps(20000));
    }

    @Test
    void medianRoundsEvenCountsUp() {
        assertEquals(1, GraphMLReader.median(List.of()));
        assertEquals(5, GraphMLReader.median(List.of(5)));
        assertEquals(4, GraphMLReader.median(List.of(3, 4)));
        assertEquals(7, GraphMLReader.median(List.of(9, 1, 7)));
        assertEquals(6, GraphMLReader.median(List.of(6, 6, 6, 8)));
    }

    // ---- public Topology Zoo data ----

    static Stream<Path> topologies() throws IOException {
        Path dir = TestData.require("topologies");
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".graphml")).sorted().toList().stream();
        }
    }

    /** The ten networks the data README lists; the folder may grow, so the check is "at least these", each with its CSV. */
    static final List<String> KNOWN_TOPOLOGIES = List.of("Abilene", "AttMpls", "Bellcanada", "Deltacom", "Interoute", "Ion",
            "Nsfnet", "Sprint", "TataNld", "Uninett2011");

    @Test
    void theListedTopologiesArePresentEachWithItsEdgesCsv() throws IOException {
        Set<String> names = new HashSet<>();
        for (Path p : topologies().toList()) {
            String name = p.getFileName().toString().replace(".graphml", "");
            names.add(name);
            assertTrue(Files.isRegularFile(p.resolveSibling(name + ".edges.csv")), "no edges CSV beside " + p);
        }
        assertTrue(names.containsAll(KNOWN_TOPOLOGIES), "missing: " + KNOWN_TOPOLOGIES.stream().filter(n -> !names.contains(n)).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("topologies")
    void topologyMatchesEdgesCsv(Path graphml) throws IOException {
        Instance inst = GraphMLReader.read(graphml, GraphMLReader.Options.defaults());
        Network n = inst.network();
        String xml = Files.readString(graphml);
        Matcher nodeTags = Pattern.compile("<node[\\s>/]").matcher(xml);
        int nodeElements = 0;
        while (nodeTags.find()) nodeElements++;
        assertEquals(nodeElements, n.nodeCount(), "nodes");

        Path csv = graphml.resolveSibling(graphml.getFileName().toString().replace(".graphml", ".edges.csv"));
        List<String> rows = Files.readAllLines(csv);
        List<String> header = List.of(rows.get(0).split(","));
        int iu = header.indexOf("u"), iv = header.indexOf("v");
        int ikm = header.indexOf("great_circle_km"), ims = header.indexOf("prop_delay_ms_at_200000km_per_s");
        assertTrue(iu >= 0 && iv >= 0 && ikm >= 0 && ims >= 0, "unexpected CSV header " + header);

        @SuppressWarnings("unchecked")
        Map<String, List<Double>> coords = (Map<String, List<Double>>) inst.metadata().get("coordinates");
        Set<Long> pairs = new HashSet<>();
        Map<Long, Integer> csvRows = new HashMap<>();
        Set<Integer> naNodes = new HashSet<>();
        int checkedKm = 0;
        for (String row : rows.subList(1, rows.size())) {
            String[] f = csvFields(row);
            int u = Integer.parseInt(f[iu]), v = Integer.parseInt(f[iv]);
            if (u == v) continue;
            long key = ((long) Math.min(u, v) << 32) | Math.max(u, v);
            pairs.add(key);
            csvRows.merge(key, 1, Integer::sum);
            int e = edgeOf(n, u, v);
            if (f[ikm].equals("NA")) {
                assertEquals("NA", f[ims]);
                boolean uMissing = !coords.containsKey(Integer.toString(u)), vMissing = !coords.containsKey(Integer.toString(v));
                assertTrue(uMissing || vMissing, "NA row " + row + " but both endpoints have coordinates");
                if (uMissing) naNodes.add(u);
                if (vMissing) naNodes.add(v);
                assertEquals(inst.metadata().get("missingCoordinateDelay"), n.delay(e), "stand-in delay of " + row);
                continue;
            }
            double km = Double.parseDouble(f[ikm]), ms = Double.parseDouble(f[ims]);
            List<Double> a = coords.get(Integer.toString(u)), b = coords.get(Integer.toString(v));
            double ours = GraphMLReader.greatCircleKm(a.get(0), a.get(1), b.get(0), b.get(1));
            assertEquals(km, ours, 0.5, "km of " + row);
            // The radius we chose reproduces the CSV to its printed precision (3 decimals).
            assertEquals(km, ours, 0.0015, "km of " + row + " (radius)");
            assertEquals(ms, ours / 200.0, 0.0001, "ms of " + row);
            // At least one step even for co-located sites (Uninett2011 has a 0.0 km link).
            assertEquals(Math.max(1, (int) Math.ceil(ms / 1.0)), n.delay(e), "delay of " + row);
            checkedKm++;
        }
        assertEquals(pairs.size(), n.edgeCount(), "distinct non-loop pairs");
        assertTrue(checkedKm > 0);
        int extra = csvRows.values().stream().mapToInt(c -> c - 1).sum();
        assertEquals(extra, inst.metadata().get("parallelEdgesCollapsed"), "collapsed parallels");
        List<?> missing = (List<?>) inst.metadata().get("nodesWithoutCoordinates");
        assertEquals(naNodes, new HashSet<>(missing), "nodes without coordinates");
        assertEquals(n.nodeCount(), coords.size() + missing.size());
    }

    /** Splits one CSV row, honouring double-quoted fields (labels such as "Houston, TX" contain commas). */
    static String[] csvFields(String row) {
        List<String> out = new java.util.ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
                    cur.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cur.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out.toArray(new String[0]);
    }

    @Test
    void csvSplitterHonoursQuotes() {
        assertEquals(List.of("1", "Houston, TX", "a\"b", ""), List.of(csvFields("1,\"Houston, TX\",\"a\"\"b\",")));
    }

    private static int edgeOf(Network n, int idU, int idV) {
        int a = n.indexOf(idU), b = n.indexOf(idV);
        assertTrue(a >= 0 && b >= 0, "unknown node in CSV: " + idU + " or " + idV);
        int e = n.edgeBetween(a, b);
        assertTrue(e >= 0, "CSV edge " + idU + "-" + idV + " missing from the network");
        return e;
    }

    /**
     * Cuts a GraphML file with a busy DOCTYPE (a quoted '>' and '[' in its head, quotes, a comment and a processing
     * instruction in its internal subset) at every character: the whole file reads, every cut is one clean
     * {@link DdamInputException}, and nothing is printed. The JDK's parser printed {@code XMLEntityScanner$1} for
     * cuts inside the internal subset. The pre-check must say "inside the DOCTYPE" exactly for the cuts between
     * its keyword and its closing '>'. (With DTD support off, that parser ends the subset at its first ']'.)
     */
    @Test
    void everyCutOfADoctypeFailsCleanlyAndPrintsNothing() {
        String doc = """
                <?xml version="1.0"?>
                <!-- a comment before -->
                <!DOCTYPE graphml SYSTEM "no>such[.dtd" [
                  <!-- it's > a comment -->
                  <?pi > ?>
                  <!ENTITY foo "b[a>r">
                  <!ENTITY bar 'it"s'>
                  <!ATTLIST node id CDATA #REQUIRED>
                ] >
                <graphml xmlns="http://graphml.graphdrawing.org/xmlns">
                  <graph edgedefault="undirected">
                    <node id="0"/><node id="1"/>
                    <edge source="0" target="1"/>
                  </graph>
                </graphml>
                """;
        Path src = Path.of("cut.graphml");
        int open = doc.indexOf("<!DOCTYPE") + "<!DOCTYPE".length(), close = doc.indexOf("] >") + 2;
        java.io.PrintStream realErr = System.err, realOut = System.out;
        java.io.ByteArrayOutputStream stray = new java.io.ByteArrayOutputStream();
        List<String> wrong = new java.util.ArrayList<>();
        try {
            System.setErr(new java.io.PrintStream(stray, true, java.nio.charset.StandardCharsets.UTF_8));
            System.setOut(new java.io.PrintStream(stray, true, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(2, GraphMLReader.read(src, doc.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                    GraphMLReader.Options.defaults()).network().nodeCount());
            for (int k = 1; k < doc.strip().length(); k++) {
                String cut = doc.substring(0, k);
                boolean inside = k >= open && k <= close;
                if (GraphMLReader.endsInsideDoctype(cut) != inside) wrong.add("cut at " + k + ": endsInsideDoctype " + !inside);
                int before = stray.size();
                try {
                    GraphMLReader.read(src, cut.getBytes(java.nio.charset.StandardCharsets.UTF_8), GraphMLReader.Options.defaults());
                    wrong.add("cut at " + k + ": read without error");
                } catch (DdamInputException e) {
                    if (e.getMessage().contains("\n")) wrong.add("cut at " + k + ": two-line message");
                }
                if (stray.size() != before) {
                    wrong.add("cut at " + k + ": printed " + stray.toString(java.nio.charset.StandardCharsets.UTF_8).substring(before).strip());
                }
            }
        } finally {
            System.setErr(realErr);
            System.setOut(realOut);
        }
        assertTrue(wrong.isEmpty(), () -> wrong.size() + " bad cuts, e.g. " + wrong.subList(0, Math.min(5, wrong.size())));
    }
}
