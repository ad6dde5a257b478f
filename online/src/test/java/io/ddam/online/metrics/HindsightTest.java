package io.ddam.online.metrics;

import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/**
 * Checks {@link Hindsight} against brute force: accelerated projected gradient (FISTA) run to
 * convergence on the same objective, evaluated sample by sample through {@link MemoryCost#value}, and
 * the KKT conditions of the ball-constrained problem.
 */
class HindsightTest {
    record Sample(double w, double[] k, double[] v) {}

    static Sample[] samples(SplittableRandom r, int count, int dk, int dv, int rank, double valueScale) {
        double[][] basis = new double[rank][dk];
        for (double[] row : basis) for (int j = 0; j < dk; j++) row[j] = 2 * r.nextDouble() - 1;
        Sample[] s = new Sample[count];
        for (int i = 0; i < count; i++) {
            double[] k = new double[dk];
            for (double[] row : basis) {
                double c = r.nextGaussian();
                for (int j = 0; j < dk; j++) k[j] += c * row[j];
            }
            double[] v = new double[dv];
            for (int j = 0; j < dv; j++) v[j] = valueScale * r.nextGaussian();
            s[i] = new Sample(0.05 + r.nextDouble(), k, v);
        }
        return s;
    }

    static double objective(MemoryCost cost, Sample[] s, double[] u) {
        double f = 0;
        for (Sample x : s) f += x.w * cost.value(u, x.k, x.v);
        return f;
    }

    static double[] gradient(MemoryCost cost, Sample[] s, double[] u) {
        double[] g = new double[u.length];
        for (Sample x : s) cost.addGradient(u, x.k, x.v, x.w, g);
        return g;
    }

    /** FISTA with step 1/L, L estimated by power iteration on the (linear part of the) gradient map. */
    static double[] bruteForce(MemoryCost cost, Sample[] s, Projection p) {
        int size = cost.rows() * cost.cols();
        double[] zero = new double[size];
        double[] g0 = gradient(cost, s, zero);
        double[] y = new double[size];
        SplittableRandom r = new SplittableRandom(5);
        for (int i = 0; i < size; i++) y[i] = r.nextGaussian();
        double lip = 1e-12;
        for (int it = 0; it < 200; it++) {
            double[] g = gradient(cost, s, y);
            double n = 0;
            for (int i = 0; i < size; i++) { g[i] -= g0[i]; n += g[i] * g[i]; }
            n = Math.sqrt(n);
            double yn = 0;
            for (double v : y) yn += v * v;
            lip = Math.max(lip, n / Math.sqrt(yn));
            if (n == 0) break;
            for (int i = 0; i < size; i++) y[i] = g[i] / n;
        }
        lip *= 1.01;
        double[] x = new double[size], xPrev = new double[size];
        y = new double[size];
        double t = 1;
        for (int it = 0; it < 60000; it++) {
            double[] g = gradient(cost, s, y);
            for (int i = 0; i < size; i++) x[i] = y[i] - g[i] / lip;
            p.project(x);
            double tn = (1 + Math.sqrt(1 + 4 * t * t)) / 2;
            for (int i = 0; i < size; i++) y[i] = x[i] + (t - 1) / tn * (x[i] - xPrev[i]);
            System.arraycopy(x, 0, xPrev, 0, size);
            t = tn;
        }
        return x;
    }

