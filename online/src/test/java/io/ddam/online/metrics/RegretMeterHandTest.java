package io.ddam.online.metrics;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.OgdProtocol;
import io.ddam.online.protocol.Protocol;
import io.ddam.solver.graph.InterestMatrix;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

/** Regret and NMSE on cases small enough to compute by hand. */
class RegretMeterHandTest {
    private static final double EPS = 1e-12;

    /** One agent, 1 × 1 DeltaNet, k = (1, 2), v = (2, 2), OGD with η = 0.1 from X_1 = 0. */
    private static DataStream oneByOne() {
        return new Arrays3Stream(new double[][][] {{{1}}, {{2}}}, new double[][][] {{{2}}, {{2}}});
    }

    @Test
    void oneAgentOneByOneUnconstrained() {
        MemoryCost cost = new DeltaNetCost(1, 1);
        InterestMatrix w = InterestMatrix.of(new double[][] {{1}});
        OgdProtocol ogd = new OgdProtocol(w, cost, Projection.NONE, new double[] {0.1});
        RunMetrics r = RegretMeter.measure(ogd, oneByOne(), w, cost, Projection.NONE, 2, true, 1, 2);
        // t=1: X=0, f = ½(0−2)² = 2, ∇ = −2 → X_2 = 0.2; t=2: f = ½(0.4−2)² = 1.28.
        assertEquals(3.28, r.totalLoss(), EPS);
        // U* solves 5U = 6 → 1.2; L(U*) = ½·0.8² + ½·0.4² = 0.4.
        assertEquals(0.4, r.staticComparatorLoss()[0], EPS);
        assertEquals(2.88, r.staticRegret(), EPS);
        assertEquals(1.44, r.staticRegretAverage(), EPS);
        // Trace: t=1: 2 − ½(1.2−2)² = 1.68; t=2: 2.88/2.
        assertArrayEquals(new double[] {1.68, 1.44}, r.staticTrace(), EPS);
        // Ω = 1: U_1 = 2, U_2 = 1 fit exactly: comparator loss 0, PL = 1.
        assertEquals(3.28, r.dynamicRegret(r.windowIndex(1)), EPS);
        assertEquals(1.0, r.totalPathLength(r.windowIndex(1)), EPS);
        // Ω = T is the static comparator.
        assertEquals(2.88, r.dynamicRegret(r.windowIndex(2)), EPS);
        assertEquals(0.0, r.totalPathLength(r.windowIndex(2)), EPS);
        // Self-NMSE = (2² + 1.6²)/(2² + 2²) = 6.56/8; no other agents.
        assertEquals(0.82, r.selfNmse(), EPS);
        assertTrue(Double.isNaN(r.crossNmse()));
        // ∇ norms seen: |−2·1| = 2 and |(0.4−2)·2| = 3.2.
        assertEquals(3.2, r.measuredGradient()[0], EPS);
        assertEquals(2.0, r.maxKeyAbs()[0], EPS);
        assertEquals(2.0, r.maxValueNorm()[0], EPS);
    }

    @Test
    void oneAgentOneByOneOnTheUnitBall() {
        MemoryCost cost = new DeltaNetCost(1, 1);
        InterestMatrix w = InterestMatrix.of(new double[][] {{1}});
        Projection ball = Projection.ball(1);
        OgdProtocol ogd = new OgdProtocol(w, cost, ball, new double[] {0.1});
        RunMetrics r = RegretMeter.measure(ogd, oneByOne(), w, cost, ball, 2, false, 1);
        assertEquals(3.28, r.totalLoss(), EPS); // X_2 = 0.2 stays inside
        // U* = clip(1.2) = 1: L = ½·1 + 0 = 0.5.
        assertEquals(2.78, r.staticRegret(), EPS);
        // Ω = 1: U_1 = clip(2) = 1 (loss ½), U_2 = 1 (loss 0): PL = 0.
        assertEquals(2.78, r.dynamicRegret(0), EPS);
        assertEquals(0.0, r.totalPathLength(0), EPS);
        assertEquals(0, r.staticTrace().length);
    }

    /** A fake protocol that reports the same fixed memory for every agent and step. */
    private static Protocol fixed(double[] x) {
        return new Protocol() {
            @Override public String name() { return "fixed"; }
            @Override public void run(DataStream data, int iterations, IterateListener listener) {
                DataStream.Cursor c = data.cursor();
                double[][] k = new double[data.agents()][data.keyDim()];
                double[][] v = new double[data.agents()][data.valueDim()];
                for (int t = 1; t <= iterations; t++) {
                    c.next(k, v);
                    for (int n = 0; n < data.agents(); n++) listener.iterate(t, n, x.clone());
                }
            }
        };
    }

    @Test
    void nmseIsZeroForTheGeneratingMatrixAndOneForZero() {
        int agents = 3, dk = 3, dv = 2, steps = 20;
        SplittableRandom rng = new SplittableRandom(3);
        double[] m = new double[dv * dk];
        for (int i = 0; i < m.length; i++) m[i] = rng.nextGaussian();
        double[][][] keys = new double[steps][agents][dk];
        double[][][] values = new double[steps][agents][dv];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                for (int j = 0; j < dk; j++) keys[t][n][j] = 2 * rng.nextDouble() - 1;
                for (int i = 0; i < dv; i++) for (int j = 0; j < dk; j++) values[t][n][i] += m[i * dk + j] * keys[t][n][j];
            }
        }
        DataStream data = new Arrays3Stream(keys, values); // noise-free: v = M k
        MemoryCost cost = new DeltaNetCost(dk, dv);
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.25, 0.25}, {0.2, 0.6, 0.2}, {0.1, 0.1, 0.8}});
        RunMetrics exact = RegretMeter.measure(fixed(m), data, w, cost, Projection.NONE, steps, false, 1);
        assertEquals(0, exact.selfNmse(), 1e-28);
        assertEquals(0, exact.crossNmse(), 1e-28);
        assertEquals(0, exact.totalLoss(), 1e-24);
        RunMetrics zero = RegretMeter.measure(fixed(new double[dv * dk]), data, w, cost, Projection.NONE, steps, false, 1);
        assertEquals(1, zero.selfNmse(), EPS);
        assertEquals(1, zero.crossNmse(), EPS);
        // The per-step comparators fit exactly (rank ≤ 3 = d_k here), so D-Reg(Ω=1) is the whole loss.
        assertEquals(zero.totalLoss(), zero.dynamicRegret(0), 1e-9 * zero.totalLoss());
    }
}
