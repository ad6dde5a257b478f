package io.ddam.solver.steiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Key-path exchange and key-vertex elimination: valid trees, never dearer, and locally optimal. */
class SteinerHeuristicTest {
    @Test
    void exchangeReplacesADearKeyPath() {
        // Terminals 0 and 1 joined by 0-2-1 (5 + 5) or 0-3-1 (1 + 1): from the dear path, the exchange finds 2.
        SteinerProblem p = new SteinerProblem(4, new int[] {0, 2, 0, 3}, new int[] {2, 1, 3, 1}, new double[] {5, 5, 1, 1},
                new int[] {0, 1});
        int[] t = SteinerHeuristic.keyPathExchange(p, new int[] {0, 1}, Long.MAX_VALUE);
        assertTrue(p.isSteinerTree(t));
        assertEquals(2, p.cost(t), 1e-12);
    }

    @Test
    void eliminationDropsADearSteinerKeyNode() {
        // Terminals 1, 2, 3 hang on Steiner node 0 (cost 4 each, 12); the path 1-4-2-5-3 costs 4 x 1.25 = 5.
        SteinerProblem p = new SteinerProblem(6, new int[] {0, 0, 0, 1, 4, 2, 5}, new int[] {1, 2, 3, 4, 2, 5, 3},
                new double[] {4, 4, 4, 1.25, 1.25, 1.25, 1.25}, new int[] {1, 2, 3});
        int[] t = SteinerHeuristic.keyPathExchange(p, new int[] {0, 1, 2}, Long.MAX_VALUE);
        assertTrue(p.isSteinerTree(t));
        assertEquals(5, p.cost(t), 1e-12);
    }

    @Test
    void validNeverDearerAndNoKeyPathCanBeShortened() {
        // Random graphs with ties and zero-cost edges: the result is a Steiner tree, costs at most the start and at
        // least the brute-force optimum, and (checked by Floyd-Warshall, independently of the search) no key path
        // is longer than the shortest path between the two pieces its removal leaves.
        SplittableRandom rnd = new SplittableRandom(21);
        int improvedCount = 0;
        for (int i = 0; i < 400; i++) {
            int n = 4 + rnd.nextInt(10);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(5, n - 2)),
                    1 + rnd.nextInt(9), rnd.nextBoolean());
            double opt = SteinerTestProblems.bruteForce(p);
            // A poor start: the shortest-path heuristic on random weights.
            double[] w = new double[p.edgeCount()];
            for (int e = 0; e < w.length; e++) w[e] = rnd.nextInt(10);
            int[] start = SteinerHeuristic.shortestPath(p, w, null);
            int[] t = SteinerHeuristic.keyPathExchange(p, start, Long.MAX_VALUE);
            assertTrue(p.isSteinerTree(t), "instance " + i);
            assertTrue(p.cost(t) <= p.cost(start) + 1e-9 && p.cost(t) >= opt - 1e-9, "instance " + i);
            if (p.cost(t) < p.cost(start) - 1e-9) improvedCount++;
            assertKeyPathsLocallyOptimal(p, t, "instance " + i);
            int[] ls = SteinerHeuristic.localSearch(p, start, Long.MAX_VALUE);
            assertTrue(p.isSteinerTree(ls) && p.cost(ls) <= p.cost(start) + 1e-9 && p.cost(ls) >= opt - 1e-9, "instance " + i);
        }
        assertTrue(improvedCount > 50, "the exchange improved only " + improvedCount + " of 400 starts");
    }

    /** For every key path of {@code t}: its cost ≤ the distance between the two pieces left without it. */
    static void assertKeyPathsLocallyOptimal(SteinerProblem p, int[] t, String what) {
        int n = p.nodeCount();
        double[][] d = new double[n][n];
        for (double[] row : d) Arrays.fill(row, Double.POSITIVE_INFINITY);
        for (int v = 0; v < n; v++) d[v][v] = 0;
        for (int e = 0; e < p.edgeCount(); e++) {
            int a = p.edgeU()[e], b = p.edgeV()[e];
            d[a][b] = d[b][a] = Math.min(d[a][b], p.cost()[e]);
        }
        for (int k = 0; k < n; k++) for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) d[a][b] = Math.min(d[a][b], d[a][k] + d[k][b]);
        boolean[] term = new boolean[n];
        for (int x : p.terminals()) term[x] = true;
        int[] deg = new int[n];
        for (int e : t) { deg[p.edgeU()[e]]++; deg[p.edgeV()[e]]++; }
        boolean[] key = new boolean[n];
        for (int v = 0; v < n; v++) key[v] = deg[v] > 0 && (term[v] || deg[v] >= 3);
        boolean[] done = new boolean[p.edgeCount()];
        for (int e0 : t) {
            if (done[e0]) continue;
            // Grow the key path through e0 both ways until key nodes.
            java.util.Set<Integer> path = new java.util.HashSet<>();
            java.util.Set<Integer> inner = new java.util.HashSet<>();
            path.add(e0);
            for (int end : new int[] {p.edgeU()[e0], p.edgeV()[e0]}) {
                int x = end, prev = e0;
                while (!key[x]) {
                    inner.add(x);
                    int next = -1;
                    for (int e : t) if (e != prev && (p.edgeU()[e] == x || p.edgeV()[e] == x)) next = e;
                    path.add(next);
                    x = p.edgeU()[next] == x ? p.edgeV()[next] : p.edgeU()[next];
                    prev = next;
                }
            }
            double pc = 0;
            for (int e : path) { done[e] = true; pc += p.cost()[e]; }
            // The two pieces: tree nodes reachable without the path's edges, split by union-find.
            int[] comp = new int[n];
            Arrays.fill(comp, -1);
            int pieces = 0;
            for (int s = 0; s < n; s++) {
                if (deg[s] == 0 || inner.contains(s) || comp[s] >= 0) continue;
                java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>(java.util.List.of(s));
                comp[s] = pieces;
                while (!q.isEmpty()) {
                    int x = q.poll();
                    for (int e : t) {
                        if (path.contains(e)) continue;
                        int y = p.edgeU()[e] == x ? p.edgeV()[e] : p.edgeV()[e] == x ? p.edgeU()[e] : -1;
                        if (y >= 0 && comp[y] < 0) { comp[y] = pieces; q.add(y); }
                    }
                }
                pieces++;
            }
            assertEquals(2, pieces, what);
            double best = Double.POSITIVE_INFINITY;
            for (int a = 0; a < n; a++) for (int b = 0; b < n; b++) if (comp[a] == 0 && comp[b] == 1) best = Math.min(best, d[a][b]);
            assertTrue(pc <= best + 1e-9, what + ": a key path of cost " + pc + " where the pieces are " + best + " apart");
        }
    }
}
