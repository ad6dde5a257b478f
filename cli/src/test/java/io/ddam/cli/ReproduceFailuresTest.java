package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.SyntheticStream;
import io.ddam.experiments.run.Simulation;
import io.ddam.experiments.figures.PaperNetworks;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.TreeMetrics;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ddam reproduce failures} in a tiny version (synthetic20, T = 400, p ∈ {0, 0.03}, 2 seeds,
 * joint-heuristic trees), checked against computations made here: the p = 0 rows equal a plain run without
 * failures bitwise (built here from the documented settings), OGD is the same at every rate, the partitioned
 * steps are those of the documented schedule counted here by breadth-first search, trees left as designed keep
 * ⌊T/C_max⌋ iterations, and every point is the mean, min and max of its runs.
 */
class ReproduceFailuresTest {
    private static final int T = 400;

    @TempDir
    Path dir;

    @Test
    void tinySweepAgreesWithIndependentComputations() throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("reproduce", "failures", "--quick", "--seeds", "2", "--horizon", Integer.toString(T), "--rates", "0,0.03",
                "--out-dir", out.toString(), "--data-dir", dir.toString(), "--threads", "2");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Abilene skipped"), r.out());
        for (String f : List.of("failures.csv", "failures-runs.csv", "failures-summary.md", "failures-synthetic20.png",
                "failures-synthetic20-nmse.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        byte[] png = Files.readAllBytes(out.resolve("failures-synthetic20.png"));
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(png, 4));

        List<Map<String, String>> runs = csv(Files.readString(out.resolve("failures-runs.csv"), StandardCharsets.UTF_8));
        assertEquals(2 * 2 * (4 + 2), runs.size(), "rates x seeds x (4 protocols with repair + 2 without)");

        // p = 0: a plain run without failures, set up here from the documented settings, bitwise.
        Network g = PaperNetworks.synthetic20();
        InterestMatrix w = InterestGenerators.dirichlet(g.nodeCount(), 2, 10, 1001);
        Map<String, TreeMetrics> trees = new HashMap<>();
        trees.put("ddam-spt", Simulation.defaultTrees("ddam-spt", g, w));
        trees.put("ddam-joint-heuristic", Simulation.defaultTrees("ddam-joint-heuristic", g, w));
        List<String> protocols = List.of("ogd", "cdogd", "ddam-spt", "ddam-joint-heuristic");
        List<Simulation.Row> plain = Simulation.run(new Simulation.Config(g, w, new SyntheticStream(g.nodeCount(), T, 4, 3, 0.75, 1),
                MemoryCosts.byName("deltanet", 4, 3, null, null), Projection.ball(50), protocols, T, "0.1", FairTime.PAPER, 1, false,
                trees, null, 1));
        int zeroRows = 0;
        for (Map<String, String> run : runs) {
            if (Double.parseDouble(run.get("rate")) != 0) continue;
            Simulation.Row want = plain.get(protocols.indexOf(run.get("protocol")));
            assertEquals(want.staticRegretAverage(), Double.parseDouble(run.get("static_regret_avg")), 0.0, run.toString());
            assertEquals(want.selfNmse(), Double.parseDouble(run.get("self_nmse")), 0.0, run.toString());
            assertEquals(want.iterations(), Integer.parseInt(run.get("iterations")), run.toString());
            assertEquals("0", run.get("messages_lost"));
            zeroRows++;
        }
        assertEquals(2 * 6, zeroRows);

        double ogd = Double.NaN;
        long lostCdogd = 0;
        Map<String, Integer> fixedIterations = Map.of("ddam-spt", (int) Math.floor(T / trees.get("ddam-spt").cMax()),
                "ddam-joint-heuristic", (int) Math.floor(T / trees.get("ddam-joint-heuristic").cMax()));
        for (Map<String, String> run : runs) {
            double p = Double.parseDouble(run.get("rate"));
            if (run.get("protocol").equals("ogd")) {
                double v = Double.parseDouble(run.get("static_regret_avg"));
                if (Double.isNaN(ogd)) ogd = v;
                assertEquals(ogd, v, 0.0, "OGD sends nothing: the same regret at every rate");
            }
            if (p > 0) {
                // The schedule named in the row, replayed here; partitions counted by breadth-first search.
                LinkSchedule s = FailureSchedules.fromSpec(run.get("schedule"), g, Map.of(), T);
                assertEquals(run.get("schedule"), "indep:p=0.03,q=0.05,seed=" + run.get("seed"));
                assertEquals(partitionedSteps(g, s), Long.parseLong(run.get("partitioned_steps")), run.toString());
                if (run.get("protocol").equals("cdogd")) lostCdogd += Long.parseLong(run.get("messages_lost"));
                // With failures repaired, every DDAM-TOGD run repaired something.
                if (run.get("repair").equals("true")) assertTrue(Long.parseLong(run.get("repairs")) > 0, run.toString());
            }
            // Trees left as designed keep the fair-time count floor(T / C_max), failures or not.
            if (run.get("repair").equals("false")) {
                assertEquals(fixedIterations.get(run.get("protocol")), Integer.parseInt(run.get("iterations")), run.toString());
                assertEquals("", run.get("repairs"));
            }
            long sent = Long.parseLong(run.get("messages_sent")), lost = Long.parseLong(run.get("messages_lost"));
            assertEquals(sent == 0 ? 0.0 : (double) lost / sent, Double.parseDouble(run.get("lost_fraction")), 0.0, run.toString());
        }
        assertTrue(lostCdogd > 0, "failures at p = 0.03 lose C-DOGD messages");

        // Every point is the mean, min and max of its runs.
        List<Map<String, String>> points = csv(Files.readString(out.resolve("failures.csv"), StandardCharsets.UTF_8));
        assertEquals(2 * 6, points.size());
        for (Map<String, String> pt : points) {
            List<Double> v = new ArrayList<>();
            for (Map<String, String> run : runs) {
                if (run.get("series").equals(pt.get("series")) && run.get("rate").equals(pt.get("rate"))) {
                    v.add(Double.parseDouble(run.get("static_regret_avg")));
                }
            }
            assertEquals(2, v.size(), pt.toString());
            assertEquals((v.get(0) + v.get(1)) / 2, Double.parseDouble(pt.get("static_regret_avg_mean")), 0.0);
            assertEquals(Math.min(v.get(0), v.get(1)), Double.parseDouble(pt.get("static_regret_avg_min")), 0.0);
            assertEquals(Math.max(v.get(0), v.get(1)), Double.parseDouble(pt.get("static_regret_avg_max")), 0.0);
        }
    }

