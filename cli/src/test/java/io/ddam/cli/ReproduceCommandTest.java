package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.experiments.figures.Experiment;
import io.ddam.experiments.figures.Experiments;
import io.ddam.experiments.figures.Figure;
import io.ddam.experiments.figures.FigureResult;
import io.ddam.experiments.figures.FigureRunner;
import io.ddam.experiments.figures.Findings;
import io.ddam.experiments.figures.Point;
import io.ddam.solver.TestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddam reproduce}: input errors, the oracle against {@code ddam simulate}, thread determinism, real traffic data. */
class ReproduceCommandTest {
    static final Experiments.Options QUICK = new Experiments.Options(true, 2, "theory", null);

    static void assertRejected(Path out, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.errLines()[0].startsWith("error: "), r.err());
        assertFalse(Files.exists(out), "nothing may be written on bad input");
    }

    @Test
    void badInputIsOneLineAndWritesNothing(@TempDir Path dir) {
        Path out = dir.resolve("out");
        assertRejected(out, "reproduce", "fig6", "--out-dir", out.toString());
        assertRejected(out, "reproduce", "fig3", "--seeds", "0", "--out-dir", out.toString());
        assertRejected(out, "reproduce", "fig3", "--seeds", "many", "--out-dir", out.toString());
        assertRejected(out, "reproduce", "fig3", "--eta", "fast", "--out-dir", out.toString());
        assertRejected(out, "reproduce", "fig9", "--time-zone", "Mars/Olympus", "--out-dir", out.toString());
        Cli.Result r = Cli.run("reproduce", "fig9", "--traffic", dir.resolve("missing.csv").toString(), "--out-dir", out.toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.errLines()[0].contains("missing.csv") && r.errLines()[0].contains("no such file"), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void anOutputFolderThatCannotBeMadeIsRejectedBeforeAnyRun(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Cli.Result r = Cli.run("reproduce", "all", "--out-dir", file.resolve("sub").toString());
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().contains("cannot write"), r.err());
        Cli.Result onFile = Cli.run("reproduce", "all", "--out-dir", file.toString());
        assertEquals(2, onFile.exit(), onFile.err());
        assertTrue(onFile.err().contains("exists and is not a folder"), onFile.err());
    }

    @Test
    void helpListsTheFiguresAndTheDecisions() {
        Cli.Result r = Cli.run("reproduce", "--help");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("Usage: ddam reproduce "), r.out());
        for (String s : List.of("fig3", "fig9", "--quick", "--seeds", "--traffic", "seed 1000+s", "floor(T/C_max)", "stand-in (not real data)")) {
            assertTrue(r.out().contains(s), s + " in " + r.out());
        }
        Cli.Result list = Cli.run("--help");
        assertTrue(list.out().matches("(?s).*\\n  reproduce +Re-run the paper's Figs\\. 3-9: PNG, CSV and a findings summary\\.\\n.*"), list.out());
    }

    @Test
    void anUnreadableTrafficFileIsAnInputError(@TempDir Path dir) throws Exception {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "square_id,time_interval,internet_total\n1,notatime,3\n2,0,1\n");
        Path out = dir.resolve("out");
        assertRejected(out, "reproduce", "fig8", "--traffic", bad.toString(), "--out-dir", out.toString());
    }

    @Test
    void aRunEqualsDdamSimulateWithTheSameSettings(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("reproduce", "fig3", "--quick", "--seeds", "1", "--eta", "theory", "--threads", "2", "--out-dir", out.toString(),
                "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode result = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.out());
        assertEquals("fig3", result.get("figures").get(0).asText());
        assertEquals(out.toString(), result.get("out").asText());
        List<String> files = new java.util.ArrayList<>();
        result.get("files").forEach(f -> files.add(f.asText()));
        assertEquals(List.of("fig3-runs.csv", "fig3.csv", "fig3.png", "summary.md"), files);
        for (String f : files) assertTrue(Files.isRegularFile(out.resolve(f)), f);
        boolean plateau = false;
        for (JsonNode f : result.get("findings")) {
            assertTrue(f.get("figure").asText().startsWith("fig3"), f.toString());   // fig3, or fig3-5 for shared findings
            assertTrue(f.hasNonNull("verdict") && f.hasNonNull("evidence"), f.toString());
            plateau |= f.get("finding").asText().contains("plateaus");
        }
        assertTrue(plateau, r.out());
        Map<String, Map<String, String>> rows = new HashMap<>(); // "protocol/rule" at T = 500
        List<String> lines = Files.readAllLines(out.resolve("fig3-runs.csv"));
        String[] header = lines.get(0).split(",");
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",", -1);
            Map<String, String> m = new HashMap<>();
            for (int i = 0; i < header.length; i++) m.put(header[i], c[i]);
            if (m.get("horizon").equals("500")) rows.put(m.get("protocol") + "/" + m.get("fair_time"), m);
        }
        assertEquals(8, rows.size(), rows.keySet().toString());
        for (String rule : List.of("paper", "off")) {
            // The figure's ddam-joint-agg is simulate's ddam-joint-heuristic-agg: joint-heuristic trees designed for aggregation.
            JsonNode sim = TreeCommandsTest.json("simulate", "../instances/synthetic20.json", "--interest", "dirichlet:y0=2,y1=10,seed=1001",
                    "--seed", "1", "--horizon", "500", "--rho", "0.75", "--fair-time", rule, "--format", "json",
                    "--protocols", "ogd,cdogd,local,ddam-st,ddam-star,ddam-joint-heuristic-agg");
            for (JsonNode p : sim.get("protocols")) {
                String name = p.get("protocol").asText().replace("ddam-joint-heuristic-agg", "ddam-joint-agg");
                Map<String, String> row = rows.get(name + "/" + rule);
                if (row == null) continue; // ogd, cdogd and local run only under the paper's rule in the figure
                assertEquals(p.get("iterations").asInt(), Integer.parseInt(row.get("iterations")), name);
                assertEquals(p.get("cMax").asLong(), Long.parseLong(row.get("c_max")), name);
                close(p.get("staticRegretPerStep").asDouble(), row.get("static_regret_avg"), name);
                close(p.get("dynamicRegretPerStep").asDouble(), row.get("dynamic_regret_avg_w1"), name);
                close(p.get("pathLength").asDouble(), row.get("path_length_w1"), name);
                close(p.get("selfNmse").asDouble(), row.get("self_nmse"), name);
                close(p.get("crossNmse").asDouble(), row.get("cross_nmse"), name);
                close(p.get("loss").asDouble() / p.get("iterations").asInt(), row.get("loss_avg"), name);
            }
        }
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("C-DOGD's time-average static regret falls, then plateaus"), summary);
        assertNotNull(ImageIO.read(out.resolve("fig3.png").toFile()));
        assertTrue(Files.readString(out.resolve("fig3.csv")).startsWith("x,series,mean,min,max,seeds\n100.0,ogd,"));
    }

    static void close(double expected, String actual, String what) {
        assertEquals(expected, Double.parseDouble(actual), 1e-12 * Math.max(1, Math.abs(expected)), what);
    }

    /**
     * The move onto the sweep engine changed no number: Figs. 7 and 9 in quick mode (tuned step sizes, traffic
     * stand-in) give byte for byte the CSVs saved from the build before the move (resources/reproduce/before-move/,
     * written by {@code ddam reproduce fig7 fig9 --quick --threads 2} at commit cc23f94).
     */
    @Test
    void figuresAreByteIdenticalToThoseBeforeTheMoveOntoTheSweepEngine(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("reproduce", "fig7", "fig9", "--quick", "--threads", "1", "--out-dir", out.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        for (String f : List.of("fig7-runs.csv", "fig7-tuning.csv", "fig7.csv", "fig9-runs.csv", "fig9-tuning.csv", "fig9.csv")) {
            byte[] before;
            try (var in = ReproduceCommandTest.class.getResourceAsStream("/reproduce/before-move/" + f)) {
                assertNotNull(in, f);
                before = in.readAllBytes();
            }
            assertEquals(new String(before, java.nio.charset.StandardCharsets.UTF_8), Files.readString(out.resolve(f)), f);
        }
    }

    @Test
    void csvsAreByteIdenticalForOneAndTwoThreads() {
        List<Experiment> es = new ArrayList<>();
        es.add(Experiments.of(Figure.FIG3, QUICK).withPoints(List.of(new Point(30, 30, 0.75, 2, 10), new Point(70, 70, 0.75, 2, 10))));
        es.add(Experiments.of(Figure.FIG8, QUICK).withPoints(List.of(new Point(20, 20, 0, 0.1, 100), new Point(40, 40, 0, 0.1, 100))));
        List<FigureResult> one = FigureRunner.run(es, 1, null), two = FigureRunner.run(es, 2, null);
        for (int i = 0; i < es.size(); i++) {
            assertEquals(ReproduceOutput.runsCsv(one.get(i)), ReproduceOutput.runsCsv(two.get(i)));
            assertEquals(ReproduceOutput.aggregatesCsv(one.get(i)), ReproduceOutput.aggregatesCsv(two.get(i)));
        }
        String a = ReproduceOutput.summary(one, Findings.evaluate(one), Experiments.commonDecisions(QUICK), "x", 1, 1);
        String b = ReproduceOutput.summary(two, Findings.evaluate(two), Experiments.commonDecisions(QUICK), "x", 1, 1);
        assertEquals(a, b);
        // the stand-in says so on the plot and in the summary
        assertTrue(ReproduceOutput.notes(one.get(1)).get(0).contains("SYNTHETIC STAND-IN (not real data)"));
        assertTrue(a.contains("synthetic stand-in for the traffic data (not real data)"), a);
        assertTrue(ReproduceOutput.aggregatesCsv(one.get(1)).contains("ogd D-Reg/T (Ω=1)"), "fig8's CSV carries the Ω = 1 regret");
    }

    @Test
    void tunedCsvsAreByteIdenticalForOneAndTwoThreads() {
        Experiments.Options tuned = new Experiments.Options(true, 2, null, null);
        List<Experiment> es = new ArrayList<>();
        es.add(Experiments.of(Figure.FIG3, tuned).withPoints(List.of(new Point(30, 30, 0.75, 2, 10), new Point(50, 50, 0.75, 2, 10)))
                .withReference(new Point(40, 40, 0.75, 2, 10)).withTuningGrid(new double[] {1e-4, 1e-3, 1e-2, 1e-1}));
        es.add(Experiments.of(Figure.FIG9, tuned).withPoints(List.of(new Point(1, 16, 0, 1, 100), new Point(10, 16, 0, 10, 100)))
                .withReference(new Point(10, 16, 0, 10, 100)).withSeeds(1).withTuningGrid(new double[] {1e-3, 1e-2, 1e-1}));
        List<FigureResult> one = FigureRunner.run(es, 1, null), two = FigureRunner.run(es, 2, null);
        for (int i = 0; i < es.size(); i++) {
            assertEquals(ReproduceOutput.runsCsv(one.get(i)), ReproduceOutput.runsCsv(two.get(i)));
            assertEquals(ReproduceOutput.aggregatesCsv(one.get(i)), ReproduceOutput.aggregatesCsv(two.get(i)));
            assertEquals(ReproduceOutput.tuningCsv(one.get(i)), ReproduceOutput.tuningCsv(two.get(i)));
        }
        String a = ReproduceOutput.summary(one, Findings.evaluate(one), Experiments.commonDecisions(tuned), "x", 1, 1);
        assertEquals(a, ReproduceOutput.summary(two, Findings.evaluate(two), Experiments.commonDecisions(tuned), "x", 1, 1));
        List<String> tuning = List.of(ReproduceOutput.tuningCsv(one.get(0)).split("\n"));
        assertEquals("series,fair_time,eta,static_regret_avg", tuning.get(0));
        assertEquals(1 + 8 * 4, tuning.size(), "every grid value of every series");
        assertEquals("ddam-star,off,1.0E-4," + one.get(0).tuning().get(6).staticRegretAvg()[0], tuning.get(1 + 6 * 4));
        assertEquals(1 + 2 * 3, ReproduceOutput.tuningCsv(one.get(1)).split("\n").length);
        assertTrue(a.contains("- η tuned on held-out seed 0 at T = 40, ρ = 0.75, y0 = 2, y1 = 10: ogd "), a);
        assertTrue(a.contains("`fig3-tuning.csv` (the step-size tuning)"), a);
        assertTrue(a.contains("Step sizes: tuned on held-out data"), a);
        assertTrue(ReproduceOutput.notes(one.get(0)).stream().anyMatch(n -> n.startsWith("η tuned on held-out seed 0 at T = 40")),
                ReproduceOutput.notes(one.get(0)).toString());
    }

    @Test
    void realTrafficDataIsUsedAndNamed(@TempDir Path dir) throws Exception {
        Path milan = TestData.require("traffic/milan_2013-11-01_internet_total_6cells_10min.csv");
        Path out = dir.resolve("out");
        Cli.Result r = Cli.run("reproduce", "fig9", "--quick", "--seeds", "1", "--traffic", milan.toString(), "--time-zone", "Europe/Rome",
                "--out-dir", out.toString());
        assertEquals(0, r.exit(), r.err());
        String summary = Files.readString(out.resolve("summary.md"));
        assertTrue(summary.contains("real data: " + milan), summary);
        assertFalse(summary.contains("stand-in (not real data)"), summary);
        assertTrue(summary.contains("T = 24 (the data has only 24 hours)"), summary);
        List<String> runs = Files.readAllLines(out.resolve("fig9-runs.csv"));
        assertEquals(1 + 4 * 2, runs.size()); // 4 values of y0 × (ogd, ddam-star)
        assertTrue(runs.get(1).contains(",24,"), runs.get(1));
        // the default step sizes are tuned on the held-out seed at y0 = 10 (real data: only W differs between seeds)
        assertEquals(1 + 2 * 11, Files.readAllLines(out.resolve("fig9-tuning.csv")).size());
        assertTrue(summary.contains("η tuned on held-out seed 0 at T = 24, y0 = 10, y1 = 100: ogd "), summary);
        assertNotNull(ImageIO.read(out.resolve("fig9.png").toFile()));
    }
}
