package io.ddam.solver.failures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Failure schedules: the trace reader's strictness, the generators' determinism and meaning, interval queries. */
class FailureSchedulesTest {
    @TempDir
    Path dir;

    /** Node ids 10, 20, 30, 40 on a cycle 10–20–30–40–10. */
    private static Network cycle() {
        Network.Builder b = Network.builder();
        for (int id : new int[] {10, 20, 30, 40}) b.addNode(id, null);
        return b.addEdge(10, 20).addEdge(20, 30).addEdge(30, 40).addEdge(40, 10).build();
    }

    private LinkSchedule trace(String text) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, text);
        return FailureSchedules.readTrace(f, cycle());
    }

    private String traceError(String text) throws Exception {
        Path f = dir.resolve("t.csv");
        Files.writeString(f, text);
        DdamInputException e = assertThrows(DdamInputException.class, () -> FailureSchedules.readTrace(f, cycle()));
        assertTrue(e.getMessage().contains("t.csv"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    @Test
    void traceIsReadWithHeaderCommentsAndIntervals() throws Exception {
        LinkSchedule s = trace("t,u,v,state\n# a comment\n\n3,10,20,down\n3,30,20,DOWN\n7,20,10,up\n");
        Network g = s.network();
        int e1 = g.edgeBetween(g.indexOf(10), g.indexOf(20)), e2 = g.edgeBetween(g.indexOf(20), g.indexOf(30));
        assertEquals(3, s.events().size());
        for (int t = 1; t <= 10; t++) {
            assertEquals(t >= 3 && t < 7, s.isDown(e1, t), "e1 at " + t);
            assertEquals(t >= 3, s.isDown(e2, t), "e2 at " + t);
        }
        assertEquals(4, s.downSteps(e1, 100));
        assertEquals(98, s.downSteps(e2, 100));
        // 10-20 and 20-30 down isolates node 20 (steps 3..6); from 7 on only 20-30 is down: connected again
        assertEquals(4, s.partitionedSteps(100));
        assertEquals(List.of(3L, 7L), java.util.Arrays.stream(s.changeTimes(100)).boxed().toList());
    }

    @Test
    void badTracesNameFileAndLine() throws Exception {
        assertTrue(traceError("1,10,30,down\n").contains(":1"));            // no such link
        assertTrue(traceError("1,10,99,down\n").contains("no link"));
        assertTrue(traceError("5,10,20,down\n4,10,20,up\n").contains(":2"));  // out of order
        assertTrue(traceError("5,10,20,broken\n").contains("not down or up"));
        assertTrue(traceError("x,10,20,down\n").contains("not an integer"));
        assertTrue(traceError("0,10,20,down\n").contains("before step 1"));
        assertTrue(traceError("1,10,20,down\n2,10,20,down\n").contains("already down"));
        assertTrue(traceError("1,10,20\n").contains("4 fields"));
        assertTrue(traceError("1,10,20,down,x\n").contains("more"));
        assertTrue(traceError("1,10,20," + "d".repeat(200) + "\n").contains("longer than"));
        assertTrue(traceError("1,99999999999999999999,20,down\n").contains("not an integer"));
    }

    @Test
    void downWithinAgreesWithStepByStep() {
        SplittableRandom r = new SplittableRandom(1);
        Network g = cycle();
        LinkSchedule s = FailureSchedules.fromSpec("indep:p=0.2,q=0.3,seed=4", g, Map.of(), 200);
        boolean[][] down = new boolean[4][202];
        boolean[] state = new boolean[4];
        int k = 0;
        for (int t = 1; t <= 201; t++) {
            while (k < s.events().size() && s.events().get(k).t() == t) {
                state[s.events().get(k).edge()] = s.events().get(k).down();
                k++;
            }
            for (int e = 0; e < 4; e++) down[e][t] = state[e];
        }
        for (int q = 0; q < 2000; q++) {
            int e = r.nextInt(4), a = 1 + r.nextInt(200), b = a + r.nextInt(6) - 1;
            boolean any = false;
            for (int t = a; t <= Math.min(b, 201); t++) any |= down[e][t];
            assertEquals(any, s.downWithin(e, a, b), "edge " + e + " [" + a + "," + b + "]");
        }
    }

    @Test
    void generatorsAreDeterministicPerSeed() {
        Network g = cycle();
        LinkSchedule a = FailureSchedules.fromSpec("indep:p=0.05,q=0.2,seed=3", g, Map.of(), 500);
        LinkSchedule b = FailureSchedules.fromSpec("indep: p=0.05, q=0.2, seed=3", g, Map.of(), 500);
        LinkSchedule c = FailureSchedules.fromSpec("indep:p=0.05,q=0.2,seed=4", g, Map.of(), 500);
        assertEquals(a.events(), b.events());
        assertNotEquals(a.events(), c.events());
        assertFalse(a.events().isEmpty());
        // the long-run down fraction of a two-state chain is p/(p+q) = 0.2
        LinkSchedule longer = FailureSchedules.fromSpec("indep:up=20,down=5,seed=8", g, Map.of(), 20000);
        long down = 0;
        for (int e = 0; e < 4; e++) down += longer.downSteps(e, 20000);
        assertEquals(0.2, down / 80000.0, 0.02);
        assertTrue(FailureSchedules.fromSpec("indep:p=0,q=1,seed=1", g, Map.of(), 100).isEmpty());
    }

    @Test
    void nodeCutAndRegion() {
        Network g = cycle();
        LinkSchedule n = FailureSchedules.fromSpec("node:id=20,from=100,to=300", g, Map.of(), 1000);
        int n20 = g.indexOf(20);
        for (int e = 0; e < 4; e++) {
            boolean touches = g.edgeU(e) == n20 || g.edgeV(e) == n20;
            assertEquals(touches, n.isDown(e, 100));
            assertEquals(touches, n.isDown(e, 299));
            assertFalse(n.isDown(e, 99));
            assertFalse(n.isDown(e, 300));
        }
        assertEquals(200, n.partitionedSteps(1000));
        LinkSchedule c = FailureSchedules.fromSpec("cut:t=5,links=10-20;40-30", g, Map.of(), 10);
        assertEquals(2, c.events().size());
        assertEquals(6, c.partitionedSteps(10));
        assertTrue(c.isDown(g.edgeBetween(g.indexOf(30), g.indexOf(40)), 10));
        Map<String, Object> meta = Map.of("coordinates", Map.of("10", List.of(45.0, 9.0), "20", List.of(45.5, 9.2),
                "30", List.of(50.0, 2.0), "40", List.of(40.0, -3.0)));
        LinkSchedule reg = FailureSchedules.fromSpec("region:lat=44..46,lon=8.5..9.1,from=2,to=4", g, meta, 10);
        // only node 10 is in the box: its two links 10-20 and 40-10
        assertEquals(2, reg.events().size() / 2);
        assertTrue(reg.isDown(g.edgeBetween(g.indexOf(10), g.indexOf(40)), 3));
        assertFalse(reg.isDown(g.edgeBetween(g.indexOf(20), g.indexOf(30)), 3));
        assertTrue(FailureSchedules.fromSpec("none", g, Map.of(), 10).isEmpty());
    }

    @Test
    void badSpecsAreOneLineErrors() {
        Network g = cycle();
        for (String bad : new String[] {"indep:p=1.5,q=0.1", "indep:p=-0.1,q=0.1", "indep:p=0.1,q=x", "indep:p=0.1,q=0.2,up=3",
                "indep:up=0.5,down=3", "node:id=99,from=1", "node:id=10,from=0", "node:id=10,from=5,to=5",
                "cut:t=3,links=10-30", "cut:t=3,links=10-20;20-10", "cut:t=3", "region:lat=1..2,lon=1..2,from=1",
                "indep:p=0.1,q=0.1,zap=1", "indep:p=0.1,p=0.2", "bogus:x=1"}) {
            DdamInputException e = assertThrows(DdamInputException.class,
                    () -> FailureSchedules.load(bad, g, Map.of(), 10), bad);
            assertFalse(e.getMessage().contains("\n"));
        }
        assertTrue(FailureSchedules.isSpec("indep:p=0.1,q=0.2"));
        assertTrue(FailureSchedules.isSpec("none"));
        assertFalse(FailureSchedules.isSpec("failures.csv"));
        assertFalse(FailureSchedules.isSpec("C:/x/failures.csv"));
    }
}