    static void checkAgainstBruteForce(MemoryCost cost, Sample[] s, Projection p, Boolean expectActive) {
        Hindsight h = new Hindsight(cost, p);
        for (Sample x : s) h.add(x.w, x.k, x.v);
        double[] u = new double[cost.rows() * cost.cols()];
        h.solve(u);
        double fu = objective(cost, s, u);
        assertEquals(fu, h.objective(u), 1e-9 * Math.max(1, Math.abs(fu)), "objective from sufficient statistics");
        double[] ref = bruteForce(cost, s, p);
        double fr = objective(cost, s, ref);
        double scale = Math.max(Math.abs(fr), Math.abs(objective(cost, s, new double[u.length])));
        assertTrue(fu <= fr + 1e-8 * scale, "hindsight " + fu + " worse than brute force " + fr);
        assertEquals(fr, fu, 1e-8 * scale);
        double norm = 0;
        for (double v : u) norm += v * v;
        norm = Math.sqrt(norm);
        assertTrue(norm <= p.radius() * (1 + 1e-12), "inside the ball");
        // KKT: ∇F(U) + λU = 0 with λ ≥ 0, and λ > 0 only on the sphere.
        double lambda = h.multiplier();
        double[] g = gradient(cost, s, u);
        double gn = 0, res = 0;
        for (int i = 0; i < u.length; i++) { gn += g[i] * g[i]; double d = g[i] + lambda * u[i]; res += d * d; }
        double gScale = 0;
        for (double v : gradient(cost, s, new double[u.length])) gScale += v * v;
        assertTrue(lambda >= 0);
        assertTrue(Math.sqrt(res) <= 1e-7 * Math.sqrt(gScale) + 1e-12, "KKT residual " + Math.sqrt(res));
        if (lambda > 0) assertEquals(p.radius(), norm, 1e-9 * p.radius(), "active constraint on the sphere");
        if (expectActive != null) assertEquals(expectActive, lambda > 0, "constraint activity");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6})
    void deltaNetInactiveActiveAndRankDeficient(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int dk = 2 + r.nextInt(3), dv = 1 + r.nextInt(3);
        MemoryCost cost = new DeltaNetCost(dk, dv);
        // Full rank, huge radius: unconstrained solution.
        checkAgainstBruteForce(cost, samples(r, 12, dk, dv, dk, 1), Projection.ball(1e6), false);
        // Full rank, tiny radius: ball active.
        checkAgainstBruteForce(cost, samples(r, 12, dk, dv, dk, 5), Projection.ball(0.05), true);
        // Rank-deficient A (keys in a lower-dimensional subspace), inactive and active.
        checkAgainstBruteForce(cost, samples(r, 6, dk, dv, dk - 1, 1), Projection.ball(1e6), false);
        checkAgainstBruteForce(cost, samples(r, 6, dk, dv, dk - 1, 5), Projection.ball(0.05), true);
        // Fewer samples than d_k (Ω = 1 with one agent: rank one).
        checkAgainstBruteForce(cost, samples(r, 1, dk, dv, dk, 1), Projection.ball(1e6), false);
    }

    @Test
    void deltaNetRankDeficientGivesMinimumNorm() {
        // One sample k = (1, 0), v = 2: every U = (2, u2) fits exactly; least norm is (2, 0).
        Hindsight h = new Hindsight(new DeltaNetCost(2, 1), Projection.NONE);
        h.add(1, new double[] {1, 0}, new double[] {2});
        double[] u = new double[2];
        h.solve(u);
        assertArrayEquals(new double[] {2, 0}, u, 1e-14);
        assertEquals(0, h.objective(u), 1e-14);
    }

    @ParameterizedTest
    @ValueSource(strings = {"linear", "gated-linear", "softmax", "softmax-norm", "gated-softmax"})
    void linearCostsMatchBruteForce(String name) {
        for (long seed = 1; seed <= 4; seed++) {
            SplittableRandom r = new SplittableRandom(seed * 31 + name.length());
            int dk = 2 + r.nextInt(3), dv = 2 + r.nextInt(3);
            MemoryCost cost = MemoryCosts.byName(name, dk, dv, null, null);
            Sample[] s = samples(r, 10, dk, dv, dk, 1);
            checkAgainstBruteForce(cost, s, Projection.ball(0.3), null);
            checkAgainstBruteForce(cost, s, Projection.ball(1e3), null);
        }
    }

    @Test
    void pureLinearIsScaledS() {
        MemoryCost cost = MemoryCosts.byName("linear", 2, 1, null, null);
        Hindsight h = new Hindsight(cost, Projection.ball(2));
        h.add(1, new double[] {3, 4}, new double[] {1});
        double[] u = new double[2];
        h.solve(u);
        assertArrayEquals(new double[] {1.2, 1.6}, u, 1e-12); // R·S/‖S‖ with S = (3, 4)
    }

    @Test
    void unboundedLinearProblemIsAUserError() {
        Hindsight h = new Hindsight(MemoryCosts.byName("linear", 2, 1, null, null), Projection.NONE);
        h.add(1, new double[] {1, 0}, new double[] {1});
        assertThrows(DdamInputException.class, () -> h.solve(new double[2]));
    }
}
