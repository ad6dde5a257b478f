package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/** The JSON outputs added for issue 12 (bench trees; reproduce's is checked in ReproduceCommandTest). */
class JsonOutputsTest {
    @Test
    void benchTreesPrintsEveryDesignerWithFullPrecisionNumbers() throws Exception {
        JsonNode rows = TreeCommandsTest.json("bench", "trees", "../instances/synthetic20.json", "--designers", "spt,kmb",
                "--repeats", "1", "--warmup", "0", "--format", "json");
        assertEquals(2, rows.size(), rows.toString());
        assertEquals("spt", rows.get(0).get("designer").asText());
        assertEquals("kmb", rows.get(1).get("designer").asText());
        // The same delay sums as `ddam trees` reports (README: 1788 for spt, 2204 for kmb).
        assertEquals(1788, rows.get(0).get("sum_tau_sum").asLong());
        assertEquals(2204, rows.get(1).get("sum_tau_sum").asLong());
        assertEquals(1.0, rows.get(0).get("vs_baseline").asDouble());
        for (JsonNode r : rows) {
            assertEquals(20, r.get("agents").asInt());
            assertTrue(r.get("median_total_ms").isDouble() && r.get("median_total_ms").asDouble() > 0, r.toString());
            assertTrue(r.get("max_root_ms").asDouble() >= r.get("mean_root_ms").asDouble(), r.toString());
        }
    }
}
