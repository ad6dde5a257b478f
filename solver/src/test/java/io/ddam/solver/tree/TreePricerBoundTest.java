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

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23, 24, 25, 26})
    void denseAggregateBoundIsValidAndAtLeastTheEnteringArcBound(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 5 + r.nextInt(3);
        Network.Builder b = Network.builder().addNodes(n);
        for (int v = 1; v < n; v++) b.addEdge(r.nextInt(v), v, 1 + r.nextInt(3), 1);
        for (int i = 0; i < n; i++) {
            int u = r.nextInt(n), v = r.nextInt(n);
            if (u != v && !b.hasEdge(u, v)) b.addEdge(u, v, 1 + r.nextInt(3), 1);
        }
        Network g = b.build();
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
                }
            }
        }
        assertTrue(stronger > 0, "seed " + seed + ": the arborescence never beat the entering-arc bound");
    }
}
