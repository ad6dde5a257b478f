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
 * The rules that need nothing tuned, {@link StepRule#dog}, {@link StepRule#dowg} and {@link StepRule#freeGrad}: values worked by hand
 * (the FreeGrad ones with a pocket calculator from eq. 9 of Mhammedi &amp; Koolen), scale-freeness (every
 * gradient × c gives the same iterates), regret under each rule's bound on random sequences (linear losses,
 * so the best comparator in the ball is known in closed form), delayed sums, and thread counts.
 */
class ParameterFreeRulesTest {

    /** Plays a gradient sequence through one agent's stepper and records x_1 (before any step) .. x_{T+1}. */
    static double[][] play(StepRule rule, Projection ball, double[] x0, double[][] g) {
        StepRule.Stepper s = rule.start(1, x0.length, ball);
        double[][] xs = new double[g.length + 1][];
        double[] x = x0.clone();
        xs[0] = x.clone();
        for (int t = 0; t < g.length; t++) {
            s.step(0, x, g[t]);
            xs[t + 1] = x.clone();
        }
        return xs;
    }

    @Test
    void dogOnAConstantGradientByHand() {
        double[][] g = {{-1}, {-1}, {-1}, {-1}};
        double[][] x = play(StepRule.dog(), Projection.ball(1), new double[] {0}, g);
        double eps = 1e-6; // r_ε = 1e-6·(1 + ‖x_0‖), x_0 = 0
        // x₁ = 0 + r_ε/√1; x₂ = x₁ + r̄/√2 with r̄ = max(r_ε, x₁) = r_ε; then r̄ = x_t and x_{t+1} = x_t (1 + 1/√(t+1)).
        assertEquals(eps, x[1][0], 1e-22);
        assertEquals((1 + 1 / Math.sqrt(2)) * eps, x[2][0], 1e-21);
        double x3 = (1 + 1 / Math.sqrt(2)) * (1 + 1 / Math.sqrt(3)) * eps;
        assertEquals(x3, x[3][0], 1e-21);
        assertEquals(x3 * 1.5, x[4][0], 1e-21);
        // x_0 = 3: r_ε = 4e-6, the first step moves by r_ε; then r̄ stays r_ε (‖x₁ − x₀‖ = r_ε): step r_ε/√2.
        double[][] y = play(StepRule.dog(), Projection.ball(10), new double[] {3}, g);
        assertEquals(3 + 4e-6, y[1][0], 1e-15);
        assertEquals(3 + 4e-6 + 4e-6 / Math.sqrt(2), y[2][0], 1e-15);
        // Projection: a ball of radius 3 + 5e-6 stops the third step (3 + 4e-6·(1 + 1/√2 + …) > R).
        double[][] z = play(StepRule.dog(), Projection.ball(3 + 5e-6), new double[] {3}, g);
        assertEquals(3 + 5e-6, z[3][0], 1e-15);
    }

    @Test
    void dowgOnAConstantGradientByHand() {
        double[][] g = {{-1}, {-1}, {-1}, {-1}};
        double[][] x = play(StepRule.dowg(), Projection.ball(1), new double[] {0}, g);
        double e = 1e-6; // r_ε, x_0 = 0
        // x₁ = r_ε²/√(r_ε²) = r_ε; x₂ = x₁ + r_ε²/√(2r_ε²) = (1 + 1/√2) r_ε; then r̄ = x_t and v_t = Σ r̄_i²:
        // x₃ = a + a²/√(2r_ε² + a²) with a = x₂; x₄ = b + b²/√(2r_ε² + a² + b²) with b = x₃.
        assertEquals(e, x[1][0], 1e-22);
        double a = (1 + 1 / Math.sqrt(2)) * e;
        assertEquals(a, x[2][0], 1e-21);
        double b = a + a * a / Math.sqrt(2 * e * e + a * a);
        assertEquals(b, x[3][0], 1e-20);
        assertEquals(b + b * b / Math.sqrt(2 * e * e + a * a + b * b), x[4][0], 1e-20);
        // r̄ grows geometrically, towards the root 1.839… of c³ = c² + c + 1 per step (DoG: like exp(2√t)).
        double[][] many = new double[30][];
        for (int t = 0; t < many.length; t++) many[t] = new double[] {-1};
        double[][] y = play(StepRule.dowg(), Projection.ball(1e9), new double[] {0}, many);
        assertEquals(1.8392867552141612, y[30][0] / y[29][0], 1e-4);
        double[][] z = play(StepRule.dog(), Projection.ball(1e9), new double[] {0}, many);
        assertTrue(y[30][0] > 1e4 * z[30][0], "DoWG leaves x_0 far faster than DoG: " + y[30][0] + " vs " + z[30][0]);
    }

