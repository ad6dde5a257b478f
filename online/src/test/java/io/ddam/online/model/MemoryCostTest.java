package io.ddam.online.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;

import java.util.SplittableRandom;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class MemoryCostTest {
    static final int DK = 3, DV = 4;

    static Stream<Arguments> costsAndSeeds() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (String n : MemoryCosts.NAMES) for (long seed = 1; seed <= 5; seed++) b.add(Arguments.of(n, seed));
        return b.build();
    }

    static MemoryCost cost(String name) {
        return MemoryCosts.byName(name, DK, DV, null, new double[] {1, 0, 1, 0});
    }

    static double[] uniform(SplittableRandom r, int n, double a) {
        double[] x = new double[n];
        for (int i = 0; i < n; i++) x[i] = r.nextDouble(-a, a);
        return x;
    }

    static double norm(double[] x) {
        double s = 0;
        for (double a : x) s += a * a;
        return Math.sqrt(s);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("costsAndSeeds")
    void gradientMatchesCentralDifferences(String name, long seed) {
        MemoryCost f = cost(name);
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = uniform(r, f.rows() * f.cols(), 2), k = uniform(r, DK, 1), v = uniform(r, DV, 3);
        double[] g = new double[x.length];
        f.addGradient(x, k, v, 1.0, g);
        double[] fd = new double[x.length];
        double h = 1e-5;
        for (int i = 0; i < x.length; i++) {
            double old = x[i];
            x[i] = old + h;
            double up = f.value(x, k, v);
            x[i] = old - h;
            double down = f.value(x, k, v);
            x[i] = old;
            fd[i] = (up - down) / (2 * h);
        }
        double[] diff = new double[x.length];
        for (int i = 0; i < x.length; i++) diff[i] = fd[i] - g[i];
        double rel = norm(diff) / Math.max(1, norm(g));
        assertTrue(rel < 1e-6, name + ": relative error " + rel);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("costsAndSeeds")
    void addGradientScalesAndAccumulates(String name, long seed) {
        MemoryCost f = cost(name);
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = uniform(r, f.rows() * f.cols(), 2), k = uniform(r, DK, 1), v = uniform(r, DV, 3);
        double[] g1 = new double[x.length], g2 = uniform(r, x.length, 1), base = g2.clone();
        f.addGradient(x, k, v, 1.0, g1);
        f.addGradient(x, k, v, -0.5, g2);
        for (int i = 0; i < x.length; i++) assertEquals(base[i] - 0.5 * g1[i], g2[i], 1e-12);
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("costsAndSeeds")
    void convexOnRandomPairs(String name, long seed) {
        MemoryCost f = cost(name);
        SplittableRandom r = new SplittableRandom(seed);
        for (int rep = 0; rep < 50; rep++) {
            double[] x = uniform(r, f.rows() * f.cols(), 5), y = uniform(r, x.length, 5);
            double[] k = uniform(r, DK, 1), v = uniform(r, DV, 3);
            double lam = r.nextDouble();
            double[] z = new double[x.length];
            for (int i = 0; i < z.length; i++) z[i] = lam * x[i] + (1 - lam) * y[i];
            double lhs = f.value(z, k, v), rhs = lam * f.value(x, k, v) + (1 - lam) * f.value(y, k, v);
            assertTrue(lhs <= rhs + 1e-9, name + ": " + lhs + " > " + rhs);
        }
    }

    @ParameterizedTest(name = "{0} seed {1}")
    @MethodSource("costsAndSeeds")
    void gradientBoundHoldsInsideTheBall(String name, long seed) {
        MemoryCost f = cost(name);
        SplittableRandom r = new SplittableRandom(seed);
        double radius = 3, keyBound = 1, vBound = 4;
        double bound = f.gradientBound(radius, keyBound, vBound);
        assertFalse(Double.isNaN(bound), name);
        for (int rep = 0; rep < 200; rep++) {
            double[] x = uniform(r, f.rows() * f.cols(), 1);
            double s = radius * r.nextDouble() / norm(x);
            for (int i = 0; i < x.length; i++) x[i] *= s;
            double[] k = uniform(r, DK, keyBound);
            // corners of the key box maximise several of the bounds: test them too
            if (rep % 4 == 0) for (int i = 0; i < DK; i++) k[i] = k[i] < 0 ? -keyBound : keyBound;
            double[] v = uniform(r, DV, 1);
            double vs = vBound * (rep % 3 == 0 ? 1 : r.nextDouble()) / norm(v);
            for (int i = 0; i < DV; i++) v[i] *= vs;
            double[] g = new double[x.length];
            f.addGradient(x, k, v, 1.0, g);
            assertTrue(norm(g) <= bound * (1 + 1e-12), name + ": ‖∇f‖ = " + norm(g) + " > G = " + bound);
        }
    }

    /** d_v = 1, d_k = 2: X = [2, −1], k = [3, 0.5], v = [4], Xk = 5.5, ‖X‖² = 5. */
    @Test
    void handComputedOneByTwo() {
        double[] x = {2, -1}, k = {3, 0.5}, v = {4};
        FeatureMap id = FeatureMap.identity(2);
        // psi = [0]: the one row decays (also the default for d_v = 1)
        check(MemoryCosts.byName("linear", 2, 1, null, null), x, k, v, -22, -12, -2);
        check(MemoryCosts.byName("gated-linear", 2, 1, null, null), x, k, v, -19.5, -10, -3);
        check(MemoryCosts.byName("gated-linear", 2, 1, null, new double[] {1}), x, k, v, -22, -12, -2);
        check(MemoryCosts.byName("deltanet", 2, 1, null, null), x, k, v, 1.125, 4.5, 0.75);
        check(MemoryCosts.byName("softmax", 2, 1, id, null), x, k, v, -22, -12, -2);
        check(MemoryCosts.byName("softmax-norm", 2, 1, id, null), x, k, v, -19.5, -10, -3);
        check(MemoryCosts.byName("gated-softmax", 2, 1, id, new double[] {0}), x, k, v, -19.5, -10, -3);
        check(MemoryCosts.byName("gated-softmax", 2, 1, id, new double[] {1}), x, k, v, -22, -12, -2);
    }

    /** Softmax with the random features by hand: φ_j(k) = exp(ω_jᵀk − ‖k‖²/2)/√D. */
    @Test
    void handComputedSoftmaxWithRandomFeatures() {
        FeatureMap phi = FeatureMap.positiveRandom(2, 2, 7);
        SplittableRandom r = new SplittableRandom(7);
        double w00 = r.nextGaussian(), w01 = r.nextGaussian(), w10 = r.nextGaussian(), w11 = r.nextGaussian();
        double[] k = {0.3, -0.8};
        double sq = 0.09 + 0.64;
        double p0 = Math.exp(w00 * 0.3 - w01 * 0.8 - sq / 2) / Math.sqrt(2);
        double p1 = Math.exp(w10 * 0.3 - w11 * 0.8 - sq / 2) / Math.sqrt(2);
        double[] out = new double[2];
        phi.apply(k, out);
        assertEquals(p0, out[0], 1e-15);
        assertEquals(p1, out[1], 1e-15);
        assertEquals(p1, phi.component(k, 1), 1e-15);
        double[] x = {2, -1}, v = {4};
        check(MemoryCosts.byName("softmax", 2, 1, phi, null), x, k, v, -4 * (2 * p0 - p1), -4 * p0, -4 * p1);
        check(MemoryCosts.byName("softmax-norm", 2, 1, phi, null), x, k, v, -4 * (2 * p0 - p1) + 2.5, -4 * p0 + 2, -4 * p1 - 1);
    }

    private static void check(MemoryCost f, double[] x, double[] k, double[] v, double value, double g0, double g1) {
        assertEquals(1, f.rows());
        assertEquals(2, f.cols());
        assertEquals(value, f.value(x, k, v), 1e-12, f.name());
        double[] g = new double[2];
        f.addGradient(x, k, v, 1, g);
        assertArrayEquals(new double[] {g0, g1}, g, 1e-12, f.name());
    }

    @Test
    void randomFeaturesArePositiveAndApproximateTheSoftmaxKernel() {
        FeatureMap phi = FeatureMap.positiveRandom(3, 40000, 3);
        double[] q = {0.5, -0.2, 0.1}, k = {0.3, 0.4, -0.6};
        double[] a = new double[40000], b = new double[40000];
        phi.apply(q, a);
        phi.apply(k, b);
        double dot = 0;
        for (int j = 0; j < a.length; j++) {
            assertTrue(a[j] > 0 && b[j] > 0);
            dot += a[j] * b[j];
        }
        double exact = Math.exp(0.15 - 0.08 - 0.06);
        assertEquals(exact, dot, 0.03 * exact);
    }

    @Test
    void featureNormBoundHolds() {
        FeatureMap phi = FeatureMap.positiveRandom(4, 16, 11);
        SplittableRandom r = new SplittableRandom(5);
        double b = 1.5, bound = phi.normBound(b);
        double[] out = new double[16];
        for (int rep = 0; rep < 2000; rep++) {
            phi.apply(uniform(r, 4, b), out);
            assertTrue(norm(out) <= bound);
        }
        assertEquals(2 * Math.sqrt(5), FeatureMap.identity(5).normBound(2), 1e-12);
    }

    @Test
    void featureMapsAreDeterministicPerSeed() {
        double[] k = {0.1, 0.2}, a = new double[5], b = new double[5], c = new double[5];
        FeatureMap.positiveRandom(2, 5, 9).apply(k, a);
        FeatureMap.positiveRandom(2, 5, 9).apply(k, b);
        FeatureMap.positiveRandom(2, 5, 10).apply(k, c);
        assertArrayEquals(a, b, 0);
        assertFalse(java.util.Arrays.equals(a, c));
        assertEquals("prf(D=5, seed=9)", FeatureMap.positiveRandom(2, 5, 9).describe());
    }

    @Test
    void shapesAndBoundedness() {
        for (String n : MemoryCosts.NAMES) {
            MemoryCost f = MemoryCosts.byName(n, 5, 3, null, null);
            assertEquals(n, f.name());
            assertEquals(3, f.rows());
            assertEquals(5, f.keyDim());
            assertEquals(n.startsWith("softmax") || n.equals("gated-softmax") ? 10 : 5, f.cols(), n);
        }
        assertTrue(MemoryCosts.byName("deltanet", 2, 2, null, null).boundedBelow());
        assertTrue(MemoryCosts.byName("softmax-norm", 2, 2, null, null).boundedBelow());
        assertFalse(MemoryCosts.byName("linear", 2, 2, null, null).boundedBelow());
        assertFalse(MemoryCosts.byName("gated-linear", 2, 2, null, null).boundedBelow());
        assertTrue(MemoryCosts.byName("gated-linear", 2, 2, null, new double[] {0, 0}).boundedBelow());
        assertArrayEquals(new double[] {1, 1, 0, 0, 0}, Gating.defaultPsi(5), 0);
        assertEquals(Double.POSITIVE_INFINITY, MemoryCosts.byName("deltanet", 2, 2, null, null)
                .gradientBound(Double.POSITIVE_INFINITY, 1, 1));
        assertEquals(Math.sqrt(2) * 3, MemoryCosts.byName("linear", 2, 2, null, null)
                .gradientBound(Double.POSITIVE_INFINITY, 1, 3), 1e-12);
    }

    @Test
    void factoryRejectsBadInput() {
        assertEquals("unknown model 'lstm'; expected one of linear, gated-linear, deltanet, softmax, softmax-norm, gated-softmax",
                assertThrows(DdamInputException.class, () -> MemoryCosts.byName("lstm", 2, 2, null, null)).getMessage());
        assertTrue(assertThrows(DdamInputException.class,
                () -> MemoryCosts.byName("gated-linear", 2, 3, null, new double[] {1, 0})).getMessage().contains("expected d_v = 3"));
        assertTrue(assertThrows(DdamInputException.class,
                () -> MemoryCosts.byName("gated-softmax", 2, 2, null, new double[] {1, 0.5})).getMessage().contains("entry 2 is 0.5"));
        assertTrue(assertThrows(DdamInputException.class,
                () -> MemoryCosts.byName("softmax", 2, 2, FeatureMap.identity(3), null)).getMessage().contains("d_k = 2"));
        assertThrows(DdamInputException.class, () -> MemoryCosts.byName("deltanet", 0, 2, null, null));
    }
}
