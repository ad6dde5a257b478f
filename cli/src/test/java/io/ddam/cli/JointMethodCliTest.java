package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;

import org.junit.jupiter.api.Test;

/**
 * {@code --method} of the joint designer on the command line: colgen and compact reach the same proven C_max on
 * er16 at every slack, the JSON names the method and its phases, and a method of the other designer family is one
 * line and exit 2.
 */
class JointMethodCliTest {
    private static final String ER16 = "../instances/er16.json";

    @Test
    void colgenAndCompactAgreeAndTheJsonNamesTheMethod() throws Exception {
        for (String eps : new String[] {"0", "0.1", "inf"}) {
            for (String t : new String[] {"unicast", "aggregate"}) {
                JsonNode cg = TreeCommandsTest.json("trees", ER16, "--designer", "joint", "--method", "colgen", "--transport", t,
                        "--delay-slack", eps, "--time-limit", "20", "--format", "json").get("joint");
                JsonNode compact = TreeCommandsTest.json("trees", ER16, "--designer", "joint", "--method", "compact", "--transport", t,
                        "--delay-slack", eps, "--time-limit", "20", "--format", "json").get("joint");
                String where = t + " eps " + eps;
                assertEquals("colgen", cg.get("method").asText(), where);
                assertEquals("compact", compact.get("method").asText(), where);
                assertEquals("optimal", cg.get("status").asText(), where);
                assertEquals("optimal", compact.get("status").asText(), where);
                assertEquals(compact.get("cMax").asDouble(), cg.get("cMax").asDouble(), 1e-9, where);
                assertTrue(cg.get("columns").asInt() > 0 && cg.get("iterations").asInt() > 0, where);
                assertTrue(cg.get("phaseSeconds").has("lp"), where + ": " + cg.get("phaseSeconds"));
                assertEquals(cg.get("bound").asDouble(), cg.get("bounds").get(cg.get("boundKind").asText()).asDouble(), 1e-9, where);
            }
        }
    }

    @Test
    void aMethodOfTheOtherFamilyIsOneLineAndExit2() {
        Cli.Result r = Cli.run("trees", ER16, "--designer", "joint", "--method", "dp");
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--method 'dp'") && r.err().contains("colgen"), r.err());
    }

    @Test
    void aBadSlackInTheBenchListIsOneLineNamingTheOption() {
        Cli.Result r = Cli.run("bench", "joint", ER16, "--slacks", "0,abc");
        assertEquals(2, r.exit(), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("--slacks") && r.err().contains("'abc'"), r.err());
        assertEquals("", r.out());
    }
}
