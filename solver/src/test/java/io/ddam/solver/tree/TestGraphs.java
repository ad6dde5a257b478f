package io.ddam.solver.tree;

import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.SplittableRandom;

/** Small networks for the tree tests, built here so the tests do not depend on the generate package. */
final class TestGraphs {
    private TestGraphs() {}

    /** How edge costs are drawn. */
    enum Costs { ONE, SMALL_INT, REAL }

    /**
     * A random connected graph: a random spanning tree (each node i ≥ 1 joins a random earlier node,
     * on shuffled ids) plus {@code extra} random further edges; delays uniform in 1..maxDelay.
     */
    static Network randomConnected(SplittableRandom rnd, int n, int extra, int maxDelay, Costs costs) {
        Network.Builder b = Network.builder().addNodes(n);
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        for (int i = 1; i < n; i++) {
            int j = rnd.nextInt(i);
            b.addEdge(perm[i], perm[j], 1 + rnd.nextInt(maxDelay), cost(rnd, costs));
        }
        long maxEdges = (long) n * (n - 1) / 2;
        int added = 0, attempts = 0;
        while (added < extra && n - 1 + added < maxEdges && attempts++ < 100 * (extra + 1)) {
            int u = rnd.nextInt(n), v = rnd.nextInt(n);
            if (u == v || b.hasEdge(u, v)) continue;
            b.addEdge(u, v, 1 + rnd.nextInt(maxDelay), cost(rnd, costs));
            added++;
        }
        return b.build();
    }

    private static double cost(SplittableRandom rnd, Costs costs) {
        return switch (costs) {
            case ONE -> 1.0;
            case SMALL_INT -> 1 + rnd.nextInt(3);
            case REAL -> 1 + rnd.nextDouble() * 99;
        };
    }

    /** A rows×cols grid, all delays and costs 1; node r*cols+c. */
    static Network grid(int rows, int cols) {
        Network.Builder b = Network.builder().addNodes(rows * cols);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                int v = r * cols + c;
                if (c + 1 < cols) b.addEdge(v, v + 1);
                if (r + 1 < rows) b.addEdge(v, v + cols);
            }
        }
        return b.build();
    }

    /** k distinct random nodes, in random order. */
    static int[] randomTerminals(SplittableRandom rnd, int n, int k) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = 0; i < k; i++) {
            int j = i + rnd.nextInt(n - i);
            int t = perm[i]; perm[i] = perm[j]; perm[j] = t;
        }
        return java.util.Arrays.copyOf(perm, k);
    }

    /** The dense uniform W = 𝟙𝟙ᵀ/N. */
    static InterestMatrix dense(int n) {
        double[][] w = new double[n][n];
        for (double[] row : w) java.util.Arrays.fill(row, 1.0 / n);
        return InterestMatrix.of(w);
    }

    /** A random sparse W: each row has w_nn and up to k-1 other random positive entries. */
    static InterestMatrix randomSparse(SplittableRandom rnd, int n, int k, boolean self) {
        double[][] w = new double[n][n];
        for (int a = 0; a < n; a++) {
            int[] pick = randomTerminals(rnd, n, Math.min(k, n));
            double sum = 0;
            for (int m : pick) {
                if (m == a && !self) continue;
                w[a][m] = 1 + rnd.nextInt(5);
                sum += w[a][m];
            }
            if (self) { if (w[a][a] == 0) { w[a][a] = 1; sum += 1; } }
            else if (sum == 0) { int m = (a + 1) % n; w[a][m] = 1; sum = 1; }
            for (int m = 0; m < n; m++) w[a][m] /= sum;
        }
        return InterestMatrix.of(w);
    }

    /**
     * Exact minimum Steiner tree cost by enumerating all edge subsets (|E| ≤ 20): the cheapest subset
     * that connects all terminals (a cheapest one is a tree, since costs are positive).
     */
    static double bruteForceSteiner(Network g, int[] terminals) {
        int m = g.edgeCount();
        if (m > 20) throw new IllegalArgumentException("too many edges for brute force: " + m);
        if (terminals.length <= 1) return 0;
        double best = Double.POSITIVE_INFINITY;
        int[] uf = new int[g.nodeCount()];
        for (int mask = 0; mask < (1 << m); mask++) {
            double c = 0;
            for (int e = 0; e < m; e++) if ((mask & (1 << e)) != 0) c += g.cost(e);
            if (c >= best) continue;
            for (int i = 0; i < uf.length; i++) uf[i] = i;
            for (int e = 0; e < m; e++) {
                if ((mask & (1 << e)) == 0) continue;
                int a = Workspace.find(uf, g.edgeU(e)), b = Workspace.find(uf, g.edgeV(e));
                if (a != b) uf[a] = b;
            }
            int r = Workspace.find(uf, terminals[0]);
            boolean ok = true;
            for (int t : terminals) if (Workspace.find(uf, t) != r) { ok = false; break; }
            if (ok) best = c;
        }
        return best;
    }
}
