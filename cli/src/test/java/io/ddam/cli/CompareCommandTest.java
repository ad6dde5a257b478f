package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ddam compare} end to end. Every figure is checked against another path through the code:
 * the designers against {@code ddam trees}, the protocols against {@code ddam simulate}, the plot's
 * CSV against the table. One compare run on synthetic20 is shared by the tests that only read it.
 */
class CompareCommandTest {
    static final String SYN20 = "../instances/synthetic20.json";
    static final int T = 600;

    @TempDir
    static Path shared;

    static JsonNode syn20;
    static Path png;
    static Path csv;

    @BeforeAll
    static void compareSynthetic20() throws Exception {
        png = shared.resolve("plots/syn20.png");
        Cli.Result r = Cli.run("compare", SYN20, "--horizon", Integer.toString(T), "--plot", png.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        syn20 = TreeCommandsTest.JSON.readTree(r.out());
        csv = shared.resolve("plots/syn20.csv");
        assertEquals(List.of("wrote " + png + " and " + csv), List.of(r.errLines()), "one line on stderr naming both files");
        assertEquals(png.toString(), syn20.get("plot").asText());
        assertEquals(csv.toString(), syn20.get("csv").asText());
    }

    @Test
    void designersTableMatchesTheTreesCommandAndStarReachesTheSptOptimum() throws Exception {
        JsonNode ds = syn20.get("designers");
        List<String> names = new ArrayList<>();
        for (JsonNode d : ds) names.add(d.get("designer").asText());
        assertEquals(List.of("star", "spt", "kmb", "mehlhorn", "joint", "joint", "joint-heuristic", "joint-heuristic"), names);
        for (JsonNode d : ds) {
            String name = d.get("designer").asText();
            String transport = d.get("transport").asText();
            JsonNode totals = TreeCommandsTest.json("trees", SYN20, "--designer", name, "--transport", transport, "--format", "json")
                    .get("totals");
            for (String field : List.of("tauSum", "cMax", "maxDepth", "busiestEdge", "loads")) {
                if (field.equals("loads")) {
                    for (String t : List.of("unicast", "aggregate")) {
                        assertEquals(totals.get("loads").get(t).get("cMax"), d.get("loads").get(t).get("cMax"), name + " " + t);
                        // The fair-time iterations in the table are floor(T / C_max) of that transport.
                        assertEquals(T / d.get("loads").get(t).get("cMax").asLong(), d.get("loads").get(t).get("iterations").asLong(), name + " " + t);
                    }
                } else {
                    assertEquals(totals.get(field), d.get(field), name + " " + transport + " " + field);
                }
            }
            assertEquals(totals.get("cost").asDouble(), d.get("cost").asDouble(), 0.0, name);
        }
        // Joint trees at delay slack 0: the shortest-path delay sum, and a C_max no higher than spt's for their transport.
        for (int i = 4; i < 8; i++) {
            JsonNode j = ds.get(i);
            String t = j.get("transport").asText();
            assertEquals(ds.get(1).get("tauSum").asLong(), j.get("tauSum").asLong(), j.toString());
            assertTrue(j.get("loads").get(t).get("cMax").asDouble() <= ds.get(1).get("loads").get(t).get("cMax").asDouble(), j.toString());
            assertTrue(j.get("joint").get("bound").asDouble() <= j.get("loads").get(t).get("cMax").asDouble() + 1e-9, j.toString());
        }
        assertEquals("optimal", ds.get(4).get("status").asText());
        // Every (E-1) optimum realises all graph distances, so the MILP's delay sum is the shortest-path tree's.
        assertEquals(ds.get(1).get("tauSum").asLong(), ds.get(0).get("tauSum").asLong());
        assertEquals("optimal", ds.get(0).get("status").asText());
        assertEquals("scip", ds.get(0).get("solver").asText());
        assertTrue(ds.get(1).get("solver").isNull());
        assertEquals("approximate", ds.get(2).get("status").asText());
    }

    @Test
    void protocolsAreExactlyWhatSimulateGivesOverTheSameTrees() throws Exception {
        // compare's star trees start SCIP from the shortest-path tree (as 'ddam trees' does); SCIP keeps its
        // link loads, so simulate over spt trees is the same run: same delays, same C_max, same iterations.
        JsonNode sim = TreeCommandsTest.json("simulate", SYN20, "--horizon", Integer.toString(T), "--protocols", CompareCommand.PROTOCOLS,
                "--format", "json");
        assertSameProtocols(sim.get("protocols"), syn20.get("protocols"));
        Map<String, String> trees = new HashMap<>();
        for (JsonNode p : syn20.get("protocols")) trees.put(p.get("protocol").asText(), p.get("trees").isNull() ? "-" : p.get("trees").asText());
        assertEquals(Map.of("ogd", "-", "cdogd", "-", "local", "-", "ddam-st", "kmb", "ddam-star", "star",
                "ddam-joint", "joint/unicast", "ddam-joint-agg", "joint/aggregate"), trees);
        // The fair-time iterations follow the C_max of the designers table, for each protocol's transport.
        long starCMax = syn20.get("designers").get(0).get("cMax").asLong();
        long kmbCMax = syn20.get("designers").get(2).get("cMax").asLong();
        long jointCMax = syn20.get("designers").get(4).get("loads").get("unicast").get("cMax").asLong();
        long jointAggCMax = syn20.get("designers").get(5).get("loads").get("aggregate").get("cMax").asLong();
        for (JsonNode p : syn20.get("protocols")) {
            String name = p.get("protocol").asText();
            long expected = switch (name) {
                case "ddam-star" -> T / starCMax;
                case "ddam-st" -> T / kmbCMax;
                case "ddam-joint" -> T / jointCMax;
                case "ddam-joint-agg" -> T / jointAggCMax;
                default -> T;
            };
            assertEquals(expected, p.get("iterations").asLong(), name);
        }
        // Same trees' iterates under both transports: ddam-star over spt trees, unicast and aggregate, differ only in J.
        assertTrue(jointCMax < starCMax && jointAggCMax < jointCMax, "joint trees and aggregation both cut C_max on synthetic20");
    }

    @Test
    void withoutAStartSolutionDdamStarIsSimulateOverItsMilpTrees() throws Exception {
        // simulate --star-trees star solves (E-1) from scratch; so does compare with --no-start. The trees can
        // differ from the shortest-path ones in link load (on synthetic20 C_max 96 instead of 106).
        JsonNode sim = TreeCommandsTest.json("simulate", "../instances/waxman12.json", "--horizon", "400", "--star-trees", "star",
                "--protocols", "ddam-star,ogd", "--format", "json");
        JsonNode cmp = TreeCommandsTest.json("compare", "../instances/waxman12.json", "--horizon", "400", "--no-start",
                "--designers", "star", "--protocols", "ddam-star,ogd", "--no-plot", "--format", "json");
        assertSameProtocols(sim.get("protocols"), cmp.get("protocols"));
        assertEquals(cmp.get("designers").get(0).get("cMax").asLong(), cmp.get("protocols").get(0).get("cMax").asLong());
    }

    @Test
    void withoutStarDdamStarRunsOverSptTreesAsSimulateDoesByDefault() throws Exception {
        String[] common = {"--horizon", "300", "--fair-time", "ratio", "--rho", "0.5", "--seed", "3", "--format", "json",
                "--protocols", "ogd,cdogd,local,ddam-st,ddam-star"};
        JsonNode cmp = TreeCommandsTest.json(concat(new String[] {"compare", SYN20, "--designers", "spt,kmb", "--no-plot"}, common));
        JsonNode sim = TreeCommandsTest.json(concat(new String[] {"simulate", SYN20}, common));
        assertSameProtocols(sim.get("protocols"), cmp.get("protocols"));
        assertEquals("spt", cmp.get("protocols").get(4).get("trees").asText());
        assertTrue(cmp.get("plot").isNull() && cmp.get("csv").isNull());
    }

    private static void assertSameProtocols(JsonNode expected, JsonNode actual) {
        assertEquals(expected.size(), actual.size());
        for (int i = 0; i < expected.size(); i++) {
            JsonNode e = expected.get(i), a = actual.get(i);
            String name = e.get("protocol").asText();
            assertEquals(name, a.get("protocol").asText());
            for (String f : List.of("iterations", "cMax", "loss", "staticRegret", "staticRegretPerStep", "dynamicRegret",
                    "selfNmse", "crossNmse", "staticBound", "eta")) {
                assertEquals(e.get(f), a.get(f), name + " " + f);
            }
            double perStep = a.get("staticBoundPerStep").isNull() ? Double.NaN : a.get("staticBoundPerStep").asDouble();
            double bound = e.get("staticBound").isNull() ? Double.NaN : e.get("staticBound").asDouble() / e.get("iterations").asDouble();
            if (Double.isNaN(bound)) assertTrue(Double.isNaN(perStep), name + " has no bound");
            else assertEquals(bound, perStep, Math.abs(bound) * 1e-15, name + " bound per step");
        }
    }

    @Test
    void plotCsvHasOneRowPerIterationEndingAtTheTablesRegretAndAtT() throws Exception {
        List<String> lines = Files.readAllLines(csv);
        assertEquals("protocol,t,x,static_regret_avg", lines.get(0));
        Map<String, List<String[]>> by = new HashMap<>();
        for (String l : lines.subList(1, lines.size())) by.computeIfAbsent(l.split(",")[0], k -> new ArrayList<>()).add(l.split(","));
        assertEquals(7, by.size());
        for (JsonNode p : syn20.get("protocols")) {
            String name = p.get("protocol").asText();
            int j = p.get("iterations").asInt();
            List<String[]> rows = by.get(name);
            assertEquals(j, rows.size(), name);
            for (int t = 1; t <= j; t++) {
                assertEquals(t, Integer.parseInt(rows.get(t - 1)[1]), name);
                // DDAM's j-th of J iterations sits at j*T/J on the shared link-time axis (written with 6 decimals).
                assertEquals((double) t * T / j, Double.parseDouble(rows.get(t - 1)[2]), 1e-6, name + " x at " + t);
            }
            String[] last = rows.get(j - 1);
            assertEquals(Integer.toString(T), last[2], name + ": the last iteration sits exactly at T");
            double table = p.get("staticRegretPerStep").asDouble();
            assertEquals(table, Double.parseDouble(last[3]), Math.abs(table) * 1e-12, name);
        }
    }

    @Test
    void plotIsAThousandBySixHundredPng() throws Exception {
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img, "ImageIO decodes the PNG");
        assertEquals(1000, img.getWidth());
        assertEquals(600, img.getHeight());
        try (Stream<Path> files = Files.list(png.getParent())) {
            assertEquals(List.of("syn20.csv", "syn20.png"), files.map(f -> f.getFileName().toString()).sorted().toList(),
                    "no temporary file left");
        }
    }

