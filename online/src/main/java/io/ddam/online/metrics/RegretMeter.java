package io.ddam.online.metrics;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.FeatureMap;
import io.ddam.online.model.LinearAttentionCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.Protocol;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;

/**
 * Measures a protocol run in the same pass as the run (method.md §1 and §4.2): the cumulative losses
 * L_n^T (eq. 2), the static hindsight comparators U_n^* (eq. 3) and hence S-Reg(T) (eq. 4), windowed
 * comparators (eq. 43) for any number of window lengths Ω with their dynamic regret (eq. 5) and path
 * length (eq. 8), Self- and Cross-NMSE (§4.2), the largest gradient norms met, and the data's key and
 * value ranges (for "measured" gradient bounds in {@link TheoremBounds}).
 *
 * <p>Use: {@code meter = new RegretMeter(...); protocol.run(meter.stream(), T, meter); meter.finish(trace)}.
 * The protocol must read {@link #stream()}, a pass-through that exposes the current step's data of
 * every agent to the meter when the protocol reports X_{n,t}. Nothing of the run is stored except, when a
 * trace is asked for, one double per step. {@link #iterate} allocates nothing.
 *
 * <p>Windows: Θ_k = {(k−1)Ω+1, …, kΩ} ∩ [1, T]; the last window may be shorter. Each window's
 * comparator is solved by {@link Hindsight} when the window closes and its loss is read from the
 * sufficient statistics. The static comparator is solved in {@link #finish} over the T steps run.
 * NMSE uses the recall X φ(k) (φ = identity for the linear-key costs).
 */
public final class RegretMeter implements Protocol.IterateListener {
    private final TappedStream tap;
    private final int agents;
    private final int iterations;
    private final int[][] support;
    private final double[][] weight;
    private final MemoryCost cost;
    private final FeatureMap phi;
    private final int[] windows;
    private final Hindsight[] staticH;
    private final Hindsight[][] windowH;
    private final double[][][] current;   // [window][n] last comparator U_{n,·}
    private final boolean[][] hasCurrent;
    private final double[] loss;
    private final double[][] windowLoss;
    private final double[][] path;
    private final double[] measuredG;
    private final double[] maxKey;
    private final double[] maxValue;
    private final double[] stepLoss;      // Σ_n loss at step t (for the trace); null without trace
    private final double[] grad;
    private final double[] feature;
    private double selfNum, selfDen, crossNum, crossDen;
    private int lastStepSeen;
    private boolean finished;

    /**
     * @param data       the stream the protocol will read (through {@link #stream()})
     * @param interest   W
     * @param cost       f
     * @param projection 𝒳 (the comparators' constraint set, the same as the protocol's)
     * @param iterations T, the number of steps the protocol will run
     * @param trace      whether to keep the per-step loss needed for {@link RunMetrics#staticTrace()}
     * @param windows    window lengths Ω ≥ 1 for dynamic regret (may be empty)
     */
    public RegretMeter(DataStream data, InterestMatrix interest, MemoryCost cost, Projection projection, int iterations,
                       boolean trace, int... windows) {
        this.agents = data.agents();
        if (interest.size() != agents) {
            throw new DdamInputException("W is " + interest.size() + " x " + interest.size() + " but the data has " + agents + " agents");
        }
        if (iterations < 0 || iterations > data.horizon()) {
            throw new DdamInputException("cannot measure " + iterations + " iterations on a stream of horizon " + data.horizon());
        }
        for (int w : windows) if (w < 1) throw new DdamInputException("window length must be at least 1, not " + w);
        this.tap = new TappedStream(data);
        this.iterations = iterations;
        this.cost = cost;
        this.phi = cost instanceof LinearAttentionCost lin ? lin.featureMap() : FeatureMap.identity(cost.keyDim());
        this.support = new int[agents][];
        this.weight = new double[agents][];
        for (int n = 0; n < agents; n++) {
            support[n] = interest.interestSet(n);
            weight[n] = new double[support[n].length];
            for (int i = 0; i < support[n].length; i++) weight[n][i] = interest.weight(n, support[n][i]);
        }
        this.windows = windows.clone();
        int size = cost.rows() * cost.cols();
        staticH = new Hindsight[agents];
        windowH = new Hindsight[windows.length][agents];
        current = new double[windows.length][agents][size];
        hasCurrent = new boolean[windows.length][agents];
        for (int n = 0; n < agents; n++) {
            staticH[n] = new Hindsight(cost, projection);
            for (int w = 0; w < windows.length; w++) windowH[w][n] = new Hindsight(cost, projection);
        }
        loss = new double[agents];
        windowLoss = new double[windows.length][agents];
        path = new double[windows.length][agents];
        measuredG = new double[agents];
        maxKey = new double[agents];
        maxValue = new double[agents];
        stepLoss = trace ? new double[iterations] : null;
        grad = new double[size];
        feature = new double[cost.cols()];
    }

    /** The stream to give to {@link Protocol#run}. */
    public DataStream stream() { return tap; }

