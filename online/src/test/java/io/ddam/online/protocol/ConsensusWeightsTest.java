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
}
