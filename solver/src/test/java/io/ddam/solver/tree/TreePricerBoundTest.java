package io.ddam.solver.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The aggregate pricer's bound for dense W (every other node a target): Chu–Liu/Edmonds against a brute force over
 * every choice of entering arcs, and the bound it gives never above the exact dynamic program's price, never below
 * the entering-arc bound, and strictly above it somewhere.
 */
class TreePricerBoundTest {
    /** A random tree on n nodes plus about n more edges, delays 1–3 (the same draws as the tests used inline). */
    private static Network randomConnected(SplittableRandom r, int n) {
        Network.Builder b = Network.builder().addNodes(n);
        for (int v = 1; v < n; v++) b.addEdge(r.nextInt(v), v, 1 + r.nextInt(3), 1);
        for (int i = 0; i < n; i++) {
            int u = r.nextInt(n), v = r.nextInt(n);
            if (u != v && !b.hasEdge(u, v)) b.addEdge(u, v, 1 + r.nextInt(3), 1);
        }
        return b.build();
    }

    /** Every parent choice (one entering arc per non-root node) that reaches the root from every node: the cheapest. */
    private static double bruteArborescence(int n, int root, int[] from, int[] to, double[] w, int arcs) {
        int[] choice = new int[n];
        double best = Double.POSITIVE_INFINITY;
        int[][] into = new int[n][];
        for (int v = 0; v < n; v++) {
            int c = 0;
            for (int e = 0; e < arcs; e++) if (to[e] == v && from[e] != v) c++;
            into[v] = new int[c];
            c = 0;
            for (int e = 0; e < arcs; e++) if (to[e] == v && from[e] != v) into[v][c++] = e;
            if (v != root && into[v].length == 0) return Double.POSITIVE_INFINITY;
        }
        while (true) {
            double s = 0;
            boolean ok = true;
            for (int v = 0; v < n && ok; v++) {
                if (v == root) continue;
                s += w[into[v][choice[v]]];
                int u = v, steps = 0;
                while (u != root && steps++ <= n) u = from[into[u][choice[u]]];
                ok = u == root;
            }
            if (ok) best = Math.min(best, s);
            int v = 0;
            while (v < n && (v == root || ++choice[v] == into[v].length)) {
                if (v != root) choice[v] = 0;
                v++;
            }
            if (v == n) return best;
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12})
    void edmondsEqualsBruteForce(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 3 + r.nextInt(4);
        int arcs = n + r.nextInt(n * (n - 1) - n + 1);
        int[] from = new int[arcs], to = new int[arcs];
        double[] w = new double[arcs];
        for (int e = 0; e < arcs; e++) {
            from[e] = r.nextInt(n);
            to[e] = r.nextInt(n);
            w[e] = r.nextInt(4) == 0 ? 0 : r.nextInt(5);   // ties and zero weights on purpose
        }
        int root = r.nextInt(n);
        double brute = bruteArborescence(n, root, from, to, w, arcs);
        double edmonds = TreePricer.minArborescence(n, root, from.clone(), to.clone(), w.clone(), arcs);
        assertEquals(brute, edmonds, 1e-9, "seed " + seed);
    }

