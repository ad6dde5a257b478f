package io.ddam.online.protocol;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link AdaHedge}: values worked by hand, invariance to scaling and shifting the losses, and regret ≤ 2Δ. */
class AdaHedgeTest {

    @Test
    void byHand() {
        AdaHedge h = new AdaHedge(2);
        double[] p = new double[2];
        h.weights(p);
        assertArrayEquals(new double[] {0.5, 0.5}, p, 0); // no loss yet: both lead
        // Step 1, losses (1, 0), η = ∞: hedge loss ½, mix loss = min = 0, δ = ½.
        h.observe(new double[] {1, 0}, p);
        assertEquals(0.5, h.gap(), 1e-15);
        // η = ln 2 / ½ = 2 ln 2: p ∝ (e^{−2 ln 2}, 1) = (¼, 1) → (0.2, 0.8).
        h.weights(p);
        assertArrayEquals(new double[] {0.2, 0.8}, p, 1e-15);
        // Step 2, losses (0, 1): hedge 0.8, mix = −ln(0.2 + 0.8·¼)/(2 ln 2) = −ln 0.4/(2 ln 2) = 0.66096405; δ = 0.13903595.
        h.observe(new double[] {0, 1}, p);
        assertEquals(0.5 + 0.8 + Math.log(0.4) / (2 * Math.log(2)), h.gap(), 1e-15);
        // Both have cumulative loss 1: equal weights again.
        h.weights(p);
        assertArrayEquals(new double[] {0.5, 0.5}, p, 1e-15);
        // An expert with loss +∞ gets weight 0 for good.
        h.observe(new double[] {Double.POSITIVE_INFINITY, 2}, p);
        h.weights(p);
        assertArrayEquals(new double[] {0, 1}, p, 0);
    }

    @Test
    void weightsIgnoreScaleAndShiftAndRegretStaysUnderTwiceTheGap() {
        for (long seed = 1; seed <= 10; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int k = 2 + r.nextInt(5), steps = 500;
            AdaHedge a = new AdaHedge(k), b = new AdaHedge(k);
            double[] pa = new double[k], pb = new double[k], ell = new double[k], moved = new double[k], total = new double[k];
            double hedgeLoss = 0;
            for (int t = 0; t < steps; t++) {
                a.weights(pa);
                b.weights(pb);
                assertArrayEquals(pa, pb, 1e-9, "seed " + seed + " t " + t);
                for (int i = 0; i < k; i++) {
                    ell[i] = r.nextDouble() + (i == 0 ? -0.05 : 0) + (t < 20 ? 30 * r.nextDouble() : 0); // early losses far larger
                    moved[i] = 64 * ell[i] - 7; // × 2⁶ and shifted: exact in binary up to the shift
                    hedgeLoss += pa[i] * ell[i];
                    total[i] += ell[i];
                }
                a.observe(ell, pa);
                b.observe(moved, pb);
            }
            double best = Double.POSITIVE_INFINITY;
            for (double x : total) best = Math.min(best, x);
            double regret = hedgeLoss - best;
            assertTrue(regret <= 2 * a.gap() + 1e-9, "seed " + seed + ": regret " + regret + " > 2Δ = " + 2 * a.gap());
            assertTrue(a.gap() < 0.1 * steps, "the gap stays sublinear here: " + a.gap());
        }
    }
}
