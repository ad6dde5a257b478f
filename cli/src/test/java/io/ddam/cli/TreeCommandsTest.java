package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.TestData;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.Test;

/** The tree commands end to end: figures checked against independent computations, errors on one line. */
class TreeCommandsTest {
    static final ObjectMapper JSON = new ObjectMapper();

    static JsonNode json(String... args) throws Exception {
        Cli.Result r = Cli.run(args);
        assertEquals(0, r.exit(), r.err());
        return JSON.readTree(r.out());
    }

    @Test
    void starAndSptGiveTheSameDelaySumsOnEveryShippedInstance() throws Exception {
        for (String f : List.of("synthetic20", "er16", "grid3x4-top2", "waxman12", "path3")) {
            String file = "../instances/" + f + ".json";
            JsonNode spt = json("trees", file, "--designer", "spt", "--format", "json");
            JsonNode star = json("trees", file, "--designer", "star", "--format", "json");
            assertEquals(spt.get("totals").get("tauSum").asLong(), star.get("totals").get("tauSum").asLong(), f);
            for (int n = 0; n < spt.get("agents").size(); n++) {
                assertEquals(spt.get("agents").get(n).get("tauSum").asLong(), star.get("agents").get(n).get("tauSum").asLong(), f + " agent " + n);
                assertEquals("optimal", star.get("agents").get(n).get("status").asText());
            }
        }
    }

    @Test
    void everyBackendWithTheDefaultStartingSolutionAgreesWithSpt() throws Exception {
        // Regression: OR-Tools 9.15's HiGHS crashed the JVM when given the shortest-path tree as a hint.
        // A child JVM, so a native crash fails this test instead of killing the test run.
        for (String backend : List.of("scip", "highs", "cbc", "cp-sat")) {
            String out = MainTest.classesLoadedBy("trees", "../instances/waxman12.json", "--designer", "star",
                    "--solver", backend, "--format", "csv");
            assertTrue(!out.contains("SIGSEGV") && !out.contains("fatal error"), backend + ": " + out.lines().filter(l -> l.contains("#")).toList());
        }
        long spt = json("trees", "../instances/waxman12.json", "--format", "json").get("totals").get("tauSum").asLong();
        for (String backend : List.of("scip", "highs", "cbc", "cp-sat")) {
            JsonNode r = json("trees", "../instances/waxman12.json", "--designer", "star", "--solver", backend, "--format", "json");
            assertEquals(spt, r.get("totals").get("tauSum").asLong(), backend);
        }
    }

    @Test
    void path3FiguresByHand() throws Exception {
        // a -1- b -2- c, W dense: tau~(a,b)=1, tau~(a,c)=3, tau~(b,c)=2; round trips double them.
        JsonNode r = json("trees", "../instances/path3.json", "--designer", "spt", "--format", "json");
        JsonNode a = r.get("agents");
        assertEquals(2 * (0 + 1 + 3), a.get(0).get("tauSum").asLong());
        assertEquals(2 * (1 + 0 + 2), a.get(1).get("tauSum").asLong());
        assertEquals(2 * (3 + 2 + 0), a.get(2).get("tauSum").asLong());
        assertEquals(6, a.get(0).get("tauMax").asLong());
        // Link a-b carries a->b, a->c, b->a, c->a: load 4; link b-c carries a->c, b->c, c->a, c->b: 4. C_max = 2*4.
        assertEquals(8, r.get("totals").get("cMax").asLong());
        assertEquals(8 + 6 + 10, r.get("totals").get("tauSum").asLong());
    }

    @Test
    void steinerCommandReachesThePublishedOptimumOnB01() throws Exception {
        Path b01 = TestData.require("steinlib/B/b01.stp");
        JsonNode exact = json("steiner", b01.toString(), "--designer", "exact-steiner", "--format", "json");
        assertEquals(82.0, exact.get("cost").asDouble());
        assertEquals("optimal", exact.get("status").asText());
        JsonNode kmb = json("steiner", b01.toString(), "--designer", "kmb", "--format", "json");
        assertTrue(kmb.get("cost").asDouble() >= 82.0 && kmb.get("cost").asDouble() <= 2 * (1 - 1.0 / 9) * 82.0);
    }

