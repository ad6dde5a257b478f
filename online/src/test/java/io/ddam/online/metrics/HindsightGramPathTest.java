package io.ddam.online.metrics;

import io.ddam.online.metrics.HindsightTest.Sample;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The two DeltaNet paths of {@link Hindsight} give the same comparator: the s×s Gram path (fewer
 * samples than d_k) against the d_k×d_k path on the same samples (forced with
 * {@link Hindsight#forceDensePath}), on random problems with full-rank and rank-deficient keys, the
 * ball inactive and active. Objectives agree to 1e-10 relative to the problem's scale
 * (max(|f|, ½Σw‖v‖²), since f is 0 when the samples are fitted exactly), the minimisers to 1e-8.
 */
class HindsightGramPathTest {
    private static double norm(double[] u) {
        double s = 0;
        for (double x : u) s += x * x;
        return Math.sqrt(s);
    }

    /** Solves {@code s} on both paths and compares; returns the Gram path's multiplier. */
    private static double compare(MemoryCost cost, Sample[] s, Projection p) {
        Hindsight gram = new Hindsight(cost, p);
        Hindsight dense = new Hindsight(cost, p);
        for (Sample x : s) {
            gram.add(x.w(), x.k(), x.v());
            dense.add(x.w(), x.k(), x.v());
        }
        dense.forceDensePath();
        double[] ug = new double[cost.rows() * cost.cols()], ud = new double[ug.length];
        gram.solve(ug);
        dense.solve(ud);
        double fg = HindsightTest.objective(cost, s, ug), fd = HindsightTest.objective(cost, s, ud);
        double scale = Math.max(Math.abs(fd), HindsightTest.objective(cost, s, new double[ug.length]));
        assertEquals(fd, fg, 1e-10 * scale, "objective, Gram vs d_k path");
        assertEquals(fg, gram.objective(ug), 1e-10 * scale, "Gram path objective from its samples");
        assertEquals(fd, dense.objective(ud), 1e-10 * scale, "d_k path objective from A");
        double[] diff = new double[ug.length];
        for (int i = 0; i < diff.length; i++) diff[i] = ug[i] - ud[i];
        assertTrue(norm(diff) <= 1e-8 * Math.max(1e-300, norm(ud)), "minimisers differ by " + norm(diff));
        assertEquals(dense.multiplier(), gram.multiplier(), 1e-8 * Math.max(1, dense.multiplier()), "ball multiplier");
        assertTrue(norm(ug) <= p.radius() * (1 + 1e-12));
        return gram.multiplier();
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void gramPathMatchesDensePath(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dk = seed % 2 == 0 ? 34 : 5 + r.nextInt(10), dv = 1 + r.nextInt(6);
        MemoryCost cost = new DeltaNetCost(dk, dv);
        int s = 1 + r.nextInt(dk - 1); // s < d_k
        // Full-rank keys (rank min(s, d_k)): inactive, then active.
        assertEquals(0, compare(cost, HindsightTest.samples(r, s, dk, dv, dk, 1), Projection.ball(1e6)));
        assertTrue(compare(cost, HindsightTest.samples(r, s, dk, dv, dk, 5), Projection.ball(0.05)) > 0);
        // Rank-deficient: keys in a subspace of dimension < s (repeated directions in the window).
        int rank = Math.max(1, s / 2);
        assertEquals(0, compare(cost, HindsightTest.samples(r, s + 1, dk, dv, rank, 1), Projection.ball(1e6)));
        assertTrue(compare(cost, HindsightTest.samples(r, s + 1, dk, dv, rank, 5), Projection.ball(0.05)) > 0);
        // Unconstrained (no projection).
        compare(cost, HindsightTest.samples(r, s, dk, dv, Math.min(s, 3), 1), Projection.NONE);
    }

    /**
     * From {@link Hindsight#NEWTON_MIN} held samples an active ball is solved by Newton's method on the secular
     * equation instead of the eigen-decomposition: the same minimiser as the d_k path and as the Gram path's
     * eigen-decomposition (the oracle), on well-conditioned keys with the ball active at several radii.
     */
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void newtonOnTheSecularEquationMatchesTheEigenPath(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dk = 120 + r.nextInt(40), dv = 1 + r.nextInt(4);
        MemoryCost cost = new DeltaNetCost(dk, dv);
        int s = Hindsight.NEWTON_MIN + r.nextInt(40);
        Sample[] samples = HindsightTest.samples(r, s, dk, dv, dk, 5);
        for (double radius : new double[] {0.05, 0.2, 0.5}) {
            Projection p = Projection.ball(radius);
            double lambda = compare(cost, samples, p);
            Hindsight eig = new Hindsight(cost, p);
            for (Sample x : samples) eig.add(x.w(), x.k(), x.v());
            eig.forceEigenPath();
            double[] ue = new double[dk * dv], un = new double[dk * dv];
            eig.solve(ue);
            Hindsight newton = new Hindsight(cost, p);
            for (Sample x : samples) newton.add(x.w(), x.k(), x.v());
            newton.solve(un);
            double[] diff = new double[un.length];
            for (int i = 0; i < diff.length; i++) diff[i] = un[i] - ue[i];
            assertTrue(norm(diff) <= 1e-10 * norm(ue), "radius " + radius + ": Newton and eigen minimisers differ by " + norm(diff));
            assertEquals(eig.multiplier(), newton.multiplier(), 1e-9 * eig.multiplier(), "radius " + radius);
            assertTrue(lambda > 0, "the ball is active at radius " + radius);
            assertTrue(norm(un) <= radius * (1 + 1e-15));
        }
    }

    @Test
    void omegaOneTrafficShape() {
        // The case the Gram path is for: d_k = 34, d_v = 6, 16 samples per window.
        SplittableRandom r = new SplittableRandom(42);
        MemoryCost cost = new DeltaNetCost(34, 6);
        for (int i = 0; i < 20; i++) {
            compare(cost, HindsightTest.samples(r, 16, 34, 6, 34, 1), Projection.ball(20));
            compare(cost, HindsightTest.samples(r, 16, 34, 6, 34, 10), Projection.ball(0.5));
        }
    }

    @Test
    void reusedAcrossWindowsGrowsAndSwitchesPath() {
        // One instance over windows of 1, 3, 12, 40 (> d_k: the d_k path) and back to 2 samples:
        // every window must match a fresh solver on the d_k path.
        SplittableRandom r = new SplittableRandom(9);
        int dk = 20, dv = 4;
        MemoryCost cost = new DeltaNetCost(dk, dv);
        Projection p = Projection.ball(3);
        Hindsight h = new Hindsight(cost, p, 1);
        for (int count : new int[] {1, 3, 12, 40, 20, 19, 2}) {
            Sample[] s = HindsightTest.samples(r, count, dk, dv, Math.min(dk, 1 + count / 2), 2);
            Hindsight ref = new Hindsight(cost, p);
            for (Sample x : s) {
                h.add(x.w(), x.k(), x.v());
                ref.add(x.w(), x.k(), x.v());
            }
            ref.forceDensePath();
            double[] u = new double[dk * dv], v = new double[dk * dv];
            h.solve(u);
            ref.solve(v);
            double scale = Math.max(Math.abs(ref.objective(v)), HindsightTest.objective(cost, s, new double[u.length]));
            assertEquals(ref.objective(v), h.objective(u), 1e-10 * scale, "window of " + count);
            for (int i = 0; i < u.length; i++) assertEquals(v[i], u[i], 1e-8 * Math.max(1, norm(v)));
            h.clear();
        }
    }
}
