package io.ddam.online.metrics;

import io.ddam.online.metrics.TheoremBounds.Bound;
import io.ddam.online.metrics.TheoremBounds.GradientSource;
import io.ddam.solver.graph.InterestMatrix;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/** The bound formulas on values computed by hand. */
class TheoremBoundsTest {
    private static final GradientSource P = GradientSource.PROVEN;

    @Test
    void oneAgentWithoutDelaysDdamEqualsOgd() {
        InterestMatrix w = InterestMatrix.of(new double[][] {{1}});
        double[] g = {3};
        // Corollary 1: √3.5 · B · Ḡ · √T = √3.5 · 2 · 3 · 10.
        assertEquals(60 * Math.sqrt(3.5), TheoremBounds.ogdStatic(w, 2, g, P, 100).value(), 1e-9);
        // Theorem 1 with η = 1, PL = 0.5: 7·4/4 + 100·9/2 + 2·0.5 = 458.
        assertEquals(458, TheoremBounds.ogdDynamic(w, 2, g, P, new double[] {1}, 100, new double[] {0.5}).value(), 1e-9);
        // Theorem 3 with τ = 0: Q = ½·3·3 = 4.5, J = H = C = 0 → the same numbers.
        long[][] tau = {{0}};
        assertEquals(458, TheoremBounds.ddamDynamic(w, tau, 2, g, P, new double[] {1}, 100, new double[] {0.5}).value(), 1e-9);
        assertEquals(60 * Math.sqrt(3.5), TheoremBounds.ddamStatic(w, tau, 2, g, P, 100).value(), 1e-9);
    }

    @Test
    void twoAgentsWithDelays() {
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        long[][] tau = {{0, 4}, {4, 0}};
        double[] g = {1, 2};
        // Per agent: K = 1, Q = ½·1·3 + 2·1·4 = 9.5, J = 4·1·16 = 64, Δτ = 4, H = 4, C = 1·4·2·2 = 16.
        double perAgent = Math.sqrt(7) * 2 * Math.sqrt(9.5 * 14 + 64) + 16;
        Bound s = TheoremBounds.ddamStatic(w, tau, 2, g, GradientSource.DATA_RANGE, 10);
        assertEquals(2 * perAgent, s.value(), 1e-9);
        assertEquals("measured", s.source().label());
        // eq. (16), η = 0.5, PL = (1, 0): Q η (T+Δτ) + J η + 7B²/(4η) + (B/η + H) PL + C.
        double a0 = 9.5 * 0.5 * 14 + 64 * 0.5 + 14 + (4 + 4) * 1 + 16;
        double a1 = 9.5 * 0.5 * 14 + 64 * 0.5 + 14 + 16;
        assertEquals(a0 + a1, TheoremBounds.ddamDynamic(w, tau, 2, g, P, new double[] {0.5, 0.5}, 10, new double[] {1, 0}).value(), 1e-9);
    }

    @Test
    void cdogdNeedsUniformWAndTheTheoryStepSize() {
        InterestMatrix uniform = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        double[] eta = {0.05, 0.05}; // 1/(2√100)
        // N (B + (5−α)/(1−α) G_max²) √T = 2 (2 + 9·4) 10.
        assertEquals(760, TheoremBounds.cdogdStatic(uniform, 2, new double[] {1, 2}, P, 0.5, eta, 100).value(), 1e-9);
        InterestMatrix other = InterestMatrix.of(new double[][] {{0.7, 0.3}, {0.5, 0.5}});
        Bound b = TheoremBounds.cdogdStatic(other, 2, new double[] {1, 2}, P, 0.5, eta, 100);
        assertFalse(b.applies());
        Bound wrongEta = TheoremBounds.cdogdStatic(uniform, 2, new double[] {1, 2}, P, 0.5, new double[] {0.1, 0.1}, 100);
        assertFalse(wrongEta.applies());
        assertTrue(wrongEta.reason().contains("1/(2√T)"));
    }
}
