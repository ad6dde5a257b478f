package io.ddam.solver.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.JointDesign;
import io.ddam.solver.tree.JointHeuristicDesigner;
import io.ddam.solver.tree.JointProblem;
import io.ddam.solver.tree.LoadBounds;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.Transport;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The joint designers against independent oracles: brute force over every combination of trees on
 * tiny graphs, the shortest-path optimum at ε = 0, shortest-path trees' C_max, and the lower bounds.
 */
class JointDesignersTest {
    private static final double[] SLACKS = {0, 0.25, Double.POSITIVE_INFINITY};

    /** A connected graph: random spanning tree plus extra edges; delays 1..maxDelay; capacities 1, 2 or 0.5 if asked. */
    static Network graph(SplittableRandom r, int nodes, double extra, int maxDelay, boolean capacities) {
        Network.Builder b = Network.builder().addNodes(nodes);
        for (int i = 1; i < nodes; i++) b.addEdge(r.nextInt(i), i, 1 + r.nextInt(maxDelay), 1, capacities ? cap(r) : 1);
        for (int i = 0; i < nodes; i++) {
            for (int j = i + 1; j < nodes; j++) {
                if (!b.hasEdge(i, j) && r.nextDouble() < extra) b.addEdge(i, j, 1 + r.nextInt(maxDelay), 1, capacities ? cap(r) : 1);
            }
        }
        return b.build();
    }

    private static double cap(SplittableRandom r) {
        return new double[] {1, 2, 0.5}[r.nextInt(3)];
    }

    /** Row-stochastic W, w_nn &gt; 0, other entries with probability {@code density}. */
    static InterestMatrix interest(SplittableRandom r, int n, double density) {
        double[][] w = new double[n][n];
        for (int a = 0; a < n; a++) {
            double s = 0;
            for (int m = 0; m < n; m++) {
                if (m == a || r.nextDouble() < density) {
                    w[a][m] = 0.1 + r.nextDouble();
                    s += w[a][m];
                }
            }
            for (int m = 0; m < n; m++) w[a][m] /= s;
        }
        return InterestMatrix.of(w);
    }

    /** Every pruned tree rooted at n reaching its targets (edge subsets that are trees whose leaves are targets). */
    private static List<RoutingTree> allTrees(Network g, int root, int[] targets) {
        List<RoutingTree> out = new ArrayList<>();
        int m = g.edgeCount();
        boolean[] isTarget = new boolean[g.nodeCount()];
        for (int t : targets) isTarget[t] = true;
        for (int mask = 0; mask < (1 << m); mask++) {
            int[] edges = new int[Integer.bitCount(mask)];
            int k = 0;
            for (int e = 0; e < m; e++) if ((mask & (1 << e)) != 0) edges[k++] = e;
            RoutingTree t;
            try {
                t = RoutingTree.fromEdges(g, root, edges);
            } catch (DdamInputException notATree) {
                continue;
            }
            boolean ok = true;
            for (int v : targets) ok &= t.contains(v);
            int[] degree = new int[g.nodeCount()];
            for (int e : edges) { degree[g.edgeU(e)]++; degree[g.edgeV(e)]++; }
            for (int v = 0; v < g.nodeCount() && ok; v++) if (degree[v] == 1 && v != root && !isTarget[v]) ok = false;
            if (ok) out.add(t);
        }
        return out;
    }

    /** min over all tree combinations of C_max + λ·Σ τ̃ with Σ τ̃ ≤ D* + slack: the brute-force optimum. */
    static double bruteForce(Network g, InterestMatrix w, Transport t, long slackSteps, double lambda) {
        JointProblem p = JointProblem.of(g, w);
        int n = g.nodeCount();
        List<List<long[]>> loads = new ArrayList<>();
        List<List<Long>> delays = new ArrayList<>();
        for (int r = 0; r < n; r++) {
            List<long[]> ls = new ArrayList<>();
            List<Long> ds = new ArrayList<>();
            int[] targets = p.targets(r);
            for (RoutingTree tree : allTrees(g, r, targets)) {
                long[] load = new long[g.edgeCount()];
                boolean[] used = new boolean[g.edgeCount()];
                long d = 0;
                for (int m : targets) {
                    d += tree.delayTo(m);
                    for (int e : tree.pathEdges(m)) {
                        if (t == Transport.UNICAST) load[e] += 2;
                        else used[e] = true;
                    }
                }
                if (t == Transport.AGGREGATE) for (int e = 0; e < load.length; e++) if (used[e]) load[e] = 2;
                ls.add(load);
                ds.add(d);
            }
            loads.add(ls);
            delays.add(ds);
        }
        long budget = slackSteps == Long.MAX_VALUE ? Long.MAX_VALUE : p.shortestDelaySum() + slackSteps;
        double[] best = {Double.POSITIVE_INFINITY};
        search(g, loads, delays, 0, new long[g.edgeCount()], 0, budget, lambda, best);
        return best[0];
    }

