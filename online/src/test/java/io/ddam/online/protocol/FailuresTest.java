package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.failures.FailureSchedules;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Link failures in the protocols: an empty schedule changes nothing (bitwise); a down link drops exactly
 * the gradient terms whose path crosses it while it is down (hand-computed on a path and a star); a cut-off
 * agent learns alone; C-DOGD's live weights stay doubly stochastic.
 */
class FailuresTest {
    private static final double ETA = 0.1;

    private static Network path3() {
        return Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
    }

    private static LinkSchedule down(Network g, int u, int v, long from, long to) {
        int e = g.edgeBetween(g.indexOf(u), g.indexOf(v));
        return LinkSchedule.of(g, List.of(new LinkSchedule.Event(from, e, true), new LinkSchedule.Event(to, e, false)));
    }

    /** X_{0,T+1} of DDAM-TOGD over spt trees with a linear cost (gradient −v k, independent of X). */
    private static double[] finalOf(DdamTogdProtocol p, ArrayStream data, int t) {
        Recorder r = Recorder.run(p, data, t);
        // X_{n,T} is the last reported; one more update is not reported, so compare X_{.,T}
        double[] out = new double[data.agents()];
        for (int n = 0; n < out.length; n++) out[n] = r.at(t, n);
        return out;
    }

    /** The linear gradient of agent m's data at step s (1 × 1 memory): −v k. */
    private static double grad(ArrayStream data, int m, int s) {
        double[] out = new double[1];
        MemoryCost c = TestCosts.linear(1, 1);
        data.cursor(); // data is array-backed; read directly
        double[][] k = new double[data.agents()][1], v = new double[data.agents()][1];
        var cur = data.cursor();
        for (int i = 1; i <= s; i++) cur.next(k, v);
        c.addGradient(new double[1], k[m], v[m], 1.0, out);
        return out[0];
    }

