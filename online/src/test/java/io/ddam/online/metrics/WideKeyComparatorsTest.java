package io.ddam.online.metrics;

import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Wide keys: when no agent's run holds d_k samples, {@link Comparators} solves each static comparator from
 * the agent's samples (their Gram matrix) instead of mixed d_k × d_k statistics. On small d_k both paths
 * exist, and the sample path must equal the old one, the d_k × d_k path of {@link Hindsight} on the same
 * samples, to 1e-10 relative (comparator and loss), with and without the ball active.
 */
class WideKeyComparatorsTest {
    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4})
    void samplePathEqualsTheDenseStatisticsPath(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int agents = 3, steps = 3, dk = 12 + r.nextInt(8), dv = 2 + r.nextInt(3);
        double[][] w = new double[agents][agents];
        for (int n = 0; n < agents; n++) {
            double sum = 0;
            for (int m = 0; m < agents; m++) sum += w[n][m] = r.nextDouble() < 0.7 || m == n ? 0.1 + r.nextDouble() : 0;
            for (int m = 0; m < agents; m++) w[n][m] /= sum;
        }
        InterestMatrix interest = InterestMatrix.of(w);
        double[][][] keys = new double[steps][agents][dk], values = new double[steps][agents][dv];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                for (int j = 0; j < dk; j++) keys[t][n][j] = r.nextGaussian();
                for (int j = 0; j < dv; j++) values[t][n][j] = 3 * r.nextGaussian();
            }
        }
        DeltaNetCost cost = new DeltaNetCost(dk, dv);
        // |W_n|·T ≤ 9 < d_k: every static comparator takes the sample path. R large (inactive) and small (active).
        for (double radius : new double[] {1e6, 0.3}) {
            Projection ball = Projection.ball(radius);
            Comparators c = Comparators.compute(new Arrays3Stream(keys, values), interest, cost, ball, new int[] {steps}, new int[] {1}, false, 1);
            double[][] u = c.staticComparator(steps);
            double[] loss = c.staticLoss(steps);
            for (int n = 0; n < agents; n++) {
                Hindsight dense = new Hindsight(cost, ball);
                for (int t = 0; t < steps; t++) {
                    for (int m = 0; m < agents; m++) dense.add(w[n][m], keys[t][m], values[t][m]);
                }
                dense.forceDensePath();
                double[] ud = new double[dk * dv];
                dense.solve(ud);
                double scale = 0;
                for (double x : ud) scale = Math.max(scale, Math.abs(x));
                assertTrue(scale > 0);
                for (int j = 0; j < ud.length; j++) {
                    assertEquals(ud[j], u[n][j], 1e-10 * scale, "seed " + seed + " R " + radius + " agent " + n + " entry " + j);
                }
                double ld = dense.objective(ud);
                assertEquals(ld, loss[n], 1e-10 * Math.max(1, Math.abs(ld)), "loss, agent " + n);
            }
        }
    }

    /**
     * From d_k = {@link Comparators#WIDE_KEYS} the comparators split even 3 agents over the threads (one agent per
     * chunk); every output stays bitwise the one-thread result (windows of 1 and 2, ball active).
     */
    @Test
    void wideKeysSplitFewAgentsOverThreadsWithIdenticalBits() {
        SplittableRandom r = new SplittableRandom(9);
        int agents = 3, steps = 6, dk = Comparators.WIDE_KEYS, dv = 2;
        InterestMatrix interest = InterestMatrix.of(new double[][] {{0.6, 0.4, 0}, {0.2, 0.5, 0.3}, {0, 0.5, 0.5}});
        double[][][] keys = new double[steps][agents][dk], values = new double[steps][agents][dv];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                for (int j = 0; j < dk; j++) keys[t][n][j] = r.nextGaussian();
                for (int j = 0; j < dv; j++) values[t][n][j] = 3 * r.nextGaussian();
            }
        }
        DeltaNetCost cost = new DeltaNetCost(dk, dv);
        Projection ball = Projection.ball(0.5);
        int[] horizons = {3, steps}, windows = {1, 2};
        Comparators one = Comparators.compute(new Arrays3Stream(keys, values), interest, cost, ball, horizons, windows, false, 1);
        for (int threads : new int[] {2, 3}) {
            Comparators many = Comparators.compute(new Arrays3Stream(keys, values), interest, cost, ball, horizons, windows, false, threads);
            for (int h : horizons) {
                assertArrayEquals(one.staticLoss(h), many.staticLoss(h), threads + " threads, static loss at " + h);
                double[][] a = one.staticComparator(h), b = many.staticComparator(h);
                for (int n = 0; n < agents; n++) assertArrayEquals(a[n], b[n]);
                double[][] wa = one.windowLoss(h), wb = many.windowLoss(h);
                for (int w = 0; w < wa.length; w++) assertArrayEquals(wa[w], wb[w]);
                double[][] pa = one.pathLength(h), pb = many.pathLength(h);
                for (int w = 0; w < pa.length; w++) assertArrayEquals(pa[w], pb[w]);
            }
        }
        assertEquals(3, io.ddam.online.protocol.AgentPool.workers(agents, 2, 1), "one agent per chunk with two threads");
    }
}