    @Test
    void freeGradByHand() {
        // R = 2, 1-D, gradients 1, 3, 0.5. Unit-ball units w; played x = −R·min(‖w‖, 1)·sign(G).
        double[][] x = play(StepRule.freeGrad(2), Projection.ball(2), new double[] {0}, new double[][] {{1}, {3}, {0.5}});
        // t=1: h₁ = h = 1, V = h₁² = 1; w₁ = 0 is inside: ĝ = ½·1; G = 0.5, V = 1.25.
        //      ‖w₂‖ = 0.5·(2.5 + 0.5)·1/(2·1.75²·√1.25)·exp(0.25/3.5) = 0.23526168; x₂ = −0.47052336.
        assertEquals(-0.4705233599476444, x[1][0], 1e-14);
        // t=2: ‖g‖ = 3 > h = 1: clipped to 1, then h = 3; inside: ĝ = 0.5; G = 1, V = 1.5.
        //      ‖w₃‖ = 1·(3 + 3)/(2·4.5²·√1.5)·exp(1/9) = 0.13517785; x₃ = −0.27035570.
        assertEquals(-0.27035570333311654, x[2][0], 1e-14);
        // t=3: 0.5 ≤ h: ĝ = 0.25; G = 1.25, V = 1.5625, h = 3.
        assertEquals(-0.28219002106078755, x[3][0], 1e-14);
        // A zero gradient changes nothing.
        double[][] same = play(StepRule.freeGrad(2), Projection.ball(2), new double[] {0}, new double[][] {{1}, {0}});
        assertEquals(same[1][0], same[2][0], 0);
    }

    @Test
    void freeGradOnAConstantGradientReachesTheBoundaryAndStays() {
        double[][] g = new double[200][];
        for (int t = 0; t < g.length; t++) g[t] = new double[] {-1, 0};
        double[][] x = play(StepRule.freeGrad(3), Projection.ball(3), new double[2], g);
        assertEquals(3, x[200][0], 1e-12);
        assertEquals(0, x[200][1], 0);
        for (double[] xt : x) assertTrue(Math.hypot(xt[0], xt[1]) <= 3 * (1 + 1e-15));
    }

    @Test
    void bothRulesAreScaleFree() {
        SplittableRandom rnd = new SplittableRandom(7);
        double[][] g = new double[120][4];
        for (double[] r : g) for (int j = 0; j < r.length; j++) r[j] = rnd.nextGaussian() * (j == 0 ? 3 : 1) + 0.7;
        for (StepRule rule : new StepRule[] {StepRule.dog(), StepRule.dowg(), StepRule.freeGrad(5)}) {
            Projection ball = Projection.ball(5);
            double[][] base = play(rule, ball, new double[4], g);
            for (double c : new double[] {32, 1.0 / 128}) { // powers of two: every operation scales exactly
                double[][] scaled = play(rule, ball, new double[4], scale(g, c));
                for (int t = 0; t < base.length; t++) assertArrayEquals(base[t], scaled[t], 0.0, rule.name() + " c=" + c + " t=" + t);
            }
            double[][] odd = play(rule, ball, new double[4], scale(g, 3.7));
            for (int t = 0; t < base.length; t++) assertArrayEquals(base[t], odd[t], 1e-9, rule.name() + " c=3.7 t=" + t);
            boolean moved = false;
            for (double v : base[base.length - 1]) moved |= v != 0;
            assertTrue(moved);
        }
    }