    /**
     * The points and runs are aggregated from the failure sweep's rows (not from in-memory runs) and are
     * unchanged by that move: {@code failures.csv} byte for byte, {@code failures-runs.csv} cell for cell
     * except {@code repair_seconds} (wall time), and the JSON points, against the files written before it
     * (resources/reproduce/failures-before/, by {@code ddam reproduce failures --quick --seeds 2 --horizon 300
     * --rates 0,0.03 --threads 2} at commit f543f25, with an empty data folder).
     */
    @Test
    void pointsAndRunsFromTheSweepRowsMatchThoseBeforeTheMove() throws Exception {
        Path out = dir.resolve("pinned");
        Cli.Result r = Cli.run("reproduce", "failures", "--quick", "--seeds", "2", "--horizon", "300", "--rates", "0,0.03",
                "--out-dir", out.toString(), "--data-dir", dir.toString(), "--threads", "2", "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertEquals(pinned("failures.csv"), Files.readString(out.resolve("failures.csv"), StandardCharsets.UTF_8));
        List<Map<String, String>> want = csv(pinned("failures-runs.csv")), got = csv(Files.readString(out.resolve("failures-runs.csv")));
        assertEquals(want.size(), got.size());
        assertEquals(pinned("failures-runs.csv").lines().findFirst(), Files.readString(out.resolve("failures-runs.csv")).lines().findFirst());
        for (int i = 0; i < want.size(); i++) {
            Map<String, String> a = new HashMap<>(want.get(i)), b = new HashMap<>(got.get(i));
            assertEquals(a.get("repair_seconds").isEmpty(), b.get("repair_seconds").isEmpty(), "row " + i);
            a.remove("repair_seconds");
            b.remove("repair_seconds");
            assertEquals(a, b, "row " + i);
        }
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode before = json.readTree(pinned("failures.json")), now = json.readTree(r.out());
        assertEquals(before.get("points"), now.get("points"));
        assertEquals(before.get("rates"), now.get("rates"));
        assertEquals(before.get("networks"), now.get("networks"));
    }

    private static String pinned(String file) throws java.io.IOException {
        try (var in = ReproduceFailuresTest.class.getResourceAsStream("/reproduce/failures-before/" + file)) {
            org.junit.jupiter.api.Assertions.assertNotNull(in, file);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void badOptionsAreOneLine() {
        Cli.Result a = Cli.run("reproduce", "failures", "fig3", "--out-dir", dir.toString());
        assertEquals(2, a.exit());
        assertEquals(1, a.errLines().length, a.err());
        assertTrue(a.err().startsWith("error: 'failures' runs alone"), a.err());
        Cli.Result b = Cli.run("reproduce", "failures", "--rates", "0,1.5", "--out-dir", dir.toString());
        assertEquals(2, b.exit());
        assertEquals(1, b.errLines().length, b.err());
        assertTrue(b.err().contains("outside [0, 1]"), b.err());
        Cli.Result c = Cli.run("reproduce", "fig3", "--rates", "0.1", "--out-dir", dir.toString());
        assertEquals(2, c.exit());
        assertTrue(c.err().contains("apply to 'reproduce failures' only"), c.err());
    }

    /** Steps 1..T at which the up links leave the graph disconnected. */
    private static long partitionedSteps(Network g, LinkSchedule s) {
        long count = 0;
        for (int t = 1; t <= T; t++) {
            boolean[] seen = new boolean[g.nodeCount()];
            java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>(List.of(0));
            seen[0] = true;
            int reached = 1;
            while (!q.isEmpty()) {
                int u = q.poll();
                for (int e = 0; e < g.edgeCount(); e++) {
                    if (s.isDown(e, t) || (g.edgeU(e) != u && g.edgeV(e) != u)) continue;
                    int v = g.edgeU(e) == u ? g.edgeV(e) : g.edgeU(e);
                    if (!seen[v]) { seen[v] = true; reached++; q.add(v); }
                }
            }
            if (reached < g.nodeCount()) count++;
        }
        return count;
    }

    /** A CSV without quoted commas except in the schedule column ("indep:p=..,q=..,seed=.."), as rows by header. */
    private static List<Map<String, String>> csv(String text) {
        List<String> lines = text.lines().toList();
        List<String> header = cells(lines.get(0));
        List<Map<String, String>> rows = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            List<String> c = cells(line);
            assertEquals(header.size(), c.size(), line);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.size(); i++) m.put(header.get(i), c.get(i));
            rows.add(m);
        }
        return rows;
    }

    private static List<String> cells(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char ch = line.charAt(i);
            if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { out.add(cur.toString()); cur.setLength(0); }
            else cur.append(ch);
        }
        out.add(cur.toString());
        return out;
    }
}
