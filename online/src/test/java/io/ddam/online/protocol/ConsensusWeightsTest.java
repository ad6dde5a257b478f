package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Metropolis–Hastings and other mixing matrices for C-DOGD (method.md §2.2) and their spectral gap. */
class ConsensusWeightsTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})
    void metropolisHastingsIsSymmetricDoublyStochasticWithGapInUnitInterval(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int nodes = 2 + r.nextInt(20);
        Network g = RandomInstances.connectedGraph(r, nodes, r.nextDouble() * 0.5, 1);
        for (ConsensusWeights a : new ConsensusWeights[] {ConsensusWeights.metropolisHastings(g), ConsensusWeights.maxDegree(g)}) {
            for (int i = 0; i < nodes; i++) {
                double row = 0, col = 0;
                for (int j = 0; j < nodes; j++) {
                    row += a.weight(i, j);
                    col += a.weight(j, i);
                    assertEquals(a.weight(i, j), a.weight(j, i));
                    assertTrue(a.weight(i, j) >= 0);
                    if (i != j && g.edgeBetween(i, j) < 0) assertEquals(0, a.weight(i, j));
                }
                assertEquals(1, row, 1e-12);
                assertEquals(1, col, 1e-12);
                assertTrue(a.weight(i, i) > 0, "positive self-weight");
            }
            double alpha = a.spectralGap();
            assertTrue(alpha > 0 && alpha <= 1, a.kind() + " α = " + alpha);
        }
    }

    @Test
    void pathOfThreeHasGapOneThird() {
        // A = [[2/3,1/3,0],[1/3,1/3,1/3],[0,1/3,2/3]]: eigenvalues 1, 2/3 (vector (1,0,−1)) and 0
        // (trace 5/3), so the second-largest modulus is 2/3 and α = 1/3.
        Network g = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        assertEquals(1.0 / 3, ConsensusWeights.metropolisHastings(g).spectralGap(), 1e-12);
    }

    @Test
    void completeGraphOfTwoMixesInOneStep() {
        // MH on one edge: a = ½ everywhere, eigenvalues 1 and 0, α = 1.
        Network g = Network.builder().addNodes(2).addEdge(0, 1).build();
        assertEquals(1, ConsensusWeights.metropolisHastings(g).spectralGap(), 1e-12);
    }

    @Test
    void disconnectedGraphOrIdentityHasNoGap() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(2, 3).build();
        assertEquals(0, ConsensusWeights.metropolisHastings(g).spectralGap(), 1e-12);
        assertEquals(0, ConsensusWeights.identity(3).spectralGap(), 1e-12);
        assertEquals(1, ConsensusWeights.identity(1).spectralGap());
    }

    @Test
    void rejectsMatricesThatAreNotSymmetricDoublyStochasticOrOffTheGraph() {
        assertThrows(DdamInputException.class, () -> ConsensusWeights.of(new double[][] {{0.5, 0.5}, {0.4, 0.6}}));
        assertThrows(DdamInputException.class, () -> ConsensusWeights.of(new double[][] {{0.9, 0.2}, {0.2, 0.9}}));
        assertThrows(DdamInputException.class, () -> ConsensusWeights.of(new double[][] {{1.5, -0.5}, {-0.5, 1.5}}));
        // Row- and column-stochastic but not symmetric.
        assertThrows(DdamInputException.class,
                () -> ConsensusWeights.of(new double[][] {{0, 1, 0}, {0, 0, 1}, {1, 0, 0}}));
        Network path = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        double[][] third = {{1.0 / 3, 1.0 / 3, 1.0 / 3}, {1.0 / 3, 1.0 / 3, 1.0 / 3}, {1.0 / 3, 1.0 / 3, 1.0 / 3}};
        ConsensusWeights.of(third); // fine without a graph
        assertThrows(DdamInputException.class, () -> ConsensusWeights.of(path, third));
        assertEquals("mh", ConsensusWeights.byName("mh", path).kind());
        assertThrows(DdamInputException.class, () -> ConsensusWeights.byName("nope", path));
    }

    /** The dense rule as it was built before the rows became sparse: the N × N oracle, summed in increasing m. */
    private static double[][] denseMh(Network g, boolean maxDegree) {
        int n = g.nodeCount();
        int maxDeg = 0;
        for (int i = 0; i < n; i++) maxDeg = Math.max(maxDeg, g.degree(i));
        double[][] a = new double[n][n];
        for (int e = 0; e < g.edgeCount(); e++) {
            int u = g.edgeU(e), v = g.edgeV(e);
            double w = maxDegree ? 1.0 / (1 + maxDeg) : 1.0 / (1 + Math.max(g.degree(u), g.degree(v)));
            a[u][v] = w;
            a[v][u] = w;
        }
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int j = 0; j < n; j++) if (j != i) s += a[i][j];
            a[i][i] = 1 - s;
        }
        return a;
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void sparseRowsEqualTheDenseRuleBitwise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Network g = RandomInstances.connectedGraph(r, 5 + r.nextInt(60), r.nextDouble() * 0.3, 1);
        double[][] mh = ConsensusWeights.metropolisHastings(g).toArray(), md = ConsensusWeights.maxDegree(g).toArray();
        double[][] oMh = denseMh(g, false), oMd = denseMh(g, true);
        for (int i = 0; i < mh.length; i++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(oMh[i], mh[i], 0.0);
            org.junit.jupiter.api.Assertions.assertArrayEquals(oMd[i], md[i], 0.0);
        }
        boolean[] up = new boolean[g.edgeCount()];
        java.util.Arrays.fill(up, true);
        double[][] live = ConsensusWeights.live("mh", g, up).toArray();
        for (int i = 0; i < mh.length; i++) org.junit.jupiter.api.Assertions.assertArrayEquals(oMh[i], live[i], 0.0);
        // The sparse rows the protocol mixes with are the dense matrix's positive entries, in column order.
        ConsensusWeights a = ConsensusWeights.metropolisHastings(g);
        for (int i = 0; i < mh.length; i++) {
            int k = 0;
            for (int j = 0; j < mh.length; j++) {
                if (oMh[i][j] > 0) {
                    assertEquals(j, a.supportOf(i)[k]);
                    assertEquals(oMh[i][j], a.weightsOf(i)[k++], 0.0);
                }
            }
            assertEquals(k, a.supportOf(i).length);
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void lanczosGapEqualsTheDenseSolver(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        // Sparse random graphs and a 12 × 12 grid (degenerate σ₂), up to the dense solver's size limit.
        Network g = seed == 3 ? grid(12, 12) : RandomInstances.connectedGraph(r, 150 + r.nextInt(300), 0.004, 1);
        for (ConsensusWeights a : new ConsensusWeights[] {ConsensusWeights.metropolisHastings(g), ConsensusWeights.maxDegree(g)}) {
            double dense = a.spectralGap(), lanczos = a.spectralGapLanczos();
            assertEquals(dense, lanczos, 1e-9, a.kind() + " on " + g.nodeCount() + " nodes");
            assertTrue(dense > 0 && dense < 1);
        }
    }

    @Test
    void lanczosGapOnALargeGridMatchesTheClosedForm() {
        // MH on a rows × cols grid with every node of degree ≤ 4 is not uniform, so use max-degree weights
        // 1/5: A = I − L/5, eigenvalues 1 − (4 − 2cos(πi/R) − 2cos(πj/C))/5; σ₂ from (i, j) = (0, 1).
        int rows = 60, cols = 50;
        ConsensusWeights a = ConsensusWeights.maxDegree(grid(rows, cols));
        double lambdaMin = 1 - (4 - 2 * Math.cos(Math.PI * (rows - 1) / rows) - 2 * Math.cos(Math.PI * (cols - 1) / cols)) / 5;
        double second = Math.max(1 - (2 - 2 * Math.cos(Math.PI / rows)) / 5, Math.abs(lambdaMin));
        assertEquals(1 - second, a.spectralGap(), 1e-10);
    }

    private static Network grid(int rows, int cols) {
        Network.Builder b = Network.builder().addNodes(rows * cols);
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                int v = i * cols + j;
                if (j + 1 < cols) b.addEdge(v, v + 1, 1, 1);
                if (i + 1 < rows) b.addEdge(v, v + cols, 1, 1);
            }
        }
        return b.build();
    }
}