    private static ArrayStream scalarData(int agents, int steps, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] k = new double[steps][agents], v = new double[steps][agents];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                k[t][n] = r.nextDouble(0.5, 1.5);
                v[t][n] = r.nextDouble(-2, 2);
            }
        }
        return ArrayStream.scalar(k, v);
    }

    /** Path 0–1–2, unit delays; agent 0 wants 0, 1, 2 (τ_{0,1} = 2, τ_{0,2} = 4), the others only themselves. */
    private static void checkPath(int u, int v, long downAt, int[] lost1, int[] lost2) {
        Network g = path3();
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.4, 0.3, 0.3}, {0, 1, 0}, {0, 0, 1}});
        TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        MemoryCost cost = TestCosts.linear(1, 1);
        double[] eta = {ETA, ETA, ETA};
        int steps = 20;
        ArrayStream data = scalarData(3, steps, 7);
        DdamTogdProtocol base = DdamTogdProtocol.overTrees("ddam", w, trees, cost, Projection.NONE, eta);
        assertEquals(2, base.roundTrip(0, 1));
        assertEquals(4, base.roundTrip(0, 2));
        MessageLoss loss = new MessageLoss();
        DdamTogdProtocol failing = base.withFailures(down(g, u, v, downAt, downAt + 1), trees, loss);
        double[] a = finalOf(base, data, steps), b = finalOf(failing, data, steps);
        // Terms due by step T−1 influence X_{0,T}: s + τ ≤ T − 1.
        double expected = 0;
        for (int s : lost1) expected += ETA * 0.3 * grad(data, 1, s);
        for (int s : lost2) expected += ETA * 0.3 * grad(data, 2, s);
        assertEquals(a[0] + expected, b[0], 1e-12);
        assertEquals(a[1], b[1], 0.0);
        assertEquals(a[2], b[2], 0.0);
        // sent: s ≤ T − τ for each of the two remote terms
        assertEquals((steps - 2) + (steps - 4), loss.sent());
        assertEquals(lost1.length + lost2.length, loss.lost());
    }

    @Test
    void pathFarLinkDownAtStep5LosesRoundTripsStartedAt2To4() {
        // link 1–2 is hop 2 of 0→2 (a = 1, b = 2): out during s+1..s+2, back during s+2..s+3; 5 in either ⇔ s ∈ {2,3,4}
        checkPath(1, 2, 5, new int[0], new int[] {2, 3, 4});
    }

    @Test
    void pathNearLinkDownAtStep5() {
        // link 0–1 for m = 1 (τ = 2): s..s+1 and s+1..s+2 ⇒ s ∈ {3,4,5};
        // for m = 2 (τ = 4): s..s+1 and s+3..s+4 ⇒ s ∈ {1,2,4,5} (s = 3 is past the link before and after)
        checkPath(0, 1, 5, new int[] {3, 4, 5}, new int[] {1, 2, 4, 5});
    }

    @Test
    void starLeafLinkDownDuringSteps6And7() {
        // centre 0, leaves 1, 2, 3; agent 1 wants 2 and 3 (paths 1–0–2, 1–0–3, τ = 4); link 0–3 down at 6..7.
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(0, 2).addEdge(0, 3).build();
        InterestMatrix w = InterestMatrix.of(new double[][] {{1, 0, 0, 0}, {0, 0.5, 0.25, 0.25}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        MemoryCost cost = TestCosts.linear(1, 1);
        double[] eta = {ETA, ETA, ETA, ETA};
        int steps = 15;
        ArrayStream data = scalarData(4, steps, 11);
        DdamTogdProtocol base = DdamTogdProtocol.overTrees("ddam", w, trees, cost, Projection.NONE, eta);
        MessageLoss loss = new MessageLoss();
        DdamTogdProtocol failing = base.withFailures(down(g, 0, 3, 6, 8), trees, loss);
        double[] a = finalOf(base, data, steps), b = finalOf(failing, data, steps);
        // hop 0–3 of 1→3 (a = 1, b = 2): s+1..s+2 or s+2..s+3 meets {6,7} ⇔ s ∈ {3,4,5,6}; 1→2 never crosses it
        double expected = 0;
        for (int s = 3; s <= 6; s++) expected += ETA * 0.25 * grad(data, 3, s);
        assertEquals(a[1] + expected, b[1], 1e-12);
        assertEquals(4, loss.lost());
        assertEquals(2 * (steps - 4), loss.sent());
        for (int n : new int[] {0, 2, 3}) assertEquals(a[n], b[n], 0.0);
    }

    /** Random instance: the failure-aware code with an empty schedule reproduces every iterate bitwise. */
    @Test
    void emptyScheduleIsBitwiseTheFixedGraph() {
        for (int seed = 1; seed <= 3; seed++) {
            SplittableRandom r = new SplittableRandom(40 + seed);
            int agents = 10 + r.nextInt(30);
            int steps = 25;
            Network g = RandomInstances.connectedGraph(r, agents, 3.0 / agents, 3);
            InterestMatrix w = RandomInstances.interest(r, agents, 4.0 / agents);
            MemoryCost cost = seed == 2 ? TestCosts.linear(2, 3) : new DeltaNetCost(3, 2);
            Projection proj = Projection.ball(0.8);
            double[] eta = new double[agents];
            for (int n = 0; n < agents; n++) eta[n] = r.nextDouble(0.05, 0.5);
            ArrayStream data = ArrayStream.random(seed, agents, steps, cost.keyDim(), cost.rows(), 2);
            TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
            DdamTogdProtocol ddam = DdamTogdProtocol.overTrees("ddam", w, trees, cost, proj, eta);
            MessageLoss loss = new MessageLoss();
            assertSameIterates(Recorder.run(ddam, data, steps),
                    Recorder.run(ddam.withFailures(LinkSchedule.none(g), trees, loss).withThreads(2), data, steps));
            assertEquals(0, loss.lost());
            long sent = 0;
            for (int n = 0; n < agents; n++) {
                for (int m : w.interestSet(n)) if (m != n) sent += Math.max(0, steps - trees.roundTripDelay(n, m));
            }
            assertEquals(sent, loss.sent());
            CdogdProtocol cd = new CdogdProtocol(ConsensusWeights.metropolisHastings(g), cost, proj, eta);
            MessageLoss cl = new MessageLoss();
            assertSameIterates(Recorder.run(cd, data, steps), Recorder.run(cd.withFailures(LinkSchedule.none(g), cl), data, steps));
            assertEquals(2L * g.edgeCount() * steps, cl.sent());
            assertEquals(0, cl.lost());
        }
    }

    /** A node whose links are all down from step 1 learns alone: DDAM-TOGD = local learner, C-DOGD = A = I. */
    @Test
    void cutOffAgentIteratesEqualLocalOgd() {
        SplittableRandom r = new SplittableRandom(5);
        int agents = 14, steps = 30, cut = 6;
        Network g = RandomInstances.connectedGraph(r, agents, 0.25, 2);
        InterestMatrix w = RandomInstances.interest(r, agents, 0.5);
        MemoryCost cost = new DeltaNetCost(3, 2);
        Projection proj = Projection.ball(1.0);
        double[] eta = new double[agents];
        for (int n = 0; n < agents; n++) eta[n] = r.nextDouble(0.05, 0.5);
        ArrayStream data = ArrayStream.random(9, agents, steps, cost.keyDim(), cost.rows(), 2);
        LinkSchedule s = FailureSchedules.fromSpec("node:id=" + cut + ",from=1", g, Map.of(), steps);
        TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        DdamTogdProtocol ddam = DdamTogdProtocol.overTrees("ddam", w, trees, cost, proj, eta).withFailures(s, trees, null);
        Recorder got = Recorder.run(ddam, data, steps);
        Recorder local = Recorder.run(new LocalProtocol(w, cost, proj, eta), data, steps);
        for (int t = 1; t <= steps; t++) assertArrayEquals(local.x[t][cut], got.x[t][cut], "DDAM X_{cut," + t + "}");
        CdogdProtocol cd = new CdogdProtocol(ConsensusWeights.metropolisHastings(g), cost, proj, eta).withFailures(s, null);
        Recorder cgot = Recorder.run(cd, data, steps);
        Recorder alone = Recorder.run(new CdogdProtocol(ConsensusWeights.identity(agents), cost, proj, eta), data, steps);
        for (int t = 1; t <= steps; t++) assertArrayEquals(alone.x[t][cut], cgot.x[t][cut], "C-DOGD X_{cut," + t + "}");
        // and the others did notice: someone's iterate differs from the fixed graph
        Recorder fixed = Recorder.run(new CdogdProtocol(ConsensusWeights.metropolisHastings(g), cost, proj, eta), data, steps);
        boolean differs = false;
        for (int n = 0; n < agents; n++) differs |= !java.util.Arrays.equals(fixed.x[steps][n], cgot.x[steps][n]);
        assertTrue(differs);
    }

    @Test
    void liveWeightsAreDoublyStochasticOnTheLiveGraph() {
        SplittableRandom r = new SplittableRandom(3);
        for (int round = 0; round < 20; round++) {
            Network g = RandomInstances.connectedGraph(r, 5 + r.nextInt(20), 0.2, 2);
            boolean[] up = new boolean[g.edgeCount()];
            for (int e = 0; e < up.length; e++) up[e] = r.nextDouble() < 0.6;
            for (String kind : new String[] {"mh", "max-degree"}) {
                ConsensusWeights a = ConsensusWeights.live(kind, g, up);
                int n = g.nodeCount();
                for (int i = 0; i < n; i++) {
                    double row = 0, col = 0;
                    boolean isolated = true;
                    for (int j = 0; j < n; j++) {
                        row += a.weight(i, j);
                        col += a.weight(j, i);
                        assertEquals(a.weight(i, j), a.weight(j, i), 0.0);
                        if (i != j && a.weight(i, j) > 0) {
                            int e = g.edgeBetween(i, j);
                            assertTrue(e >= 0 && up[e], "weight on a down or missing link " + i + "-" + j);
                        }
                    }
                    for (int e = 0; e < g.edgeCount(); e++) if (up[e] && (g.edgeU(e) == i || g.edgeV(e) == i)) isolated = false;
                    assertEquals(1.0, row, 1e-12);
                    assertEquals(1.0, col, 1e-12);
                    if (isolated) assertEquals(1.0, a.weight(i, i), 0.0);
                }
            }
        }
        Network g = path3();
        assertThrows(DdamInputException.class, () -> ConsensusWeights.live("custom", g, new boolean[2]));
        // MH on the path with 1–2 down: 0–1 both degree 1 ⇒ 1/2
        ConsensusWeights a = ConsensusWeights.live("mh", g, new boolean[] {true, false});
        assertEquals(0.5, a.weight(0, 1), 0.0);
        assertEquals(1.0, a.weight(2, 2), 0.0);
        assertNotEquals(a.weight(1, 1), ConsensusWeights.metropolisHastings(g).weight(1, 1));
    }

    @Test
    void theFirstTreesMustMatchTheProtocol() {
        Network g = path3();
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5, 0}, {0, 1, 0}, {0, 0.5, 0.5}});
        TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        long[][] tau = DdamTogdProtocol.roundTrips(w, trees);
        tau[0][1] = 6;
        DdamTogdProtocol p = new DdamTogdProtocol("x", w, tau, TestCosts.linear(1, 1), Projection.NONE, new double[] {1, 1, 1});
        assertThrows(DdamInputException.class, () -> p.withFailures(LinkSchedule.none(g), trees, null));
    }

    /**
     * Trees repaired mid-run: ring 0–1–2–3–0 with 3–0 slow (delay 5); agent 0 wants 2 (0–1–2, τ = 4). Link 1–2
     * is down at steps 10..29; the repair 3 steps later routes 0–3–2 (τ = 12) from step 13, and the restored
     * spt trees (τ = 4) are back from step 33. Lost: the terms sent at s = 7..12 under the first trees (hop 1–2
     * is on the link at s+1..s+3); none of the rerouted ones.
     */
    @Test
    void repairedTreesCarryTheTermsSentWhileTheyAreInForce() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 0, 5, 1).build();
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0, 0.5, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        LinkSchedule s = FailureSchedules.fromSpec("cut:t=10,links=1-2,to=30", g, Map.of(), 60);
        java.util.List<io.ddam.solver.tree.RoutingTree> start = new java.util.ArrayList<>();
        for (int n = 0; n < 4; n++) start.add(trees.tree(n));
        var tl = io.ddam.solver.failures.TreeRepair.timeline("spt", g, w, start, s, 3, 60, io.ddam.solver.tree.Transport.UNICAST);
        java.util.List<DdamTogdProtocol.TreeEpoch> epochs = new java.util.ArrayList<>();
        for (int k = 0; k < tl.from().length; k++) {
            epochs.add(new DdamTogdProtocol.TreeEpoch(tl.from()[k], tl.trees().get(k).metrics(g, io.ddam.solver.tree.Transport.UNICAST)));
        }
        int steps = 60;
        ArrayStream data = scalarData(4, steps, 3);
        DdamTogdProtocol base = DdamTogdProtocol.overTrees("ddam", w, trees, TestCosts.linear(1, 1), Projection.NONE,
                new double[] {ETA, ETA, ETA, ETA});
        MessageLoss loss = new MessageLoss();
        DdamTogdProtocol failing = base.withFailures(s, epochs, 1.0, loss);
        double[] a = finalOf(base, data, steps), b = finalOf(failing, data, steps);
        assertEquals(6, loss.lost());
        assertEquals(12 + 20 + 24, loss.sent());
        // X_{0,T} sums the terms due by T − 1: without failures s + 4 ≤ 59; with them s ≤ 6, s = 13..32 with
        // s + 12 ≤ 59 (all), s ≥ 33 with s + 4 ≤ 59.
        double without = 0, with = 0;
        for (int t = 1; t + 4 <= steps - 1; t++) without += grad(data, 2, t);
        for (int t = 1; t <= 6; t++) with += grad(data, 2, t);
        for (int t = 13; t <= 32; t++) with += grad(data, 2, t);
        for (int t = 33; t + 4 <= steps - 1; t++) with += grad(data, 2, t);
        assertEquals(a[0] - ETA * 0.5 * (with - without), b[0], 1e-12);
    }

    private static void assertSameIterates(Recorder a, Recorder b) {
        assertEquals(a.calls(), b.calls());
        for (int t = 1; t < a.x.length; t++) {
            for (int n = 0; n < a.x[t].length; n++) assertArrayEquals(a.x[t][n], b.x[t][n], "X_{" + n + "," + t + "}");
        }
    }
}