    @Test
    void smallInstancesRunEndToEndAsTables(@TempDir Path dir) throws Exception {
        for (String f : List.of("path3", "grid3x4-top2")) {
            Path plot = dir.resolve(f + ".png");
            Cli.Result r = Cli.run("compare", "../instances/" + f + ".json", "--horizon", "200", "--plot", plot.toString());
            assertEquals(0, r.exit(), r.err());
            List<String> out = r.out().lines().toList();
            assertTrue(out.get(0).startsWith("instance " + f + " ("), out.get(0));
            assertTrue(out.get(2).startsWith("designer") && out.get(2).contains("tau_sum"), r.out());
            assertEquals(4, out.stream().filter(l -> l.matches("(star|spt|kmb|mehlhorn) .*")).count(), r.out());
            assertTrue(out.stream().anyMatch(l -> l.startsWith("instance " + f) && l.contains("fair-time paper")), r.out());
            assertEquals(5, out.stream().filter(l -> l.matches("(ogd|cdogd|local|ddam-st|ddam-star) .*")).count(), r.out());
            assertTrue(Files.size(plot) > 1000 && Files.isRegularFile(dir.resolve(f + ".csv")), f);
        }
    }

    /** One CSV table on standard output (issue 12): both kinds of row, told apart by the first column. */
    @Test
    void csvFormatPrintsOneTableWithATableColumn() throws Exception {
        Cli.Result r = Cli.run("compare", "../instances/path3.json", "--horizon", "50", "--no-plot", "--designers", "spt,kmb",
                "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("\n\n"), "no blank line: one table\n" + r.out());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).startsWith("table,designer,transport,solver,tau_sum,max_depth,c_max,loads_unicast_c_max,"), lines.get(0));
        assertTrue(lines.get(0).contains(",protocol,trees,iterations,"), lines.get(0));
        List<List<String>> rows = CsvJsonFieldsTest.parseCsv(r.out());
        for (List<String> row : rows) assertEquals(rows.get(0).size(), row.size(), row.toString());
        assertEquals(2, lines.stream().filter(l -> l.startsWith("designers,")).count(), r.out());
        assertEquals(7, lines.stream().filter(l -> l.startsWith("protocols,")).count(), r.out());
        assertEquals(10, lines.size(), r.out());
        assertEquals("", r.err(), "no plot, nothing on stderr");
    }

    @Test
    void noPlotWritesNothing(@TempDir Path dir) throws Exception {
        Path cwdDefault = Path.of("compare-path3.png");
        Files.deleteIfExists(cwdDefault);
        Cli.Result r = Cli.run("compare", "../instances/path3.json", "--horizon", "50", "--no-plot", "--designers", "spt",
                "--out", dir.resolve("result.txt").toString());
        assertEquals(0, r.exit(), r.err());
        assertFalse(Files.exists(cwdDefault));
        assertFalse(Files.exists(Path.of("compare-path3.csv")));
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("result.txt"), files.map(f -> f.getFileName().toString()).toList());
        }
    }

    @Test
    void badInputIsOneLineExitTwoAndLeavesNoFiles(@TempDir Path dir) throws Exception {
        Path blocker = dir.resolve("file.txt");
        Files.writeString(blocker, "not a folder");
        Cli.Result r = Cli.run("compare", "../instances/path3.json", "--horizon", "50", "--plot", blocker.resolve("p.png").toString());
        assertEquals(Main.BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("error: " + blocker.resolve("p.png") + ": cannot write"), r.err());
        assertEquals("", r.out());
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("file.txt"), files.map(f -> f.getFileName().toString()).toList());
        }

        r = Cli.run("compare", "../instances/path3.json", "--plot", dir.resolve("plot.svg").toString());
        assertEquals(Main.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("must name a .png file"), r.err());

        r = Cli.run("compare", "no/such.json");
        assertEquals(Main.BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("error: no/such.json"), r.err());

        r = Cli.run("compare", "../instances/path3.json", "--designers", "spt,magic", "--no-plot");
        assertEquals(Main.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("unknown designer 'magic'"), r.err());
    }

    @Test
    void aFailedSecondWriteRemovesTheFirstFile(@TempDir Path dir) throws Exception {
        // A non-empty folder where the PNG should go: the move onto it fails after the CSV is in place.
        Path png = dir.resolve("p.png");
        Files.createDirectories(png.resolve("inside"));
        Path csv = dir.resolve("p.csv");
        assertThrows(DdamInputException.class, () -> CompareCommand.writeTogether(csv, new byte[] {1}, png, new byte[] {2}));
        assertFalse(Files.exists(csv), "no CSV without its PNG");
        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of("p.png"), files.map(f -> f.getFileName().toString()).toList(), "no temporary file left");
        }
    }

    @Test
    void compareDefaultsToThePapersHorizonWhileSimulateKeepsItsOwn() {
        assertTrue(Cli.run("compare", "--help").out().contains("Iterations T (default: 2500)"));
        assertTrue(Cli.run("simulate", "--help").out().contains("Iterations T (default: 500)"));
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
