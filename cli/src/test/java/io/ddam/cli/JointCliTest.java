package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The load-aware command line: trees with transports and the joint designers, pareto, simulate --transport. */
class JointCliTest {
    private static final String SYN20 = "../instances/synthetic20.json";

    @Test
    void treesReportsBothTransportsAndPerLinkLoadsThatSumUp() throws Exception {
        JsonNode spt = TreeCommandsTest.json("trees", SYN20, "--format", "json");
        assertEquals("unicast", spt.get("transport").asText());
        JsonNode loads = spt.get("totals").get("loads");
        // The paper's numbers (round 1) are unchanged: unicast C_max 106 on synthetic20's shortest-path trees.
        assertEquals(106, spt.get("totals").get("cMax").asLong());
        assertEquals(106, loads.get("unicast").get("cMax").asLong());
        assertEquals(40, loads.get("aggregate").get("cMax").asLong());
        long uni = 0, agg = 0, maxUni = 0;
        for (JsonNode l : spt.get("links")) {
            uni += l.get("unicast").asLong();
            agg += l.get("aggregate").asLong();
            maxUni = Math.max(maxUni, l.get("unicast").asLong());
            assertTrue(l.get("aggregate").asLong() <= l.get("unicast").asLong(), l.toString());
        }
        assertEquals(uni, loads.get("unicast").get("messages").asLong());
        assertEquals(agg, loads.get("aggregate").get("messages").asLong());
        assertEquals(maxUni, loads.get("unicast").get("cMax").asLong());
        // Unicast messages = 2 x sum over pairs of hops = sum tau_sum on unit delays.
        assertEquals(spt.get("totals").get("tauSum").asLong(), uni);
        assertTrue(spt.get("joint").isNull());
    }

    @Test
    void jointTreesKeepTheDelayAndCutCMaxWithProvenBounds() throws Exception {
        JsonNode spt = TreeCommandsTest.json("trees", SYN20, "--format", "json");
        for (String t : List.of("unicast", "aggregate")) {
            JsonNode j = TreeCommandsTest.json("trees", SYN20, "--designer", "joint", "--transport", t, "--format", "json");
            JsonNode h = TreeCommandsTest.json("trees", SYN20, "--designer", "joint-heuristic", "--transport", t, "--format", "json");
            assertEquals(t, j.get("transport").asText());
            assertEquals(spt.get("totals").get("tauSum"), j.get("totals").get("tauSum"), t + ": delay-optimal at slack 0");
            double c = j.get("totals").get("cMax").asDouble();
            assertEquals(c, j.get("joint").get("cMax").asDouble(), 0);
            assertTrue(c <= spt.get("totals").get("loads").get(t).get("cMax").asDouble(), t);
            assertEquals("optimal", j.get("joint").get("status").asText());
            // Every reported bound is below C_max, and one meets it (the proof; the MILP is skipped when the LP bound
            // already meets the heuristic start, so "solver" may be absent).
            JsonNode bounds = j.get("joint").get("bounds");
            assertTrue(bounds.has("cut") && bounds.has("lp"), t + ": " + bounds);
            double top = Double.NEGATIVE_INFINITY;
            for (var it = bounds.fields(); it.hasNext(); ) {
                var b = it.next();
                assertTrue(b.getValue().asDouble() <= c + 1e-9, t + " " + b.getKey());
                top = Math.max(top, b.getValue().asDouble());
            }
            assertTrue(top >= c - 2 - 1e-9, t + ": no bound within C_max's grid step of it: " + bounds);
            assertTrue(h.get("totals").get("cMax").asDouble() >= c, t + ": heuristic below the optimum");
            assertEquals("approximate", h.get("joint").get("status").asText());
        }
    }

    @Test
    void paretoListsOnePointPerSlackAndPlots(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("p.png");
        Cli.Result r = Cli.run("trees", "../instances/er16.json", "--designer", "joint-heuristic", "--pareto", "0,0.1,inf",
                "--plot", png.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        JsonNode pts = TreeCommandsTest.JSON.readTree(r.out()).get("points");
        assertEquals(3, pts.size());
        assertEquals(0.0, pts.get(0).get("delaySlack").asDouble(), 0);
        assertEquals("inf", pts.get(2).get("delaySlack").asText());
        for (int i = 1; i < 3; i++) {
            // More slack never hurts the best C_max found... for the heuristic that is not guaranteed, but its delay stays in budget.
            assertTrue(pts.get(i).get("tauSum").asLong() >= pts.get(0).get("tauSum").asLong());
        }
        assertTrue(Files.size(png) > 1000);
        assertEquals(List.of("wrote " + png), List.of(r.errLines()));
    }

    @Test
    void simulateTransportChangesOnlyTheFairTimeIterations() throws Exception {
        String[] common = {"simulate", SYN20, "--horizon", "400", "--protocols", "ddam-star,ddam-star-agg", "--format", "json"};
        JsonNode r = TreeCommandsTest.json(common);
        JsonNode uni = r.get("protocols").get(0), agg = r.get("protocols").get(1);
        assertEquals(106, uni.get("cMax").asLong());
        assertEquals(40, agg.get("cMax").asLong());
        assertEquals(400 / 106, uni.get("iterations").asInt());
        assertEquals(400 / 40, agg.get("iterations").asInt());
        // With the fair-time rule off both run T iterations over the same trees: identical numbers.
        JsonNode off = TreeCommandsTest.json("simulate", SYN20, "--horizon", "400", "--protocols", "ddam-star,ddam-star-agg",
                "--fair-time", "off", "--format", "json");
        for (String f : List.of("iterations", "loss", "staticRegret", "dynamicRegret", "selfNmse", "crossNmse")) {
            assertEquals(off.get("protocols").get(0).get(f), off.get("protocols").get(1).get(f), f);
        }
        JsonNode viaOption = TreeCommandsTest.json("simulate", SYN20, "--horizon", "400", "--protocols", "ddam-star",
                "--transport", "aggregate", "--format", "json");
        assertEquals(agg.get("iterations"), viaOption.get("protocols").get(0).get("iterations"));
        assertEquals("aggregate", viaOption.get("transport").asText());
    }

    @Test
    void badJointOptionsAreOneLineErrors() {
        for (String[] args : List.of(
                new String[] {"trees", SYN20, "--designer", "joint", "--delay-slack", "-1"},
                new String[] {"trees", SYN20, "--designer", "joint", "--delay-slack", "lots"},
                new String[] {"trees", SYN20, "--transport", "carrier-pigeon"},
                new String[] {"trees", SYN20, "--designer", "spt", "--pareto", "0,0.1"},
                new String[] {"simulate", SYN20, "--transport", "broadcast"},
                new String[] {"trees", SYN20, "--designer", "joint", "--lambda", "-2"})) {
            Cli.Result r = Cli.run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.errLines().length, r.err());
            assertTrue(r.err().startsWith("error: "), r.err());
        }
    }

    @Test
    void benchJointTableHasOneRowPerInstanceAndTransport() throws Exception {
        JsonNode r = TreeCommandsTest.json("bench", "joint", SYN20, "--format", "json");
        JsonNode rows = r.get("results");
        assertEquals(2, rows.size());
        assertEquals(106, rows.get(0).get("sptCMax").asLong());
        assertEquals(76, rows.get(0).get("joint").get("cMax").asLong());
        assertEquals(40, rows.get(1).get("joint").get("cMax").asLong());
        assertEquals(0.0, rows.get(0).get("gap").asDouble(), 1e-12);
    }
}