    /**
     * The arborescence with its arcs: one solver reused over graphs of growing and shrinking size (its scratch must
     * not leak between calls), each answer an arborescence (every non-root node has an entering arc, and following
     * them leads to the root without a cycle) whose arcs sum to the returned weight, which equals the brute force on
     * small graphs and the weight-only implementation on larger ones.
     */
    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34, 35, 36})
    void arborescenceArcsFormAnOptimalTree(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        MinimumArborescence solver = new MinimumArborescence();
        int checked = 0;
        for (int trial = 0; trial < 60; trial++) {
            int n = trial % 3 == 0 ? 3 + r.nextInt(4) : 8 + r.nextInt(30);
            int arcs = n + r.nextInt(3 * n);
            int[] from = new int[arcs], to = new int[arcs];
            double[] w = new double[arcs];
            int root = r.nextInt(n);
            // Most graphs get arcs from the root's side to every node first (so an arborescence exists); every fifth
            // is left to chance, so unreachable nodes are tried too.
            int spanning = trial % 5 == 4 ? 0 : n - 1;
            for (int e = 0; e < arcs; e++) {
                if (e < spanning) {
                    int v = e >= root ? e + 1 : e;   // every node but the root, once
                    int u = r.nextInt(n);
                    while (u == v || (u > v && u != root)) u = r.nextInt(n);   // from the root or a lower node: no cycle
                    from[e] = u;
                    to[e] = v;
                } else {
                    from[e] = r.nextInt(n);
                    to[e] = r.nextInt(n);
                }
                w[e] = r.nextInt(4) == 0 ? 0 : r.nextInt(5) - (r.nextInt(5) == 0 ? 2 : 0);   // ties, zeros, negatives
            }
            int[] parent = new int[n];
            java.util.Arrays.fill(parent, -7);
            String where = "seed " + seed + ", trial " + trial;
            double weight = solver.solve(n, root, from, to, w, arcs, parent);
            double oracle = n <= 6 ? bruteArborescence(n, root, from, to, w, arcs)
                    : TreePricer.minArborescence(n, root, from.clone(), to.clone(), w.clone(), arcs);
            assertEquals(oracle, weight, 1e-9, where);
            if (weight == Double.POSITIVE_INFINITY) continue;
            checked++;
            double sum = 0;
            for (int v = 0; v < n; v++) {
                if (v == root) {
                    assertEquals(-1, parent[v], where);
                    continue;
                }
                assertEquals(v, to[parent[v]], where + ": the arc chosen for " + v + " does not enter it");
                sum += w[parent[v]];
                int u = v, steps = 0;
                while (u != root) {
                    u = from[parent[u]];
                    assertTrue(++steps <= n, where + ": a cycle through " + v);
                }
            }
            assertEquals(weight, sum, 1e-9, where);
        }
        assertTrue(checked >= 40, "seed " + seed + ": too few reachable graphs (" + checked + ")");
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26})
    void denseAggregateBoundIsValidAndAtLeastTheEnteringArcBound(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 5 + r.nextInt(3);
        Network g = randomConnected(r, n);
        double[][] w = new double[n][n];
        for (double[] row : w) java.util.Arrays.fill(row, 1.0 / n);
        JointProblem p = JointProblem.of(g, InterestMatrix.of(w));
        int stronger = 0;
        for (long slack : new long[] {0, 3, Long.MAX_VALUE}) {
            TreePricer pr = new TreePricer(p, Transport.AGGREGATE, slack, true);
            for (int trial = 0; trial < 20; trial++) {
                double[] pi = new double[g.edgeCount()];
                for (int e = 0; e < pi.length; e++) pi[e] = r.nextInt(3) == 0 ? 0 : r.nextDouble();
                double phi = trial % 3 == 0 ? 0 : r.nextDouble();
                for (int root = 0; root < n; root++) {
                    String where = "seed " + seed + ", slack " + slack + ", trial " + trial + ", root " + root;
                    TreePricer.Priced exact = pr.price(root, pi, phi, true);
                    assertTrue(exact.exact(), where);
                    double bound = pr.aggregateBound(root, pi, phi);
                    double entering = pr.enteringArcBound(root, pi, phi);
                    assertTrue(bound <= exact.price() + 1e-9, where + ": bound " + bound + " above the optimum " + exact.price());
                    assertTrue(bound >= entering - 1e-12, where);
                    if (bound > entering + 1e-9) stronger++;
                    // Without the dynamic program: the arborescence prices exactly when φ = 0, and never claims more.
                    TreePricer.Priced fast = pr.price(root, pi, phi, false);
                    assertTrue(fast.lowerBound() <= exact.price() + 1e-9 && fast.price() >= exact.price() - 1e-9, where);
                    assertEquals(fast.price(), fast.column().price(pi, phi), 1e-9, where);
                    if (phi == 0) assertTrue(fast.exact(), where + ": φ = 0 is priced exactly by the arborescence");
                    if (fast.exact()) assertEquals(exact.price(), fast.price(), 1e-9, where);
                }
            }
        }
        assertTrue(stronger > 0, "seed " + seed + ": the arborescence never beat the entering-arc bound");
    }

    /**
     * Sparse W (two to four targets a root): the dual-ascent bound of the greedy pricing never exceeds the exact
     * dynamic program's price (random prices with zeros and ties, delay slack 0, 3 and none), a greedy tree is
     * called exact only at the optimum, and the bound beats the entering-arc bound somewhere.
     */
    @ParameterizedTest
    @ValueSource(longs = {31, 32, 33, 34, 35, 36, 37, 38})
    void sparseAggregateDualAscentBoundIsValid(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 8 + r.nextInt(5);
        Network g = randomConnected(r, n);
        double[][] w = new double[n][n];
        for (int v = 0; v < n; v++) {
            int k = 2 + r.nextInt(3);
            while (k > 0) {
                int m = r.nextInt(n);
                if (m != v && w[v][m] == 0) {
                    w[v][m] = 1;
                    k--;
                }
            }
            double sum = 0;
            for (double x : w[v]) sum += x;
            for (int m = 0; m < n; m++) w[v][m] /= sum;
        }
        JointProblem p = JointProblem.of(g, InterestMatrix.of(w));
        int stronger = 0;
        for (long slack : new long[] {0, 3, Long.MAX_VALUE}) {
            TreePricer pr = new TreePricer(p, Transport.AGGREGATE, slack, true);
            for (int trial = 0; trial < 25; trial++) {
                double[] pi = new double[g.edgeCount()];
                for (int e = 0; e < pi.length; e++) pi[e] = r.nextInt(3) == 0 ? 0 : (1 + r.nextInt(4)) / 4.0;
                double phi = trial % 3 == 0 ? 0 : r.nextInt(3) / 4.0;
                for (int root = 0; root < n; root++) {
                    String where = "seed " + seed + ", slack " + slack + ", trial " + trial + ", root " + root;
                    TreePricer.Priced exact = pr.price(root, pi, phi, true);
                    assertTrue(exact.exact(), where);
                    double da = pr.dualAscentBound(root, pi, phi);
                    assertTrue(da <= exact.price() + 1e-9, where + ": dual ascent " + da + " above the optimum " + exact.price());
                    TreePricer.Priced fast = pr.price(root, pi, phi, false);
                    assertTrue(fast.lowerBound() <= exact.price() + 1e-9, where);
                    assertTrue(fast.price() >= exact.price() - 1e-9, where);
                    if (fast.exact()) assertEquals(exact.price(), fast.price(), 1e-9, where);
                    if (da > pr.enteringArcBound(root, pi, phi) + 1e-9) stronger++;
                }
            }
        }
        assertTrue(stronger > 0, "seed " + seed + ": dual ascent never beat the entering-arc bound");
    }
}
