package io.ddam.online.protocol;

import io.ddam.online.metrics.RegretMeter;
import io.ddam.online.metrics.RunMetrics;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link StepRule#ader}: the grid and two steps worked by hand on a 1-D sequence, scale-freeness, static regret
 * under {@link Ader#staticBound} on random seeds (linear losses, whose best comparator is known in closed form),
 * and delayed sums, consensus and thread counts in the protocols.
 */
class AderTest {

    /** As {@link ParameterFreeRulesTest#play}: x_1 (before any step) .. x_{T+1} of one agent. */
    private static double[][] play(StepRule rule, Projection ball, double[] x0, double[][] g) {
        return ParameterFreeRulesTest.play(rule, ball, x0, g);
    }

    @Test
    void gridSizesFollowThePaperAndTheFloor() {
        // K = ⌈½ log₂(1 + 4T/7)⌉ + 1 (Ader), L = ⌈½ log₂(3.5T)⌉ (down to D/(GT)).
        assertEquals(2, Ader.expertCount(2));
        assertEquals(2, Ader.halvingsBelow(2));
        assertEquals(6, Ader.expertCount(720)); // ½ log₂(412.4) = 4.34
        assertEquals(6, Ader.halvingsBelow(720)); // ½ log₂(2520) = 5.65
        assertEquals(7, Ader.halvingsBelow(2500)); // ½ log₂(8750) = 6.55
        Ader a = new Ader(25, 720);
        assertEquals(12, a.experts());
        // The smallest step times G is D/T or just below it, the next one above.
        assertTrue(a.stepTimesG(0) <= 50.0 / 720 && a.stepTimesG(1) > 50.0 / 720);
        assertEquals(Math.sqrt(7 * 50.0 * 50 / (2 * 720)), a.stepTimesG(6), 1e-12); // the paper's η_1·G
    }

    @Test
    void twoStepsByHand() {
        // R = 1 (D = 2), T = 2: K = 2, L = 2, four experts with c_j = η_j G = 2^{j−2}√(7·4/(2·2)) = 2^{j−2}√7 and
        // prior (5/4)/(i(i+1)) = 5/8, 5/24, 5/48, 5/80.
        double r7 = Math.sqrt(7);
        double[] c = {r7 / 4, r7 / 2, r7, 2 * r7};
        double[] prior = {5.0 / 8, 5.0 / 24, 5.0 / 48, 5.0 / 80};
        double[][] x = play(StepRule.ader(1, 2), Projection.ball(1), new double[] {0}, new double[][] {{-1}, {2}});
        // Step 1: g = −1, G = 1, no losses yet (all experts at 0); the experts move to min(c_j, 1) = √7/4, 1, 1, 1
        // and the weights are the prior.
        assertEquals(5.0 / 8 * r7 / 4 + 3.0 / 8, x[1][0], 1e-15);
        // Step 2: g = 2 is clipped to 1 (G was 1; G becomes 2); losses ⟨g̃, x_j⟩ = x_j; steps c_j/2 on g̃ = 1;
        // β = √(8/2)/(G D) = 1/2.
        double[] e = {r7 / 4, 1, 1, 1};
        double[] next = new double[4];
        double z = 0, mix = 0;
        double[] w = new double[4];
        for (int j = 0; j < 4; j++) {
            next[j] = Math.max(-1, Math.min(1, e[j] - c[j] / 2));
            w[j] = prior[j] * Math.exp(-0.5 * (e[j] - r7 / 4));
            z += w[j];
        }
        for (int j = 0; j < 4; j++) mix += w[j] / z * next[j];
        assertEquals(r7 / 8, next[0], 0); // the values the sum above uses, as worked out by hand
        assertEquals(1 - r7 / 4, next[1], 1e-16);
        assertEquals(-1, next[3], 0);
        assertEquals(mix, x[2][0], 1e-15);
        assertEquals(0.19657, x[2][0], 5e-5); // from a pocket calculator
    }

    @Test
    void scaleFree() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[][] g = new double[150][4];
        for (double[] r : g) for (int j = 0; j < r.length; j++) r[j] = rnd.nextGaussian() * (j == 0 ? 3 : 1) + 0.7;
        StepRule rule = StepRule.ader(5, 150);
        Projection ball = Projection.ball(5);
        double[][] base = play(rule, ball, new double[4], g);
        for (double cc : new double[] {32, 1.0 / 128}) {
            double[][] scaled = play(rule, ball, new double[4], scale(g, cc));
            for (int t = 0; t < base.length; t++) assertArrayEquals(base[t], scaled[t], 0.0, "c=" + cc + " t=" + t);
        }
        double[][] odd = play(rule, ball, new double[4], scale(g, 3.7));
        for (int t = 0; t < base.length; t++) assertArrayEquals(base[t], odd[t], 1e-9, "c=3.7 t=" + t);
        assertTrue(norm(base[base.length - 1]) > 0);
    }

    @Test
    void staticRegretStaysUnderTheBoundOnRandomSeeds() {
        for (long seed = 1; seed <= 8; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int d = 3, steps = 1500;
            double radius = 0.3 + 5 * rnd.nextDouble();
            double[] bias = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double[][] g = new double[steps][d];
            for (int t = 0; t < steps; t++) {
                double s = t % 100 == 0 ? 1 + 2 * rnd.nextDouble() : rnd.nextDouble(); // scale jumps: clipping
                for (int j = 0; j < d; j++) g[t][j] = s * (rnd.nextGaussian() + (seed % 2 == 0 ? bias[j] : 0.2 * bias[j]));
            }
            double[] sum = new double[d];
            double largest = 0, trivial = 0;
            for (double[] gt : g) {
                for (int j = 0; j < d; j++) sum[j] += gt[j];
                largest = Math.max(largest, norm(gt));
                trivial += 2 * radius * norm(gt);
            }
            Ader rule = new Ader(radius, steps);
            double[][] x = play(rule, Projection.ball(radius), new double[d], g);
            double loss = 0;
            for (int t = 0; t < steps; t++) loss += dot(g[t], x[t]);
            double regret = loss + radius * norm(sum); // against u = −R Σg/‖Σg‖, the best point of the ball
            double bound = rule.staticBound(largest);
            assertTrue(regret <= bound, "seed " + seed + ": regret " + regret + " > " + bound);
            assertTrue(loss <= bound, "seed " + seed + ": regret to u = 0 " + loss + " > " + bound);
            assertTrue(bound < trivial, "seed " + seed + ": bound " + bound + " vs trivial " + trivial);
            for (double[] xt : x) assertTrue(norm(xt) <= radius * (1 + 1e-12));
        }
    }

    @Test
    void delayedSumsConsensusAndThreadCounts() {
        int agents = 40, steps = 60, dk = 2, dv = 2;
        SplittableRandom rnd = new SplittableRandom(11);
        InterestMatrix w = RandomInstances.interest(rnd, agents, 0.2);
        ArrayStream data = ArrayStream.random(5, agents, steps, dk, dv, 2);
        double[][] mm = {{1, -0.5}, {0.7, 1}}; // v = M k: a memory can learn it, X = 0 cannot
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                double[] k = data.keys[t][n];
                for (int i = 0; i < 2; i++) data.values[t][n][i] = mm[i][0] * k[0] + mm[i][1] * k[1];
            }
        }
        DeltaNetCost cost = new DeltaNetCost(dk, dv);
        Projection ball = Projection.ball(2);
        long[][] tau = new long[agents][agents];
        for (int n = 0; n < agents; n++) for (int m = 0; m < agents; m++) tau[n][m] = n == m ? 0 : 1 + (n + 3 * m) % 4;
        ConsensusWeights mh = ConsensusWeights.metropolisHastings(RandomInstances.connectedGraph(rnd, agents, 0.1, 3));
        StepRule rule = StepRule.ader(2, steps);
        double[] zero = new double[agents];
        Protocol[][] ps = {
                {new OgdProtocol(w, cost, ball, zero).withStepRule(rule), new OgdProtocol(w, cost, ball, zero)},
                {new LocalProtocol(w, cost, ball, zero).withStepRule(rule), new LocalProtocol(w, cost, ball, zero)},
                {new CdogdProtocol(w, mh, cost, ball, zero).withStepRule(rule), new CdogdProtocol(w, mh, cost, ball, zero)},
                {new DdamTogdProtocol("ddam", w, tau, cost, ball, zero).withStepRule(rule),
                        new DdamTogdProtocol("ddam", w, tau, cost, ball, zero)}};
        for (Protocol[] pair : ps) {
            Protocol p = pair[0];
            Recorder one = Recorder.run(p, data, steps), two = Recorder.run(p.withThreads(3), data, steps);
            for (int t = 1; t <= steps; t++) {
                for (int n = 0; n < agents; n++) assertArrayEquals(one.x[t][n], two.x[t][n], 0.0, p.name() + " t=" + t);
            }
            RunMetrics m = RegretMeter.measure(p, data, w, cost, ball, steps, false);
            RunMetrics still = RegretMeter.measure(pair[1], data, w, cost, ball, steps, false);
            assertTrue(m.totalLoss() < still.totalLoss(), p.name() + " learns: " + m.totalLoss() + " vs " + still.totalLoss());
        }
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(DdamInputException.class, () -> StepRule.ader(Double.POSITIVE_INFINITY, 10));
        assertThrows(DdamInputException.class, () -> StepRule.ader(0, 10));
        assertThrows(DdamInputException.class, () -> StepRule.ader(1, 0));
    }

    private static double[][] scale(double[][] g, double c) { return ParameterFreeRulesTest.scale(g, c); }

    private static double dot(double[] a, double[] b) { return ParameterFreeRulesTest.dot(a, b); }

    private static double norm(double[] a) { return ParameterFreeRulesTest.norm(a); }
}