    private static void search(Network g, List<List<long[]>> loads, List<List<Long>> delays, int r, long[] acc, long delay,
                               long budget, double lambda, double[] best) {
        if (delay > budget) return;
        if (r == loads.size()) {
            double c = 0;
            for (int e = 0; e < acc.length; e++) c = Math.max(c, acc[e] / g.capacity(e));
            best[0] = Math.min(best[0], c + lambda * delay);
            return;
        }
        for (int i = 0; i < loads.get(r).size(); i++) {
            long[] l = loads.get(r).get(i);
            for (int e = 0; e < acc.length; e++) acc[e] += l[e];
            search(g, loads, delays, r + 1, acc, delay + delays.get(r).get(i), budget, lambda, best);
            for (int e = 0; e < acc.length; e++) acc[e] -= l[e];
        }
    }

    private static boolean within(long delay, JointProblem p, double eps) {
        long slack = p.slackSteps(eps);
        return slack == Long.MAX_VALUE || delay <= p.shortestDelaySum() + slack;
    }

    private static JointMilpDesigner milp(Transport t, double eps, double lambda) {
        return new JointMilpDesigner(JointMilpDesigner.Options.defaults().withTransport(t).withDelaySlack(eps).withLambda(lambda)
                .withTimeLimit(0));
    }