    @Test
    void exactSteinerMethodsAgreeAndReportTheirPhases() throws Exception {
        Path b05 = TestData.require("steinlib/B/b05.stp");
        for (String[] opts : new String[][] {{}, {"--method", "dp"}, {"--method", "dcut"}, {"--no-reduce", "--method", "dcut"}}) {
            List<String> args = new java.util.ArrayList<>(List.of("steiner", b05.toString(), "--designer", "exact-steiner", "--format", "json"));
            args.addAll(List.of(opts));
            JsonNode r = json(args.toArray(new String[0]));
            String where = String.join(" ", opts);
            assertEquals(61.0, r.get("cost").asDouble(), where);
            assertEquals("optimal", r.get("status").asText(), where);
            assertTrue(r.get("phaseSeconds").has("reduce") && r.get("phaseSeconds").has("dp"), where);
            assertTrue(r.get("dualAscentBound").isNull() || r.get("dualAscentBound").asDouble() <= 61.0, where);
            boolean reduced = !List.of(opts).contains("--no-reduce");
            assertEquals(reduced, r.get("nodesRemoved").asInt() > 0, where);
            assertEquals(r.get("nodes").asInt() - r.get("nodesRemoved").asInt(), r.get("reducedNodes").asInt(), where);
        }
        JsonNode dcut = json("steiner", b05.toString(), "--designer", "exact-steiner", "--format", "json", "--no-reduce", "--method", "dcut");
        assertEquals("dcut", dcut.get("method").asText());
        Cli.Result bad = Cli.run("steiner", b05.toString(), "--designer", "exact-steiner", "--method", "magic");
        assertEquals(Main.BAD_INPUT, bad.exit());
        assertEquals(1, bad.errLines().length, bad.err());
        assertTrue(bad.err().startsWith("error: ") && bad.err().contains("auto, dcut or dp"), bad.err());
    }

    @Test
    void benchSteinerFlagsARunBeyondTheTimeLimitBy5PercentOr2Seconds() {
        io.ddam.solver.milp.ExactSteinerDesigner x = new io.ddam.solver.milp.ExactSteinerDesigner(
                io.ddam.solver.milp.ExactSteinerDesigner.Options.defaults().withTimeLimit(60));
        assertEquals(3.0, BenchSteinerCommand.allowedOverrun(x), 1e-12);   // 5 % of 60 s
        assertEquals(0.0, BenchSteinerCommand.overrun(x, 62.9), 1e-12);
        assertEquals(0.5, BenchSteinerCommand.overrun(x, 63.5), 1e-9);
        io.ddam.solver.milp.ExactSteinerDesigner y = new io.ddam.solver.milp.ExactSteinerDesigner(
                io.ddam.solver.milp.ExactSteinerDesigner.Options.defaults().withTimeLimit(10));
        assertEquals(2.0, BenchSteinerCommand.allowedOverrun(y), 1e-12);   // 2 s beats 5 % of 10 s
        assertEquals(1.0, BenchSteinerCommand.overrun(y, 13), 1e-9);
        io.ddam.solver.milp.ExactSteinerDesigner none = new io.ddam.solver.milp.ExactSteinerDesigner(
                io.ddam.solver.milp.ExactSteinerDesigner.Options.defaults().withTimeLimit(0));
        assertEquals(0.0, BenchSteinerCommand.overrun(none, 1e6), 1e-12);   // no limit, nothing to break
    }

