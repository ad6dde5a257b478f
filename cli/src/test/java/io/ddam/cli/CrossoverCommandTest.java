package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.SyntheticStream;
import io.ddam.experiments.crossover.Crossover;
import io.ddam.experiments.run.Simulation;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.graph.Instance;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.io.InstanceFiles;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeMetrics;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ddam crossover}: T* against series run separately and crossed by hand, the fair-time conversion
 * by hand on path3, map cells against single runs, and bad input.
 */
class CrossoverCommandTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PATH3 = "../instances/path3.json";

    @TempDir
    Path dir;

    private static JsonNode json(String... args) throws Exception {
        String[] a = java.util.stream.Stream.concat(java.util.Arrays.stream(args), java.util.stream.Stream.of("--format", "json"))
                .toArray(String[]::new);
        Cli.Result r = Cli.run(a);
        assertEquals(0, r.exit(), String.join(" ", a) + "\n" + r.err());
        return MAPPER.readTree(r.out());
    }

    private static JsonNode series(JsonNode root, String protocol) {
        for (JsonNode s : root.get("series")) if (s.get("protocol").asText().equals(protocol)) return s;
        throw new AssertionError("no series " + protocol + " in " + root);
    }

    /**
     * The command's T* equals T* found by hand from C-DOGD and DDAM-TOGD run separately at every
     * checkpoint horizon (a fresh run of horizon h each, constant η): on path3 with η = 0.1 the aggregate
     * series crosses and the unicast one does not (so both branches are checked).
     */
    @Test
    void tStarEqualsTheCrossingOfSeparateRuns() throws Exception {
        JsonNode root = json("crossover", PATH3, "--horizon", "2000", "--eta", "0.1", "--rho", "0", "--designers", "spt",
                "--per-decade", "5", "--no-plot", "--threads", "1");
        int[] hs = MAPPER.convertValue(root.get("checkpoints"), int[].class);
        assertEquals(10, hs[0]);
        assertEquals(2000, hs[hs.length - 1]);
        Instance inst = InstanceFiles.read(Path.of(PATH3));
        Network g = inst.network();
        InterestMatrix w = inst.interest().orElseThrow();
        TreeMetrics spt = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        Map<String, TreeMetrics> trees = new LinkedHashMap<>();
        trees.put("ddam-spt", spt.withTransport(Transport.UNICAST));
        trees.put("ddam-spt-agg", spt.withTransport(Transport.AGGREGATE));
        List<String> names = List.of("cdogd", "ddam-spt", "ddam-spt-agg");
        double[][] sep = new double[names.size()][hs.length];
        for (int i = 0; i < hs.length; i++) {
            SyntheticStream data = new SyntheticStream(3, hs[i], 4, 3, 0.0, 1);
            List<Simulation.Row> rows = Simulation.run(new Simulation.Config(g, w, data, new DeltaNetCost(4, 3), Projection.ball(50), names,
                    hs[i], "0.1", FairTime.PAPER, 1, false, trees, null));
            for (int p = 0; p < names.size(); p++) sep[p][i] = rows.get(p).staticRegretAverage();
        }
        int crossed = 0;
        for (int p = 0; p < names.size(); p++) {
            JsonNode s = series(root, names.get(p));
            double[] at = MAPPER.convertValue(s.get("staticPerStepAt"), double[].class);
            for (int i = 0; i < hs.length; i++) assertEquals(sep[p][i], at[i], 0.0, names.get(p) + " at link time " + hs[i]);
            if (p == 0) continue;
            // The crossing by hand: walk back from T_max while the DDAM-TOGD series is below C-DOGD's.
            Integer expected = null;
            for (int i = hs.length - 1; i >= 0; i--) {
                if (!(sep[p][i] < sep[0][i])) break;
                expected = hs[i];
            }
            if (expected == null) {
                assertTrue(s.get("tStar").isNull(), names.get(p));
                assertFalse(s.get("crossed").asBoolean());
            } else {
                assertEquals(expected.intValue(), s.get("tStar").asInt(), names.get(p));
                assertTrue(s.get("crossed").asBoolean());
                crossed++;
            }
        }
        assertEquals(1, crossed, "one of the two series crosses in this setting");
        assertTrue(series(root, "ddam-spt").get("tStar").isNull());
        assertEquals("ddam-spt-agg", root.get("winner").asText());
    }

    /**
     * Fair time on path3 (a–b–c, W dense): every root's spt tree crosses link a–b. Unicast: root a sends to b
     * and c (2 pairs), roots b and c each to a (1 pair each): 4 pairs, out and back = 8 messages, C_max = 8.
     * Aggregate: one message each way per tree edge, and each of the three trees uses a–b once: C_max = 6.
     * So by link time h DDAM-TOGD has made floor(h/8) (unicast) and floor(h/6) (aggregate) iterations, at
     * least 1; C-DOGD and OGD have made h.
     */
    @Test
    void fairTimeConversionByHand() throws Exception {
        JsonNode root = json("crossover", PATH3, "--horizon", "100", "--eta", "0.05", "--designers", "spt", "--per-decade", "4", "--no-plot");
        int[] hs = MAPPER.convertValue(root.get("checkpoints"), int[].class);
        assertEquals(List.of(10, 18, 32, 56, 100), java.util.Arrays.stream(hs).boxed().toList());
        assertEquals(8, series(root, "ddam-spt").get("cMax").asInt());
        assertEquals(6, series(root, "ddam-spt-agg").get("cMax").asInt());
        int[] uni = MAPPER.convertValue(series(root, "ddam-spt").get("iterationsAt"), int[].class);
        int[] agg = MAPPER.convertValue(series(root, "ddam-spt-agg").get("iterationsAt"), int[].class);
        int[] cd = MAPPER.convertValue(series(root, "cdogd").get("iterationsAt"), int[].class);
        int[] og = MAPPER.convertValue(series(root, "ogd").get("iterationsAt"), int[].class);
        assertEquals(List.of(1, 2, 4, 7, 12), java.util.Arrays.stream(uni).boxed().toList());
        assertEquals(List.of(1, 3, 5, 9, 16), java.util.Arrays.stream(agg).boxed().toList());
        assertEquals(List.of(10, 18, 32, 56, 100), java.util.Arrays.stream(cd).boxed().toList());
        assertEquals(List.of(10, 18, 32, 56, 100), java.util.Arrays.stream(og).boxed().toList());
        // The ratio rule doubles DDAM-TOGD's iterations (2h / C_max); off gives it h.
        JsonNode ratio = json("crossover", PATH3, "--horizon", "100", "--eta", "0.05", "--designers", "spt", "--per-decade", "4",
                "--no-plot", "--fair-time", "ratio", "--transports", "unicast");
        assertEquals(List.of(2, 4, 8, 14, 25), java.util.Arrays.stream(
                MAPPER.convertValue(series(ratio, "ddam-spt").get("iterationsAt"), int[].class)).boxed().toList());
    }

    /**
     * The map runs on the sweep engine since issue 19; its cells are those the command gave before (a JSON
     * output saved from the build before the move, resources/crossover/): equal values, T* and winners.
     */
    @Test
    void theMapOnTheSweepEngineGivesTheNumbersOfBefore() throws Exception {
        JsonNode before = MAPPER.readTree(CrossoverCommandTest.class.getResource("/crossover/map-grid3x4-top2-before-move.json"));
        for (String threads : List.of("1", "2")) {
            JsonNode now = json("crossover", "--map", "../instances/grid3x4-top2.json", "--horizon", "2000", "--per-decade", "3",
                    "--rho", "0.5", "--top-k", "1,3", "--seeds", "2", "--no-plot", "--threads", threads);
            assertEquals(before.get("cells").size(), now.get("cells").size());
            for (int i = 0; i < now.get("cells").size(); i++) {
                JsonNode a = before.get("cells").get(i), b = now.get("cells").get(i);
                java.util.Iterator<String> names = a.fieldNames();
                while (names.hasNext()) {
                    String f = names.next();
                    if (f.equals("tStarGeoMean") && a.get(f).isNumber()) {
                        // exp(mean of logs): Math.exp and Math.log may differ in the last bit between JIT tiers
                        assertEquals(a.get(f).asDouble(), b.get(f).asDouble(), 1e-12 * a.get(f).asDouble(), f);
                    } else {
                        assertEquals(a.get(f), b.get(f), "cell " + i + " " + f);
                    }
                }
            }
        }
    }

    /** Each map cell (rho, y0) with seeds 1..2 is made of single runs with --rho, --y0 and --seed: T* and means agree. */
    @Test
    void mapCellsEqualSingleRuns() throws Exception {
        Path png = dir.resolve("map.png");
        String[] common = {"--horizon", "400", "--eta", "0.1", "--designers", "spt", "--per-decade", "5", "--threads", "2"};
        List<String> mapArgs = new ArrayList<>(List.of("crossover", "--map", PATH3, "--rho", "0,0.6", "--y0", "0.5,3", "--seeds", "2",
                "--plot", png.toString()));
        mapArgs.addAll(List.of(common));
        JsonNode map = json(mapArgs.toArray(String[]::new));
        assertEquals(2 * 2 * 3, map.get("cells").size()); // 4 cells x (cdogd, ddam-spt, ddam-spt-agg)
        List<List<String>> csv = CsvJsonFieldsTest.parseCsv(Files.readString(dir.resolve("map.csv")));
        List<String> header = csv.get(0);
        assertEquals(List.of("rho", "y0", "protocol", "designer", "transport", "seeds", "crossed", "t_star_geo_mean", "t_star_min",
                "t_star_max", "static_per_step_mean", "winner"), header);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        Map<String, JsonNode> singles = new LinkedHashMap<>();
        for (List<String> row : csv.subList(1, csv.size())) {
            String rho = row.get(0), y0 = row.get(1), protocol = row.get(2);
            double meanSum = 0, logSum = 0;
            int crossed = 0;
            String winnerBySum = null;
            double bestSum = Double.POSITIVE_INFINITY;
            Map<String, Double> sums = new LinkedHashMap<>();
            for (int seed = 1; seed <= 2; seed++) {
                String key = rho + "/" + y0 + "/" + seed;
                if (!singles.containsKey(key)) {
                    List<String> a = new ArrayList<>(List.of("crossover", PATH3, "--rho", rho, "--y0", y0, "--seed", Integer.toString(seed),
                            "--no-plot"));
                    a.addAll(List.of(common));
                    singles.put(key, json(a.toArray(String[]::new)));
                }
                JsonNode one = singles.get(key);
                JsonNode s = series(one, protocol);
                meanSum += s.get("staticPerStep").asDouble();
                if (!s.get("tStar").isNull()) {
                    crossed++;
                    logSum += Math.log(s.get("tStar").asInt());
                }
                for (JsonNode x : one.get("series")) {
                    if (!x.get("protocol").asText().equals("ogd")) sums.merge(x.get("protocol").asText(), x.get("staticPerStep").asDouble(), Double::sum);
                }
            }
            for (Map.Entry<String, Double> e : sums.entrySet()) {
                if (e.getValue() < bestSum) {
                    bestSum = e.getValue();
                    winnerBySum = e.getKey();
                }
            }
            String where = "cell rho " + rho + " y0 " + y0 + " " + protocol;
            assertEquals(meanSum / 2, Double.parseDouble(row.get(10)), 1e-12 * Math.abs(meanSum), where);
            assertEquals(winnerBySum, row.get(11), where);
            if (protocol.equals("cdogd")) {
                assertEquals("", row.get(6), where);
            } else {
                assertEquals(crossed, Integer.parseInt(row.get(6)), where);
                if (crossed == 0) assertEquals("", row.get(7), where);
                else assertEquals(Math.exp(logSum / crossed), Double.parseDouble(row.get(7)), 1e-9, where);
            }
        }
    }

    /** The default single run writes a PNG and the CSV of the curve beside it; T* is null or a checkpoint. */
    @Test
    void writesThePlotAndItsCsv() throws Exception {
        Path png = dir.resolve("sub/c.png");
        JsonNode root = json("crossover", PATH3, "--horizon", "300", "--eta", "adagrad", "--designers", "spt,joint-heuristic",
                "--plot", png.toString());
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(1100, img.getWidth());
        List<String> lines = Files.readAllLines(dir.resolve("sub/c.csv"));
        assertEquals("protocol,link_time,iterations,static_per_step", lines.get(0));
        int[] hs = MAPPER.convertValue(root.get("checkpoints"), int[].class);
        assertEquals(1 + root.get("series").size() * hs.length, lines.size());
        for (JsonNode s : root.get("series")) {
            if (s.get("tStar").isNull()) continue;
            int t = s.get("tStar").asInt();
            assertTrue(java.util.Arrays.stream(hs).anyMatch(h -> h == t), "T* is a checkpoint: " + t);
        }
        assertNull(series(root, "cdogd").get("designer").textValue());
    }

    @Test
    void badInputIsOneLineAndExitTwo() {
        String[][] bad = {
            {"crossover", PATH3, "--horizon", "-5"},
            {"crossover", PATH3, "--horizon", "100", "--designers", "nosuch"},
            {"crossover", "--map", PATH3, "--horizon", "100", "--seeds", "0"},
            {"crossover", "--map", PATH3, "--horizon", "100", "--rho", ""},
            {"crossover", PATH3, "--horizon", "100", "--rho", "0,1"},
            {"crossover", PATH3, "--horizon", "100", "--rho", "2"},
            {"crossover", PATH3, "--horizon", "100", "--eta", "tuned"},
            {"crossover", PATH3, "--horizon", "100", "--eta", "-1"},
            {"crossover", PATH3, "--horizon", "100", "--y0", "1", "--top-k", "1"},
            {"crossover", PATH3, "--horizon", "100", "--transports", "carrier-pigeon"},
            {"crossover", "../instances/nosuch.json"},
        };
        for (String[] a : bad) {
            Cli.Result r = Cli.run(a);
            String what = String.join(" ", a);
            assertEquals(2, r.exit(), what + "\n" + r.err());
            assertEquals(1, r.errLines().length, what + "\n" + r.err());
            assertTrue(r.errLines()[0].startsWith("error: "), what + "\n" + r.err());
        }
        Cli.Result r = Cli.run("crossover", PATH3, "--horizon", "100", "--designers", "nosuch");
        assertTrue(r.err().contains("nosuch"), r.err());
    }

    @Test
    void crossoverHelperFindsTheLastRunBelow() {
        int[] hs = {10, 20, 30, 40};
        assertEquals(30, Crossover.crossover(hs, new double[] {1, 5, 1, 1}, new double[] {2, 2, 2, 2}));
        assertNull(Crossover.crossover(hs, new double[] {1, 1, 1, 3}, new double[] {2, 2, 2, 2}));
        assertEquals(10, Crossover.crossover(hs, new double[] {1, 1, 1, 1}, new double[] {2, 2, 2, 2}));
        assertNull(Crossover.crossover(hs, new double[] {1, 1, 1, 2}, new double[] {2, 2, 2, 2})); // equal is not below
        assertEquals(List.of(10, 32, 100, 316, 1000, 2500), java.util.Arrays.stream(Crossover.checkpoints(2500, 2)).boxed().toList());
    }

    private static Map<String, Object> cell(double rho, double y0, String protocol, String winner) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("rho", rho);
        o.put("y0", y0);
        o.put("protocol", protocol);
        o.put("winner", winner);
        return o;
    }

    /**
     * The winner panel shows a category: one colour per winning protocol, a legend naming each, and the heat
     * map's range colours exactly the legend's (value i = the i-th winner = the i-th colour), with XChart's
     * continuous colour bar hidden.
     */
    @Test
    void winnerPanelHasOneDistinctColourAndOneLegendEntryPerWinningProtocol() {
        List<String> all = List.of("cdogd", "ddam-spt", "ddam-spt-agg", "ddam-joint-heuristic", "ddam-joint-heuristic-agg");
        List<Map<String, Object>> cells = new ArrayList<>();
        // Two cells: cdogd wins (0, 10), ddam-spt-agg wins (0, 0.05); every protocol has a row in each cell.
        for (String p : all) cells.add(cell(0, 10, p, "cdogd"));
        for (String p : all) cells.add(cell(0, 0.05, p, "ddam-spt-agg"));
        List<CrossoverCommand.WinnerColour> key = CrossoverCommand.winnerKey(all, cells);
        assertEquals(List.of("cdogd", "ddam-spt-agg"), key.stream().map(CrossoverCommand.WinnerColour::protocol).toList(),
                "the winners only, in the table's order");
        assertEquals(io.ddam.cli.plot.LinePlot.colorOf("cdogd"), key.get(0).color(), "cdogd keeps its red");
        assertFalse(key.get(0).color().equals(key.get(1).color()));
        assertEquals(List.of("0  cdogd", "1  ddam-spt-agg"), CrossoverCommand.winnerLegend(key));

        org.knowm.xchart.HeatMapChart chart = CrossoverCommand.winnerChart(key, List.of("0"), List.of("0.05", "10"),
                List.of(new Number[] {0, 0, 1}, new Number[] {0, 1, 0}), "y0", 500);
        var st = chart.getStyler();
        assertFalse(st.isLegendVisible(), "no continuous colour bar for a category");
        assertEquals(List.of(key.get(0).color(), key.get(1).color()), List.of(st.getRangeColors()));
        var series = chart.getSeriesMap().get("winner");
        assertEquals(0, series.getMin());
        assertEquals(1, series.getMax());

        // One winner: its colour at both ends of the range, so every cell has it.
        List<CrossoverCommand.WinnerColour> one = CrossoverCommand.winnerKey(all, List.of(cell(0, 1, "cdogd", "ddam-spt")));
        assertEquals(1, one.size());
        org.knowm.xchart.HeatMapChart c1 = CrossoverCommand.winnerChart(one, List.of("0"), List.of("1"),
                List.<Number[]>of(new Number[] {0, 0, 0}), "y0", 500);
        assertEquals(List.of(one.get(0).color(), one.get(0).color()), List.of(c1.getStyler().getRangeColors()));
    }

    @Test
    void winnerColoursStayDistinctWithMoreSeriesThanPaletteColours() {
        List<String> all = new ArrayList<>(List.of("cdogd"));
        for (int i = 0; i < 15; i++) all.add("ddam-s" + i);
        List<Map<String, Object>> cells = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) cells.add(cell(i, 1, all.get(i), all.get(i)));
        List<CrossoverCommand.WinnerColour> key = CrossoverCommand.winnerKey(all, cells);
        assertEquals(all, key.stream().map(CrossoverCommand.WinnerColour::protocol).toList());
        assertEquals(all.size(), key.stream().map(CrossoverCommand.WinnerColour::color).distinct().count(), "one colour per winner");
        // A protocol's colour depends on its place in the series, not on which others happen to win.
        List<CrossoverCommand.WinnerColour> some = CrossoverCommand.winnerKey(all.subList(0, 5), cells.subList(3, 5));
        assertEquals(List.of(key.get(3), key.get(4)), some);
    }
}