    private static JointHeuristicDesigner heuristic(Transport t, double eps, double lambda) {
        return new JointHeuristicDesigner(JointHeuristicDesigner.Options.defaults().withTransport(t).withDelaySlack(eps).withLambda(lambda));
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void milpEqualsBruteForceOnTinyGraphs(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nodes = 4 + r.nextInt(2);
        Network g = graph(r, nodes, nodes == 4 ? 0.5 : 0.25, 2, seed % 2 == 0);
        InterestMatrix w = interest(r, nodes, 0.4 + 0.6 * r.nextDouble());
        double lambda = seed == 3 ? 0.5 : 0;
        JointProblem p = JointProblem.of(g, w);
        for (Transport t : Transport.values()) {
            JointDesign previous = null;
            for (double eps : SLACKS) {
                String where = "seed " + seed + ", " + t + ", eps " + eps + ", lambda " + lambda;
                double oracle = bruteForce(g, w, t, p.slackSteps(eps), lambda);
                JointDesign d = milp(t, eps, lambda).design(g, w);
                assertEquals(SolveStatus.OPTIMAL, d.status(), where);
                assertEquals(oracle, d.objective(), 1e-6, where + ": MILP objective vs brute force");
                if (previous != null) {
                    // Warm-started from the smaller slack's trees (as --pareto does): the same optimum.
                    JointDesign warm = milp(t, eps, lambda).design(g, w, previous.design());
                    assertEquals(oracle, warm.objective(), 1e-6, where + ": warm-started MILP");
                }
                previous = d;
                assertTrue(within(d.delaySum(), p, eps), where + ": delay budget");
                for (double b : d.bounds().values()) assertTrue(b <= oracle + 1e-6, where + ": bound " + d.bounds() + " above the optimum");
                JointDesign h = heuristic(t, eps, lambda).design(g, w);
                assertTrue(h.objective() >= oracle - 1e-9, where + ": heuristic below the optimum");
                assertTrue(within(h.delaySum(), p, eps), where + ": heuristic delay budget");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14})
    void atZeroSlackDelayIsTheShortestPathOptimumAndLoadNeverWorseThanSpt(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nodes = 10 + r.nextInt(8);
        Network g = graph(r, nodes, 0.2, 3, seed % 2 == 1);
        InterestMatrix w = interest(r, nodes, 0.5 + 0.5 * r.nextDouble());
        TreeMetrics spt = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        for (Transport t : Transport.values()) {
            String where = "seed " + seed + ", " + t;
            JointDesign d = milp(t, 0, 0).design(g, w);
            assertEquals(SolveStatus.OPTIMAL, d.status(), where);
            assertEquals(spt.totalTauSum(), d.metrics().totalTauSum(), where + ": sum tau_sum = shortest-path optimum");
            assertEquals(2 * d.shortestDelaySum(), spt.totalTauSum(), where);
            assertTrue(d.cMax() <= spt.withTransport(t).cMax() + 1e-9, where + ": joint C_max above spt's");
            JointDesign h = heuristic(t, 0, 0).design(g, w);
            assertEquals(spt.totalTauSum(), h.metrics().totalTauSum(), where + ": heuristic at eps 0");
            assertTrue(h.cMax() >= d.cMax() - 1e-9, where + ": heuristic beats the proven optimum");
            assertTrue(h.cMax() <= spt.withTransport(t).cMax() + 1e-9, where + ": heuristic worse than its start");
            for (double b : d.bounds().values()) assertTrue(h.cMax() >= b - 1e-9, where + ": heuristic below bound " + d.bounds());
            assertTrue(h.cMax() >= LoadBounds.cut(JointProblem.of(g, w), t) - 1e-9, where);
            // Every tree is valid for its root and W_n, pruned.
            TreeMetrics.validate(g, d.design().trees(), w);
        }
    }

    @Test
    void compactArcCountMatchesTheShortestPathArcsByHand() {
        // Path 0-1-2, unit delays, dense W. At ε = 0 each root keeps the arcs of its shortest-path DAG that do not enter
        // it: 0→1, 1→2 (root 0); 1→0, 1→2 (root 1); 2→1, 1→0 (root 2): 6. Unbounded slack keeps every arc not entering
        // the root: 3 + 2 + 3 = 8.
        Network g = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        double[][] a = new double[3][3];
        for (double[] row : a) Arrays.fill(row, 1.0 / 3);
        JointProblem p = JointProblem.of(g, InterestMatrix.of(a));
        assertTrue(JointMilpDesigner.compactArcsAbove(p, 0, 5));
        assertFalse(JointMilpDesigner.compactArcsAbove(p, 0, 6));
        assertTrue(JointMilpDesigner.compactArcsAbove(p, Long.MAX_VALUE, 7));
        assertFalse(JointMilpDesigner.compactArcsAbove(p, Long.MAX_VALUE, 8));
    }

    @Test
    void bridgeBoundCountsThePairsThatMustCrossIt() {
        // 0-1-2 path plus triangle 2-3-4: edges 0-1 and 1-2 are bridges. Dense W: 5 agents.
        Network g = Network.builder().addNodes(5).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 4).addEdge(2, 4).build();
        double[][] a = new double[5][5];
        for (double[] row : a) Arrays.fill(row, 0.2);
        JointProblem p = JointProblem.of(g, InterestMatrix.of(a));
        // Edge 1-2 separates {0,1} from {2,3,4}: 2*3 + 3*2 = 12 pairs cross, 2 messages each.
        assertEquals(24, LoadBounds.bridges(p, Transport.UNICAST), 1e-12);
        // Aggregate: every one of the 5 trees crosses it once, 2 messages.
        assertEquals(10, LoadBounds.bridges(p, Transport.AGGREGATE), 1e-12);
        // And the optimum reaches it (a bridge carries the same whatever the trees).
        assertEquals(24, milp(Transport.UNICAST, 0, 0).design(g, InterestMatrix.of(a)).cMax(), 1e-9);
    }

    /**
     * K4, node 0 sends to 1, 2 and 3 and receives from 1 (unicast): its three links carry at least 2·4 = 8 messages,
     * so the node-cut bound is 8/3. Every load is even, so C_max is too: the reported cut bound is 4, and the optimum
     * (0's three direct paths, plus 1 → 0 on link 0-1) meets it, which only the rounded bound proves.
     */
    @Test
    void cutBoundIsRoundedUpToTheEvenGridOfCmax() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(0, 2).addEdge(0, 3).addEdge(1, 2).addEdge(1, 3).addEdge(2, 3).build();
        double[][] a = new double[4][4];
        a[0] = new double[] {0.25, 0.25, 0.25, 0.25};
        a[1] = new double[] {0.5, 0.5, 0, 0};
        a[2][2] = 1;
        a[3][3] = 1;
        JointProblem p = JointProblem.of(g, InterestMatrix.of(a));
        assertEquals(8.0 / 3, LoadBounds.cut(p, Transport.UNICAST), 1e-12);
        assertEquals(2, LoadBounds.gridStep(g));
        assertEquals(4, LoadBounds.objectiveBound(p, Transport.UNICAST, 0), 0);
        assertEquals(8.0 / 3 + 0.5 * p.shortestDelaySum(), LoadBounds.objectiveBound(p, Transport.UNICAST, 0.5), 1e-12,
                "with lambda > 0 the objective has no grid");
        for (JointMilpDesigner.Method method : List.of(JointMilpDesigner.Method.COMPACT, JointMilpDesigner.Method.COLGEN)) {
            JointDesign d = new JointMilpDesigner(JointMilpDesigner.Options.defaults().withMethod(method)
                    .withTransport(Transport.UNICAST).withTimeLimit(10)).design(g, InterestMatrix.of(a));
            assertEquals(4, d.cMax(), 1e-9, method.toString());
            assertEquals(4, d.bounds().get("cut"), 0, method.toString());
            assertEquals(SolveStatus.OPTIMAL, d.status(), method.toString());
        }
        // A network whose capacities leave no grid (2/3 is not whole) keeps the bound as it is.
        Network odd = Network.builder().addNodes(2).addEdge(0, 1, 1, 1, 3).build();
        assertEquals(0, LoadBounds.gridStep(odd));
        assertEquals(17.2, LoadBounds.roundUp(17.2, odd), 0);
    }