    @Override
    public void iterate(int t, int n, double[] x) {
        if (finished) throw new IllegalStateException("the meter has finished");
        if (tap.step != t) {
            throw new IllegalStateException("iterate for step " + t + " but the stream is at step " + tap.step
                    + "; run the protocol on meter.stream()");
        }
        if (t > iterations) throw new IllegalStateException("step " + t + " beyond the " + iterations + " iterations announced");
        double[][] keys = tap.keys, values = tap.values;
        if (t != lastStepSeen) { // once per step: data ranges
            lastStepSeen = t;
            for (int m = 0; m < agents; m++) {
                double ka = 0, vs = 0;
                for (double k : keys[m]) ka = Math.max(ka, Math.abs(k));
                for (double v : values[m]) vs += v * v;
                maxKey[m] = Math.max(maxKey[m], ka);
                maxValue[m] = Math.max(maxValue[m], Math.sqrt(vs));
            }
        }
        int[] s = support[n];
        double[] wn = weight[n];
        double stepSum = 0;
        for (int i = 0; i < s.length; i++) {
            int m = s[i];
            double w = wn[i];
            stepSum += w * cost.value(x, keys[m], values[m]);
            java.util.Arrays.fill(grad, 0.0);
            cost.addGradient(x, keys[m], values[m], 1.0, grad);
            double g = 0;
            for (double d : grad) g += d * d;
            measuredG[m] = Math.max(measuredG[m], Math.sqrt(g));
            staticH[n].add(w, keys[m], values[m]);
            for (int k = 0; k < windows.length; k++) windowH[k][n].add(w, keys[m], values[m]);
            double err = recallError(x, keys[m], values[m]);
            double vv = 0;
            for (double v : values[m]) vv += v * v;
            if (m == n) {
                selfNum += err;
                selfDen += vv;
            } else {
                crossNum += err;
                crossDen += vv;
            }
        }
        if (!contains(s, n)) { // Self-NMSE counts every agent, also those with w_{n,n} = 0
            selfNum += recallError(x, keys[n], values[n]);
            for (double v : values[n]) selfDen += v * v;
        }
        loss[n] += stepSum;
        if (stepLoss != null) stepLoss[t - 1] += stepSum;
        for (int k = 0; k < windows.length; k++) {
            if (t % windows[k] == 0 || t == iterations) closeWindow(k, n);
        }
    }

    private void closeWindow(int k, int n) {
        Hindsight h = windowH[k][n];
        double[] u = current[k][n];
        // grad is free here: keep the previous comparator in it to measure the path step.
        System.arraycopy(u, 0, grad, 0, u.length);
        h.solve(u);
        windowLoss[k][n] += h.objective(u);
        if (hasCurrent[k][n]) {
            double d = 0;
            for (int j = 0; j < u.length; j++) d += (u[j] - grad[j]) * (u[j] - grad[j]);
            path[k][n] += Math.sqrt(d);
        }
        hasCurrent[k][n] = true;
        h.clear();
    }

    /** ‖X φ(k) − v‖². */
    private double recallError(double[] x, double[] k, double[] v) {
        phi.apply(k, feature);
        int cols = feature.length;
        double e = 0;
        for (int i = 0; i < v.length; i++) {
            double r = -v[i];
            for (int j = 0, o = i * cols; j < cols; j++) r += x[o + j] * feature[j];
            e += r * r;
        }
        return e;
    }

    private static boolean contains(int[] a, int x) {
        for (int y : a) if (y == x) return true;
        return false;
    }

    /**
     * Ends the measurement: solves the static comparators over the steps run and, when a trace was
     * asked for, makes a second pass over the data (a fresh cursor of the underlying stream) to evaluate
     * Σ_n Σ_m w_{n,m} f_{m,t}(U_n^*) step by step, giving S-Reg(t)/t for t = 1..T.
     *
     * @throws IllegalStateException if the protocol ran fewer steps than announced
     */
    public RunMetrics finish() {
        if (lastStepSeen != iterations) {
            throw new IllegalStateException("the protocol reported " + lastStepSeen + " of " + iterations + " steps");
        }
        finished = true;
        int size = cost.rows() * cost.cols();
        double[][] ustar = new double[agents][size];
        double[] staticLoss = new double[agents];
        for (int n = 0; n < agents; n++) {
            staticH[n].solve(ustar[n]);
            staticLoss[n] = staticH[n].objective(ustar[n]);
        }
        double[] trace = new double[0];
        if (stepLoss != null) {
            trace = new double[iterations];
            DataStream.Cursor c = tap.cursor();
            double cum = 0;
            for (int t = 1; t <= iterations; t++) {
                if (c.next(tap.keys, tap.values) != t) throw new IllegalStateException("second pass ended early at step " + t);
                double comp = 0;
                for (int n = 0; n < agents; n++) {
                    int[] s = support[n];
                    for (int i = 0; i < s.length; i++) comp += weight[n][i] * cost.value(ustar[n], tap.keys[s[i]], tap.values[s[i]]);
                }
                cum += stepLoss[t - 1] - comp;
                trace[t - 1] = cum / t;
            }
        }
        return new RunMetrics(iterations, windows, loss, staticLoss, windowLoss, path,
                selfDen == 0 ? Double.NaN : selfNum / selfDen, crossDen == 0 ? Double.NaN : crossNum / crossDen,
                measuredG, maxKey, maxValue, trace);
    }

    /** Runs {@code protocol} for {@code iterations} steps on {@code data} under a new meter and returns its metrics. */
    public static RunMetrics measure(Protocol protocol, DataStream data, InterestMatrix interest, MemoryCost cost,
                                     Projection projection, int iterations, boolean trace, int... windows) {
        RegretMeter meter = new RegretMeter(data, interest, cost, projection, iterations, trace, windows);
        protocol.run(meter.stream(), iterations, meter);
        return meter.finish();
    }
}
