package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.failures.TreeRepair;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;
import io.ddam.solver.tree.Transport;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * The fast failure-aware paths against the first implementation kept as the oracle: DDAM-TOGD's per-term
 * loss cursors against {@link DdamTogdProtocol#withReferenceLossCheck()} (same iterates bitwise, same sent
 * and lost counts) on random graphs, W and schedules (short and long outages, links that never come back,
 * repaired trees, the three clocks: one step per iteration, an even pace, an explicit fair-time clock), for
 * the DeltaNet batch path and the generic cost, on 1–3 threads; C-DOGD's in-place live rows against
 * {@link ConsensusWeights#live} bitwise.
 */
class FailurePathOracleTest {

    /** Random link events over steps 1..horizon: each up link fails with probability p, each down one recovers with q. */
    private static LinkSchedule randomSchedule(SplittableRandom r, Network g, long horizon, double p, double q) {
        boolean[] down = new boolean[g.edgeCount()];
        List<LinkSchedule.Event> events = new ArrayList<>();
        for (long t = 1; t <= horizon; t++) {
            for (int e = 0; e < down.length; e++) {
                if (r.nextDouble() < (down[e] ? q : p)) {
                    down[e] = !down[e];
                    events.add(new LinkSchedule.Event(t, e, down[e]));
                }
            }
        }
        return LinkSchedule.of(g, events);
    }

    @Test
    void cursorsLoseExactlyTheTermsTheOracleLoses() {
        SplittableRandom r = new SplittableRandom(11);
        int cases = 0, withLoss = 0, withRepair = 0;
        long lostTotal = 0, sentTotal = 0;
        for (int c = 0; c < 24; c++) {
            int agents = 5 + r.nextInt(10);
            Network g = RandomInstances.connectedGraph(r, agents, 0.25, 1 + r.nextInt(3));
            InterestMatrix w = RandomInstances.interest(r, agents, 0.3 + 0.7 * r.nextDouble());
            TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
            int steps = 60 + r.nextInt(60);
            int clockKind = c % 3; // 0: step = iteration; 1: an even pace > 1; 2: an explicit clock
            double pace = clockKind == 1 ? 1 + 2 * r.nextDouble() : 1.0;
            long[] clock = null;
            if (clockKind == 2) {
                clock = new long[steps + 1];
                long at = 1;
                for (int k = 1; k <= steps; k++) {
                    clock[k] = at;
                    at += r.nextInt(3); // repeats and jumps
                }
            }
            long horizon = clock != null ? clock[steps] : (long) Math.floor((steps - 1) * pace) + 1;
            double p = new double[] {0.003, 0.02, 0.08}[r.nextInt(3)];
            double q = new double[] {0.02, 0.2, 0.6}[r.nextInt(3)];
            LinkSchedule s = randomSchedule(r, g, horizon, p, q);
            List<DdamTogdProtocol.TreeEpoch> epochs = new ArrayList<>();
            if (c % 2 == 0) {
                epochs.add(new DdamTogdProtocol.TreeEpoch(1, trees));
            } else { // spt trees repaired after a random delay: new paths and delays mid-run
                List<RoutingTree> start = new ArrayList<>();
                for (int n = 0; n < agents; n++) start.add(trees.tree(n));
                var tl = TreeRepair.timeline("spt", g, w, start, s, r.nextInt(4), horizon, Transport.UNICAST);
                for (int k = 0; k < tl.from().length; k++) {
                    epochs.add(new DdamTogdProtocol.TreeEpoch(tl.from()[k],
                            k == 0 ? trees : tl.trees().get(k).metrics(g, Transport.UNICAST)));
                }
                if (epochs.size() > 1) withRepair++;
            }
            boolean batch = r.nextBoolean();
            MemoryCost cost = batch ? TestCosts.deltaNet(2, 3) : TestCosts.linear(2, 3);
            ArrayStream data = ArrayStream.random(c, agents, steps, 3, 2, 1);
            double[] eta = StepSizes.constant(agents, 0.05);
            DdamTogdProtocol base = DdamTogdProtocol.overTrees("ddam", w, trees, cost, Projection.ball(1), eta);
            MessageLoss refLoss = new MessageLoss();
            DdamTogdProtocol ref = base.withFailures(s, epochs, pace, clock, refLoss).withReferenceLossCheck();
            Recorder expected = Recorder.run(ref, data, steps);
            for (int threads : new int[] {1, 2, 3}) {
                MessageLoss loss = new MessageLoss();
                DdamTogdProtocol fast = base.withFailures(s, epochs, pace, clock, loss).withThreads(threads);
                Recorder got = Recorder.run(fast, data, steps);
                String what = "case " + c + " (" + agents + " agents, clock " + clockKind + ", " + epochs.size()
                        + " tree sets, " + (batch ? "DeltaNet" : "linear") + ", " + threads + " threads)";
                assertEquals(refLoss.sent(), loss.sent(), what + ": sent");
                assertEquals(refLoss.lost(), loss.lost(), what + ": lost");
                for (int t = 1; t <= steps; t++) {
                    for (int n = 0; n < agents; n++) assertArrayEquals(expected.x[t][n], got.x[t][n], what + ": X_{" + n + "," + t + "}");
                }
            }
            cases++;
            if (refLoss.lost() > 0 && refLoss.lost() < refLoss.sent()) withLoss++;
            lostTotal += refLoss.lost();
            sentTotal += refLoss.sent();
        }
        // The comparison means something only if terms were both lost and delivered, with and without repairs.
        assertEquals(24, cases);
        assertTrue(withLoss >= 18, withLoss + " cases lost some but not all terms");
        assertTrue(withRepair >= 6, withRepair + " cases repaired trees");
        assertTrue(lostTotal > 0 && lostTotal < sentTotal, lostTotal + " of " + sentTotal);
    }

    @Test
    void liveRowsAreBitwiseTheLiveConsensusWeights() {
        SplittableRandom r = new SplittableRandom(5);
        for (int c = 0; c < 40; c++) {
            int nodes = 2 + r.nextInt(30);
            Network g = RandomInstances.connectedGraph(r, nodes, r.nextDouble() * 0.4, 2);
            String kind = c % 2 == 0 ? "mh" : "max-degree";
            CdogdProtocol.LiveMixing live = new CdogdProtocol.LiveMixing(kind, g);
            boolean[] up = new boolean[g.edgeCount()];
            for (int round = 0; round < 5; round++) {
                double pDown = round == 0 ? 0 : round == 4 ? 1 : r.nextDouble();
                for (int e = 0; e < up.length; e++) up[e] = r.nextDouble() >= pDown;
                live.update(up);
                ConsensusWeights a = ConsensusWeights.live(kind, g, up);
                for (int n = 0; n < nodes; n++) {
                    String what = kind + " case " + c + " round " + round + " row " + n;
                    assertArrayEquals(a.supportOf(n), java.util.Arrays.copyOf(live.support[n], live.count[n]), what);
                    assertArrayEquals(a.weightsOf(n), java.util.Arrays.copyOf(live.weight[n], live.count[n]), what);
                }
            }
        }
    }
}
