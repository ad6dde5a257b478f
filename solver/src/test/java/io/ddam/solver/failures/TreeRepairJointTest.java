package io.ddam.solver.failures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.JointMilpDesigner;
import io.ddam.solver.milp.OrTools;
import io.ddam.solver.tree.JointDesign;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.TreeMetrics;
import io.ddam.solver.tree.Transport;

import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * Repair of joint trees (issue 11, part 3): the repaired {@code joint} design reaches the objective of the joint
 * MILP solved from scratch on the surviving graph with W renormalised over the reachable members (C_max, and
 * C_max + λ·Σ τ̃ when λ &gt; 0, with Σ τ̃ within the live budget (1+ε)·D*); the {@code joint-heuristic} repair is
 * feasible, never below that optimum, and equals the heuristic from scratch when its warm start is the same
 * (every root affected: the live shortest-path trees). Tiny graphs, so the MILPs solve to optimality at once.
 */
class TreeRepairJointTest {
    private static Network random(SplittableRandom r, int n) {
        Network.Builder b = Network.builder().addNodes(n);
        for (int i = 1; i < n; i++) b.addEdge(r.nextInt(i), i, 1 + r.nextInt(3), 1);
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) if (!b.hasEdge(i, j) && r.nextDouble() < 0.3) b.addEdge(i, j, 1 + r.nextInt(3), 1);
        }
        return b.build();
    }

    private static InterestMatrix interest(SplittableRandom r, int n) {
        double[][] w = new double[n][n];
        for (int a = 0; a < n; a++) {
            w[a][a] = 1;
            for (int m = 0; m < n; m++) if (m != a && r.nextDouble() < 0.5) w[a][m] = 1 + r.nextInt(3);
            double s = 0;
            for (double x : w[a]) s += x;
            for (int m = 0; m < n; m++) w[a][m] /= s;
        }
        return InterestMatrix.of(w);
    }

    /** The surviving graph, built independently of TreeRepair: same nodes, the up links in index order. */
    private static Network live(Network g, boolean[] up) {
        Network.Builder b = Network.builder().addNodes(g.nodeCount());
        for (int e = 0; e < g.edgeCount(); e++) if (up[e]) b.addEdge(g.edgeU(e), g.edgeV(e), g.delay(e), g.cost(e));
        return b.build();
    }

    /** W restricted to the members each root reaches on {@code live} (by breadth-first search), renormalised. */
    private static InterestMatrix restricted(InterestMatrix w, Network live) {
        int n = live.nodeCount();
        double[][] rows = new double[n][n];
        for (int r = 0; r < n; r++) {
            boolean[] seen = new boolean[n];
            int[] queue = new int[n];
            int head = 0, tail = 0;
            queue[tail++] = r;
            seen[r] = true;
            while (head < tail) {
                int u = queue[head++];
                for (int k = live.adjacencyStart(u); k < live.adjacencyStart(u + 1); k++) {
                    int v = live.adjacentNode(k);
                    if (!seen[v]) { seen[v] = true; queue[tail++] = v; }
                }
            }
            double sum = 0;
            for (int m : w.interestSet(r)) if (seen[m]) sum += w.weight(r, m);
            for (int m : w.interestSet(r)) if (seen[m]) rows[r][m] = w.weight(r, m) / sum;
        }
        return InterestMatrix.of(rows);
    }

    /** C_max (+ λ·Σ τ̃) of trees on G whose reached members are {@code sets}, and Σ τ̃. */
    private static double[] objective(Network g, List<RoutingTree> trees, int[][] sets, Transport t, double lambda) {
        TreeMetrics m = TreeMetrics.of(g, trees, sets).withTransport(t);
        double delay = m.totalTauSum() / 2.0;
        return new double[] {m.cMax() + lambda * delay, delay};
    }

    /** Per root a random mask that downs about a fifth of the links; several per graph. */
    private static boolean[] mask(SplittableRandom r, int edges) {
        boolean[] up = new boolean[edges];
        for (int e = 0; e < edges; e++) up[e] = r.nextDouble() > 0.2;
        return up;
    }

    @Test
    void repairedJointDesignHasTheObjectiveOfTheMilpFromScratchOnTheSurvivingGraph() {
        OrTools.require();
        SplittableRandom r = new SplittableRandom(5);
        double[][] options = {{0, 0}, {0.25, 0}, {0, 0.5}, {Double.POSITIVE_INFINITY, 0.5}}; // ε, λ
        int affected = 0, heuristicAbove = 0;
        for (int round = 0; round < 12; round++) {
            int n = 5 + r.nextInt(4);
            Network g = random(r, n);
            InterestMatrix w = interest(r, n);
            Transport t = round % 2 == 0 ? Transport.UNICAST : Transport.AGGREGATE;
            double eps = options[round % 4][0], lambda = options[round % 4][1];
            JointMilpDesigner milp = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withTransport(t)
                    .withDelaySlack(eps).withLambda(lambda).withTimeLimit(30).withLpBound(false));
            JointDesign initial = milp.design(g, w);
            assertEquals(SolveStatus.OPTIMAL, initial.status());
            boolean[] up = mask(r, g.edgeCount());
            TreeRepair.Result rep = TreeRepair.repair(milp, g, w, initial.design().trees(), up, false);
            if (rep.repaired() > 0) affected++;

            Network live = live(g, up);
            InterestMatrix wr = restricted(w, live);
            JointDesign fresh = milp.design(live, wr);
            assertEquals(SolveStatus.OPTIMAL, fresh.status(), "round " + round);
            for (int root = 0; root < n; root++) {
                assertArrayEquals(wr.interestSet(root), rep.interestSets()[root], "round " + round + " root " + root);
                for (int e : rep.trees().get(root).edges()) assertTrue(up[e], "round " + round + " root " + root + " uses a down link");
                for (int m : wr.interestSet(root)) assertTrue(rep.trees().get(root).contains(m));
            }
            double[] got = objective(g, rep.trees(), rep.interestSets(), t, lambda);
            assertEquals(fresh.objective(), got[0], 1e-9, "round " + round + " (" + t + ", eps " + eps + ", lambda " + lambda + ")");
            if (!Double.isInfinite(eps)) {
                long budget = fresh.shortestDelaySum() + (long) Math.floor(eps * fresh.shortestDelaySum() + 1e-9);
                assertTrue(got[1] <= budget, "round " + round + ": delay " + got[1] + " over the budget " + budget);
            }
            // The same repair by the heuristic alone, to know that these instances tell the two apart.
            JointHeuristicDesigner h = new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(t)
                    .withDelaySlack(eps).withLambda(lambda));
            TreeRepair.Result hr = TreeRepair.repair(h, g, w, initial.design().trees(), up, false);
            double hObj = objective(g, hr.trees(), hr.interestSets(), t, lambda)[0];
            assertTrue(hObj >= got[0] - 1e-9, "round " + round + ": the heuristic beat the MILP");
            if (hObj > got[0] + 1e-9) heuristicAbove++;
        }
        assertTrue(affected >= 6, "most rounds repaired some tree: " + affected);
        assertTrue(heuristicAbove >= 1, "some round where the heuristic repair stays above the optimum: " + heuristicAbove);
    }

    @Test
    void jointHeuristicRepairIsFeasibleNeverBelowTheOptimumAndEqualsTheHeuristicFromScratchOnTheSameStart() {
        OrTools.require();
        SplittableRandom r = new SplittableRandom(12);
        for (int round = 0; round < 8; round++) {
            int n = 5 + r.nextInt(4);
            Network g = random(r, n);
            InterestMatrix w = interest(r, n);
            Transport t = round % 2 == 0 ? Transport.UNICAST : Transport.AGGREGATE;
            double eps = round < 4 ? 0 : 0.25;
            JointHeuristicDesigner h = new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(t)
                    .withDelaySlack(eps));
            List<RoutingTree> start = h.design(g, w).design().trees();
            boolean[] up = mask(r, g.edgeCount());
            Network live = live(g, up);
            InterestMatrix wr = restricted(w, live);
            JointDesign optimum = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withTransport(t).withDelaySlack(eps)
                    .withTimeLimit(30).withLpBound(false)).design(live, wr);
            assertEquals(SolveStatus.OPTIMAL, optimum.status());
            for (boolean restored : new boolean[] {false, true}) {
                TreeRepair.Result rep = TreeRepair.repair(h, g, w, start, up, restored);
                double[] got = objective(g, rep.trees(), rep.interestSets(), t, 0);
                assertTrue(got[0] >= optimum.objective() - 1e-9, "round " + round + ": below the optimum");
                long budget = optimum.shortestDelaySum() + (long) Math.floor(eps * optimum.shortestDelaySum() + 1e-9);
                assertTrue(got[1] <= budget, "round " + round + ": delay over the budget");
                for (int root = 0; root < n; root++) {
                    for (int e : rep.trees().get(root).edges()) assertTrue(up[e]);
                    for (int m : wr.interestSet(root)) assertTrue(rep.trees().get(root).contains(m));
                }
                if (restored) {
                    // Every root affected: the warm start is the live shortest-path trees, the heuristic's own start.
                    List<RoutingTree> fresh = h.design(live, wr).design().trees();
                    for (int root = 0; root < n; root++) {
                        assertEquals(pairs(live, fresh.get(root).edges()), pairs(g, rep.trees().get(root).edges()),
                                "round " + round + " root " + root);
                    }
                }
            }
        }
    }

    private static String pairs(Network g, int[] edges) {
        String[] s = new String[edges.length];
        for (int i = 0; i < edges.length; i++) {
            int u = g.edgeU(edges[i]), v = g.edgeV(edges[i]);
            s[i] = Math.min(u, v) + "-" + Math.max(u, v);
        }
        Arrays.sort(s);
        return String.join(",", s);
    }
}
