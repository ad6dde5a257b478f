package io.ddam.solver.graph;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.generate.InterestGenerators;
import io.ddam.solver.io.JsonInstanceReader;
import io.ddam.solver.io.JsonInstanceWriter;
import io.ddam.solver.tree.RoutingTree;

import java.io.StringWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * W stored by its nonzeros (issue 13, item 6): the sparse form answers every question exactly as the
 * dense one did, the top-k generator gives bitwise the weights of the old dense algorithm (kept
 * below as the oracle), large W round-trips through the JSON "rows" form, and small routing trees
 * on a large network answer like dense ones.
 */
class SparseInterestTest {
    /** The pre-sparse top-k: dense rows, a full sort per row; the same draws and arithmetic. */
    static double[][] oldTopK(int n, int k, double y0, double y1, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] w = new double[n][];
        double[] logG = new double[n];
        Integer[] order = new Integer[n];
        for (int r = 0; r < n; r++) {
            for (int m = 0; m < n; m++) logG[m] = InterestGenerators.logGamma(rng, m == r ? y1 : y0);
            for (int m = 0; m < n; m++) order[m] = m;
            final int self = r;
            Arrays.sort(order, (a, b) -> {
                if (a == self) return b == self ? 0 : -1;
                if (b == self) return 1;
                int c = Double.compare(logG[b], logG[a]);
                return c != 0 ? c : Integer.compare(a, b);
            });
            boolean[] keep = new boolean[n];
            for (int i = 0; i <= k; i++) keep[order[i]] = true;
            double max = Double.NEGATIVE_INFINITY;
            for (int m = 0; m < n; m++) if (keep[m]) max = Math.max(max, logG[m]);
            double[] row = new double[n];
            double sum = 0;
            for (int m = 0; m < n; m++) if (keep[m]) { row[m] = Math.exp(logG[m] - max); sum += row[m]; }
            for (int m = 0; m < n; m++) {
                if (!keep[m]) continue;
                row[m] /= sum;
                if (row[m] == 0) row[m] = Double.MIN_NORMAL;
            }
            w[r] = row;
        }
        return w;
    }

    @Test
    void topKIsBitwiseTheOldDenseAlgorithm() {
        for (long seed = 1; seed <= 6; seed++) {
            int n = 20 + (int) seed * 7, k = (int) (seed % 4);
            double y0 = 0.25 + 0.5 * seed, y1 = 5;
            double[][] expected = oldTopK(n, k, y0, y1, seed);
            InterestMatrix w = InterestGenerators.topK(n, k, y0, y1, seed);
            for (int r = 0; r < n; r++) {
                assertArrayEquals(expected[r], w.row(r), 0.0, "seed " + seed + " row " + r);
                assertEquals(k + 1, w.interestSetSize(r));
            }
            assertEquals(InterestMatrix.of(expected), w);
        }
    }

    @Test
    void sparseAndDenseAnswerAlike() {
        SplittableRandom rng = new SplittableRandom(7);
        for (int n : new int[] {5, 60, InterestMatrix.DENSE_MAX_N + 200}) {
            double[][] dense = new double[n][n];
            int[][] cols = new int[n][];
            double[][] vals = new double[n][];
            for (int r = 0; r < n; r++) {
                int k = 1 + rng.nextInt(Math.min(n, 5));
                List<Integer> picked = new ArrayList<>();
                while (picked.size() < k) {
                    int m = rng.nextInt(n);
                    if (!picked.contains(m)) picked.add(m);
                }
                cols[r] = picked.stream().mapToInt(Integer::intValue).toArray(); // unsorted on purpose
                vals[r] = new double[k];
                for (int i = 0; i < k; i++) vals[r][i] = 1.0 / k;
                for (int i = 0; i < k; i++) dense[r][cols[r][i]] = vals[r][i];
            }
            InterestMatrix a = InterestMatrix.of(dense), b = InterestMatrix.sparse(n, cols, vals);
            assertEquals(a, b);
            assertEquals(a.hashCode(), b.hashCode());
            assertEquals(a.nonZeroCount(), b.nonZeroCount());
            for (int r = 0; r < n; r++) {
                assertArrayEquals(a.interestSet(r), b.interestSet(r));
                int[] s = b.interestSet(r);
                for (int i = 0; i < s.length; i++) assertEquals(dense[r][s[i]], b.interestWeights(r)[i], 0.0);
                for (int m = 0; m < n; m += 1 + n / 50) assertEquals(dense[r][m], b.weight(r, m), 0.0, r + "," + m);
                assertArrayEquals(dense[r], b.row(r), 0.0);
            }
        }
    }

    @Test
    void sparseRowsAreValidatedLikeDenseOnes() {
        assertThrows(DdamInputException.class, () -> InterestMatrix.sparse(2, new int[][] {{0, 0}, {1}}, new double[][] {{0.5, 0.5}, {1}}));
        assertThrows(DdamInputException.class, () -> InterestMatrix.sparse(2, new int[][] {{0, 2}, {1}}, new double[][] {{0.5, 0.5}, {1}}));
        assertThrows(DdamInputException.class, () -> InterestMatrix.sparse(2, new int[][] {{0}, {1}}, new double[][] {{0.5}, {1}}));
        assertThrows(DdamInputException.class, () -> InterestMatrix.sparse(2, new int[][] {{0}, {1}}, new double[][] {{Double.NaN}, {1}}));
    }

    @Test
    void largeWRoundTripsThroughSparseRows() throws Exception {
        int n = InterestMatrix.DENSE_MAX_N + 76;
        Network.Builder b = Network.builder().addNodes(n);
        for (int i = 1; i < n; i++) b.addEdge(i - 1, i);
        Instance inst = new Instance("big", b.build(), InterestGenerators.topK(n, 3, 1, 5, 11), null, java.util.Map.of());
        StringWriter out = new StringWriter();
        JsonInstanceWriter.write(inst, out, JsonInstanceWriter.InterestForm.MATRIX);
        String text = out.toString();
        assertTrue(text.contains("\"rows\": ["), "sparse rows expected");
        assertTrue(text.length() < 200 * n, "file size " + text.length());
        Instance back = JsonInstanceReader.readString("big.json", text);
        assertEquals(inst.interest().orElseThrow(), back.interest().orElseThrow());
    }

    @Test
    void badSparseRowsNameTheirLine() {
        String head = "{\"format\": \"ddam-instance/1\", \"nodes\": 2, \"edges\": [{\"u\": 0, \"v\": 1}],\n\"interest\": {\"rows\": [\n";
        DdamInputException e = assertThrows(DdamInputException.class, () -> JsonInstanceReader.readString("s.json",
                head + "{\"agent\": 0, \"weights\": [[0, 1]]},\n{\"agent\": 0, \"weights\": [[1, 1]]}]}}"));
        assertEquals(4, e.line(), e.getMessage());
        e = assertThrows(DdamInputException.class, () -> JsonInstanceReader.readString("s.json",
                head + "{\"agent\": 0, \"weights\": [[0, 1]]},\n{\"agent\": 1, \"weights\": [[7, 1]]}]}}"));
        assertEquals(4, e.line(), e.getMessage());
        Instance ok = JsonInstanceReader.readString("s.json", head + "{\"agent\": 1, \"weights\": [[1, 1]]},\n{\"agent\": 0, \"weights\": [[1, 0.25], [0, 0.75]]}]}}");
        assertEquals(0.25, ok.interest().orElseThrow().weight(0, 1), 0.0);
        assertEquals(1.0, ok.interest().orElseThrow().weight(1, 1), 0.0);
    }

    @Test
    void smallTreesOnALargeNetworkAnswerLikeDenseOnes() {
        int n = 200;
        Network.Builder b = Network.builder().addNodes(n);
        for (int i = 1; i < n; i++) b.addEdge(i - 1, i, 1 + i % 3, 1);
        Network g = b.build();
        // root 10, reaching 7..14: 8 nodes, compact; the whole path: dense
        int[] parent = new int[n];
        Arrays.fill(parent, -1);
        for (int v = 11; v <= 14; v++) parent[v] = g.edgeBetween(v - 1, v);
        for (int v = 7; v <= 9; v++) parent[v] = g.edgeBetween(v + 1, v);
        RoutingTree small = RoutingTree.fromParentEdges(g, 10, parent);
        long delay = 0;
        for (int v = 0; v < n; v++) {
            boolean in = v >= 7 && v <= 14;
            assertEquals(in, small.contains(v));
            assertEquals(in ? Math.abs(v - 10) : -1, small.depth(v));
            assertEquals(parent[v], small.parentEdge(v));
            assertEquals(in && v != 10 ? (v > 10 ? v - 1 : v + 1) : -1, small.parent(v));
        }
        for (int v = 11; v <= 14; v++) {
            delay += g.delay(g.edgeBetween(v - 1, v));
            assertEquals(delay, small.delayTo(v));
            assertEquals(v - 10, small.pathEdges(v).length);
        }
        RoutingTree pruned = small.pruneTo(new int[] {12});
        assertEquals(2, pruned.edgeCount());
        assertEquals(small, RoutingTree.fromEdges(g, 10, small.edges()));
        assertThrows(DdamInputException.class, () -> small.pathEdges(50));
        assertThrows(DdamInputException.class, () -> small.requireReaches(new int[] {15}));
    }
}
