package io.ddam.online.protocol;

import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * RLS against batch least squares solved from scratch (EJML), its forgetting form against exponentially weighted
 * least squares, DDAM-RLS against centralized RLS, consensus RLS by hand, thread counts, and the regret bound.
 */
class RlsProtocolTest {

    /**
     * The batch solution argmin ½λβ^t‖X‖² + Σ β^{t−a} ½w‖Xk − v‖² over the samples (m, s) that agent n has at the end
     * of step t: those with s + τ_{n,m} = a ≤ t. Solved from the normal equations by a fresh EJML solve.
     */
    static double[] batch(ArrayStream d, InterestMatrix w, int n, long[] tau, int t, double lambda, double beta) {
        int dk = d.keyDim(), dv = d.valueDim();
        DMatrixRMaj kk = CommonOps_DDRM.identity(dk);
        CommonOps_DDRM.scale(lambda * Math.pow(beta, t), kk);
        DMatrixRMaj vk = new DMatrixRMaj(dv, dk);
        int[] s = w.interestSet(n);
        for (int i = 0; i < s.length; i++) {
            for (int sent = 1; sent + tau[i] <= t; sent++) {
                double f = w.weight(n, s[i]) * Math.pow(beta, t - (sent + tau[i]));
                double[] k = d.keys[sent - 1][s[i]], v = d.values[sent - 1][s[i]];
                for (int p = 0; p < dk; p++) for (int q = 0; q < dk; q++) kk.add(p, q, f * k[p] * k[q]);
                for (int p = 0; p < dv; p++) for (int q = 0; q < dk; q++) vk.add(p, q, f * v[p] * k[q]);
            }
        }
        DMatrixRMaj inv = new DMatrixRMaj(dk, dk);
        assertTrue(CommonOps_DDRM.invert(kk, inv));
        DMatrixRMaj x = new DMatrixRMaj(dv, dk);
        CommonOps_DDRM.mult(vk, inv, x);
        return x.data;
    }

