package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeMetrics;

import org.junit.jupiter.api.Test;

/**
 * Iterates written down by hand on tiny cases (1 × 1 DeltaNet memory, f = ½(xk − v)², ∇f = (xk − v)k,
 * keys k = 1 so ∇f = x − v). The numbers are chosen dyadic wherever possible so most comparisons are exact.
 */
class HandComputedTest {
    private static final MemoryCost DELTA = TestCosts.deltaNet(1, 1);

    private static Network path3() {
        return Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
    }

    @Test
    void ogdUsesEveryAgentsDataOfTheSameStep() {
        // W = [[1/2, 1/2], [1/4, 3/4]], k = 1, v_{0,t} = 2, v_{1,t} = 2t (time-varying), η = (1, 1/2).
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0.25, 0.75}});
        int steps = 5;
        double[][] k = new double[steps][2], v = new double[steps][2];
        for (int t = 1; t <= steps; t++) {
            k[t - 1][0] = 1; k[t - 1][1] = 1;
            v[t - 1][0] = 2; v[t - 1][1] = 2 * t;
        }
        Recorder r = Recorder.run(new OgdProtocol(w, DELTA, Projection.NONE, new double[] {1, 0.5}),
                ArrayStream.scalar(k, v), steps);
        // Agent 0: x' = x − [½(x − 2) + ½(x − 2t)] = 1 + t.
        assertEquals(0, r.at(1, 0));
        assertEquals(2, r.at(2, 0)); // t = 1: 1 + 1
        assertEquals(3, r.at(3, 0)); // t = 2: 1 + 2
        assertEquals(4, r.at(4, 0));
        assertEquals(5, r.at(5, 0));
        // Agent 1: x' = x − ½[¼(x − 2) + ¾(x − 2t)] = ½x + ¼ + ¾t.
        assertEquals(0, r.at(1, 1));
        assertEquals(1, r.at(2, 1));      // 0 + 0.25 + 0.75
        assertEquals(2.25, r.at(3, 1));   // 0.5 + 0.25 + 1.5
        assertEquals(3.625, r.at(4, 1));  // 1.125 + 0.25 + 2.25
        assertEquals(5.0625, r.at(5, 1)); // 1.8125 + 0.25 + 3
        assertEquals(10, r.calls());
    }

    @Test
    void localUsesOnlyOwnDataScaledBySelfInterest() {
        // W = [[1/2, 1/2], [1/4, 3/4]], k = 1, v_0 = 4, v_1 = 8, η = 1.
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0.25, 0.75}});
        int steps = 5;
        double[][] k = new double[steps][2], v = new double[steps][2];
        for (int t = 0; t < steps; t++) {
            k[t][0] = 1; k[t][1] = 1;
            v[t][0] = 4; v[t][1] = 8;
        }
        Recorder r = Recorder.run(new LocalProtocol(w, DELTA, Projection.NONE, new double[] {1, 1}),
                ArrayStream.scalar(k, v), steps);
        // Agent 0: x' = x − ½(x − 4) = ½x + 2.
        double[] x0 = {0, 2, 3, 3.5, 3.75};
        // Agent 1: x' = x − ¾(x − 8) = ¼x + 6.
        double[] x1 = {0, 6, 7.5, 7.875, 7.96875};
        for (int t = 1; t <= steps; t++) {
            assertEquals(x0[t - 1], r.at(t, 0), "X_{0," + t + "}");
            assertEquals(x1[t - 1], r.at(t, 1), "X_{1," + t + "}");
        }
    }

    @Test
    void cdogdMixesNeighboursWithMetropolisHastingsWeights() {
        // Path 0–1–2, degrees 1, 2, 1: a_{01} = a_{12} = 1/(1+2) = 1/3, a_00 = a_22 = 2/3, a_11 = 1/3.
        ConsensusWeights a = ConsensusWeights.metropolisHastings(path3());
        assertEquals(1.0 / 3, a.weight(0, 1), 1e-15);
        assertEquals(2.0 / 3, a.weight(0, 0), 1e-15);
        assertEquals(1.0 / 3, a.weight(1, 1), 1e-15);
        assertEquals(0, a.weight(0, 2));
        // k = 1, v = (3, 6, 0), η = 1/2: x_n' = Σ_m a_{nm} x_m − ½(x_n − v_n).
        int steps = 4;
        double[][] k = new double[steps][3], v = new double[steps][3];
        for (int t = 0; t < steps; t++) {
            k[t] = new double[] {1, 1, 1};
            v[t] = new double[] {3, 6, 0};
        }
        Recorder r = Recorder.run(new CdogdProtocol(a, DELTA, Projection.NONE, StepSizes.constant(3, 0.5)),
                ArrayStream.scalar(k, v), steps);
        double[][] expected = {
                {0, 0, 0},
                // t = 1: x_0 = 0 − ½(0 − 3) = 1.5; x_1 = −½(0 − 6) = 3; x_2 = 0.
                {1.5, 3, 0},
                // t = 2: x_0 = ⅔·1.5 + ⅓·3 − ½(1.5 − 3) = 1 + 1 + 0.75 = 2.75;
                //        x_1 = ⅓(1.5 + 3 + 0) − ½(3 − 6) = 1.5 + 1.5 = 3;  x_2 = ⅓·3 + ⅔·0 − 0 = 1.
                {2.75, 3, 1},
                // t = 3: x_0 = ⅔·2.75 + ⅓·3 − ½(2.75 − 3) = 11/6 + 1 + 1/8 = 71/24;
                //        x_1 = ⅓(2.75 + 3 + 1) + 1.5 = 2.25 + 1.5 = 3.75;  x_2 = ⅓·3 + ⅔·1 − ½·1 = 7/6.
                {71.0 / 24, 3.75, 7.0 / 6},
        };
        for (int t = 1; t <= steps; t++) {
            for (int n = 0; n < 3; n++) assertEquals(expected[t - 1][n], r.at(t, n), 1e-14, "X_{" + n + "," + t + "}");
        }
    }

    @Test
    void ddamDelayedGradientsEnterExactlyAtStepSPlusTau() {
        Network g = path3();
        // Agent 0 cares about everybody; agents 1 and 2 only about themselves.
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.25, 0.25}, {0, 1, 0}, {0, 0, 1}});
        TreeMetrics trees = TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
        DdamTogdProtocol p = DdamTogdProtocol.overTrees("ddam-spt", w, trees, DELTA, Projection.NONE,
                StepSizes.constant(3, 1));
        assertEquals(0, p.roundTrip(0, 0));
        assertEquals(2, p.roundTrip(0, 1)); // one hop each way
        assertEquals(4, p.roundTrip(0, 2)); // two hops each way
        // k = 1; v_{0,t} = 2, v_{1,t} = 4t, v_{2,t} = 16t: the value names its time, so using data of
        // the wrong step would change the numbers. η = 1:
        // x_{t+1} = x_t − [½(x_t − 2) + ¼(x_{t−2} − 4(t−2))·1{t>2} + ¼(x_{t−4} − 16(t−4))·1{t>4}].
        int steps = 7;
        double[][] k = new double[steps][3], v = new double[steps][3];
        for (int t = 1; t <= steps; t++) {
            k[t - 1] = new double[] {1, 1, 1};
            v[t - 1] = new double[] {2, 4 * t, 16 * t};
        }
        Recorder r = Recorder.run(p, ArrayStream.scalar(k, v), steps);
        double[] x0 = {
                0,
                // t = 1: own only: ½·0 + 1 = 1
                1,
                // t = 2: own only (m = 1's gradient from s = 1 arrives at t = 3): ½·1 + 1 = 1.5
                1.5,
                // t = 3: + m = 1 from s = 1: ¼(x_1 − v_{1,1}) = ¼(0 − 4) = −1 → ½·1.5 + 1 + 1 = 2.75
                2.75,
                // t = 4: + m = 1 from s = 2: ¼(1 − 8) = −1.75 → ½·2.75 + 1 + 1.75 = 4.125
                4.125,
                // t = 5: + m = 1 from s = 3: ¼(1.5 − 12) = −2.625; first m = 2, s = 1: ¼(0 − 16) = −4
                //        → ½·4.125 + 1 + 2.625 + 4 = 9.6875
                9.6875,
                // t = 6: m = 1, s = 4: ¼(2.75 − 16) = −3.3125; m = 2, s = 2: ¼(1 − 32) = −7.75
                //        → ½·9.6875 + 1 + 3.3125 + 7.75 = 16.90625
                16.90625,
        };
        for (int t = 1; t <= steps; t++) assertEquals(x0[t - 1], r.at(t, 0), "X_{0," + t + "}");
        // Agents 1 and 2 learn alone: x' = x − (x − v_t) = v_t, so X_{1,t} = 4(t−1), X_{2,t} = 16(t−1).
        for (int t = 1; t <= steps; t++) {
            assertEquals(4 * (t - 1), r.at(t, 1));
            assertEquals(16 * (t - 1), r.at(t, 2));
        }
    }

    @Test
    void ddamWithLongerDelaysThanTheRunNeverAppliesThem() {
        // τ_{0,1} = 10 > T = 4: agent 0 behaves as a local learner with weight ½.
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0, 1}});
        long[][] tau = {{0, 10}, {10, 0}};
        int steps = 4;
        double[][] k = new double[steps][2], v = new double[steps][2];
        for (int t = 0; t < steps; t++) {
            k[t] = new double[] {1, 1};
            v[t] = new double[] {4, 100};
        }
        Recorder r = Recorder.run(new DdamTogdProtocol("ddam", w, tau, DELTA, Projection.NONE, new double[] {1, 1}),
                ArrayStream.scalar(k, v), steps);
        double[] x0 = {0, 2, 3, 3.5}; // x' = x − ½(x − 4)
        for (int t = 1; t <= steps; t++) assertEquals(x0[t - 1], r.at(t, 0));
    }

    @Test
    void everyProtocolProjectsOntoTheBall() {
        // One agent, 1 × 2 memory, linear cost ∇f = −v kᵀ with k = (3, 4), v = 1, η = 1, R = 1:
        // X_2 = Π[(3, 4)] = (0.6, 0.8); X_3 = Π[(3.6, 4.8)] = (0.6, 0.8).
        MemoryCost lin = TestCosts.linear(1, 2);
        InterestMatrix w = InterestMatrix.of(new double[][] {{1}});
        Projection ball = Projection.ball(1);
        double[][][] k = new double[3][1][], v = new double[3][1][];
        for (int t = 0; t < 3; t++) {
            k[t][0] = new double[] {3, 4};
            v[t][0] = new double[] {1};
        }
        ArrayStream data = new ArrayStream(k, v);
        double[] eta = {1};
        Protocol[] all = {
                new OgdProtocol(w, lin, ball, eta),
                new LocalProtocol(w, lin, ball, eta),
                new CdogdProtocol(ConsensusWeights.identity(1), lin, ball, eta),
                new DdamTogdProtocol("ddam", w, new long[][] {{0}}, lin, ball, eta),
        };
        for (Protocol p : all) {
            Recorder r = Recorder.run(p, data, 3);
            assertArrayEquals(new double[] {0, 0}, r.x[1][0], p.name());
            assertArrayEquals(new double[] {0.6, 0.8}, r.x[2][0], 1e-15, p.name());
            assertArrayEquals(new double[] {0.6, 0.8}, r.x[3][0], 1e-15, p.name());
        }
        // Without the ball the same step leaves it: X_2 = (3, 4).
        Recorder free = Recorder.run(new OgdProtocol(w, lin, Projection.NONE, eta), data, 2);
        assertArrayEquals(new double[] {3, 4}, free.x[2][0]);
    }
}
