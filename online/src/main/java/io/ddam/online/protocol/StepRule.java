package io.ddam.online.protocol;

import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;

/**
 * How an agent turns the gradient it has at a step into its next memory: the step-size part of
 * eqs. (6), (11) and (14). The protocols apply it to exactly the gradient sum they would multiply by
 * η_n — for DDAM-TOGD the delayed gradients that have arrived — so an adaptive rule adapts to the
 * gradients the agent actually has. Besides constant η (the protocols' own path when no rule is set),
 * two rules need no step size at all (method.md §5, open question 3):
 * <ul>
 *   <li>{@link #adagrad} — AdaGrad-norm per agent: η_{n,t} = D / √(2 Σ_{s≤t} ‖g_{n,s}‖²) with D = 2R,
 *   the diameter of the ball. Known bound (projected OGD with this rule, e.g. Orabona, "A Modern
 *   Introduction to Online Learning", Thm. 4.14): Regret_T(u) ≤ √2 D √(Σ_t ‖g_t‖²) for every u in the
 *   ball, without knowing T or G.</li>
 *   <li>{@link #coinBetting} — the Krichevsky–Trofimov bettor in Hilbert space (Orabona &amp; Pál 2016)
 *   on the unit ball through the constrained-domain reduction of Cutkosky &amp; Orabona (2018): the bettor
 *   predicts an unconstrained w_t, the agent plays y_t = Π(w_t) (scaled by R), and the bettor is fed
 *   g̃_t = ½(c_t + ‖c_t‖ s_t), c_t = g_t / L, s_t = w_t/‖w_t‖ when ‖w_t‖ &gt; 1 and 0 otherwise. With
 *   initial wealth ε = 1: Regret_T(u) ≤ 2LR (ε + √(T ln(1 + 24 T²/ε²))) for every ‖u‖ ≤ R, with no step
 *   size; L must bound the gradient norms (gradients above it are clipped to norm L).</li>
 * </ul>
 * The theorem bounds of {@link io.ddam.online.metrics.TheoremBounds} assume constant η, so runs with these
 * rules report no theorem bound. Both rules are deterministic and per agent (bitwise the same on any
 * thread count); their state is O(N·d_v·d_φ), allocated when a run starts.
 */
public interface StepRule {
    /**
     * Short name for results.
     *
     * @return e.g. {@code adagrad}
     */
    String name();

    /**
     * Fresh state for one run.
     *
     * @param agents     N
     * @param size       entries of one memory
     * @param projection the protocol's 𝒳
     * @return the per-run stepper
     */
    Stepper start(int agents, int size, Projection projection);

    /** The per-run state of a rule. */
    interface Stepper {
        /**
         * Replaces agent n's memory by the next one, given the gradient sum it applies now. Calls for
         * different agents may run concurrently; calls for one agent come in step order.
         *
         * @param n the agent
         * @param x X_{n,t} on entry (for consensus: the mixed point), X_{n,t+1} on return
         * @param g the gradient sum the agent applies (read only)
         */
        void step(int n, double[] x, double[] g);
    }

    /**
     * AdaGrad-norm per agent with D = 2R.
     *
     * @param radius R of the ball (finite)
     * @return the rule
     * @throws DdamInputException if R is not finite and positive
     */
    static StepRule adagrad(double radius) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new DdamInputException("adagrad needs a finite projection radius (D = 2R), not " + radius);
        }
        double d = 2 * radius;
        return new StepRule() {
            @Override public String name() { return "adagrad"; }

            @Override
            public Stepper start(int agents, int size, Projection projection) {
                double[] sum = new double[agents];
                return (n, x, g) -> {
                    double s = 0;
                    for (double v : g) s += v * v;
                    sum[n] += s;
                    if (sum[n] == 0) return; // no gradient yet: nothing to do
                    double eta = d / Math.sqrt(2 * sum[n]);
                    for (int j = 0; j < x.length; j++) x[j] -= eta * g[j];
                    projection.project(x);
                };
            }
        };
    }

    /**
     * KT coin-betting on the ball of radius R (Cutkosky &amp; Orabona's reduction), initial wealth 1.
     *
     * @param radius    R (finite)
     * @param lipschitz L_n per agent: bounds on the norms of the gradient sums the agents apply
     * @return the rule
     * @throws DdamInputException if R is not finite and positive or an L_n is not positive and finite
     */
    static StepRule coinBetting(double radius, double[] lipschitz) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new DdamInputException("coin betting needs a finite projection radius, not " + radius);
        }
        double[] l = lipschitz.clone();
        for (double v : l) {
            if (!(v > 0) || Double.isInfinite(v)) throw new DdamInputException("coin betting needs gradient bounds L > 0, not " + v);
        }
        return new StepRule() {
            @Override public String name() { return "coin"; }

            @Override
            public Stepper start(int agents, int size, Projection projection) {
                if (l.length != agents) throw new DdamInputException(l.length + " gradient bounds for " + agents + " agents");
                double[][] theta = new double[agents][size]; // −Σ g̃ (unit-ball units)
                double[][] w = new double[agents][size];     // the bettor's current prediction w_t
                double[] wealth = new double[agents];
                long[] count = new long[agents];
                java.util.Arrays.fill(wealth, 1.0);
                return (n, x, g) -> {
                    double[] wn = w[n], th = theta[n];
                    double gn = 0;
                    for (double v : g) gn += v * v;
                    gn = Math.sqrt(gn);
                    double scale = 1 / Math.max(l[n], gn); // c = g / L, clipped to norm ≤ 1
                    double cn = gn * scale;
                    double wNorm = 0;
                    for (double v : wn) wNorm += v * v;
                    wNorm = Math.sqrt(wNorm);
                    double sCoef = wNorm > 1 ? cn / wNorm : 0; // ‖c‖ s_t, s_t = w/‖w‖ outside the unit ball
                    double bet = 0;
                    for (int j = 0; j < size; j++) {
                        double gt = 0.5 * (g[j] * scale + sCoef * wn[j]);
                        bet += gt * wn[j];
                        th[j] -= gt;
                    }
                    wealth[n] -= bet;
                    long t = ++count[n];
                    double f = wealth[n] / (t + 1); // β_{t+1} = θ_{t+1}/(t+1); w_{t+1} = β_{t+1}·Wealth_t
                    double norm = 0;
                    for (int j = 0; j < size; j++) {
                        wn[j] = th[j] * f;
                        norm += wn[j] * wn[j];
                    }
                    double shrink = norm > 1 ? 1 / Math.sqrt(norm) : 1; // y = Π_unit(w), then x = R·y
                    for (int j = 0; j < size; j++) x[j] = radius * shrink * wn[j];
                };
            }
        };
    }
}
