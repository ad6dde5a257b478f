package io.ddam.online.protocol;

import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;

/**
 * Improved Ader (Zhang, Lu &amp; Zhou, NeurIPS 2018, "Adaptive online learning in dynamic environments",
 * Algorithms 3–4): a meta-learner over a fixed geometric grid of constant step sizes, per agent, with the
 * surrogate linear loss so that one gradient per step serves every expert. Nothing in it is tuned: the grid,
 * the prior and the meta rate are the paper's, computed from the diameter D = 2R, the horizon T and the
 * running maximum G_t of the agent's gradient norms (the paper's G, unknown here, replaced by the clipping of
 * Cutkosky, COLT 2019: each gradient is clipped to the previous maximum, the first is taken as it is).
 *
 * <p>The paper's experts i = 1..K, K = ⌈½ log₂(1 + 4T/7)⌉ + 1, have η_i = 2^{i−1} √(7D² / (2 G_t² T)); its
 * smallest step is the static optimum for a comparator about 1.9D away, so with a loose ball (D = 2R) every
 * expert may be too fast. The grid is therefore continued downwards by L = ⌈½ log₂(3.5T)⌉ halvings, to the step
 * D/(G_t T) that moves the memory at most D over the whole run (fixed from T alone; the same on every data set).
 * The K + L experts, numbered from the smallest step, run projected OGD on the linear losses ⟨g̃_t, ·⟩; the
 * meta-learner plays x_t = Σ_i w_i x_{t,i} with w_i ∝ π_i exp(−β_t L_i), the paper's prior
 * π_i = (1 + 1/M)/(i(i+1)) over the M = K + L experts, L_i = Σ_s ⟨g̃_s, x_{s,i}⟩ and the paper's rate
 * β_t = √(8/T)/(G_t D).
 * Multiplying every gradient by c &gt; 0 multiplies G_t by c and leaves every η_i g̃ and β_t L_i unchanged,
 * so the iterates do not change (scale-free, up to rounding). With G known and no clipping the paper's main
 * theorem bounds the dynamic regret against any comparators u_1..u_T in the ball with path length
 * P_T = Σ‖u_t − u_{t−1}‖ by (3G/4)√(2T(7D² + 4D P_T)) + (√(2T) G D/4)(1 + 2 ln(k + 1)),
 * k = ⌊½ log₂(1 + 4P_T/(7D))⌋ + 1 (with the longer grid the prior term grows by ln of the larger M). With the
 * running maximum the static regret against any u in the ball is at most
 * G_T [D + min_i (D²/(2c_i) + c_i T/2 + D√(T/8)(1 + ln(1/π_i)))], c_i = η_i G ({@link #staticBound}).
 *
 * <p>Each expert applies the gradient sum the agent applies (for DDAM-TOGD the delayed gradients that arrived),
 * and the meta weights use ⟨g, x_i⟩ at the experts' current points. Over consensus (C-DOGD) every agent
 * mixes its neighbours' expert points with A before its own expert steps (distributed OGD per expert).
 */
final class Ader implements StepRule {
    private final double diameter;
    private final long horizon;
    private final int experts;
    private final int below;
    private final double[] prior;

    Ader(double radius, long horizon) {
        if (!(radius > 0) || Double.isInfinite(radius)) {
            throw new DdamInputException("ader needs a finite projection radius, not " + radius);
        }
        if (horizon < 1) throw new DdamInputException("ader needs a horizon of at least 1 step, not " + horizon);
        this.diameter = 2 * radius;
        this.horizon = horizon;
        this.below = halvingsBelow(horizon);
        this.experts = expertCount(horizon) + below;
        this.prior = new double[experts];
        for (int i = 1; i <= experts; i++) prior[i - 1] = (1 + 1.0 / experts) / ((double) i * (i + 1)); // smallest step first
    }

    /** K = ⌈½ log₂(1 + 4T/7)⌉ + 1, the paper's grid size. */
    static int expertCount(long horizon) {
        return (int) Math.ceil(0.5 * Math.log(1 + 4.0 * horizon / 7) / Math.log(2)) + 1;
    }

    /**
     * L = ⌈½ log₂(3.5T)⌉, the halvings below the paper's smallest step √(7D²/(2G²T)) that reach D/(GT), the step
     * that moves the memory at most D (the diameter) over the whole run.
     */
    static int halvingsBelow(long horizon) {
        return (int) Math.ceil(0.5 * Math.log(3.5 * horizon) / Math.log(2));
    }

    /** η_j·G = 2^{j−L} √(7D²/(2T)) (the step size times the gradient bound), j = 0..L+K−1 from the smallest. */
    double stepTimesG(int j) { return Math.scalb(Math.sqrt(7 * diameter * diameter / (2.0 * horizon)), j - below); }

    /** β·G = √(8/T)/D (the meta rate times the gradient bound). */
    double rateTimesG() { return Math.sqrt(8.0 / horizon) / diameter; }

    int experts() { return experts; }

