package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.generate.WaxmanGenerator;
import io.ddam.solver.graph.Network;

import java.util.Map;

import org.junit.jupiter.api.Test;

/**
 * {@code ddam bench failures --quick}: every row, positive times (never asserted against a limit), and the
 * counts checked independently: C-DOGD loses two messages per down link and step, so its lost fraction is
 * the schedule's down link-steps over all link-steps; the repair rows count the schedule's link events.
 */
class BenchFailuresCommandTest {
    private static final String SPEC = "indep:p=0.01,q=0.05,seed=3";

    @Test
    void quickJsonHasEveryRowAndTheScheduleCounts() throws Exception {
        JsonNode rows = TreeCommandsTest.json("bench", "failures", "--quick", "--repeats", "1", "--warmup", "0",
                "--failures", SPEC, "--designers", "spt", "--format", "json");
        // one simulate row, three engine rows (cdogd, ddam-st, ddam-star), one repair row
        assertEquals(5, rows.size(), rows.toString());
        assertEquals("simulate", rows.get(0).get("benchmark").asText());
        for (int i = 1; i <= 3; i++) assertEquals("engine", rows.get(i).get("benchmark").asText());
        assertEquals("cdogd", rows.get(1).get("protocol").asText());
        assertEquals("repair", rows.get(4).get("benchmark").asText());
        for (int i = 0; i < 4; i++) {
            JsonNode r = rows.get(i);
            assertEquals(SPEC, r.get("failures").asText());
            // The simulate row's "with" is a difference of two times (simulate --failures less its intact run):
            // finite, but on a cold JIT without warm-up it can come out negative.
            assertTrue(Double.isFinite(r.get("with_failures_s").asDouble()) && r.get("without_failures_s").asDouble() > 0, r.toString());
            if (i > 0) assertTrue(r.get("with_failures_s").asDouble() > 0, r.toString());
            assertEquals(r.get("with_failures_s").asDouble() / r.get("without_failures_s").asDouble(), r.get("ratio").asDouble(), 1e-12);
        }

        // The same network and schedule as the command's quick case, rebuilt here.
        Network g = new WaxmanGenerator(30, 0.5, 0.5, 5).generate().network();
        int steps = 10;
        LinkSchedule s = FailureSchedules.load(SPEC, g, Map.of(), steps);
        long down = 0, events = 0;
        for (int e = 0; e < g.edgeCount(); e++) down += s.downSteps(e, steps);
        for (LinkSchedule.Event ev : s.events()) if (ev.t() <= steps) events++;
        assertTrue(down > 0, "the quick schedule should take links down");
        assertEquals((double) down / ((long) g.edgeCount() * steps), rows.get(1).get("lost_fraction").asDouble(), 1e-12);
        for (int i = 2; i <= 3; i++) {
            double lost = rows.get(i).get("lost_fraction").asDouble();
            assertTrue(lost > 0 && lost < 1, rows.get(i).toString());
        }
        JsonNode rep = rows.get(4);
        assertEquals("spt", rep.get("designer").asText());
        assertEquals(events, rep.get("link_events").asLong());
        assertTrue(rep.get("repairs").asLong() >= 1 && rep.get("repairs").asLong() <= events, rep.toString());
        assertEquals(rep.get("repair_s").asDouble() / rep.get("repairs").asDouble(), rep.get("per_repair_s").asDouble(), 1e-12);
    }

    @Test
    void badRepeatsIsOneErrorLine() {
        Cli.Result r = Cli.run("bench", "failures", "--quick", "--repeats", "0");
        assertEquals(2, r.exit());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("error: --repeats"), r.err());
    }
}
