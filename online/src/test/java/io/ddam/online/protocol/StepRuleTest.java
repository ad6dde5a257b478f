package io.ddam.online.protocol;

import io.ddam.online.metrics.RegretMeter;
import io.ddam.online.metrics.RunMetrics;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The parameter-free step sizes of {@link StepRule}: a few steps worked by hand on one agent with a
 * 1 × 1 memory, and on random instances the static regret of every agent under the rule's known bound
 * (AdaGrad-norm: √2 D √Σ‖g_t‖²; KT coin betting on the ball: 2LR(1 + √(T ln(1 + 24T²)))).
 */
class StepRuleTest {
    private static final InterestMatrix ONE = InterestMatrix.of(new double[][] {{1}});

    @Test
    void adagradByHandOnOneAgent() {
        // f_t(x) = ½(x k_t − v_t)², R = 10 (D = 20); keys 1, 2, 1 and values 3, −4, 30.
        ArrayStream data = ArrayStream.scalar(new double[][] {{1}, {2}, {1}}, new double[][] {{3}, {-4}, {30}});
        OgdProtocol p = new OgdProtocol(ONE, new DeltaNetCost(1, 1), Projection.ball(10), new double[] {0})
                .withStepRule(StepRule.adagrad(10));
        Recorder r = Recorder.run(p, data, 3);
        // t=1: x=0, g = (0·1 − 3)·1 = −3; Σg² = 9; η = 20/√18; x₂ = 0 + 3·20/√18 = 14.142… → projected to 10.
        assertEquals(0, r.at(1, 0), 0);
        assertEquals(10, r.at(2, 0), 1e-12);
        // t=2: g = (10·2 + 4)·2 = 48; Σg² = 9 + 2304 = 2313; η = 20/√4626; x₃ = 10 − 48·20/√4626.
        double x3 = 10 - 48 * 20 / Math.sqrt(4626);
        assertEquals(x3, r.at(3, 0), 1e-12);
        assertEquals(-4.114, x3, 1e-3);
    }

    @Test
    void coinBettingByHandOnOneAgent() {
        // R = 2, L = 10; f_t(x) = ½(x k_t − v_t)²; keys 1, 1; values 4, 4. Unit-ball units: y = x / R.
        ArrayStream data = ArrayStream.scalar(new double[][] {{1}, {1}, {1}}, new double[][] {{4}, {4}, {4}});
        OgdProtocol p = new OgdProtocol(ONE, new DeltaNetCost(1, 1), Projection.ball(2), new double[] {0})
                .withStepRule(StepRule.coinBetting(2, new double[] {10}));
        Recorder r = Recorder.run(p, data, 3);
        // t=1: w₁ = 0, x₁ = 0; g = (0 − 4)·1 = −4; c = −0.4; inside the ball: g̃ = ½c = −0.2.
        //      Wealth₁ = 1 − g̃·w₁ = 1; θ₂ = 0.2; w₂ = θ₂/2 · Wealth₁ = 0.1; x₂ = R·0.1 = 0.2.
        assertEquals(0, r.at(1, 0), 0);
        assertEquals(0.2, r.at(2, 0), 1e-15);
        // t=2: g = (0.2 − 4) = −3.8; c = −0.38; g̃ = −0.19; Wealth₂ = 1 + 0.19·0.1 = 1.019;
        //      θ₃ = 0.39; w₃ = 0.39/3 · 1.019 = 0.13247; x₃ = 0.26494.
        assertEquals(2 * 0.39 / 3 * 1.019, r.at(3, 0), 1e-15);
    }

    @Test
    void coinBettingOutsideTheBallUsesTheReduction() {
        // Huge value: the bettor's w leaves the unit ball, the played point is its projection (times R) and
        // the surrogate adds ½‖c‖ w/‖w‖.
        ArrayStream data = ArrayStream.scalar(new double[][] {{1}, {1}, {1}, {1}}, new double[][] {{1000}, {1000}, {1000}, {1000}});
        OgdProtocol p = new OgdProtocol(ONE, new DeltaNetCost(1, 1), Projection.ball(1), new double[] {0})
                .withStepRule(StepRule.coinBetting(1, new double[] {1000}));
        Recorder r = Recorder.run(p, data, 4);
        // By hand in unit-ball units (R = 1): c₁ = −1, g̃₁ = −½, W₁ = 1, θ₂ = ½, w₂ = ¼.
        // t=2: x = ¼, g = −999.75, c = −0.99975, g̃₂ = −0.499875, W₂ = 1 + 0.499875·¼ = 1.12496875,
        //      θ₃ = 0.999875, w₃ = θ₃/3·W₂ = 0.374943…; t=3: c₃ = −(1000 − w₃)/1000.
        double w3 = 0.999875 / 3 * 1.12496875;
        assertEquals(0.25, r.at(2, 0), 1e-15);
        assertEquals(w3, r.at(3, 0), 1e-15);
        double c3 = -(1000 - w3) / 1000;
        double g3 = 0.5 * c3;
        double wealth3 = 1.12496875 - g3 * w3;
        double theta4 = 0.999875 - g3;
        double w4 = theta4 / 4 * wealth3;
        assertEquals(Math.min(1, w4), r.at(4, 0), 1e-15);
    }

