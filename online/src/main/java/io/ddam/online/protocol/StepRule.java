package io.ddam.online.protocol;

import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;

/**
 * How an agent turns the gradient it has at a step into its next memory: the step-size part of
 * eqs. (6), (11) and (14). The protocols apply it to exactly the gradient sum they would multiply by
 * η_n — for DDAM-TOGD the delayed gradients that have arrived — so an adaptive rule adapts to the
 * gradients the agent actually has. Besides constant η (the protocols' own path when no rule is set),
 * five rules need no step size at all (method.md §5, open question 3); only {@link #dog}, {@link #dowg} and
 * {@link #freeGrad} need no scale either (docs/algorithms.md, "Step rules with nothing to tune"):
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
 *   <li>{@link #dog} — projected DoG, "distance over gradients" (Ivgi, Hinder &amp; Carmon, ICML 2023):
 *   η_t = r̄_t / √(Σ_{i≤t} ‖g_i‖²), r̄_t = max(r_ε, max_{i≤t} ‖x_i − x_0‖), r_ε = 10⁻⁶(1 + ‖x_0‖), then the
 *   projection. x_0 is the agent's point at its first step. It needs neither R nor G; multiplying every
 *   gradient by c &gt; 0 leaves the iterates unchanged (scale-free). Run-dependent bound (derived in
 *   docs/algorithms.md from the projected-OGD inequality): for every u in the ball,
 *   Regret_T(u) ≤ D² Σ_t (√S_t − √S_{t−1}) / (2 r̄_t) + Σ_t r̄_t ‖g_t‖² / (2√S_t), S_t = Σ_{i≤t} ‖g_i‖²,
 *   which is O(D² √S_T / r̄_T + r̄_T √S_T) once r̄ has grown to the scale of D.</li>
 *   <li>{@link #dowg} — projected DoWG (Khaled, Mishchenko &amp; Jin, NeurIPS 2023): DoG with each squared
 *   gradient weighted by r̄_i², η_t = r̄_t² / √(Σ_{i≤t} r̄_i² ‖g_i‖²). Scale-free, needs neither R nor G.</li>
 *   <li>{@link #freeGrad} — FreeGrad (Mhammedi &amp; Koolen, COLT 2020, eq. 9 with initial wealth ε = 1):
 *   w_{t+1} = −G_t (2V_t + h_t‖G_t‖) h_1² / (2 (V_t + h_t‖G_t‖)² √V_t) · exp(‖G_t‖² / (2V_t + 2h_t‖G_t‖)),
 *   G_t = Σ_{s≤t} ĝ_s, V_t = h_1² + Σ_{s≤t} ‖ĝ_s‖², h_1 the first non-zero gradient norm, h_t the running
 *   maximum. Gradients are clipped to the previous maximum h_{t−1} (Cutkosky, COLT 2019), so neither L nor
 *   ‖u‖ is needed, and it is put on the ball by the same reduction as coin betting (play y_t = R·Π_unit(w_t),
 *   feed ĝ_t = ½(g̃_t + ‖g̃_t‖ s_t)). Scale-free in the gradients. Bound: see {@link #freeGradBound}.</li>
 * </ul>
 * The theorem bounds of {@link io.ddam.online.metrics.TheoremBounds} assume constant η, so runs with these
 * rules report no theorem bound. All rules are deterministic and per agent (bitwise the same on any
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

    /**
     * Fresh state for one consensus run (C-DOGD), for a rule whose state is a sum of past gradients and so
     * is mixed with A in place of the memories (distributed dual averaging, Duchi, Agarwal &amp; Wainwright,
     * IEEE TAC 2012). The default, {@code null}, means the rule has no such form and C-DOGD applies
     * {@link #start}'s stepper to the mixed memory instead.
     *
     * @param agents     N
     * @param size       entries of one memory
     * @param projection the protocol's 𝒳
     * @return the per-run consensus stepper, or {@code null}
     */
    default ConsensusStepper startConsensus(int agents, int size, Projection projection) { return null; }

    /**
     * The per-run state of a rule run over consensus: every agent mixes its neighbours' dual states (gradient
     * sums and their squared norms) with A and adds its own gradient, then plays the rule's point of the
     * mixed state. States are double-buffered like C-DOGD's memories.
     */
    interface ConsensusStepper {
        /**
         * Writes agent n's next memory from the mixed state of step t and its own gradient. Reads the
         * step-t states of the agents in {@code support} only, writes agent n's step-(t+1) state only, so
         * calls for different agents may run concurrently within a step.
         *
         * @param n       the agent
         * @param support the agents agent n mixes (A's row support)
         * @param weights a_{n,m} for the agents of {@code support}
         * @param count   how many entries of {@code support} and {@code weights} are used
         * @param x       X_{n,t+1} on return (its content on entry is ignored)
         * @param g       agent n's gradient at X_{n,t} (read only)
         */
        void step(int n, int[] support, double[] weights, int count, double[] x, double[] g);

        /** Ends a step: the states just written become the ones read at the next step. */
        void endStep();
    }

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

    /**
     * Projected DoG per agent (Ivgi, Hinder &amp; Carmon 2023) with r_ε = 10⁻⁶(1 + ‖x_0‖).
     *
     * @return the rule
     */
    static StepRule dog() { return dog(1e-6); }

    /**
     * Projected DoG per agent with r_ε = {@code relativeEpsilon}·(1 + ‖x_0‖).
     *
     * @param relativeEpsilon the first step's length relative to 1 + ‖x_0‖, positive and finite
     * @return the rule
     * @throws DdamInputException if {@code relativeEpsilon} is not positive and finite
     */
    static StepRule dog(double relativeEpsilon) {
        if (!(relativeEpsilon > 0) || Double.isInfinite(relativeEpsilon)) {
            throw new DdamInputException("DoG needs a positive finite r_eps, not " + relativeEpsilon);
        }
        return new StepRule() {
            @Override public String name() { return "dog"; }

            @Override
            public Stepper start(int agents, int size, Projection projection) {
                double[][] origin = new double[agents][];   // x_0 per agent, set at its first step
                double[] rBar = new double[agents];          // r̄_t
                double[] sumSq = new double[agents];         // Σ‖g_i‖²
                return (n, x, g) -> {
                    double[] x0 = origin[n];
                    if (x0 == null) { // first step of agent n: this is x_0 (allocated once per agent and run)
                        x0 = origin[n] = x.clone();
                        double norm = 0;
                        for (double v : x) norm += v * v;
                        rBar[n] = relativeEpsilon * (1 + Math.sqrt(norm));
                    }
                    double d = 0;
                    for (int j = 0; j < x.length; j++) {
                        double e = x[j] - x0[j];
                        d += e * e;
                    }
                    d = Math.sqrt(d);
                    if (d > rBar[n]) rBar[n] = d;
                    double s = 0;
                    for (double v : g) s += v * v;
                    sumSq[n] += s;
                    if (sumSq[n] == 0) return; // no gradient yet: nothing to do
                    double eta = rBar[n] / Math.sqrt(sumSq[n]);
                    for (int j = 0; j < x.length; j++) x[j] -= eta * g[j];
                    projection.project(x);
                };
            }
        };
    }

    /**
     * Projected DoWG per agent, "distance over weighted gradients" (Khaled, Mishchenko &amp; Jin, NeurIPS 2023):
     * r̄_t = max(r_ε, max_{i≤t} ‖x_i − x_0‖), v_t = Σ_{i≤t} r̄_i² ‖g_i‖², η_t = r̄_t² / √v_t, then the projection;
     * r_ε = 10⁻⁶(1 + ‖x_0‖) as for {@link #dog}. Weighting each squared gradient by r̄_i² keeps the large
     * gradients of the first steps (taken near x_0, while r̄ is still tiny) from fixing the step for good, which
     * is what DoG's plain sum does; r̄ grows geometrically (×1.84 per step on a constant gradient) instead of
     * like exp(2√t). Scale-free in the gradients, needs neither R nor G. Bound: docs/algorithms.md.
     *
     * @return the rule
     */
    static StepRule dowg() {
        return new StepRule() {
            @Override public String name() { return "dowg"; }

            @Override
            public Stepper start(int agents, int size, Projection projection) {
                double[][] origin = new double[agents][];   // x_0 per agent, set at its first step
                double[] rBar = new double[agents];          // r̄_t
                double[] weighted = new double[agents];      // v_t = Σ r̄_i² ‖g_i‖²
                return (n, x, g) -> {
                    double[] x0 = origin[n];
                    if (x0 == null) {
                        x0 = origin[n] = x.clone();
                        double norm = 0;
                        for (double v : x) norm += v * v;
                        rBar[n] = 1e-6 * (1 + Math.sqrt(norm));
                    }
                    double d = 0;
                    for (int j = 0; j < x.length; j++) {
                        double e = x[j] - x0[j];
                        d += e * e;
                    }
                    d = Math.sqrt(d);
                    if (d > rBar[n]) rBar[n] = d;
                    double s = 0;
                    for (double v : g) s += v * v;
                    double r2 = rBar[n] * rBar[n];
                    weighted[n] += r2 * s;
                    if (weighted[n] == 0) return; // no gradient yet: nothing to do
                    double eta = r2 / Math.sqrt(weighted[n]);
                    for (int j = 0; j < x.length; j++) x[j] -= eta * g[j];
                    projection.project(x);
                };
            }
        };
    }

    /**
     * Improved Ader per agent (Zhang, Lu &amp; Zhou 2018): exponential weights over the paper's geometric grid of
     * constant step sizes, each expert running projected OGD on the surrogate linear loss, with the gradient bound
     * replaced by the running maximum of the agent's gradient norms (clipped as Cutkosky 2019). Scale-free in the
     * gradients; it needs the horizon T (the grid and the meta rate are the paper's for T) and R, nothing tuned.
     *
     * @param radius  R (finite)
     * @param horizon T, the steps the agents will take (at least 1)
     * @return the rule
     * @throws DdamInputException if R is not finite and positive or T &lt; 1
     */
    static StepRule ader(double radius, long horizon) { return new Ader(radius, horizon); }

    /**
     * FreeGrad per agent on the ball of radius R (Mhammedi &amp; Koolen 2020, initial wealth ε = 1), with
     * gradient clipping to the running maximum (Cutkosky 2019) and the constrained-domain reduction
     * (Cutkosky &amp; Orabona 2018). Works in unit-ball units (y = x/R); being scale-free it needs no
     * gradient rescaling for that.
     *
     * @param radius R (finite)
     * @return the rule
     * @throws DdamInputException if R is not finite and positive
     */
    static StepRule freeGrad(double radius) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new DdamInputException("freegrad needs a finite projection radius, not " + radius);
        }
        return new StepRule() {
            @Override public String name() { return "freegrad"; }

            @Override
            public Stepper start(int agents, int size, Projection projection) {
                double[][] sum = new double[agents][size]; // G_t = Σ ĝ_s
                double[] v = new double[agents];           // V_t = h_1² + Σ ‖ĝ_s‖²
                double[] h1 = new double[agents];          // first non-zero ‖g‖ (0: none yet)
                double[] h = new double[agents];           // running max ‖g‖
                double[] mag = new double[agents];         // ‖w_t‖ (may be +∞); w_t = −mag·G/‖G‖
                double[] gNorm = new double[agents];       // ‖G_t‖
                return (n, x, g) -> {
                    double gn = 0;
                    for (double a : g) gn += a * a;
                    gn = Math.sqrt(gn);
                    if (gn == 0) return; // nothing learnt: keep playing the same point
                    double scale = 1;
                    if (h1[n] == 0) {
                        h1[n] = h[n] = gn;
                        v[n] = gn * gn;
                    } else if (gn > h[n]) {
                        scale = h[n] / gn; // clip to the previous maximum, then raise it
                        h[n] = gn;
                    }
                    double cn = gn * scale;
                    double[] gs = sum[n];
                    // Reduction: outside the unit ball, add ‖g̃‖ times the outward normal −G/‖G‖ (w ∥ −G); each
                    // entry reads the old G_j before adding to it.
                    double sCoef = mag[n] > 1 ? -cn / gNorm[n] : 0;
                    double sq = 0;
                    for (int j = 0; j < size; j++) {
                        double gt = 0.5 * (g[j] * scale + sCoef * gs[j]);
                        sq += gt * gt;
                        gs[j] += gt;
                    }
                    v[n] += sq;
                    double big = 0;
                    for (double a : gs) big += a * a;
                    big = Math.sqrt(big);
                    gNorm[n] = big;
                    double m = freeGradMagnitude(big, v[n], h[n], h1[n]);
                    mag[n] = m;
                    // x = R·Π_unit(w) = −R·min(m, 1)·G/‖G‖.
                    double f = big == 0 ? 0 : -radius * Math.min(m, 1) / big;
                    for (int j = 0; j < size; j++) x[j] = f * gs[j];
                };
            }

            @Override
            public ConsensusStepper startConsensus(int agents, int size, Projection projection) {
                // Dual states, double-buffered: [0] read at step t, [1] written for step t + 1.
                double[][][] sum = {new double[agents][size], new double[agents][size]}; // G_n
                double[][] v = {new double[agents], new double[agents]};                  // V_n
                double[][] mag = {new double[agents], new double[agents]};                // ‖w_n‖
                double[][] gNorm = {new double[agents], new double[agents]};              // ‖G_n‖
                double[] h1 = new double[agents];                                         // own first non-zero ‖g‖
                double[] h = new double[agents];                                          // own running max ‖g‖
                return new ConsensusStepper() {
                    @Override
                    public void step(int n, int[] support, double[] weights, int count, double[] x, double[] g) {
                        double gn = 0;
                        for (double a : g) gn += a * a;
                        gn = Math.sqrt(gn);
                        double scale = 1, init = 0;
                        if (gn > 0 && h1[n] == 0) {
                            h1[n] = h[n] = gn;
                            init = gn * gn; // V gains h_1² once, as in FreeGrad
                        } else if (gn > h[n]) {
                            scale = h[n] / gn;
                            h[n] = gn;
                        }
                        double cn = gn * scale;
                        double[] own = sum[0][n], next = sum[1][n];
                        // Reduction on agent n's own prediction w_n = −‖w_n‖ G_n/‖G_n‖ (it played Π(w_n)).
                        double sCoef = mag[0][n] > 1 ? -cn / gNorm[0][n] : 0;
                        double vn = 0;
                        java.util.Arrays.fill(next, 0.0);
                        for (int i = 0; i < count; i++) {
                            double a = weights[i];
                            double[] gm = sum[0][support[i]];
                            for (int j = 0; j < size; j++) next[j] += a * gm[j];
                            vn += a * v[0][support[i]];
                        }
                        double sq = 0;
                        for (int j = 0; j < size; j++) {
                            double gt = 0.5 * (g[j] * scale + sCoef * own[j]);
                            sq += gt * gt;
                            next[j] += gt;
                        }
                        vn += sq + init;
                        v[1][n] = vn;
                        double big = 0;
                        for (double a : next) big += a * a;
                        big = Math.sqrt(big);
                        gNorm[1][n] = big;
                        double m = h1[n] == 0 || vn == 0 ? 0 : freeGradMagnitude(big, vn, h[n], h1[n]);
                        mag[1][n] = m;
                        double f = big == 0 ? 0 : -radius * Math.min(m, 1) / big;
                        for (int j = 0; j < size; j++) x[j] = f * next[j];
                    }

                    @Override
                    public void endStep() {
                        double[][] s0 = sum[0];
                        sum[0] = sum[1];
                        sum[1] = s0;
                        double[] t = v[0];
                        v[0] = v[1];
                        v[1] = t;
                        t = mag[0];
                        mag[0] = mag[1];
                        mag[1] = t;
                        t = gNorm[0];
                        gNorm[0] = gNorm[1];
                        gNorm[1] = t;
                    }
                };
            }
        };
    }

    /**
     * ‖w‖ = ‖G‖ (2V + h‖G‖) h_1² / (2 (V + h‖G‖)² √V) · exp(‖G‖²/(2V + 2h‖G‖)), FreeGrad's prediction's length,
     * computed in logs so that a large exponent gives +∞ rather than a NaN.
     */
    private static double freeGradMagnitude(double big, double vn, double hn, double first) {
        double hg = hn * big;
        return big == 0 ? 0
                : Math.exp(big * big / (2 * vn + 2 * hg)
                        + Math.log(big * (2 * vn + hg) * first * first / (2 * (vn + hg) * (vn + hg) * Math.sqrt(vn))));
    }

    /**
     * FreeGrad's regret bound on the ball (after the reductions), computable from the gradients alone:
     * Regret_T(u) ≤ 2R [h_T + sup_{γ≥0} (γ‖u‖/R − h_1² V̄^{−½} exp(γ² / (2V̄ + 2h_Tγ)))] with
     * V̄ = h_1² + Σ_t ‖g_t‖², h_1 the first non-zero and h_T the largest gradient norm. The 2R comes from the
     * ball reduction (regret of the played point ≤ 2× the base learner's on ĝ, in unit-ball units), h_T − h_1
     * from clipping (‖y − u/R‖ ≤ 2 and Σ_t (‖g_t‖ − h_{t−1})⁺ telescopes), and h_1 + sup(...) bounds the base
     * learner's Ψ_0 − Ψ_T − ⟨G_T, u/R⟩ (Ψ_0 = h_1) with the potential Ψ(G, V, h) = h_1² V^{−½} exp(‖G‖²/(2V + 2h‖G‖)) of
     * Mhammedi &amp; Koolen (non-increasing along the run), maximised over ‖G_T‖ and made monotone in V and h.
     *
     * @param radius  R
     * @param uNorm   ‖u‖ ≤ R
     * @param sumSq   Σ_t ‖g_t‖²
     * @param first   h_1, the first non-zero gradient norm
     * @param largest h_T, the largest gradient norm
     * @return the bound (0 when no gradient was ever non-zero)
     */
    static double freeGradBound(double radius, double uNorm, double sumSq, double first, double largest) {
        if (first == 0) return 0;
        double vBar = first * first + sumSq, h = largest;
        double a = uNorm / radius, c = first * first / Math.sqrt(vBar);
        // f(γ) = aγ − c·exp(φ(γ)), φ(γ) = γ²/(2V̄ + 2hγ) is convex and increasing (φ'' = V̄²/(V̄+hγ)³ > 0), so f is
        // concave: its maximum is where f' = a − c·e^φ·φ' changes sign, found by doubling then bisection.
        double best = -c; // γ = 0
        if (a > 0) {
            double lo = 0, hi = Math.sqrt(vBar);
            while (freeGradSlope(hi, a, c, vBar, h) > 0) hi *= 2;
            for (int i = 0; i < 200; i++) {
                double mid = 0.5 * (lo + hi);
                if (freeGradSlope(mid, a, c, vBar, h) > 0) lo = mid; else hi = mid;
            }
            for (double gam : new double[] {lo, hi}) {
                best = Math.max(best, a * gam - c * Math.exp(gam * gam / (2 * vBar + 2 * h * gam)));
            }
        }
        return 2 * radius * (best + h);
    }

    private static double freeGradSlope(double gam, double a, double c, double v, double h) {
        double phi = gam * gam / (2 * v + 2 * h * gam);
        double dphi = gam * (2 * v + h * gam) / (2 * (v + h * gam) * (v + h * gam));
        return a - c * Math.exp(phi) * dphi;
    }
}
