package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;

import org.junit.jupiter.api.Test;

/** Step sizes of Corollary 1, Theorem 2 and Corollary 2 (method.md §2.1, §2.2, §2.5) against hand values. */
class StepSizesTest {
    @Test
    void constant() {
        assertArrayEquals(new double[] {0.3, 0.3, 0.3}, StepSizes.constant(3, 0.3));
        assertThrows(DdamInputException.class, () -> StepSizes.constant(3, -1));
    }

    @Test
    void ogdCorollaryOne() {
        // Agent 0: W_0 = {0, 1}, w = (½, ½), G = (2, 4): Ḡ = 3; B = 2, T = 14:
        // η = 2√7 / (3√28) = 2√7 / (3·2√7) = 1/3.
        // Agent 1: W_1 = {1}, Ḡ = 4: η = 2√7 / (4√28) = 1/4.
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0, 1}});
        double[] eta = StepSizes.ogdTheory(w, 2, new double[] {2, 4}, 14);
        assertEquals(1.0 / 3, eta[0], 1e-15);
        assertEquals(0.25, eta[1], 1e-15);
    }

    @Test
    void cdogdTheoremTwo() {
        assertArrayEquals(new double[] {0.125, 0.125}, StepSizes.cdogdTheory(2, 16)); // 1/(2√16)
    }

    @Test
    void ddamCorollaryTwo() {
        // Agent 0: W_0 = {0, 1, 2}, w = (½, ¼, ¼), G = (2, 4, 8), τ = (0, 2, 4), B = 2, T = 10.
        // K = max(1, 1, 2) = 2; Σ G = 14; τ_sum = 6; τ_max = 4; Δτ = 4;
        // Q = ½·2·14 + 3·2²·6 = 14 + 72 = 86; J = 3²·2²·4² = 576;
        // η = √(7·4 / (4·(86·(10+4) + 576))) = √(7 / 1780).
        // Agent 1: W_1 = {1}, τ = 0, K = 4, Q = ½·4·4 = 8, J = 0, Δτ = 0: η = √(28 / (4·80)) = √(7/80).
        // Agent 2: W_2 = {1, 2}, w = (½, ½), τ = (6, 0): K = max(2, 4) = 4, Σ G = 12, τ_sum = 6, Δτ = 6;
        // Q = ½·4·12 + 2·16·6 = 24 + 192 = 216; J = 4·16·36 = 2304; η = √(28 / (4·(216·16 + 2304))) = √(7/5760).
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.25, 0.25}, {0, 1, 0}, {0, 0.5, 0.5}});
        long[][] tau = {{0, 2, 4}, {0, 0, 0}, {0, 6, 0}};
        double[] eta = StepSizes.ddamTheory(w, tau, 2, new double[] {2, 4, 8}, 10);
        assertEquals(Math.sqrt(7.0 / 1780), eta[0], 1e-15);
        assertEquals(Math.sqrt(7.0 / 80), eta[1], 1e-15);
        assertEquals(Math.sqrt(7.0 / 5760), eta[2], 1e-15);
    }

    @Test
    void ddamTheoryFromTreesUsesRoundTrips() {
        // Path 0–1–2, unit hops, agent 0 interested in all: τ = (0, 2, 4) as in ddamCorollaryTwo's agent 0.
        io.ddam.solver.graph.Network g = io.ddam.solver.graph.Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.25, 0.25}, {0, 1, 0}, {0, 0, 1}});
        io.ddam.solver.tree.TreeMetrics m = io.ddam.solver.tree.TreeDesign.design(
                new io.ddam.solver.tree.ShortestPathTreeDesigner(), g, w, 1).metrics();
        double[] eta = StepSizes.ddamTheory(w, m, 2, new double[] {2, 4, 8}, 10);
        assertEquals(Math.sqrt(7.0 / 1780), eta[0], 1e-15);
    }

    @Test
    void ddamWithZeroDelaysIsCloseToOgdScale() {
        // With τ = 0, Q = ½KΣG, J = 0: η = √(7B²/(2KΣG·T)); for one agent K = ΣG = G, so η = B√7/(G√(2T)) = Corollary 1.
        InterestMatrix w = InterestMatrix.of(new double[][] {{1}});
        assertEquals(StepSizes.ogdTheory(w, 3, new double[] {5}, 100)[0],
                StepSizes.ddamTheory(w, new long[][] {{0}}, 3, new double[] {5}, 100)[0], 1e-15);
    }

    @Test
    void theoryNeedsBoundsAndBall() {
        InterestMatrix w = InterestMatrix.of(new double[][] {{1}});
        assertThrows(DdamInputException.class, () -> StepSizes.ogdTheory(w, Double.POSITIVE_INFINITY, new double[] {1}, 10));
        assertThrows(DdamInputException.class, () -> StepSizes.ogdTheory(w, 2, new double[] {Double.NaN}, 10));
        assertThrows(DdamInputException.class, () -> StepSizes.ddamTheory(w, new long[][] {{0}}, 2, new double[] {0}, 10));
        assertThrows(DdamInputException.class, () -> StepSizes.cdogdTheory(1, 0));
    }
}