    @Test
    void regretStaysUnderEachRulesBoundOnRandomSeeds() {
        for (long seed = 1; seed <= 8; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            int d = 3, steps = 400;
            double radius = 0.3 + 5 * rnd.nextDouble();
            double[] bias = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double[][] g = new double[steps][d];
            for (int t = 0; t < steps; t++) {
                // Scales that jump (so FreeGrad clips) and a drift (so the best u sits on the sphere).
                double s = t % 50 == 0 ? 10 * rnd.nextDouble() : rnd.nextDouble();
                for (int j = 0; j < d; j++) g[t][j] = s * (rnd.nextGaussian() + (seed % 2 == 0 ? bias[j] : 0.2 * bias[j]));
            }
            double[] sum = new double[d];
            double sumSq = 0, first = 0, largest = 0;
            for (double[] gt : g) {
                double n2 = 0;
                for (int j = 0; j < d; j++) {
                    sum[j] += gt[j];
                    n2 += gt[j] * gt[j];
                }
                sumSq += n2;
                if (first == 0) first = Math.sqrt(n2);
                largest = Math.max(largest, Math.sqrt(n2));
            }
            Projection ball = Projection.ball(radius);
            for (StepRule rule : new StepRule[] {StepRule.dog(), StepRule.dowg(), StepRule.freeGrad(radius)}) {
                double[][] x = play(rule, ball, new double[d], g);
                double loss = 0;
                for (int t = 0; t < steps; t++) loss += dot(g[t], x[t]);
                // Linear losses: the best u in the ball is −R·Σg/‖Σg‖; regret against u = 0 too.
                double best = loss + radius * norm(sum), toZero = loss;
                double bound, boundZero;
                if (rule.name().equals("dog") || rule.name().equals("dowg")) {
                    double[] u = sum.clone();
                    for (int j = 0; j < d; j++) u[j] *= -radius / norm(sum);
                    boolean w = rule.name().equals("dowg");
                    bound = w ? dowgBound(x, g, u) : dogBound(x, g, u);
                    boundZero = w ? dowgBound(x, g, new double[d]) : dogBound(x, g, new double[d]);
                } else {
                    bound = StepRule.freeGradBound(radius, radius, sumSq, first, largest);
                    boundZero = StepRule.freeGradBound(radius, 0, sumSq, first, largest);
                }
                assertTrue(best <= bound, rule.name() + " seed " + seed + ": regret " + best + " > " + bound);
                assertTrue(toZero <= boundZero, rule.name() + " seed " + seed + ": regret to 0 " + toZero + " > " + boundZero);
                // The bounds are not vacuous here: below the trivial 2R·Σ‖g‖.
                double trivial = 0;
                for (double[] gt : g) trivial += 2 * radius * norm(gt);
                assertTrue(bound < trivial, rule.name() + " bound " + bound + " vs trivial " + trivial);
                for (double[] xt : x) assertTrue(norm(xt) <= radius * (1 + 1e-12));
            }
        }
    }

    /**
     * DoG's unweighted regret bound against u, recomputed from the iterates (x[k] is where g[k] is taken):
     * B_k = r̄_{k+1}(2d̄_{k+1} + r̄_{k+1})√S_k bounds the weighted regret Σ_{j≤k} r̄_j⟨g_j, x_j − u⟩ (Ivgi et al.'s
     * Lemma, projected), and Abel summation with 1/r̄ non-increasing gives
     * Regret_T(u) ≤ B_T/r̄_T + Σ_{k<T} B_k (1/r̄_k − 1/r̄_{k+1}).
     */
    private static double dogBound(double[][] x, double[][] g, double[] u) {
        int steps = g.length;
        double[] rBar = new double[steps + 1], dBar = new double[steps + 1], sqrtS = new double[steps];
        double r = 1e-6 * (1 + norm(x[0])), dd = 0, s = 0;
        for (int k = 0; k <= steps; k++) {
            r = Math.max(r, distance(x[k], x[0]));
            dd = Math.max(dd, distance(x[k], u));
            rBar[k] = r;
            dBar[k] = dd;
            if (k < steps) {
                s += dot(g[k], g[k]);
                sqrtS[k] = Math.sqrt(s);
            }
        }
        double bound = 0;
        for (int k = 0; k < steps; k++) {
            double b = rBar[k + 1] * (2 * dBar[k + 1] + rBar[k + 1]) * sqrtS[k];
            bound += k == steps - 1 ? b / rBar[k] : b * (1 / rBar[k] - 1 / rBar[k + 1]);
        }
        return bound;
    }

    /**
     * DoWG's regret bound against u (derived in docs/algorithms.md), recomputed from the iterates: with
     * v_k = Σ_{j≤k} r̄_j²‖g_j‖² and d_0 = ‖x_0 − u‖, B_k = (2r̄_{k+1}(d_0 + r̄_{k+1}) + r̄_k²)√v_k bounds the weighted
     * regret Σ_{j≤k} r̄_j²⟨g_j, x_j − u⟩, and Abel summation with 1/r̄² non-increasing gives
     * Regret_T(u) ≤ B_T/r̄_T² + Σ_{k&lt;T} B_k (1/r̄_k² − 1/r̄_{k+1}²).
     */
    private static double dowgBound(double[][] x, double[][] g, double[] u) {
        int steps = g.length;
        double[] rBar = new double[steps + 1];
        double r = 1e-6 * (1 + norm(x[0]));
        for (int k = 0; k <= steps; k++) rBar[k] = r = Math.max(r, distance(x[k], x[0]));
        double d0 = distance(x[0], u), v = 0, bound = 0;
        for (int k = 0; k < steps; k++) {
            v += rBar[k] * rBar[k] * dot(g[k], g[k]);
            double b = (2 * rBar[k + 1] * (d0 + rBar[k + 1]) + rBar[k] * rBar[k]) * Math.sqrt(v);
            double rr = rBar[k] * rBar[k];
            bound += k == steps - 1 ? b / rr : b * (1 / rr - 1 / (rBar[k + 1] * rBar[k + 1]));
        }
        return bound;
    }

