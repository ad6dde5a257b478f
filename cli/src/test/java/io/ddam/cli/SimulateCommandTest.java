package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.data.CsvStream;
import io.ddam.online.data.SyntheticStream;
import io.ddam.solver.TestData;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddam simulate} end to end, each figure checked against something computed another way. */
class SimulateCommandTest {
    static final String SYN20 = "../instances/synthetic20.json";

    @Test
    void csvExportOfTheSyntheticStreamGivesIdenticalResults(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("data.csv");
        CsvStream.write(new SyntheticStream(20, 120, 4, 3, 0.75, 7), 120, csv);
        JsonNode a = TreeCommandsTest.json("simulate", SYN20, "--horizon", "120", "--seed", "7", "--format", "json");
        JsonNode b = TreeCommandsTest.json("simulate", SYN20, "--horizon", "120", "--data", csv.toString(), "--format", "json");
        for (int i = 0; i < a.get("protocols").size(); i++) {
            JsonNode x = a.get("protocols").get(i), y = b.get("protocols").get(i);
            assertEquals(x.get("protocol").asText(), y.get("protocol").asText());
            assertEquals(x.get("loss").asDouble(), y.get("loss").asDouble(), 0.0, x.get("protocol").asText());
            assertEquals(x.get("staticRegret").asDouble(), y.get("staticRegret").asDouble(), 0.0, x.get("protocol").asText());
        }
    }

    @Test
    void ddamOverTheMilpTreesLearnsExactlyAsOverShortestPathTrees() throws Exception {
        // Optimal (E-1) trees realise every graph distance, so per-pair delays, hence DDAM-TOGD's iterates, coincide.
        String[] args = {"simulate", "../instances/waxman12.json", "--horizon", "200", "--protocols", "ddam-star",
                "--fair-time", "off", "--format", "json", "--star-trees"};
        JsonNode spt = TreeCommandsTest.json(concat(args, "spt")).get("protocols").get(0);
        JsonNode star = TreeCommandsTest.json(concat(args, "star")).get("protocols").get(0);
        assertEquals(spt.get("loss").asDouble(), star.get("loss").asDouble(), 0.0);
        assertEquals(spt.get("staticRegret").asDouble(), star.get("staticRegret").asDouble(), 0.0);
    }

    @Test
    void fairTimeIterationsFollowTheTreesLinkLoad() throws Exception {
        long spt = TreeCommandsTest.json("trees", SYN20, "--designer", "spt", "--format", "json").get("totals").get("cMax").asLong();
        long kmb = TreeCommandsTest.json("trees", SYN20, "--designer", "kmb", "--format", "json").get("totals").get("cMax").asLong();
        for (String rule : List.of("paper", "ratio", "off")) {
            JsonNode r = TreeCommandsTest.json("simulate", SYN20, "--horizon", "600", "--fair-time", rule, "--format", "json");
            long expectStar = rule.equals("paper") ? 600 / spt : rule.equals("ratio") ? 1200 / spt : 600;
            long expectSt = rule.equals("paper") ? 600 / kmb : rule.equals("ratio") ? 1200 / kmb : 600;
            for (JsonNode p : r.get("protocols")) {
                String name = p.get("protocol").asText();
                long expected = name.equals("ddam-star") ? expectStar : name.equals("ddam-st") ? expectSt : 600;
                assertEquals(expected, p.get("iterations").asLong(), rule + " " + name);
            }
        }
    }

    @Test
    void measuredRegretStaysBelowTheBoundAndDynamicAboveStatic() throws Exception {
        JsonNode r = TreeCommandsTest.json("simulate", SYN20, "--horizon", "400", "--fair-time", "off", "--format", "json");
        int withBound = 0;
        for (JsonNode p : r.get("protocols")) {
            if (!p.get("staticBound").isNull()) {
                withBound++;
                assertTrue(p.get("staticRegret").asDouble() <= p.get("staticBound").asDouble(), p.toString());
            }
            // Against the per-step optimum (window 1) the comparator is at least as good as the fixed one.
            assertTrue(p.get("dynamicRegret").asDouble() >= p.get("staticRegret").asDouble() - 1e-6, p.toString());
            assertEquals("measured", p.get("gradientBounds").asText());
        }
        assertTrue(withBound >= 3, "ogd, ddam-st and ddam-star have bounds");
    }