    static void assertClose(double[] expected, double[] actual, double rel, String what) {
        double scale = 0, diff = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            diff = Math.max(diff, Math.abs(expected[i] - actual[i]));
        }
        assertTrue(diff <= rel * Math.max(1, scale), what + ": off by " + diff + " (scale " + scale + ")");
    }

    static long[][] zeros(InterestMatrix w) {
        long[][] t = new long[w.size()][];
        for (int n = 0; n < w.size(); n++) t[n] = new long[w.interestSetSize(n)];
        return t;
    }

    /** Random round trips (τ_nn = 0) in compact rows. */
    static long[][] randomDelays(SplittableRandom r, InterestMatrix w, int most) {
        long[][] t = new long[w.size()][];
        for (int n = 0; n < w.size(); n++) {
            int[] s = w.interestSet(n);
            t[n] = new long[s.length];
            for (int i = 0; i < s.length; i++) t[n][i] = s[i] == n ? 0 : 2 * (1 + r.nextInt(most));
        }
        return t;
    }

    @ParameterizedTest
    @ValueSource(strings = {"STATISTICS", "SAMPLES"})
    void equalsBatchLeastSquaresAtEveryStep(String form) {
        for (long seed = 1; seed <= 3; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            InterestMatrix w = RandomInstances.interest(r, 4, 0.6);
            ArrayStream d = ArrayStream.random(seed, 4, 25, 3, 2, 2.0);
            double lambda = 0.5;
            Recorder rec = Recorder.run(RlsProtocol.centralized("ogd", w, new DeltaNetCost(3, 2), Projection.NONE, lambda, 1.0)
                    .withForm(RlsProtocol.Form.valueOf(form)), d, 25);
            for (int t = 1; t < 25; t++) {
                for (int n = 0; n < 4; n++) {
                    assertClose(batch(d, w, n, new long[w.interestSetSize(n)], t, lambda, 1.0), rec.x[t + 1][n], 1e-9,
                            form + " seed " + seed + " X_{" + n + "," + (t + 1) + "}");
                }
            }
            for (int n = 0; n < 4; n++) assertArrayEquals(new double[6], rec.x[1][n], "X_1 = 0");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"STATISTICS", "SAMPLES"})
    void forgettingEqualsExponentiallyWeightedLeastSquares(String form) {
        SplittableRandom r = new SplittableRandom(7);
        InterestMatrix w = RandomInstances.interest(r, 3, 0.7);
        ArrayStream d = ArrayStream.random(7, 3, 30, 2, 2, 1.0);
        double lambda = 2, beta = 0.9;
        Recorder rec = Recorder.run(RlsProtocol.centralized("ogd", w, new DeltaNetCost(2, 2), Projection.NONE, lambda, beta)
                .withForm(RlsProtocol.Form.valueOf(form)), d, 30);
        for (int t = 1; t < 30; t++) {
            for (int n = 0; n < 3; n++) {
                assertClose(batch(d, w, n, new long[w.interestSetSize(n)], t, lambda, beta), rec.x[t + 1][n], 1e-9,
                        form + " X_{" + n + "," + (t + 1) + "}");
            }
        }
        // and forgetting matters: without it the memories differ
        Recorder plain = Recorder.run(RlsProtocol.centralized("ogd", w, new DeltaNetCost(2, 2), Projection.NONE, lambda, 1.0), d, 30);
        assertTrue(Math.abs(plain.x[30][0][0] - rec.x[30][0][0]) > 1e-6);
    }

    /**
     * The batch statistics {S_kk, S_vk} of agent n at the end of step t (as in {@link #batch}), row-major.
     */
    static double[][] batchStatistics(ArrayStream d, InterestMatrix w, int n, long[] tau, int t, double lambda, double beta) {
        int dk = d.keyDim(), dv = d.valueDim();
        double[] kk = new double[dk * dk], vk = new double[dv * dk];
        for (int j = 0; j < dk; j++) kk[j * dk + j] = lambda * Math.pow(beta, t);
        int[] s = w.interestSet(n);
        for (int i = 0; i < s.length; i++) {
            for (int sent = 1; sent + tau[i] <= t; sent++) {
                double f = w.weight(n, s[i]) * Math.pow(beta, t - (sent + tau[i]));
                double[] k = d.keys[sent - 1][s[i]], v = d.values[sent - 1][s[i]];
                for (int p = 0; p < dk; p++) for (int q = 0; q < dk; q++) kk[p * dk + q] += f * k[p] * k[q];
                for (int p = 0; p < dv; p++) for (int q = 0; q < dk; q++) vk[p * dk + q] += f * v[p] * k[q];
            }
        }
        return new double[][] {kk, vk};
    }

    /**
     * Whether X is the minimiser of ½tr(X S Xᵀ) − tr(S_vk Xᵀ) over ‖X‖_F ≤ R, by the KKT conditions (necessary and
     * sufficient for this convex problem): ‖X‖ ≤ R, and the gradient G = X S − S_vk is 0 inside the ball or −μX
     * with μ ≥ 0 on the sphere. Returns the relative violation.
     */
    static double kktViolation(double[] x, double[] kk, double[] vk, int dv, int dk, double radius) {
        double[] g = new double[dv * dk];
        double gs = 0, xs = 0, gx = 0;
        for (int p = 0; p < dv; p++) {
            for (int q = 0; q < dk; q++) {
                double z = -vk[p * dk + q];
                for (int j = 0; j < dk; j++) z += x[p * dk + j] * kk[j * dk + q];
                g[p * dk + q] = z;
                gs += z * z;
                xs += x[p * dk + q] * x[p * dk + q];
                gx += z * x[p * dk + q];
            }
        }
        double scale = 0;
        for (double v : vk) scale = Math.max(scale, Math.abs(v));
        double outside = Math.max(0, Math.sqrt(xs) - radius) / radius;
        if (Math.sqrt(xs) < radius * (1 - 1e-9)) return Math.max(outside, Math.sqrt(gs) / Math.max(1, scale));
        double mu = -gx / xs; // G = −μX
        double res = 0;
        for (int i = 0; i < g.length; i++) res += (g[i] + mu * x[i]) * (g[i] + mu * x[i]);
        return Math.max(outside, Math.max(Math.sqrt(res) / Math.max(1, scale), mu < 0 ? -mu : 0));
    }

    /**
     * With an active ball RLS plays the constrained least-squares leader (docs/algorithms.md, "Constrained
     * leader"), not the Euclidean projection of X̂: at every step the played memory of the statistics form
     * satisfies the KKT conditions of the batch problem over the ball (with and without forgetting, with delays),
     * and it differs from the Euclidean projection of the unconstrained batch solution where that is outside. The
     * wide-key sample form plays that Euclidean projection (the exact leader would cost O(s³) per step there).
     */
    @ParameterizedTest
    @ValueSource(strings = {"STATISTICS", "SAMPLES"})
    void activeBallPlaysTheConstrainedLeastSquaresLeader(String form) {
        for (double beta : new double[] {1.0, 0.8}) {
            SplittableRandom r = new SplittableRandom(21);
            InterestMatrix w = RandomInstances.interest(r, 4, 0.6);
            long[][] tau = randomDelays(r, w, 2);
            // keys with one scale 30x the other: S far from a multiple of I, so the two projections differ
            double[][][] k = new double[30][4][], v = new double[30][4][];
            for (int t = 0; t < 30; t++) {
                for (int n = 0; n < 4; n++) {
                    k[t][n] = new double[] {3 * r.nextGaussian(), 0.1 * r.nextGaussian(), 1 + 0.3 * r.nextGaussian()};
                    v[t][n] = new double[] {5 + r.nextGaussian(), -4 + r.nextGaussian()};
                }
            }
            ArrayStream d = new ArrayStream(k, v);
            double radius = 1.5, lambda = 0.4;
            Recorder rec = Recorder.run(RlsProtocol.overTrees("ddam", w, tau, new DeltaNetCost(3, 2), Projection.ball(radius), lambda, beta)
                    .withForm(RlsProtocol.Form.valueOf(form)), d, 30);
            int differs = 0;
            for (int t = 1; t < 30; t++) {
                for (int n = 0; n < 4; n++) {
                    double[][] st = batchStatistics(d, w, n, tau[n], t, lambda, beta);
                    double[] x = rec.x[t + 1][n];
                    double[] euclid = batch(d, w, n, tau[n], t, lambda, beta);
                    Projection.ball(radius).project(euclid);
                    if (form.equals("SAMPLES")) {
                        assertClose(euclid, x, 1e-9, "sample form X_{" + n + "," + (t + 1) + "}");
                        continue;
                    }
                    double viol = kktViolation(x, st[0], st[1], 2, 3, radius);
                    assertTrue(viol < 1e-8, form + " beta " + beta + " X_{" + n + "," + (t + 1) + "}: KKT violated by " + viol);
                    double diff = 0;
                    for (int i = 0; i < x.length; i++) diff = Math.max(diff, Math.abs(euclid[i] - x[i]));
                    if (diff > 1e-3) differs++;
                    assertTrue(kktViolation(euclid, st[0], st[1], 2, 3, radius) > 1e-6 || diff < 1e-6,
                            "a Euclidean projection that differs must violate the KKT conditions");
                }
            }
            if (form.equals("STATISTICS")) assertTrue(differs > 20, "the ball should be active and the projections differ at most steps: " + differs);
        }
    }

    @Test
    void ddamRlsWithZeroDelaysIsCentralizedBitForBit() {
        SplittableRandom r = new SplittableRandom(11);
        InterestMatrix w = RandomInstances.interest(r, 6, 0.5);
        ArrayStream d = ArrayStream.random(11, 6, 40, 3, 2, 1.5);
        DeltaNetCost f = new DeltaNetCost(3, 2);
        Projection ball = Projection.ball(1.0);
        for (double beta : new double[] {1.0, 0.95}) {
            Recorder central = Recorder.run(RlsProtocol.centralized("ogd", w, f, ball, 0.3, beta), d, 40);
            Recorder trees = Recorder.run(RlsProtocol.overTrees("ddam", w, zeros(w), f, ball, 0.3, beta), d, 40);
            for (int t = 1; t <= 40; t++) for (int n = 0; n < 6; n++) assertArrayEquals(central.x[t][n], trees.x[t][n]);
        }
    }

    @Test
    void ddamRlsUsesExactlyTheSamplesThatHaveArrived() {
        SplittableRandom r = new SplittableRandom(5);
        InterestMatrix w = RandomInstances.interest(r, 5, 0.6);
        long[][] tau = randomDelays(r, w, 4);
        ArrayStream d = ArrayStream.random(5, 5, 30, 2, 3, 1.0);
        for (RlsProtocol.Form form : new RlsProtocol.Form[] {RlsProtocol.Form.STATISTICS, RlsProtocol.Form.SAMPLES}) {
            Recorder rec = Recorder.run(RlsProtocol.overTrees("ddam", w, tau, new DeltaNetCost(2, 3), Projection.NONE, 1.0, 0.97)
                    .withForm(form), d, 30);
            for (int t = 1; t < 30; t++) {
                for (int n = 0; n < 5; n++) {
                    assertClose(batch(d, w, n, tau[n], t, 1.0, 0.97), rec.x[t + 1][n], 1e-9, form + " X_{" + n + "," + (t + 1) + "}");
                }
            }
        }
    }

    @Test
    void wideKeySampleFormEqualsStatisticsForm() {
        SplittableRandom r = new SplittableRandom(3);
        InterestMatrix w = RandomInstances.interest(r, 3, 0.8);
        int dk = 120;
        ArrayStream d = ArrayStream.random(3, 3, 12, dk, 4, 1.0);
        DeltaNetCost f = new DeltaNetCost(dk, 4);
        RlsProtocol p = RlsProtocol.overTrees("ddam", w, randomDelays(r, w, 2), f, Projection.ball(3), 0.1, 1.0);
        Recorder a = Recorder.run(p.withForm(RlsProtocol.Form.STATISTICS), d, 12);
        Recorder b = Recorder.run(p, d, 12); // AUTO: 12 · |W_n| ≤ 120 samples, the sample form
        Recorder c = Recorder.run(p.withForm(RlsProtocol.Form.SAMPLES), d, 12);
        for (int t = 1; t <= 12; t++) {
            for (int n = 0; n < 3; n++) {
                assertClose(a.x[t][n], b.x[t][n], 1e-10, "X_{" + n + "," + t + "}");
                assertArrayEquals(c.x[t][n], b.x[t][n]);
            }
        }
    }

    /**
     * The sample form takes a step's arrivals as one batch (dot products of the new keys with the stored ones in
     * one pass, then one combination pass): with a dense W (batches of up to 5) and value widths below, at and
     * above the batch size (both ways of forming the update), with and without forgetting, it equals the
     * statistics form (Sherman–Morrison on S_kk⁻¹) to 1e-10 relative.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3, 7})
    void wideKeyBatchesEqualTheStatisticsFormForAnyValueWidth(int dv) {
        SplittableRandom r = new SplittableRandom(17 + dv);
        InterestMatrix w = RandomInstances.interest(r, 5, 1.0);
        int dk = 150;
        ArrayStream d = ArrayStream.random(17 + dv, 5, 10, dk, dv, 1.0);
        DeltaNetCost f = new DeltaNetCost(dk, dv);
        long[][] tau = randomDelays(r, w, 2);
        for (double beta : new double[] {1.0, 0.9}) {
            RlsProtocol p = RlsProtocol.overTrees("ddam", w, tau, f, Projection.ball(2), 0.2, beta);
            Recorder a = Recorder.run(p.withForm(RlsProtocol.Form.STATISTICS), d, 10);
            Recorder c = Recorder.run(p.withForm(RlsProtocol.Form.SAMPLES), d, 10);
            double moved = 0;
            for (int t = 1; t <= 10; t++) {
                for (int n = 0; n < 5; n++) {
                    assertClose(a.x[t][n], c.x[t][n], 1e-10, "d_v " + dv + " beta " + beta + " X_{" + n + "," + t + "}");
                    for (double x : c.x[t][n]) moved = Math.max(moved, Math.abs(x));
                }
            }
            assertTrue(moved > 1e-3, "the memories moved");
        }
    }

    /**
     * Consensus RLS with N·T &lt; d_k runs in an orthonormal basis of the keys seen (r × r statistics): it equals the
     * d_k × d_k form to 1e-10 relative, for β = 1, a forgetting β and the auto grid, inside and on the ball, and
     * with a key repeated (inside the span: the basis does not grow).
     */
    @Test
    void wideKeyConsensusInTheBasisOfTheKeysEqualsTheDenseForm() {
        SplittableRandom r = new SplittableRandom(23);
        int agents = 4, dk = 60, dv = 3, steps = 12;
        InterestMatrix w = RandomInstances.interest(r, agents, 0.7);
        ArrayStream d = ArrayStream.random(23, agents, steps, dk, dv, 1.0);
        d.keys[5][2] = d.keys[3][1].clone(); // a key already in the span
        DeltaNetCost f = new DeltaNetCost(dk, dv);
        io.ddam.solver.graph.Network net = RandomInstances.connectedGraph(r, agents, 0.4, 3);
        ConsensusWeights a = ConsensusWeights.metropolisHastings(net);
        for (Projection ball : new Projection[] {Projection.NONE, Projection.ball(0.5)}) {
            for (double beta : new double[] {1.0, 0.9, RlsProtocol.AUTO}) {
                RlsProtocol p = RlsProtocol.consensus("cdogd", w, a, f, ball, 0.3, beta);
                Recorder dense = Recorder.run(p.withForm(RlsProtocol.Form.STATISTICS), d, steps);
                Recorder basis = Recorder.run(p, d, steps); // AUTO: N·T = 48 < 60
                Recorder forced = Recorder.run(p.withForm(RlsProtocol.Form.SAMPLES), d, steps);
                Recorder threads = Recorder.run(p.withThreads(3), d, steps);
                double moved = 0;
                for (int t = 1; t <= steps; t++) {
                    for (int n = 0; n < agents; n++) {
                        assertClose(dense.x[t][n], basis.x[t][n], 1e-10, "beta " + beta + " " + ball + " X_{" + n + "," + t + "}");
                        assertArrayEquals(forced.x[t][n], basis.x[t][n]);
                        assertArrayEquals(threads.x[t][n], basis.x[t][n]);
                        for (double x : basis.x[t][n]) moved = Math.max(moved, Math.abs(x));
                    }
                }
                assertTrue(moved > 1e-3, "the memories moved");
            }
        }
    }

    @Test
    void consensusByHandOnTwoAgents() {
        // d_k = d_v = 1, λ = 1, A = [[½, ½], [½, ½]]. Step 1: agent 0 (k, v) = (1, 1), agent 1 (2, 4); step 2: both (1, 1).
        // End of step 1: S_kk = ½·1 + ½·1 + k², S_vk = 0 + v k → agent 0: 2, 1 → x = 0.5; agent 1: 5, 8 → x = 1.6.
        // End of step 2: S_kk = ½(2 + 5) + 1 = 4.5, S_vk = ½(1 + 8) + 1 = 5.5 → x = 11/9 for both.
        ArrayStream d = ArrayStream.scalar(new double[][] {{1, 2}, {1, 1}, {0, 0}}, new double[][] {{1, 4}, {1, 1}, {0, 0}});
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        ConsensusWeights a = ConsensusWeights.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        Recorder rec = Recorder.run(RlsProtocol.consensus("cdogd", w, a, new DeltaNetCost(1, 1), Projection.NONE, 1.0, 1.0), d, 3);
        assertEquals(0, rec.at(1, 0));
        assertEquals(0.5, rec.at(2, 0), 1e-15);
        assertEquals(1.6, rec.at(2, 1), 1e-15);
        assertEquals(11.0 / 9, rec.at(3, 0), 1e-15);
        assertEquals(11.0 / 9, rec.at(3, 1), 1e-15);
        // With β = ½: step 1 S_kk = ½ + 1 = 1.5 → x_0 = 1/1.5; agent 1: ½ + 4 = 4.5, 8 → 16/9.
        Recorder half = Recorder.run(RlsProtocol.consensus("cdogd", w, a, new DeltaNetCost(1, 1), Projection.NONE, 1.0, 0.5), d, 2);
        assertEquals(1 / 1.5, half.at(2, 0), 1e-15);
        assertEquals(16.0 / 9, half.at(2, 1), 1e-15);
    }

    @Test
    void wideKeysSplitFewAgentsOverTheThreadsWithTheSameBits() {
        SplittableRandom r = new SplittableRandom(23);
        int agents = 5, dk = RlsProtocol.WIDE_KEYS, steps = 12;
        InterestMatrix w = RandomInstances.interest(r, agents, 0.6);
        ArrayStream d = ArrayStream.random(23, agents, steps, dk, 3, 1.0);
        DeltaNetCost f = new DeltaNetCost(dk, 3);
        RlsProtocol[] ps = {
                RlsProtocol.centralized("ogd", w, f, Projection.ball(2), 0.5, 0.99),
                RlsProtocol.overTrees("ddam", w, randomDelays(r, w, 3), f, Projection.ball(0.3), 0.5, 1.0)};
        for (RlsProtocol p : ps) {
            Recorder one = Recorder.run(p, d, steps); // 5 agents < 16: a single worker
            Recorder three = Recorder.run(p.withThreads(3), d, steps); // one agent per chunk
            for (int t = 1; t <= steps; t++) for (int n = 0; n < agents; n++) assertArrayEquals(one.x[t][n], three.x[t][n], p.name());
        }
        assertEquals(3, AgentPool.threadsUsed(agents, 3, 1));
    }

    @Test
    void identicalBitsForAnyThreadCount() {
        SplittableRandom r = new SplittableRandom(21);
        int agents = 48;
        InterestMatrix w = RandomInstances.interest(r, agents, 0.1);
        var net = RandomInstances.connectedGraph(r, agents, 0.05, 2);
        ArrayStream d = ArrayStream.random(21, agents, 15, 3, 2, 1.0);
        DeltaNetCost f = new DeltaNetCost(3, 2);
        Projection ball = Projection.ball(2);
        RlsProtocol[] ps = {
                RlsProtocol.centralized("ogd", w, f, ball, 0.5, 0.99),
                RlsProtocol.overTrees("ddam", w, randomDelays(r, w, 3), f, ball, 0.5, 1.0),
                RlsProtocol.consensus("cdogd", w, ConsensusWeights.metropolisHastings(net), f, ball, 0.5, 0.99),
                RlsProtocol.local("local", w, f, ball, 0.5, 1.0)};
        for (RlsProtocol p : ps) {
            Recorder one = Recorder.run(p, d, 15);
            Recorder three = Recorder.run(p.withThreads(3), d, 15);
            for (int t = 1; t <= 15; t++) for (int n = 0; n < agents; n++) assertArrayEquals(one.x[t][n], three.x[t][n], p.name());
        }
    }

    /**
     * The bound of docs/algorithms.md for unprojected RLS (β = 1): for every agent and every U,
     * Σ_t f_t(X_t) − Σ_t f_t(U) ≤ ½λ‖U‖² + Σ_t f_t(X_t)·ln(det A_t / det A_{t−1}) ≤ ½λ‖U‖² + max_t f_t(X_t)·ln det(A_T/λ),
     * where f_t(X) = Σ_m w_{n,m} ½‖X k_{m,t} − v_{m,t}‖² and A_t = λI + Σ_{s≤t} Σ_m w k kᵀ. U = the unregularised
     * least-squares solution (the best fixed memory in hindsight).
     */
    @Test
    void regretStaysBelowTheLogarithmicBound() {
        for (long seed = 1; seed <= 10; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int agents = 3, dk = 3, dv = 2, steps = 200;
            InterestMatrix w = RandomInstances.interest(r, agents, 0.7);
            ArrayStream d = noisyLinear(r, agents, steps, dk, dv);
            double lambda = 0.1 + r.nextDouble();
            DeltaNetCost f = new DeltaNetCost(dk, dv);
            Recorder rec = Recorder.run(RlsProtocol.centralized("ogd", w, f, Projection.NONE, lambda, 1.0), d, steps);
            for (int n = 0; n < agents; n++) {
                int[] s = w.interestSet(n);
                double[] u = batch(d, w, n, new long[s.length], steps, 1e-12, 1.0);
                double regret = 0, dataBound = 0, maxLoss = 0, logDetPrev = dk * Math.log(lambda);
                DMatrixRMaj a = CommonOps_DDRM.identity(dk);
                CommonOps_DDRM.scale(lambda, a);
                for (int t = 1; t <= steps; t++) {
                    double lossX = 0, lossU = 0;
                    for (int i = 0; i < s.length; i++) {
                        double[] k = d.keys[t - 1][s[i]], v = d.values[t - 1][s[i]];
                        lossX += w.weight(n, s[i]) * f.value(rec.x[t][n], k, v);
                        lossU += w.weight(n, s[i]) * f.value(u, k, v);
                        for (int p = 0; p < dk; p++) for (int q = 0; q < dk; q++) a.add(p, q, w.weight(n, s[i]) * k[p] * k[q]);
                    }
                    double logDet = Math.log(CommonOps_DDRM.det(a));
                    regret += lossX - lossU;
                    dataBound += lossX * (logDet - logDetPrev);
                    maxLoss = Math.max(maxLoss, lossX);
                    logDetPrev = logDet;
                }
                double norm = 0;
                for (double x : u) norm += x * x;
                double bound1 = 0.5 * lambda * norm + dataBound;
                double bound2 = 0.5 * lambda * norm + maxLoss * (logDetPrev - dk * Math.log(lambda));
                assertTrue(regret <= bound1 + 1e-9, "seed " + seed + " agent " + n + ": regret " + regret + " > " + bound1);
                assertTrue(bound1 <= bound2 + 1e-9);
                assertTrue(regret > 0, "the comparator is the best in hindsight, the learner is not");
            }
        }
    }

    /** v = U* k + noise, keys in [−1, 1]. */
    private static ArrayStream noisyLinear(SplittableRandom r, int agents, int steps, int dk, int dv) {
        double[] u = new double[dv * dk];
        for (int i = 0; i < u.length; i++) u[i] = r.nextDouble(-2, 2);
        double[][][] k = new double[steps][agents][dk];
        double[][][] v = new double[steps][agents][dv];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                for (int j = 0; j < dk; j++) k[t][n][j] = r.nextDouble(-1, 1);
                for (int i = 0; i < dv; i++) {
                    double s = 0.3 * r.nextGaussian();
                    for (int j = 0; j < dk; j++) s += u[i * dk + j] * k[t][n][j];
                    v[t][n][i] = s;
                }
            }
        }
        return new ArrayStream(k, v);
    }

    /**
     * {@link RlsProtocol#AUTO}: every agent plays, at each step, the AdaHedge mix of the grid's learners' memories,
     * weighted by their costs on the samples shown so far; re-running each β alone, scoring by hand and mixing must
     * give the same memories.
     */
    @Test
    void autoForgettingMixesTheGridByAdaHedge() {
        SplittableRandom r = new SplittableRandom(17);
        InterestMatrix w = RandomInstances.interest(r, 4, 0.6);
        long[][] tau = randomDelays(r, w, 2);
        // A drifting stream, so that forgetting pays for some agents and steps and not for others.
        ArrayStream d = ArrayStream.random(17, 4, 60, 2, 2, 1.0);
        for (int t = 30; t < 60; t++) for (int n = 0; n < 4; n++) for (int i = 0; i < 2; i++) d.values[t][n][i] += 3;
        DeltaNetCost f = new DeltaNetCost(2, 2);
        var net = RandomInstances.connectedGraph(r, 4, 0.3, 1);
        ConsensusWeights a = ConsensusWeights.metropolisHastings(net);
        java.util.function.DoubleFunction<RlsProtocol[]> make = beta -> new RlsProtocol[] {
                RlsProtocol.overTrees("ddam", w, tau, f, Projection.ball(5), 0.5, beta),
                RlsProtocol.consensus("cdogd", w, a, f, Projection.ball(5), 0.5, beta)};
        RlsProtocol[] auto = make.apply(RlsProtocol.AUTO);
        int grid = RlsProtocol.AUTO_GRID.size();
        double spread = 0;
        for (int p = 0; p < auto.length; p++) {
            Recorder got = Recorder.run(auto[p], d, 60);
            Recorder[] alone = new Recorder[grid];
            for (int e = 0; e < grid; e++) alone[e] = Recorder.run(make.apply(RlsProtocol.AUTO_GRID.get(e))[p], d, 60);
            for (int n = 0; n < 4; n++) {
                AdaHedge hedge = new AdaHedge(grid);
                double[] weights = new double[grid], loss = new double[grid];
                double played = 0, best = Double.POSITIVE_INFINITY;
                double[] total = new double[grid];
                for (int t = 1; t <= 60; t++) {
                    hedge.weights(weights);
                    double[] want = new double[got.x[t][n].length];
                    for (int e = 0; e < grid; e++) for (int j = 0; j < want.length; j++) want[j] += weights[e] * alone[e].x[t][n][j];
                    if (t == 1) java.util.Arrays.fill(want, 0.0);
                    assertArrayEquals(want, got.x[t][n], 1e-12, auto[p].name() + " agent " + n + " step " + t);
                    double max = 0;
                    for (double q : weights) max = Math.max(max, q);
                    if (t > 1) spread = Math.max(spread, 1 - max);
                    // the samples agent n receives at step t, scored with each learner's memory of step t
                    double mixCost = 0;
                    for (int e = 0; e < grid; e++) {
                        loss[e] = 0;
                        if (p == 1) {
                            loss[e] += f.value(alone[e].x[t][n], d.keys[t - 1][n], d.values[t - 1][n]);
                            if (e == 0) mixCost += f.value(got.x[t][n], d.keys[t - 1][n], d.values[t - 1][n]);
                        } else {
                            int[] s = w.interestSet(n);
                            for (int i = 0; i < s.length; i++) {
                                long sent = t - tau[n][i];
                                if (sent < 1) continue;
                                double wt = w.weight(n, s[i]);
                                loss[e] += wt * f.value(alone[e].x[t][n], d.keys[(int) sent - 1][s[i]], d.values[(int) sent - 1][s[i]]);
                                if (e == 0) mixCost += wt * f.value(got.x[t][n], d.keys[(int) sent - 1][s[i]], d.values[(int) sent - 1][s[i]]);
                            }
                        }
                        total[e] += loss[e];
                    }
                    played += mixCost;
                    hedge.observe(loss, new double[grid]);
                }
                for (double tl : total) best = Math.min(best, tl);
                // The mix costs no more than the best β of the grid plus AdaHedge's 2Δ (the cost is convex in X).
                assertTrue(played <= best + 2 * hedge.gap() + 1e-9, auto[p].name() + " agent " + n + ": " + played + " > " + best + " + 2·" + hedge.gap());
            }
        }
        assertTrue(spread > 0.01, "the drift should make AdaHedge spread its weight, not only follow a leader: " + spread);
    }

    /**
     * A small forgetting factor decays λI with the data; in a direction the keys barely excite P grows like β^{−t}
     * and overflows. Over the trees (statistics and sample forms) that must be a user error naming the factor, not
     * NaN memories (consensus already refuses a singular solve).
     */
    @Test
    void windUpOverflowIsAUserErrorNotNaN() {
        SplittableRandom r = new SplittableRandom(5);
        int steps = 220;
        double[][][] k = new double[steps][1][], v = new double[steps][1][];
        for (int t = 0; t < steps; t++) {
            k[t][0] = new double[] {1, 0.1 * r.nextGaussian(), 0}; // the third direction is never excited
            v[t][0] = new double[] {r.nextGaussian()};
        }
        ArrayStream d = new ArrayStream(k, v);
        InterestMatrix w = InterestMatrix.of(new double[][] {{1}});
        DeltaNetCost f = new DeltaNetCost(3, 1);
        DdamInputException e = assertThrows(DdamInputException.class,
                () -> Recorder.run(RlsProtocol.centralized("ogd", w, f, Projection.ball(50), 1, 0.01), d, steps));
        assertTrue(e.getMessage().contains("forgetting factor 0.01"), e.getMessage());
        // β = 0.9 stays finite over the same stream.
        Recorder ok = Recorder.run(RlsProtocol.centralized("ogd", w, f, Projection.ball(50), 1, 0.9), d, steps);
        for (double x : ok.x[steps][0]) assertTrue(Double.isFinite(x));
    }

    @Test
    void badSettingsAndCostsAreUserErrors() {
        InterestMatrix w = InterestMatrix.of(new double[][] {{1}});
        assertThrows(DdamInputException.class, () -> RlsProtocol.centralized("ogd", w, new DeltaNetCost(1, 1), Projection.NONE, 0, 1));
        assertThrows(DdamInputException.class, () -> RlsProtocol.centralized("ogd", w, new DeltaNetCost(1, 1), Projection.NONE, 1, 1.5));
        assertThrows(DdamInputException.class, () -> RlsProtocol.centralized("ogd", w, new DeltaNetCost(1, 1), Projection.NONE, 1, 0));
        assertThrows(DdamInputException.class, () -> RlsProtocol.centralized("ogd", w,
                io.ddam.online.model.MemoryCosts.byName("linear", 1, 1, null, null), Projection.ball(1), 1, 1));
        assertEquals(2 * 3 + 6, RlsProtocol.statisticFloats(3, 2));
        // Consensus solves in dimension min(d_k, N·T): refused above the limit, whichever of the two binds.
        int wide = RlsProtocol.CONSENSUS_MAX_DIM + 1, steps = wide / 2 + 1;
        InterestMatrix two = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        RlsProtocol c = RlsProtocol.consensus("cdogd", two, ConsensusWeights.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}}),
                new DeltaNetCost(wide, 1), Projection.NONE, 1, 1);
        DdamInputException e = assertThrows(DdamInputException.class,
                () -> c.run(ArrayStream.random(1, 2, steps, wide, 1, 1), steps, (t, n, x) -> { }));
        assertTrue(e.getMessage().contains("min(d_k, agents x steps) = " + wide), e.getMessage());
        // with few samples (N·T = 2 < d_k) the same wide keys run, in the basis of the keys seen
        Recorder few = Recorder.run(c, ArrayStream.random(1, 2, 1, wide, 1, 1), 1);
        assertArrayEquals(new double[wide], few.x[1][0]);
    }
}