    private static double distance(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (a[i] - b[i]) * (a[i] - b[i]);
        return Math.sqrt(s);
    }

    @Test
    void freeGradBoundAgreesWithABruteForceMaximum() {
        // sup over γ of aγ − c·exp(γ²/(2V+2hγ)) by a fine grid, against the bisection.
        double radius = 2, u = 1.5, sumSq = 40, first = 1, largest = 4;
        double v = first * first + sumSq, a = u / radius, c = first * first / Math.sqrt(v), sup = -c;
        for (double gam = 0; gam < 500; gam += 1e-4) sup = Math.max(sup, a * gam - c * Math.exp(gam * gam / (2 * v + 2 * largest * gam)));
        assertEquals(2 * radius * (sup + largest), StepRule.freeGradBound(radius, u, sumSq, first, largest), 1e-6);
    }

    @Test
    void delayedSumsAndThreadCounts() {
        int agents = 40, steps = 60, dk = 2, dv = 2;
        SplittableRandom rnd = new SplittableRandom(11);
        InterestMatrix w = RandomInstances.interest(rnd, agents, 0.2);
        ArrayStream data = ArrayStream.random(5, agents, steps, dk, dv, 2);
        // v = M k with a fixed M (‖M‖_F ≈ 1.6 < R): a memory can learn it, X = 0 cannot.
        double[][] mm = {{1, -0.5}, {0.7, 1}};
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
        for (StepRule rule : new StepRule[] {StepRule.dog(), StepRule.dowg(), StepRule.freeGrad(2)}) {
            Protocol[] ps = {
                    new OgdProtocol(w, cost, ball, new double[agents]).withStepRule(rule),
                    new LocalProtocol(w, cost, ball, new double[agents]).withStepRule(rule),
                    new CdogdProtocol(w, mh, cost, ball, new double[agents]).withStepRule(rule),
                    new DdamTogdProtocol("ddam", w, tau, cost, ball, new double[agents]).withStepRule(rule)};
            for (Protocol p : ps) {
                Recorder one = Recorder.run(p, data, steps), two = Recorder.run(p.withThreads(3), data, steps);
                for (int t = 1; t <= steps; t++) {
                    for (int n = 0; n < agents; n++) assertArrayEquals(one.x[t][n], two.x[t][n], 0.0, rule.name() + " " + p.name());
                }
                RunMetrics m = RegretMeter.measure(p, data, w, cost, ball, steps, false);
                RunMetrics still = RegretMeter.measure(withEta(p, w, cost, ball, tau, mh, agents), data, w, cost, ball, steps, false);
                assertTrue(m.totalLoss() < still.totalLoss(), rule.name() + " " + p.name() + " learns: " + m.totalLoss() + " vs " + still.totalLoss());
            }
        }
    }

    /** The same protocol with η = 0 (memories stay at 0): the loss a rule that learns must beat. */
    private static Protocol withEta(Protocol p, InterestMatrix w, DeltaNetCost cost, Projection ball, long[][] tau,
                                    ConsensusWeights mh, int agents) {
        double[] zero = new double[agents];
        return switch (p.name()) {
            case "ogd" -> new OgdProtocol(w, cost, ball, zero);
            case "local" -> new LocalProtocol(w, cost, ball, zero);
            case "cdogd" -> new CdogdProtocol(w, mh, cost, ball, zero);
            default -> new DdamTogdProtocol("ddam", w, tau, cost, ball, zero);
        };
    }

    @Test
    void badParametersAreRejected() {
        assertThrows(DdamInputException.class, () -> StepRule.freeGrad(Double.POSITIVE_INFINITY));
        assertThrows(DdamInputException.class, () -> StepRule.dog(0));
        assertThrows(DdamInputException.class, () -> StepRule.dog(Double.NaN));
    }

    static double[][] scale(double[][] g, double c) {
        double[][] out = new double[g.length][];
        for (int t = 0; t < g.length; t++) {
            out[t] = g[t].clone();
            for (int j = 0; j < out[t].length; j++) out[t][j] *= c;
        }
        return out;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) { return Math.sqrt(dot(a, a)); }
}