    /**
     * The static-regret bound of the class comment for a run whose largest gradient norm is {@code largest}:
     * clipping costs at most D·G_T; expert i (projected OGD with non-increasing steps c_i/G_t) has regret at most
     * D²G_T/(2c_i) + c_i T G_T/2 on the clipped linear losses; Hedge with non-increasing rates β_t costs at most
     * ln(1/π_i)/β_T + Σ_t β_t ‖g̃_t‖² D²/8 ≤ G_T D √(T/8)(1 + ln(1/π_i)) against it.
     */
    double staticBound(double largest) {
        double best = Double.POSITIVE_INFINITY;
        for (int i = 0; i < experts; i++) {
            double c = stepTimesG(i);
            best = Math.min(best, diameter * diameter / (2 * c) + c * horizon / 2
                    + diameter * Math.sqrt(horizon / 8.0) * (1 + Math.log(1 / prior[i])));
        }
        return largest * (diameter + best);
    }

    @Override public String name() { return "ader"; }

    /** Clips agent n's gradient to the previous maximum h[n] and raises it; returns the factor applied to g (0: skip). */
    private static double clip(double[] h, int n, double[] g) {
        double gn = 0;
        for (double a : g) gn += a * a;
        gn = Math.sqrt(gn);
        if (gn == 0) return 0;
        if (h[n] == 0) {
            h[n] = gn;
            return 1;
        }
        if (gn > h[n]) {
            double s = h[n] / gn;
            h[n] = gn;
            return s;
        }
        return 1;
    }

    /** x = Σ_i w_i pts_i, w_i ∝ π_i exp(−β(L_i − min L)), β = rateTimesG / G. */
    private void play(double[] loss, double g, double[] pts, int size, double[] x) {
        double beta = rateTimesG() / g;
        double min = Double.POSITIVE_INFINITY;
        for (double l : loss) min = Math.min(min, l);
        double total = 0;
        double[] w = new double[experts];
        for (int i = 0; i < experts; i++) {
            w[i] = prior[i] * Math.exp(-beta * (loss[i] - min));
            total += w[i];
        }
        java.util.Arrays.fill(x, 0.0);
        for (int i = 0; i < experts; i++) {
            double wi = w[i] / total;
            for (int j = 0, o = i * size; j < size; j++) x[j] += wi * pts[o + j];
        }
    }

    @Override
    public Stepper start(int agents, int size, Projection projection) {
        double[][] points = new double[agents][];      // K expert points per agent, flat (set at its first step)
        double[][] loss = new double[agents][experts]; // L_i
        double[] h = new double[agents];               // G_t, the running maximum of ‖g‖
        double[][] scratch = new double[agents][];
        return (n, x, g) -> {
            double[] pts = points[n];
            if (pts == null) { // every expert starts at the agent's first point
                pts = points[n] = new double[experts * size];
                for (int i = 0; i < experts; i++) System.arraycopy(x, 0, pts, i * size, size);
                scratch[n] = new double[size];
            }
            double s = clip(h, n, g);
            if (s == 0) return; // no gradient: nothing learnt
            double[] ln = loss[n];
            stepExperts(pts, pts, pts, ln, s, h[n], g, size, scratch[n], projection);
            play(ln, h[n], pts, size, x);
        };
    }

    /**
     * Every expert's step on the clipped gradient s·g: its surrogate loss ⟨s·g, x_i⟩ at {@code scored} joins its total,
     * and {@code from} − (c_i/h)·s·g, projected, goes to {@code to} (expert i at offset i·size in each; {@code to} may be
     * {@code from} or {@code scored}: each expert's block is read before it is written).
     */
    private void stepExperts(double[] scored, double[] from, double[] to, double[] totals, double s, double h, double[] g, int size,
                             double[] e, Projection projection) {
        for (int i = 0; i < experts; i++) {
            int o = i * size;
            double l = 0;
            for (int j = 0; j < size; j++) l += g[j] * scored[o + j];
            totals[i] += s * l;
            double eta = stepTimesG(i) / h;
            for (int j = 0; j < size; j++) e[j] = from[o + j] - eta * s * g[j];
            projection.project(e);
            System.arraycopy(e, 0, to, o, size);
        }
    }

    @Override
    public ConsensusStepper startConsensus(int agents, int size, Projection projection) {
        int flat = experts * size;
        double[][][] points = {new double[agents][flat], new double[agents][flat]}; // [0] read at t, [1] written
        double[][] loss = new double[agents][experts];
        double[] h = new double[agents];
        double[][] scratch = new double[agents][size];
        return new ConsensusStepper() {
            @Override
            public void step(int n, int[] support, double[] weights, int count, double[] x, double[] g) {
                double[] own = points[0][n], next = points[1][n], e = scratch[n];
                java.util.Arrays.fill(next, 0.0);
                for (int k = 0; k < count; k++) {
                    double a = weights[k];
                    double[] pm = points[0][support[k]];
                    for (int j = 0; j < flat; j++) next[j] += a * pm[j];
                }
                double s = clip(h, n, g);
                double[] ln = loss[n];
                if (s != 0) stepExperts(own, next, next, ln, s, h[n], g, size, e, projection);
                if (h[n] == 0) { // no gradient yet: the prior mix of the mixed experts
                    java.util.Arrays.fill(x, 0.0);
                    double total = 0;
                    for (double p : prior) total += p;
                    for (int i = 0; i < experts; i++) {
                        for (int j = 0; j < size; j++) x[j] += prior[i] / total * next[i * size + j];
                    }
                    return;
                }
                play(ln, h[n], next, size, x);
            }

            @Override
            public void endStep() {
                double[][] t = points[0];
                points[0] = points[1];
                points[1] = t;
            }
        };
    }
}
