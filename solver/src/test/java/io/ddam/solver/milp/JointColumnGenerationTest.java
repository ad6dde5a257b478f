package io.ddam.solver.milp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.JointDesign;
import io.ddam.solver.tree.JointProblem;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeColumn;
import io.ddam.solver.tree.TreePricer;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Column generation ({@code joint --method colgen}) against independent answers: brute force over every
 * combination of trees and the compact MILP on small random instances (both transports, ε ∈ {0, 0.25, ∞},
 * random capacities, λ), its bounds never above the optimum, designs re-checked from scratch, the Lagrangian
 * bound computed by hand on a 4-node ring, and the same trees for any thread count.
 */
class JointColumnGenerationTest {
    private static final double[] SLACKS = {0, 0.25, Double.POSITIVE_INFINITY};

    private static JointMilpDesigner designer(JointMilpDesigner.Method m, Transport t, double eps, double lambda) {
        return new JointMilpDesigner(JointMilpDesigner.Options.defaults().withMethod(m).withTransport(t).withDelaySlack(eps)
                .withLambda(lambda).withTimeLimit(0));
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26, 27, 28})
    void colgenEqualsCompactAndBruteForceOnTinyGraphs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nodes = 4 + r.nextInt(2);
        Network g = JointDesignersTest.graph(r, nodes, nodes == 4 ? 0.5 : 0.3, 3, true);
        InterestMatrix w = JointDesignersTest.interest(r, nodes, 0.4 + 0.6 * r.nextDouble());
        double lambda = seed % 3 == 0 ? 0.5 : 0;
        JointProblem p = JointProblem.of(g, w);
        for (Transport t : Transport.values()) {
            for (double eps : SLACKS) {
                String where = "seed " + seed + ", " + t + ", eps " + eps + ", lambda " + lambda;
                double oracle = JointDesignersTest.bruteForce(g, w, t, p.slackSteps(eps), lambda);
                JointDesign cg = designer(JointMilpDesigner.Method.COLGEN, t, eps, lambda).design(g, w);
                JointDesign compact = designer(JointMilpDesigner.Method.COMPACT, t, eps, lambda).design(g, w);
                assertEquals("colgen", cg.log().method(), where);
                assertEquals(SolveStatus.OPTIMAL, cg.status(), where + " " + cg.bounds());
                assertEquals(oracle, cg.objective(), 1e-6, where + ": colgen vs brute force");
                assertEquals(compact.objective(), cg.objective(), 1e-6, where + ": colgen vs compact MILP");
                for (var b : cg.bounds().entrySet()) assertTrue(b.getValue() <= oracle + 1e-6, where + ": bound " + b + " above " + oracle);
                assertFeasible(p, cg, eps, where);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33})
    void onLargerGraphsEveryBoundIsBelowTheCompactOptimumAndDesignsAreFeasible(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nodes = 7 + r.nextInt(2);
        Network g = JointDesignersTest.graph(r, nodes, 0.25, 3, seed % 2 == 0);
        InterestMatrix w = JointDesignersTest.interest(r, nodes, 0.3 + 0.5 * r.nextDouble());
        JointProblem p = JointProblem.of(g, w);
        for (Transport t : Transport.values()) {
            for (double eps : SLACKS) {
                String where = "seed " + seed + ", " + t + ", eps " + eps;
                JointDesign compact = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withMethod(JointMilpDesigner.Method.COMPACT)
                        .withTransport(t).withDelaySlack(eps).withTimeLimit(2)).design(g, w);
                JointDesign cg = designer(JointMilpDesigner.Method.COLGEN, t, eps, 0).design(g, w);
                // The compact MILP may stop at its limit here (that is why column generation exists); compare what is proven.
                double best = Math.min(compact.objective(), cg.objective());
                for (var b : cg.bounds().entrySet()) assertTrue(b.getValue() <= best + 1e-6, where + ": bound " + b + " above " + best);
                for (var b : compact.bounds().entrySet()) assertTrue(b.getValue() <= cg.objective() + 1e-6, where + ": compact bound " + b);
                if (compact.status() == SolveStatus.OPTIMAL) assertTrue(cg.objective() >= compact.objective() - 1e-6, where + ": colgen below the optimum");
                if (compact.status() == SolveStatus.OPTIMAL && cg.status() == SolveStatus.OPTIMAL) {
                    assertEquals(compact.objective(), cg.objective(), 1e-6, where);
                }
                if (cg.status() == SolveStatus.OPTIMAL) assertTrue(cg.objective() <= compact.objective() + 1e-6, where + ": compact beat a proven optimum");
                assertFeasible(p, cg, eps, where);
            }
        }
    }

    /**
     * Diving (docs/algorithms.md, "Diving"): on random 12–14-node instances where the dive runs (more than five roots,
     * the LP optimal, the incumbent above its bound), every design is feasible and never below the compact MILP's
     * proven optimum, and equals it where column generation claims a proof. Fails if the dive never runs.
     */
    @ParameterizedTest
    @ValueSource(longs = {45, 48})
    void divingGivesFeasibleDesignsNeverBelowTheOptimum(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dived = 0;
        for (int trial = 0; trial < 6; trial++) {
            int nodes = 12 + r.nextInt(3);
            Network g = JointDesignersTest.graph(r, nodes, 0.15, 3, trial % 2 == 0);
            InterestMatrix w = JointDesignersTest.interest(r, nodes, 0.3 + 0.4 * r.nextDouble());
            JointProblem p = JointProblem.of(g, w);
            for (Transport t : Transport.values()) {
                double eps = 0.25;
                String where = "seed " + seed + ", trial " + trial + ", " + t;
                JointDesign cg = designer(JointMilpDesigner.Method.COLGEN, t, eps, 0).design(g, w);
                if (!cg.log().phaseSeconds().containsKey("dive")) continue;
                dived++;
                assertFeasible(p, cg, eps, where);
                JointDesign compact = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withMethod(JointMilpDesigner.Method.COMPACT)
                        .withTransport(t).withDelaySlack(eps).withTimeLimit(5)).design(g, w);
                if (compact.status() != SolveStatus.OPTIMAL) continue;
                assertTrue(cg.objective() >= compact.objective() - 1e-6, where + ": below the optimum");
                if (cg.status() == SolveStatus.OPTIMAL) assertEquals(compact.objective(), cg.objective(), 1e-6, where);
            }
        }
        assertTrue(dived > 0, "seed " + seed + ": the dive never ran");
    }

    /** Each tree spans its root and targets; delays, loads and C_max recomputed from the parent edges alone. */
    /**
     * Dense W on a K4 with two chains hung on it (4 and 3 nodes): every aggregate tree covers each chain but for one
     * link, so many chain links tie at C and master rounds stall, which is where column generation adds its spread
     * columns (docs/algorithms.md, "Stalled rounds"). Its optimum still equals the compact MILP's, proven, with every
     * bound at or below it.
     */
    @Test
    void denseAggregateOnChainsEqualsTheCompactOptimum() {
        Network.Builder b = Network.builder().addNodes(11);
        int[][] edges = {{0, 1}, {0, 2}, {0, 3}, {1, 2}, {1, 3}, {2, 3}, {0, 4}, {4, 5}, {5, 6}, {6, 7}, {7, 1}, {2, 8}, {8, 9}, {9, 10}, {10, 3}};
        for (int i = 0; i < edges.length; i++) b.addEdge(edges[i][0], edges[i][1], 1 + i % 3, 1);
        Network g = b.build();
        double[][] a = new double[11][11];
        for (double[] row : a) java.util.Arrays.fill(row, 1.0 / 11);
        InterestMatrix w = InterestMatrix.of(a);
        JointProblem p = JointProblem.of(g, w);
        for (double eps : new double[] {0.25, Double.POSITIVE_INFINITY}) {
            String where = "eps " + eps;
            JointDesign cg = designer(JointMilpDesigner.Method.COLGEN, Transport.AGGREGATE, eps, 0).design(g, w);
            JointDesign compact = designer(JointMilpDesigner.Method.COMPACT, Transport.AGGREGATE, eps, 0).design(g, w);
            assertEquals(SolveStatus.OPTIMAL, compact.status(), where);
            assertEquals(SolveStatus.OPTIMAL, cg.status(), where + " " + cg.bounds());
            assertEquals(compact.objective(), cg.objective(), 1e-6, where + ": colgen vs compact MILP");
            for (var bound : cg.bounds().entrySet()) assertTrue(bound.getValue() <= compact.objective() + 1e-6, where + ": bound " + bound);
            assertFeasible(p, cg, eps, where);
        }
    }

    static void assertFeasible(JointProblem p, JointDesign d, double eps, String where) {
        Network g = p.network();
        double[] load = new double[g.edgeCount()];
        long delay = 0;
        for (int r = 0; r < p.size(); r++) {
            RoutingTree tree = d.design().tree(r);
            assertEquals(r, tree.root(), where);
            boolean[] used = new boolean[g.edgeCount()];
            for (int m : p.targets(r)) {
                int v = m, steps = 0;
                while (v != r) {
                    int e = tree.parentEdge(v);
                    assertTrue(e >= 0 && ++steps <= g.nodeCount(), where + ": root " + r + " does not reach " + m);
                    delay += g.delay(e);
                    if (d.transport() == Transport.UNICAST) load[e] += 2;
                    else if (!used[e]) load[e] += 2;
                    used[e] = true;
                    v = g.opposite(e, v);
                }
            }
        }
        long slack = p.slackSteps(eps);
        if (slack != Long.MAX_VALUE) assertTrue(delay <= p.shortestDelaySum() + slack, where + ": delay " + delay + " over the budget");
        double cmax = 0;
        for (int e = 0; e < load.length; e++) cmax = Math.max(cmax, load[e] / g.capacity(e));
        assertEquals(cmax, d.cMax(), 1e-9, where + ": C_max");
        assertEquals(delay, d.delaySum(), where + ": delay sum");
    }

    /**
     * Ring 0-1-2-3-0 (edges e0 = 0-1, e1 = 1-2, e2 = 2-3, e3 = 3-0, delay 1, κ = 1); each node needs only the node
     * opposite, two hops either way. With π = (0.5, 0.25, 0.25, 0) a path costs 2·Σπ on its edges:
     * root 0 → 2: via 1 costs 1.5, via 3 costs 0.5; root 1 → 3: 1.0 either way; root 2 → 0: 1.5 or 0.5; root 3 → 1:
     * 1.0 either way. L = 0.5 + 1 + 0.5 + 1 = 3. With uniform π = 1/4 every path costs 1 and L = 4 = the optimum
     * (each root sends 2 messages over 2 of the 4 links: 16 messages, C_max ≥ 4, reached by turning all one way).
     * With ε = 0.25 (D* = 8, slack 2) and μ = 0.1 each path also pays 0.1·2: L = 3 + 0.8 − 0.1·10 = 2.8.
     */
    @Test
    void lagrangianBoundByHandOnAFourNodeRing() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 0).build();
        double[][] w = new double[4][4];
        for (int n = 0; n < 4; n++) {
            w[n][n] = 0.5;
            w[n][(n + 2) % 4] = 0.5;
        }
        JointProblem p = JointProblem.of(g, InterestMatrix.of(w));
        double[] pi = new double[4];
        pi[g.edgeBetween(0, 1)] = 0.5;
        pi[g.edgeBetween(1, 2)] = 0.25;
        pi[g.edgeBetween(2, 3)] = 0.25;
        pi[g.edgeBetween(3, 0)] = 0;
        for (Transport t : Transport.values()) {
            assertEquals(3.0, JointColumnGeneration.lagrangianBound(p, t, Long.MAX_VALUE, pi, 0, 0), 1e-12, t.toString());
            assertEquals(4.0, JointColumnGeneration.lagrangianBound(p, t, Long.MAX_VALUE, new double[] {0.25, 0.25, 0.25, 0.25}, 0, 0), 1e-12);
            assertEquals(2.8, JointColumnGeneration.lagrangianBound(p, t, p.slackSteps(0.25), pi, 0.1, 0), 1e-12, t + " with mu");
            JointDesign d = designer(JointMilpDesigner.Method.COLGEN, t, Double.POSITIVE_INFINITY, 0).design(g, InterestMatrix.of(w));
            assertEquals(4.0, d.objective(), 1e-12);
            assertEquals(SolveStatus.OPTIMAL, d.status());
        }
    }

    /** The Frank–Wolfe phase of large networks, forced on small ones: valid bounds, feasible designs. */
    @ParameterizedTest
    @ValueSource(longs = {51, 52})
    void frankWolfePhaseGivesValidBoundsAndFeasibleDesigns(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network g = JointDesignersTest.graph(r, 8, 0.25, 3, seed % 2 == 0);
        InterestMatrix w = JointDesignersTest.interest(r, 8, 0.4);
        JointProblem p = JointProblem.of(g, w);
        int saved = JointColumnGeneration.fwNodes;
        JointColumnGeneration.fwNodes = 0;
        try {
            for (Transport t : Transport.values()) {
                for (double eps : SLACKS) {
                    String where = "seed " + seed + ", " + t + ", eps " + eps;
                    JointDesign cg = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withMethod(JointMilpDesigner.Method.COLGEN)
                            .withTransport(t).withDelaySlack(eps).withTimeLimit(2)).design(g, w);
                    JointDesign compact = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withMethod(JointMilpDesigner.Method.COMPACT)
                            .withTransport(t).withDelaySlack(eps).withTimeLimit(2)).design(g, w);
                    // The optimum, or where the compact MILP stops short, the best design either found (≥ the optimum).
                    double oracle = compact.status() == SolveStatus.OPTIMAL ? compact.objective() : Math.min(compact.objective(), cg.objective());
                    if (compact.status() == SolveStatus.OPTIMAL) assertTrue(cg.objective() >= oracle - 1e-6, where + ": below the optimum");
                    assertTrue(cg.log().iterations() > 0, where + ": no Frank-Wolfe round");
                    for (var b : cg.bounds().entrySet()) assertTrue(b.getValue() <= oracle + 1e-6, where + ": bound " + b + " above " + oracle);
                    assertFeasible(p, cg, eps, where);
                }
            }
        } finally {
            JointColumnGeneration.fwNodes = saved;
        }
    }

    /**
     * Square 0-1-3 / 0-2-3 with unit delays: roots 0 and 3 need each other, and both shortest-path trees take the
     * route via node 1 (the lower index), so links 0-1 and 1-3 carry 4 messages and the route via 2 none. Re-routing
     * root 3 via 2 keeps every delay (both routes are shortest, so even ε = 0 allows it) and halves C_max to 2.
     */
    @Test
    void criticalRerouteMovesATreeOffTheBusiestLinks() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(1, 3).addEdge(0, 2).addEdge(2, 3).build();
        double[][] w = new double[4][4];
        w[1][1] = w[2][2] = 1;
        w[0][0] = w[0][3] = w[3][3] = w[3][0] = 0.5;
        JointProblem p = JointProblem.of(g, InterestMatrix.of(w));
        for (Transport t : Transport.values()) {
            TreeColumn[] spt = JointColumnGeneration.shortestPathColumns(p, t);
            assertEquals(4.0, cMax(p, spt), 0, t + ": the start puts both roots on one route");
            long budget = p.shortestDelaySum();
            TreeColumn[] out = JointColumnGeneration.criticalReroute(p, spt, budget, new TreePricer(p, t, 0, false), Long.MAX_VALUE);
            assertEquals(2.0, cMax(p, out), 0, t.toString());
            assertEquals(budget, java.util.Arrays.stream(out).filter(c -> c != null).mapToLong(TreeColumn::delay).sum(), t.toString());
            assertFeasible(p, new JointDesign(p.toDesign("reroute", out, SolveStatus.FEASIBLE), t, SolveStatus.FEASIBLE, 0, 0,
                    p.shortestDelaySum(), java.util.Map.of(), 0), 0, t.toString());
        }
    }

    /** On random instances the re-routing never leaves the budget, never raises C_max, and never goes below the optimum. */
    @ParameterizedTest
    @ValueSource(longs = {61, 62, 63, 64, 65, 66})
    void criticalRerouteStaysFeasibleAndAboveTheOptimum(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network g = JointDesignersTest.graph(r, 8, 0.3, 3, seed % 2 == 0);
        InterestMatrix w = JointDesignersTest.interest(r, 8, 0.5);
        JointProblem p = JointProblem.of(g, w);
        for (Transport t : Transport.values()) {
            for (double eps : new double[] {0, 0.25}) {
                String where = "seed " + seed + ", " + t + ", eps " + eps;
                long slack = p.slackSteps(eps);
                TreeColumn[] spt = JointColumnGeneration.shortestPathColumns(p, t);
                TreeColumn[] out = JointColumnGeneration.criticalReroute(p, spt, p.shortestDelaySum() + (double) slack,
                        new TreePricer(p, t, slack, false), Long.MAX_VALUE);
                JointDesign d = new JointDesign(p.toDesign("reroute", out, SolveStatus.FEASIBLE), t, SolveStatus.FEASIBLE, eps, 0,
                        p.shortestDelaySum(), java.util.Map.of(), 0);
                assertFeasible(p, d, eps, where);
                assertTrue(d.cMax() <= cMax(p, spt), where + ": C_max rose");
                JointDesign opt = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withMethod(JointMilpDesigner.Method.COMPACT)
                        .withTransport(t).withDelaySlack(eps).withTimeLimit(5)).design(g, w);
                if (opt.status() == SolveStatus.OPTIMAL) assertTrue(d.cMax() >= opt.cMax() - 1e-9, where + ": below the optimum");
            }
        }
    }

    private static double cMax(JointProblem p, TreeColumn[] trees) {
        double[] time = new double[p.network().edgeCount()];
        for (TreeColumn c : trees) {
            if (c == null) continue;
            for (int i = 0; i < c.size(); i++) time[c.edge(i)] += c.load(i) / p.network().capacity(c.edge(i));
        }
        return java.util.Arrays.stream(time).max().orElse(0);
    }

    @Test
    void cMaxGridAndRoundingFollowTheCapacities() {
        Network unit = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        assertEquals(2, JointColumnGeneration.cmaxStep(unit, 0));
        assertEquals(0, JointColumnGeneration.cmaxStep(unit, 0.5), "with lambda > 0 the objective has no grid");
        assertEquals(18.0, JointColumnGeneration.roundUp(17.2, unit, 0), 0);
        assertEquals(18.0, JointColumnGeneration.roundUp(18.0, unit, 0), 0, "a bound on the grid stays");
        assertEquals(18.0, JointColumnGeneration.roundUp(18.0 - 1e-9, unit, 0), 0, "LP noise below a grid point");
        Network mixed = Network.builder().addNodes(3).addEdge(0, 1, 1, 1, 0.5).addEdge(1, 2, 1, 1, 2).build();
        assertEquals(1, JointColumnGeneration.cmaxStep(mixed, 0), "2/0.5 = 4 and 2/2 = 1: gcd 1");
        assertEquals(18.0, JointColumnGeneration.roundUp(17.2, mixed, 0), 0);
        Network odd = Network.builder().addNodes(3).addEdge(0, 1, 1, 1, 3).addEdge(1, 2).build();
        assertEquals(0, JointColumnGeneration.cmaxStep(odd, 0), "2/3 is not whole: no grid");
        assertEquals(17.2, JointColumnGeneration.roundUp(17.2, odd, 0), 0);
    }

    @Test
    void sameTreesForAnyThreadCount() {
        SplittableRandom r = new SplittableRandom(41);
        Network g = JointDesignersTest.graph(r, 30, 0.08, 3, true);
        InterestMatrix w = JointDesignersTest.interest(r, 30, 0.3);
        for (Transport t : Transport.values()) {
            JointMilpDesigner.Options o = JointMilpDesigner.Options.defaults().withMethod(JointMilpDesigner.Method.COLGEN)
                    .withTransport(t).withDelaySlack(0.1).withTimeLimit(0);
            JointDesign one = new JointMilpDesigner(o.withThreads(1)).design(g, w);
            JointDesign three = new JointMilpDesigner(o.withThreads(3)).design(g, w);
            assertEquals(one.objective(), three.objective(), 0, t.toString());
            assertEquals(one.bounds(), three.bounds(), t.toString());
            for (int n = 0; n < g.nodeCount(); n++) assertArrayEquals(one.design().tree(n).edges(), three.design().tree(n).edges(), t + " root " + n);
        }
    }
}