    @Test
    void regretStaysUnderTheKnownBoundsOnRandomSeeds() {
        for (long seed = 1; seed <= 6; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int agents = 3, steps = 300, dk = 3, dv = 2;
            double radius = 0.5 + 3 * rnd.nextDouble();
            InterestMatrix w = RandomInstances.interest(rnd, agents, 0.7);
            ArrayStream data = ArrayStream.random(seed, agents, steps, dk, dv, 3);
            DeltaNetCost cost = new DeltaNetCost(dk, dv);
            Projection ball = Projection.ball(radius);
            // L_n: Σ_m w_{n,m} max_t (R‖k‖ + ‖v‖)‖k‖ bounds the applied gradient's norm on the ball.
            double[] lip = new double[agents];
            for (int n = 0; n < agents; n++) {
                for (int m : w.interestSet(n)) {
                    double gm = 0;
                    for (int t = 0; t < steps; t++) {
                        double k = norm(data.keys[t][m]), v = norm(data.values[t][m]);
                        gm = Math.max(gm, (radius * k + v) * k);
                    }
                    lip[n] += w.weight(n, m) * gm;
                }
            }
            for (StepRule rule : new StepRule[] {StepRule.adagrad(radius), StepRule.coinBetting(radius, lip)}) {
                OgdProtocol p = new OgdProtocol(w, cost, ball, new double[agents]).withStepRule(rule);
                Recorder rec = Recorder.run(p, data, steps);
                RunMetrics m = RegretMeter.measure(p, data, w, cost, ball, steps, false);
                for (int n = 0; n < agents; n++) {
                    double sumSq = 0;
                    for (int t = 1; t <= steps; t++) {
                        double[] g = new double[dk * dv];
                        int[] s = w.interestSet(n);
                        for (int m2 : s) cost.addGradient(rec.x[t][n], data.keys[t - 1][m2], data.values[t - 1][m2], w.weight(n, m2), g);
                        double gg = 0;
                        for (double x : g) gg += x * x;
                        sumSq += gg;
                        assertTrue(norm(rec.x[t][n]) <= radius * (1 + 1e-12), "inside the ball");
                    }
                    double bound = rule.name().equals("adagrad") ? Math.sqrt(2) * 2 * radius * Math.sqrt(sumSq)
                            : 2 * lip[n] * radius * (1 + Math.sqrt(steps * Math.log(1 + 24.0 * steps * steps)));
                    double regret = m.staticRegret(n);
                    assertTrue(regret <= bound, rule.name() + " seed " + seed + " agent " + n + ": regret " + regret + " > bound " + bound);
                }
            }
        }
    }

    @Test
    void delayedGradientsWorkWithAdaptiveRules() {
        InterestMatrix w = InterestMatrix.of(new double[][] {{0.5, 0.5}, {0.5, 0.5}});
        // v = M k with a fixed M (‖M‖_F ≈ 1.6 < R): a memory can learn it, X = 0 cannot.
        ArrayStream data = ArrayStream.random(3, 2, 200, 2, 2, 2);
        double[][] mm = {{1, -0.5}, {0.7, 1}};
        for (int t = 0; t < 200; t++) {
            for (int n = 0; n < 2; n++) {
                double[] k = data.keys[t][n];
                for (int i = 0; i < 2; i++) data.values[t][n][i] = mm[i][0] * k[0] + mm[i][1] * k[1];
            }
        }
        DeltaNetCost cost = new DeltaNetCost(2, 2);
        long[][] tau = {{0, 4}, {4, 0}};
        for (StepRule rule : new StepRule[] {StepRule.adagrad(2), StepRule.coinBetting(2, new double[] {20, 20})}) {
            DdamTogdProtocol d = new DdamTogdProtocol("ddam", w, tau, cost, Projection.ball(2), new double[2]).withStepRule(rule);
            RunMetrics m = RegretMeter.measure(d, data, w, cost, Projection.ball(2), 200, false);
            RunMetrics zero = RegretMeter.measure(new DdamTogdProtocol("ddam", w, tau, cost, Projection.ball(2), new double[2]),
                    data, w, cost, Projection.ball(2), 200, false);
            assertTrue(m.staticRegret() < zero.staticRegret(), rule.name() + " learns with delays: " + m.staticRegret());
            // Threads: bitwise the same.
            RunMetrics two = RegretMeter.measure(d.withThreads(2), data, w, cost, Projection.ball(2), 200, false);
            assertEquals(m.totalLoss(), two.totalLoss(), 0.0);
        }
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(DdamInputException.class, () -> StepRule.adagrad(Double.POSITIVE_INFINITY));
        assertThrows(DdamInputException.class, () -> StepRule.coinBetting(1, new double[] {0}));
    }

    private static double norm(double[] a) {
        double s = 0;
        for (double x : a) s += x * x;
        return Math.sqrt(s);
    }
}
