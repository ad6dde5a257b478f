package io.ddam.online.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.tree.KmbSteinerDesigner;
import io.ddam.solver.tree.ShortestPathTreeDesigner;
import io.ddam.solver.tree.TreeDesign;
import io.ddam.solver.tree.TreeDesigner;
import io.ddam.solver.tree.TreeMetrics;

import java.util.SplittableRandom;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * DDAM-TOGD's ring buffers against a naive full-history implementation of eq. (14), and the identities
 * between protocols (zero delays = OGD bitwise, C-DOGD with A = I = local with w_nn = 1, determinism).
 */
class DdamReferenceTest {
    private static final int STEPS = 50;

    /**
     * Eq. (14) literally: keep every X_{n,s}; at step t add w_{n,m}∇f_{m,t−τ}(X_{n,t−τ}) on the data of
     * time t − τ whenever t &gt; τ. Returns x[t][n] for t = 1..T+1.
     */
    private static double[][][] reference(InterestMatrix w, long[][] tau, MemoryCost cost, Projection proj,
                                          double[] eta, ArrayStream data, int steps) {
        int agents = w.size();
        int size = cost.rows() * cost.cols();
        double[][][] x = new double[steps + 2][agents][size];
        for (int t = 1; t <= steps; t++) {
            for (int n = 0; n < agents; n++) {
                double[] g = new double[size];
                for (int m : w.interestSet(n)) {
                    long d = tau[n][m];
                    if (t > d) {
                        int s = (int) (t - d);
                        cost.addGradient(x[s][n], data.keys[s - 1][m], data.values[s - 1][m], w.weight(n, m), g);
                    }
                }
                double[] next = x[t + 1][n];
                for (int j = 0; j < size; j++) next[j] = x[t][n][j] - eta[n] * g[j];
                proj.project(next);
            }
        }
        return x;
    }

