package io.ddam.solver.steiner;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Random small Steiner problems (with ties and zero-cost edges) and a brute-force optimum for the tests. */
final class SteinerTestProblems {
    private SteinerTestProblems() {}

    /**
     * A connected random graph: a random spanning tree plus extra edges, integer costs in 0..maxCost
     * (few distinct values, so ties are common; 0 when zeros is set), k terminals.
     */
    static SteinerProblem random(SplittableRandom rnd, int n, int extra, int k, int maxCost, boolean zeros) {
        List<int[]> edges = new ArrayList<>();
        boolean[][] has = new boolean[n][n];
        for (int v = 1; v < n; v++) {
            int u = rnd.nextInt(v);
            edges.add(new int[] {u, v});
            has[u][v] = has[v][u] = true;
        }
        for (int i = 0; i < extra; i++) {
            int a = rnd.nextInt(n), b = rnd.nextInt(n);
            if (a == b || has[a][b]) continue;
            has[a][b] = has[b][a] = true;
            edges.add(new int[] {a, b});
        }
        int m = edges.size();
        int[] u = new int[m], v = new int[m];
        double[] c = new double[m];
        for (int e = 0; e < m; e++) {
            u[e] = edges.get(e)[0];
            v[e] = edges.get(e)[1];
            c[e] = zeros ? rnd.nextInt(maxCost + 1) : 1 + rnd.nextInt(maxCost);
        }
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        for (int i = n - 1; i > 0; i--) { int j = rnd.nextInt(i + 1); int t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
        return new SteinerProblem(n, u, v, c, Arrays.copyOf(perm, Math.min(k, n)));
    }

    /** The optimum by enumerating the Steiner node sets (n ≤ about 14): MST of each induced subgraph. */
    static double bruteForce(SteinerProblem p) {
        int n = p.nodeCount();
        boolean[] term = new boolean[n];
        for (int t : p.terminals()) term[t] = true;
        int[] free = java.util.stream.IntStream.range(0, n).filter(v -> !term[v]).toArray();
        Integer[] order = new Integer[p.edgeCount()];
        for (int e = 0; e < order.length; e++) order[e] = e;
        Arrays.sort(order, (a, b) -> Double.compare(p.cost()[a], p.cost()[b]));
        double best = Double.POSITIVE_INFINITY;
        int[] parent = new int[n];
        for (int mask = 0; mask < (1 << free.length); mask++) {
            boolean[] in = term.clone();
            for (int i = 0; i < free.length; i++) if ((mask >> i & 1) != 0) in[free[i]] = true;
            Arrays.fill(parent, -1);
            double cost = 0;
            int comps = 0;
            for (int v = 0; v < n; v++) if (in[v]) comps++;
            for (int e : order) {
                int a = p.edgeU()[e], b = p.edgeV()[e];
                if (!in[a] || !in[b]) continue;
                int ra = find(parent, a), rb = find(parent, b);
                if (ra == rb) continue;
                parent[ra] = rb;
                cost += p.cost()[e];
                comps--;
            }
            if (comps == 1) best = Math.min(best, cost);
        }
        return best;
    }

    private static int find(int[] p, int x) {
        while (p[x] >= 0) x = p[x];
        return x;
    }
}