    /**
     * The 4-cycle with dense W: unicast, each root has two targets 1 hop away and one 2 hops away, so the links carry
     * at least 2·4·4 = 32 messages, 8 per link (the node cuts give only 2·6/2 = 6); aggregate, each tree spans the
     * 4 nodes with 3 links, 24 messages, 6 per link (node cuts: 4). Both optima meet the volume bound.
     */
    @Test
    void volumeBoundCountsTheLinksEveryTreeMustUse() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 0).build();
        double[][] a = new double[4][4];
        for (double[] row : a) Arrays.fill(row, 0.25);
        JointProblem p = JointProblem.of(g, InterestMatrix.of(a));
        assertEquals(8, LoadBounds.volume(p, Transport.UNICAST), 1e-12);
        assertEquals(6, LoadBounds.nodeCuts(p, Transport.UNICAST), 1e-12);
        assertEquals(6, LoadBounds.volume(p, Transport.AGGREGATE), 1e-12);
        assertEquals(4, LoadBounds.nodeCuts(p, Transport.AGGREGATE), 1e-12);
        for (Transport t : Transport.values()) {
            JointDesign d = milp(t, 0, 0).design(g, InterestMatrix.of(a));
            assertEquals(LoadBounds.volume(p, t), d.cMax(), 1e-9, t.toString());
            assertEquals(d.cMax(), d.bounds().get("cut"), 1e-9, t.toString());
        }
    }

    /**
     * A chain 0–4–5–6–1 hung on a K4 (dense W, no delay budget): each of the 7 trees must connect the chain's 3 nodes,
     * so it uses at least 3 of the chain's 4 links; 21 uses on 4 links put 6 trees, load 12, on one. The chain
     * bound counts exactly that (2·7·3/4 = 10.5, rounded up to the even grid: 12), where the node cuts give 7 and the
     * volume 8.4; the compact MILP's optimum is 12, so the reported cut bound proves it.
     */
    @Test
    void chainBoundCountsTheLinksEveryTreeMustUseAlongAChain() {
        Network g = Network.builder().addNodes(7).addEdge(0, 1).addEdge(0, 2).addEdge(0, 3).addEdge(1, 2).addEdge(1, 3)
                .addEdge(2, 3).addEdge(0, 4).addEdge(4, 5).addEdge(5, 6).addEdge(6, 1).build();
        double[][] a = new double[7][7];
        for (double[] row : a) Arrays.fill(row, 1.0 / 7);
        JointProblem p = JointProblem.of(g, InterestMatrix.of(a));
        assertEquals(10.5, LoadBounds.chains(p, Transport.AGGREGATE), 1e-12);
        assertEquals(7, LoadBounds.nodeCuts(p, Transport.AGGREGATE), 1e-12);
        assertEquals(8.4, LoadBounds.volume(p, Transport.AGGREGATE), 1e-12);
        // Unicast: the 4 roots off the chain each send 3 messages into it, the 3 on it all 6 of theirs: 2·30/4.
        assertEquals(15, LoadBounds.chains(p, Transport.UNICAST), 1e-12);
        for (Transport t : Transport.values()) {
            JointDesign d = milp(t, Double.POSITIVE_INFINITY, 0).design(g, InterestMatrix.of(a));
            assertEquals(SolveStatus.OPTIMAL, d.status(), t.toString());
            assertTrue(LoadBounds.chains(p, t) <= d.cMax() + 1e-9, t + ": chain bound above the optimum " + d.cMax());
            if (t == Transport.AGGREGATE) {
                assertEquals(12, d.cMax(), 1e-9);
                assertEquals(12, d.bounds().get("cut"), 1e-9);
            }
        }
    }

    /**
     * Two-edge cuts, by hand: on the K4 with a chain 0–4–5–6–1, the edges 0–4 and 6–1 separate the chain's 3 nodes from
     * the 4 others, so with dense W unicast 2·(3·4 + 4·3) messages cross 2 links: 24, above the chain bound's 15; on a
     * 6-ring the best cut halves it: 4·3·3/2 = 18. Both stay at or below the compact MILP's optimum (ε = ∞), and the
     * ring's bound is below what counting one edge of the pair would give (36).
     */
    @Test
    void twoEdgeCutBoundSplitsRingsAndChains() {
        Network g = Network.builder().addNodes(7).addEdge(0, 1).addEdge(0, 2).addEdge(0, 3).addEdge(1, 2).addEdge(1, 3)
                .addEdge(2, 3).addEdge(0, 4).addEdge(4, 5).addEdge(5, 6).addEdge(6, 1).build();
        Network ring = Network.builder().addNodes(6).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 4).addEdge(4, 5).addEdge(5, 0).build();
        for (Network net : List.of(g, ring)) {
            int n = net.nodeCount();
            double[][] a = new double[n][n];
            for (double[] row : a) Arrays.fill(row, 1.0 / n);
            JointProblem p = JointProblem.of(net, InterestMatrix.of(a));
            assertEquals(net == g ? 24 : 18, LoadBounds.twoEdgeCuts(p, Transport.UNICAST), 1e-12);
            assertEquals(n, LoadBounds.twoEdgeCuts(p, Transport.AGGREGATE), 1e-12, "every tree crosses: 2·n over 2 links");
            for (Transport t : Transport.values()) {
                JointDesign d = milp(t, Double.POSITIVE_INFINITY, 0).design(net, InterestMatrix.of(a));
                assertEquals(SolveStatus.OPTIMAL, d.status(), t.toString());
                assertTrue(LoadBounds.twoEdgeCuts(p, t) <= d.cMax() + 1e-9, n + " nodes, " + t + ": above the optimum " + d.cMax());
                assertTrue(LoadBounds.cut(p, t) >= LoadBounds.twoEdgeCuts(p, t), "cut() takes the two-edge cuts");
            }
        }
    }

    /** The MILPs prove with a zero relative gap (OR-Tools' default 1e-4 would let SCIP stop 8.8 above a C_max of 87,680). */
    @Test
    void milpProofsAskForAZeroGap() {
        OrTools.ensureLoaded();
        var gap = com.google.ortools.linearsolver.MPSolverParameters.DoubleParam.RELATIVE_MIP_GAP;
        assertEquals(0.0, OrTools.exactGap(OrTools.Backend.SCIP).getDoubleParam(gap));
        assertEquals(new com.google.ortools.linearsolver.MPSolverParameters().getDoubleParam(gap),
                OrTools.exactGap(OrTools.Backend.CP_SAT).getDoubleParam(gap), "CP-SAT's wrapper takes no gap: left at the default");
    }

    @Test
    void badOptionsAreInputErrors() {
        assertThrows(DdamInputException.class, () -> JointMilpDesigner.Options.defaults().withDelaySlack(-0.1));
        assertThrows(DdamInputException.class, () -> JointMilpDesigner.Options.defaults().withLambda(Double.NaN));
        assertThrows(DdamInputException.class, () -> JointHeuristicDesigner.Options.defaults().withRounds(0));
    }
}