    @Test
    void benchSteinerCountsProvenTreesAndRunsTheBaseline() throws Exception {
        Path b = TestData.require("steinlib/B");
        Cli.Result r = Cli.run("bench", "steiner", b.resolve("b01.stp").toString(), b.resolve("b04.stp").toString(),
                "--designers", "exact-steiner", "--baseline", "--optima", b.getParent().resolve("optima.csv").toString(),
                "--repeats", "1", "--warmup", "0", "--no-jgrapht");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("summary B exact-steiner ") && r.out().contains("proven optimal 2/2"), r.out());
        assertTrue(r.out().contains("exact-steiner/baseline"), r.out());
        assertTrue(!r.out().contains("BELOW"), r.out());
        // A wrong optimum (above the true one) must be flagged: the solver's tree is then "below the optimum".
        Path fake = java.nio.file.Files.createTempFile("optima", ".csv");
        java.nio.file.Files.writeString(fake, "file,opt\nb01.stp,90\n");
        Cli.Result f = Cli.run("bench", "steiner", b.resolve("b01.stp").toString(), "--designers", "exact-steiner",
                "--optima", fake.toString(), "--repeats", "1", "--warmup", "0", "--no-jgrapht");
        java.nio.file.Files.delete(fake);
        assertTrue(f.out().contains("BELOW-OPTIMUM!") && f.out().contains("1 BELOW THE PUBLISHED OPTIMUM"), f.out());
        assertTrue(f.err().contains("contradicts the published optimum"), f.err());
        // A published optimum below the true one (82): the solver's proof of 82 must be flagged and not counted.
        Path low = java.nio.file.Files.createTempFile("optima", ".csv");
        java.nio.file.Files.writeString(low, "file,opt\nb01.stp,70\n");
        Cli.Result l = Cli.run("bench", "steiner", b.resolve("b01.stp").toString(), "--designers", "exact-steiner",
                "--optima", low.toString(), "--repeats", "1", "--warmup", "0", "--no-jgrapht");
        java.nio.file.Files.delete(low);
        assertTrue(l.out().contains("FALSE-PROOF!") && l.out().contains("1 PROVEN ABOVE THE PUBLISHED OPTIMUM")
                && l.out().contains("proven optimal 0/1"), l.out());
        assertTrue(l.err().contains("above the published optimum 70"), l.err());
    }

    @Test
    void steinerWithExplicitTerminalsOnAnInstance() throws Exception {
        // path3: connecting a and c needs both edges, cost 2.
        JsonNode r = json("steiner", "../instances/path3.json", "--terminals", "0,2", "--format", "json");
        assertEquals(2.0, r.get("cost").asDouble());
        assertEquals(2, r.get("treeEdgeCount").asInt());
    }

    @Test
    void disconnectedNetworkNamesTheUnreachableAgents() {
        Cli.Result r = Cli.run("trees", "src/test/resources/disconnected.json", "--designer", "spt");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("error: src/test/resources/disconnected.json"), r.err());
        assertTrue(r.err().contains("reach"), r.err());
    }

    @Test
    void instanceWithoutInterestAsksForOne() {
        Cli.Result r = Cli.run("trees", "../solver/src/test/resources/valid/tiny.stp");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("--interest"), r.err());
    }

    @Test
    void unknownDesignerAndSolverAreUsageErrors() {
        Cli.Result r = Cli.run("trees", "../instances/path3.json", "--designer", "magic");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("star, spt, kmb, mehlhorn, exact-steiner"), r.err());
        r = Cli.run("trees", "../instances/path3.json", "--designer", "star", "--solver", "gurobi");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertTrue(r.err().contains("scip"), r.err());
    }

    @Test
    void sptAndKmbNeverLoadOrTools() throws Exception {
        String loaded = MainTest.classesLoadedBy("trees", "../instances/synthetic20.json", "--designer", "kmb");
        assertTrue(loaded.contains("io.ddam.solver.tree.KmbSteinerDesigner"), "probe must see the designer");
        assertTrue(!loaded.contains("com.google.ortools"), "kmb loaded OR-Tools");
        loaded = MainTest.classesLoadedBy("simulate", "../instances/synthetic20.json", "--horizon", "20");
        assertTrue(loaded.contains("io.ddam.experiments.run.Simulation"), "probe must see the simulation");
        assertTrue(!loaded.contains("com.google.ortools"), "simulate without --star-trees star loaded OR-Tools");
        loaded = MainTest.classesLoadedBy("trees", "../instances/path3.json", "--designer", "star");
        assertTrue(loaded.contains("com.google.ortools"), "star must load OR-Tools (positive control)");
    }

    @Test
    void benchSteinerReportsRatiosAgainstOptimaAndJgrapht() throws Exception {
        Path b = TestData.require("steinlib/B");
        Cli.Result r = Cli.run("bench", "steiner", b.resolve("b01.stp").toString(), b.resolve("b02.stp").toString(),
                "--optima", b.getParent().resolve("optima.csv").toString(), "--repeats", "1", "--format", "csv");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = r.out().lines().toList();
        assertEquals(5, lines.size(), r.out()); // header + 2 instances x 2 algorithms
        Map<String, String> optimum = Map.of("B01", "82", "B02", "83");
        for (String line : lines.subList(1, lines.size())) {
            String[] c = line.split(",");
            assertEquals(optimum.get(c[1]), c[6], line);
            double ratio = Double.parseDouble(c[7]);
            assertTrue(ratio >= 1.0 && ratio <= 2.0, line);
            assertTrue(c[11].endsWith("x"), line);
        }
    }
}