    private static void assertClose(double[][][] expected, Recorder r, int steps, String what) {
        for (int t = 1; t <= steps; t++) {
            for (int n = 0; n < expected[t].length; n++) {
                for (int j = 0; j < expected[t][n].length; j++) {
                    double e = expected[t][n][j], a = r.x[t][n][j];
                    assertEquals(e, a, 1e-12 * Math.max(1, Math.abs(e)), what + ": X_{" + n + "," + t + "}[" + j + "]");
                }
            }
        }
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8})
    void ringBuffersMatchFullHistoryOnTreeDelays(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int agents = 3 + r.nextInt(5);
        Network g = RandomInstances.connectedGraph(r, agents, 0.3, 3);
        InterestMatrix w = RandomInstances.interest(r, agents, 0.6);
        TreeDesigner designer = seed % 2 == 0 ? new ShortestPathTreeDesigner() : new KmbSteinerDesigner();
        TreeMetrics metrics = TreeDesign.design(designer, g, w, 1).metrics();
        long[][] tau = DdamTogdProtocol.roundTrips(w, metrics);
        MemoryCost cost = TestCosts.deltaNet(2, 3);
        Projection proj = seed % 3 == 0 ? Projection.NONE : Projection.ball(0.5 + r.nextDouble());
        double[] eta = new double[agents];
        for (int n = 0; n < agents; n++) eta[n] = 0.05 + 0.2 * r.nextDouble();
        ArrayStream data = ArrayStream.random(seed * 31, agents, STEPS, 3, 2, 2);
        DdamTogdProtocol p = DdamTogdProtocol.overTrees("ddam-" + designer.name(), w, metrics, cost, proj, eta);
        Recorder rec = Recorder.run(p, data, STEPS);
        assertClose(reference(w, tau, cost, proj, eta, data, STEPS), rec, STEPS, p.name());
        assertEquals(STEPS * agents, rec.calls());
    }

    @ParameterizedTest
    @ValueSource(longs = {11, 12, 13, 14, 15})
    void ringBuffersMatchFullHistoryOnArbitraryDelayTables(long seed) {
        // Delays up to 60 > T = 50, so some gradients never arrive and the ring is capped by T.
        SplittableRandom r = new SplittableRandom(seed);
        int agents = 2 + r.nextInt(5);
        InterestMatrix w = RandomInstances.interest(r, agents, 0.7);
        long[][] tau = new long[agents][agents];
        for (int n = 0; n < agents; n++) for (int m = 0; m < agents; m++) if (m != n) tau[n][m] = r.nextInt(61);
        MemoryCost cost = seed % 2 == 0 ? TestCosts.deltaNet(1, 2) : TestCosts.linear(2, 2);
        Projection proj = Projection.ball(1 + r.nextDouble());
        double[] eta = new double[agents];
        for (int n = 0; n < agents; n++) eta[n] = 0.05 + 0.3 * r.nextDouble();
        ArrayStream data = ArrayStream.random(seed, agents, STEPS, 2, cost.rows(), 1);
        DdamTogdProtocol p = new DdamTogdProtocol("ddam", w, tau, cost, proj, eta);
        assertClose(reference(w, tau, cost, proj, eta, data, STEPS), Recorder.run(p, data, STEPS), STEPS, "seed " + seed);
    }

    @ParameterizedTest
    @ValueSource(longs = {21, 22, 23})
    void zeroDelaysReproduceOgdBitwise(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int agents = 4 + r.nextInt(3);
        InterestMatrix w = RandomInstances.interest(r, agents, 0.5);
        MemoryCost cost = TestCosts.deltaNet(2, 3);
        Projection proj = Projection.ball(1);
        double[] eta = new double[agents];
        for (int n = 0; n < agents; n++) eta[n] = 0.1 + 0.2 * r.nextDouble();
        ArrayStream data = ArrayStream.random(seed, agents, STEPS, 3, 2, 3);
        Recorder ogd = Recorder.run(new OgdProtocol(w, cost, proj, eta), data, STEPS);
        Recorder ddam = Recorder.run(new DdamTogdProtocol("ddam", w, new long[agents][agents], cost, proj, eta), data, STEPS);
        for (int t = 1; t <= STEPS; t++) {
            for (int n = 0; n < agents; n++) assertArrayEquals(ogd.x[t][n], ddam.x[t][n], "X_{" + n + "," + t + "}");
        }
    }

    @Test
    void cdogdWithIdentityEqualsLocalWithUnitSelfWeight() {
        int agents = 4;
        InterestMatrix w = InterestMatrix.of(new double[][] {{1, 0, 0, 0}, {0, 1, 0, 0}, {0, 0, 1, 0}, {0, 0, 0, 1}});
        MemoryCost cost = TestCosts.deltaNet(2, 2);
        double[] eta = {0.1, 0.2, 0.3, 0.4};
        ArrayStream data = ArrayStream.random(5, agents, STEPS, 2, 2, 2);
        Recorder c = Recorder.run(new CdogdProtocol(ConsensusWeights.identity(agents), cost, Projection.ball(1.5), eta), data, STEPS);
        Recorder l = Recorder.run(new LocalProtocol(w, cost, Projection.ball(1.5), eta), data, STEPS);
        for (int t = 1; t <= STEPS; t++) {
            for (int n = 0; n < agents; n++) assertArrayEquals(l.x[t][n], c.x[t][n]);
        }
    }

    @Test
    void everyProtocolIsDeterministic() {
        SplittableRandom r = new SplittableRandom(99);
        int agents = 6;
        Network g = RandomInstances.connectedGraph(r, agents, 0.4, 2);
        InterestMatrix w = RandomInstances.interest(r, agents, 0.8);
        MemoryCost cost = TestCosts.deltaNet(2, 3);
        Projection proj = Projection.ball(2);
        double[] eta = StepSizes.constant(agents, 0.1);
        ArrayStream data = ArrayStream.random(7, agents, STEPS, 3, 2, 2);
        Protocol[] all = {
                new OgdProtocol(w, cost, proj, eta),
                new LocalProtocol(w, cost, proj, eta),
                new CdogdProtocol(ConsensusWeights.metropolisHastings(g), cost, proj, eta),
                DdamTogdProtocol.overTrees("ddam-st", w,
                        TreeDesign.design(new KmbSteinerDesigner(), g, w, 1).metrics(), cost, proj, eta),
        };
        for (Protocol p : all) {
            Recorder a = Recorder.run(p, data, STEPS), b = Recorder.run(p, data, STEPS);
            boolean moved = false;
            for (int t = 1; t <= STEPS; t++) {
                for (int n = 0; n < agents; n++) {
                    assertArrayEquals(a.x[t][n], b.x[t][n], p.name());
                    for (double v : a.x[t][n]) moved |= v != 0;
                }
            }
            assertTrue(moved, p.name() + " never left X = 0");
        }
    }

    @Test
    void badInputsAreUserErrors() {
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        MemoryCost cost = TestCosts.deltaNet(1, 1);
        double[] eta = {0.1, 0.1};
        assertThrows(DdamInputException.class,
                () -> new DdamTogdProtocol("ddam", w, new long[][] {{1, 2}, {2, 0}}, cost, Projection.NONE, eta));
        assertThrows(DdamInputException.class,
                () -> new DdamTogdProtocol("ddam", w, new long[][] {{0, -1}, {2, 0}}, cost, Projection.NONE, eta));
        assertThrows(DdamInputException.class, () -> new OgdProtocol(w, cost, Projection.NONE, new double[] {0.1}));
        assertThrows(DdamInputException.class, () -> new OgdProtocol(w, cost, Projection.NONE, new double[] {0.1, Double.NaN}));
        ArrayStream wrongDims = ArrayStream.random(1, 2, 5, 2, 1, 1);
        assertThrows(DdamInputException.class, () -> new OgdProtocol(w, cost, Projection.NONE, eta).run(wrongDims, 5, (t, n, x) -> { }));
        ArrayStream ok = ArrayStream.random(1, 2, 5, 1, 1, 1);
        assertThrows(DdamInputException.class, () -> new OgdProtocol(w, cost, Projection.NONE, eta).run(ok, 6, (t, n, x) -> { }));
    }
}
