package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --failures} and {@code --repair-delay} on the command line: results, plot, and one-line errors. */
class FailuresCliTest {
    private static final String PATH3 = "../instances/path3.json";

    @TempDir
    Path dir;

    private static void badInput(String contains, String... args) {
        Cli.Result r = Cli.run(args);
        assertEquals(Main.BAD_INPUT, r.exit(), r.err() + r.out());
        String[] lines = r.errLines();
        assertEquals(1, lines.length, r.err());
        assertTrue(lines[0].startsWith("error: "), lines[0]);
        assertTrue(lines[0].contains(contains), lines[0]);
        assertFalse(lines[0].contains("Exception"), lines[0]);
    }

    @Test
    void badTracesAndSpecsAreOneLineErrors() throws IOException {
        Path noLink = dir.resolve("nolink.csv");
        Files.writeString(noLink, "t,u,v,state\n3,1,3,down\n");
        badInput(noLink + ":2: there is no link 1-3", "simulate", PATH3, "--failures", noLink.toString());
        Path order = dir.resolve("order.csv");
        Files.writeString(order, "5,1,2,down\n4,1,2,up\n");
        badInput(order + ":2: step 4 comes after step 5", "simulate", PATH3, "--failures", order.toString());
        badInput("p = 1.5 is outside [0, 1]", "simulate", PATH3, "--failures", "indep:p=1.5,q=0.1");
        badInput("q = -0.2 is outside [0, 1]", "compare", PATH3, "--no-plot", "--failures", "indep:p=0.1,q=-0.2");
        badInput("--repair-delay needs --failures", "simulate", PATH3, "--repair-delay", "3");
        badInput("--repair-delay must be >= 0", "simulate", PATH3, "--failures", "none", "--repair-delay", "-1");
        badInput("--repair-time-limit must be >= 0 seconds", "simulate", PATH3, "--failures", "none", "--repair-time-limit", "-1");
        badInput("missing.csv", "simulate", PATH3, "--failures", dir.resolve("missing.csv").toString());
    }

    @Test
    void simulateReportsLossesNextToTheNoFailureRun() throws IOException {
        Path png = dir.resolve("f.png");
        Cli.Result r = Cli.run("simulate", PATH3, "--horizon", "60", "--fair-time", "off", "--eta", "0.05",
                "--protocols", "ogd,cdogd,ddam-star", "--failures", "cut:t=10,links=1-2,to=30", "--repair-delay", "2",
                "--plot", png.toString(), "--format", "json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(Files.size(png) > 1000);
        JsonNode root = new ObjectMapper().readTree(r.out());
        JsonNode ps = root.get("failures").get("protocols");
        assertEquals(3, ps.size());
        JsonNode ogd = ps.get(0), cd = ps.get(1), ddam = ps.get(2);
        assertEquals(ogd.get("staticRegret").asDouble(), ogd.get("noFailure").get("staticRegret").asDouble(), 0.0);
        // path3 has 2 links; one is down for steps 10..29: C-DOGD loses 2 × 20 of 2 × 2 × 60 messages
        assertEquals(40, cd.get("messagesLost").asLong());
        assertEquals(240, cd.get("messagesSent").asLong());
        assertEquals(20, ddam.get("partitionedSteps").asLong());
        assertTrue(ddam.get("messagesLost").asLong() > 0);
        assertEquals("spt", ddam.get("repairedWith").asText());
        assertEquals(2, ddam.get("repairs").asLong());
    }
}
