package io.ddam.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.nio.file.Path;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ddam simulate --threads}: the output does not depend on the thread count, except for wall times. */
class SimulateThreadsTest {
    @Test
    void shippedInstanceGivesTheSameJsonForOneAndFourThreads() throws Exception {
        String[] common = {"simulate", SimulateCommandTest.SYN20, "--horizon", "200", "--fair-time", "off", "--format", "json"};
        assertSameExceptWallTime(common);
    }

    @Test
    void instanceLargeEnoughToUseSeveralWorkersGivesTheSameJson(@TempDir Path dir) throws Exception {
        Path inst = dir.resolve("er80.json");
        Cli.Result g = Cli.run("generate", "--network", "er:n=80,p=0.06", "--interest", "topk:k=6,y0=1,y1=5", "--seed", "3",
                "--out", inst.toString());
        assertEquals(0, g.exit(), g.err());
        String[] common = {"simulate", inst.toString(), "--horizon", "40", "--fair-time", "off", "--format", "json"};
        assertSameExceptWallTime(common);
    }

    @Test
    void rlsLearnerGivesTheSameJsonForOneAndFourThreads(@TempDir Path dir) throws Exception {
        Path inst = dir.resolve("er80.json");
        Cli.Result g = Cli.run("generate", "--network", "er:n=80,p=0.06", "--interest", "topk:k=6,y0=1,y1=5", "--seed", "3",
                "--out", inst.toString());
        assertEquals(0, g.exit(), g.err());
        String[] common = {"simulate", inst.toString(), "--horizon", "30", "--fair-time", "floats", "--learner", "rls",
                "--forgetting", "0.98", "--protocols", "ogd,cdogd,local,ddam-star", "--format", "json"};
        assertSameExceptWallTime(common);
    }

    private static void assertSameExceptWallTime(String[] common) throws Exception {
        JsonNode one = TreeCommandsTest.json(concat(common, "--threads", "1"));
        JsonNode four = TreeCommandsTest.json(concat(common, "--threads", "4"));
        assertNotEquals(0, one.get("protocols").size());
        for (JsonNode r : List.of(one, four)) {
            for (JsonNode p : r.get("protocols")) ((ObjectNode) p).remove("wallSeconds");
        }
        assertEquals(one.toString(), four.toString());
    }

    private static String[] concat(String[] a, String... b) {
        String[] r = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }
}