    @Test
    void tunedIsAtLeastAsGoodAsEveryGridPointTried() throws Exception {
        String[] common = {"simulate", SYN20, "--horizon", "150", "--protocols", "ogd,local", "--format", "json"};
        JsonNode tuned = TreeCommandsTest.json(concat(common, "--eta", "tuned"));
        for (String eta : List.of("1.0E-4", "0.001", "0.01", "0.1", "1.0")) {
            JsonNode fixed = TreeCommandsTest.json(concat(common, "--eta", eta));
            for (int i = 0; i < 2; i++) {
                assertTrue(tuned.get("protocols").get(i).get("staticRegret").asDouble()
                        <= fixed.get("protocols").get(i).get("staticRegret").asDouble() + 1e-9, "eta " + eta);
            }
        }
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    @Test
    void traceHasOneRowPerStepAndEndsAtTheTimeAverage(@TempDir Path dir) throws Exception {
        Path trace = dir.resolve("trace.csv");
        JsonNode r = TreeCommandsTest.json("simulate", SYN20, "--horizon", "50", "--protocols", "ogd,local",
                "--trace", trace.toString(), "--format", "json");
        List<String> lines = Files.readAllLines(trace);
        assertEquals("t,ogd,local", lines.get(0));
        assertEquals(51, lines.size());
        String[] last = lines.get(50).split(",");
        assertEquals(r.get("protocols").get(0).get("staticRegretPerStep").asDouble(), Double.parseDouble(last[1]), 1e-9);
    }

    @Test
    void realTrafficSampleOnASixAgentInstance(@TempDir Path dir) throws Exception {
        Path milan = TestData.require("traffic/milan_2013-11-01_internet_total_6cells_10min.csv");
        Path inst = dir.resolve("six.json");
        assertEquals(0, Cli.run("generate", "--network", "er:n=6,p=0.6", "--interest", "dirichlet:y0=10,y1=100",
                "--seed", "4", "--out", inst.toString()).exit());
        JsonNode r = TreeCommandsTest.json("simulate", inst.toString(), "--data", milan.toString(), "--time-zone", "Europe/Rome",
                "--horizon", "24", "--fair-time", "off", "--radius", "20", "--format", "json");
        assertTrue(r.get("data").asText().startsWith("traffic("), r.get("data").asText());
        for (JsonNode p : r.get("protocols")) {
            assertEquals(24, p.get("iterations").asInt());
            assertTrue(p.get("selfNmse").asDouble() > 0 && p.get("selfNmse").asDouble() < 1.5, p.toString());
        }
    }

    @Test
    void badDataGivesOneLineAndExitCode2(@TempDir Path dir) throws Exception {
        Cli.Result r = Cli.run("simulate", SYN20, "--data", "no/such.csv");
        assertEquals(Main.BAD_INPUT, r.exit());
        assertEquals(1, r.errLines().length, r.err());
        assertTrue(r.err().startsWith("error: no/such.csv: no such file"), r.err());
        Path csv = dir.resolve("short.csv");
        CsvStream.write(new SyntheticStream(20, 10, 4, 3, 0.75, 1), 10, csv);
        r = Cli.run("simulate", SYN20, "--data", csv.toString(), "--horizon", "20");
        assertEquals(Main.BAD_INPUT, r.exit(), r.err());
        assertEquals(1, r.errLines().length, r.err());
        r = Cli.run("simulate", SYN20, "--model", "magic");
        assertEquals(Main.BAD_INPUT, r.exit(), r.err());
        assertTrue(r.err().contains("deltanet"), r.err());
    }

    @Test
    void rlsLearnerAndFloatsRule() throws Exception {
        long spt = TreeCommandsTest.json("trees", SYN20, "--designer", "spt", "--format", "json").get("totals").get("cMax").asLong();
        JsonNode r = TreeCommandsTest.json("simulate", SYN20, "--horizon", "300", "--learner", "rls", "--ridge", "0.5",
                "--forgetting", "0.99", "--fair-time", "floats", "--protocols", "ogd,cdogd,ddam-star", "--format", "json");
        assertEquals("rls:lambda=0.5,beta=0.99", r.get("learner").asText());
        JsonNode auto = TreeCommandsTest.json("simulate", SYN20, "--horizon", "50", "--learner", "rls", "--forgetting", "auto",
                "--protocols", "ogd", "--format", "json");
        assertEquals("rls:lambda=1.0,beta=auto", auto.get("learner").asText());
        assertEquals("floats", r.get("fairTime").asText());
        // d_k = 4, d_v = 3: statistics are 12 + 10 = 22 floats, 22/12 matrices per message.
        JsonNode p = r.get("protocols");
        assertEquals(300, p.get(0).get("iterations").asLong());
        assertEquals((long) Math.floor(300 * 12 / 22.0), p.get(1).get("iterations").asLong());
        assertEquals((long) Math.max(1, Math.floor(300 * 12 / (22.0 * spt))), p.get(2).get("iterations").asLong());
        assertTrue(p.get(0).get("staticBound").isNull());
        // A gradient run under floats is the paper's rule.
        JsonNode g = TreeCommandsTest.json("simulate", SYN20, "--horizon", "300", "--eta", "0.01", "--fair-time", "floats",
                "--protocols", "cdogd,ddam-star", "--format", "json");
        assertEquals("gradient", g.get("learner").asText());
        assertEquals(300, g.get("protocols").get(0).get("iterations").asLong());
        assertEquals(300 / spt, g.get("protocols").get(1).get("iterations").asLong());
        // Consensus RLS with wide keys runs when few keys are seen (N·T = 60 < d_k = 1,100: the basis of the keys) and
        // is refused in one line when min(d_k, N·T) is above 1,024.
        JsonNode wide = TreeCommandsTest.json("simulate", SYN20, "--horizon", "3", "--dk", "1100", "--learner", "rls",
                "--protocols", "cdogd", "--format", "json");
        assertEquals(3, wide.get("protocols").get(0).get("iterations").asLong());
        Cli.Result refused = Cli.run("simulate", SYN20, "--horizon", "60", "--dk", "1100", "--learner", "rls", "--protocols", "cdogd");
        assertEquals(Main.BAD_INPUT, refused.exit(), refused.err());
        assertEquals(1, refused.errLines().length, refused.err());
        assertTrue(refused.err().contains("min(d_k, agents x steps) = 1100"), refused.err());
        for (String[] bad : new String[][] {{"--learner", "newton"}, {"--learner", "rls", "--ridge", "-1"},
                {"--learner", "rls", "--forgetting", "1.5"}, {"--learner", "rls", "--forgetting", "-1"},
                {"--learner", "rls", "--forgetting", "soon"}, {"--learner", "rls", "--model", "linear"}}) {
            String[] args = concat(new String[] {"simulate", SYN20, "--horizon", "20"}, bad);
            Cli.Result e = Cli.run(args);
            assertEquals(Main.BAD_INPUT, e.exit(), e.err());
            assertEquals(1, e.errLines().length, e.err());
        }
    }
}
