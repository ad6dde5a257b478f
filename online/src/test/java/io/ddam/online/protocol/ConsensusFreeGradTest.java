package io.ddam.online.protocol;

import io.ddam.online.model.Projection;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FreeGrad over consensus ({@link StepRule#startConsensus}): the agents mix their gradient sums and their V
 * with A and play FreeGrad's point of the mixed state (distributed dual averaging with the FreeGrad potential).
 * Checked against steps worked by hand on two agents, against per-agent FreeGrad when A = I (bit for bit),
 * and against FreeGrad's regret bound when every agent sees the same gradients.
 */
class ConsensusFreeGradTest {

    /** Runs the consensus stepper on full rows of A; returns x[t][n] after each step. */
    private static double[][][] play(StepRule rule, double[][] a, double[][][] g, double radius) {
        int agents = a.length, d = g[0][0].length;
        StepRule.ConsensusStepper s = rule.startConsensus(agents, d, Projection.ball(radius));
        int[] all = new int[agents];
        for (int m = 0; m < agents; m++) all[m] = m;
        double[][][] x = new double[g.length][agents][d];
        for (int t = 0; t < g.length; t++) {
            for (int n = 0; n < agents; n++) s.step(n, all, a[n], agents, x[t][n], g[t][n]);
            s.endStep();
        }
        return x;
    }

    @Test
    void twoAgentsByHand() {
        // R = 2, 1-D, A = [[½, ½], [½, ½]]. Step 1: gradients 1 and 3 (nothing to mix yet).
        // Agent 0: h₁ = 1, ĝ = 0.5, G = 0.5, V = 1 + 0.25 = 1.25 — FreeGrad's first step, x = −0.47052336.
        // Agent 1: h₁ = 3, ĝ = 1.5, G = 1.5, V = 9 + 2.25 = 11.25: the same ‖w‖ (scale-free), x = −0.47052336.
        // Step 2: both gradients 1 (no clipping, both inside the ball): mixed G = ½(0.5 + 1.5) = 1, mixed
        // V = ½(1.25 + 11.25) = 6.25; then G = 1.5, V = 6.5 at both, and only h, h₁ differ:
        // agent 0 (h = h₁ = 1): ‖w‖ = 1.5·14.5/(2·8²·√6.5)·exp(2.25/16) = 0.0767123, x = −0.15342470;
        // agent 1 (h = h₁ = 3): ‖w‖ = 1.5·17.5·9/(2·11²·√6.5)·exp(2.25/22) = 0.4241469, x = −0.84829372.
        double[][] a = {{0.5, 0.5}, {0.5, 0.5}};
        double[][][] g = {{{1}, {3}}, {{1}, {1}}};
        double[][][] x = play(StepRule.freeGrad(2), a, g, 2);
        assertEquals(-0.4705233599476444, x[0][0][0], 1e-14);
        assertEquals(-0.47052335994764427, x[0][1][0], 1e-14);
        assertEquals(-0.153424695671259, x[1][0][0], 1e-14);
        assertEquals(-0.8482937156196404, x[1][1][0], 1e-14);
    }

    @Test
    void withoutMixingItIsFreeGradPerAgentBitForBit() {
        SplittableRandom rnd = new SplittableRandom(3);
        int agents = 3, d = 4, steps = 150;
        double[][][] g = new double[steps][agents][d];
        for (double[][] gt : g) for (double[] r : gt) for (int j = 0; j < d; j++) r[j] = rnd.nextGaussian() * (rnd.nextInt(20) == 0 ? 9 : 1) + 0.4;
        g[5][1] = new double[d]; // a zero gradient keeps the point
        double[][] identity = new double[agents][agents];
        for (int n = 0; n < agents; n++) identity[n][n] = 1;
        double[][][] x = play(StepRule.freeGrad(3), identity, g, 3);
        StepRule.Stepper single = StepRule.freeGrad(3).start(agents, d, Projection.ball(3));
        double[][] y = new double[agents][d];
        for (int t = 0; t < steps; t++) {
            for (int n = 0; n < agents; n++) {
                single.step(n, y[n], g[t][n]);
                assertArrayEquals(y[n], x[t][n], 0.0, "t=" + t + " n=" + n);
            }
        }
    }

    @Test
    void sameGradientsEverywhereStayUnderFreeGradsBound() {
        for (long seed = 1; seed <= 6; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int agents = 6, d = 3, steps = 300;
            double radius = 0.5 + 4 * rnd.nextDouble();
            ConsensusWeights mh = ConsensusWeights.metropolisHastings(RandomInstances.connectedGraph(rnd, agents, 0.3, 2));
            double[][] a = new double[agents][agents];
            for (int n = 0; n < agents; n++) {
                int[] s = mh.supportOf(n);
                double[] w = mh.weightsOf(n);
                for (int i = 0; i < s.length; i++) a[n][s[i]] = w[i];
            }
            double[][][] g = new double[steps][agents][];
            double[] bias = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double[] sum = new double[d];
            double sumSq = 0, first = 0, largest = 0;
            for (int t = 0; t < steps; t++) {
                double s = t % 40 == 0 ? 8 * rnd.nextDouble() : rnd.nextDouble();
                double[] gt = new double[d];
                for (int j = 0; j < d; j++) gt[j] = s * (rnd.nextGaussian() + bias[j]);
                for (int n = 0; n < agents; n++) g[t][n] = gt;
                double n2 = 0;
                for (int j = 0; j < d; j++) {
                    sum[j] += gt[j];
                    n2 += gt[j] * gt[j];
                }
                sumSq += n2;
                if (first == 0) first = Math.sqrt(n2);
                largest = Math.max(largest, Math.sqrt(n2));
            }
            double[][][] x = play(StepRule.freeGrad(radius), a, g, radius);
            double bound = StepRule.freeGradBound(radius, radius, sumSq, first, largest);
            double norm = 0;
            for (double v : sum) norm += v * v;
            norm = Math.sqrt(norm);
            for (int n = 0; n < agents; n++) {
                // Linear losses: the best u in the ball is −R·Σg/‖Σg‖, so the regret is Σ⟨g, x⟩ + R‖Σg‖.
                double loss = 0;
                for (int t = 0; t < steps; t++) {
                    double[] xt = t == 0 ? new double[d] : x[t - 1][n];
                    for (int j = 0; j < d; j++) loss += g[t][n][j] * xt[j];
                }
                double regret = loss + radius * norm;
                assertTrue(regret <= bound, "seed " + seed + " agent " + n + ": " + regret + " > " + bound);
                assertTrue(regret > 0.05 * bound, "the bound is not loose beyond use: " + regret + " vs " + bound);
            }
        }
    }

    @Test
    void rulesWithoutAConsensusFormReturnNull() {
        assertNull(StepRule.dog().startConsensus(2, 1, Projection.ball(1)));
        assertNull(StepRule.adagrad(1).startConsensus(2, 1, Projection.ball(1)));
    }
}
