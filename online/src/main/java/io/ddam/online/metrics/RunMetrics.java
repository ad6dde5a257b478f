package io.ddam.online.metrics;

/**
 * The metrics of one protocol run measured by {@link RegretMeter} (method.md §1 eqs. 2–5, 8, 43 and
 * §4.2). Immutable: arrays are copied in and out. Per-agent arrays are indexed by agent n; the
 * windowed (dynamic) arrays by window index first, in the order of {@link #windows()}.
 *
 * @param iterations             T, the number of steps actually run
 * @param windows                the comparator windows Ω (Ω ≥ T gives the static comparator)
 * @param loss                   L_n^T = Σ_t Σ_{m∈W_n} w_{n,m} f_{m,t}(X_{n,t}) (eq. 2)
 * @param staticComparatorLoss   L_n^T(U_n^*) with U_n^* of eq. (3) over the T steps run
 * @param windowComparatorLoss   Σ_t Σ_m w_{n,m} f_{m,t}(U_{n,t}) for the windowed comparators of eq. (43)
 * @param pathLength             PL_n^T = Σ_{t=2}^T ‖U_{n,t−1} − U_{n,t}‖_F of those comparators (eq. 8)
 * @param selfNmse               Self-NMSE of §4.2
 * @param crossNmse              Cross-NMSE of §4.2 ({@code NaN} when every W_n = {n})
 * @param measuredGradient       per agent m, the largest ‖∇f_{m,t}(X_{n,t})‖_F seen over t and n with m ∈ W_n
 * @param maxKeyAbs              per agent, max_t ‖k_{n,t}‖_∞ over the steps run
 * @param maxValueNorm           per agent, max_t ‖v_{n,t}‖_2 over the steps run
 * @param staticTrace            per step t, S-Reg(t)/t with the final U^* (empty when no trace was asked for)
 */
public record RunMetrics(int iterations, int[] windows, double[] loss, double[] staticComparatorLoss,
                         double[][] windowComparatorLoss, double[][] pathLength, double selfNmse, double crossNmse,
                         double[] measuredGradient, double[] maxKeyAbs, double[] maxValueNorm, double[] staticTrace) {
    /**
     * Copies every array in, so the record stays immutable.
     *
     * @param iterations           T, the number of steps actually run
     * @param windows              the comparator windows Ω
     * @param loss                 L_n^T per agent (eq. 2)
     * @param staticComparatorLoss L_n^T(U_n^*) per agent
     * @param windowComparatorLoss per window, per agent, the windowed comparators' loss (eq. 43)
     * @param pathLength           per window, per agent, PL_n^T (eq. 8)
     * @param selfNmse             Self-NMSE
     * @param crossNmse            Cross-NMSE, or {@code NaN}
     * @param measuredGradient     per agent, the largest gradient norm seen
     * @param maxKeyAbs            per agent, max ‖k‖_∞
     * @param maxValueNorm         per agent, max ‖v‖_2
     * @param staticTrace          per step, S-Reg(t)/t (may be empty)
     */
    public RunMetrics {
        windows = windows.clone();
        loss = loss.clone();
        staticComparatorLoss = staticComparatorLoss.clone();
        windowComparatorLoss = deep(windowComparatorLoss);
        pathLength = deep(pathLength);
        measuredGradient = measuredGradient.clone();
        maxKeyAbs = maxKeyAbs.clone();
        maxValueNorm = maxValueNorm.clone();
        staticTrace = staticTrace.clone();
    }

    /**
     * The comparator windows Ω, in the order the windowed arrays use.
     *
     * @return a fresh copy
     */
    @Override public int[] windows() { return windows.clone(); }
    /**
     * L_n^T per agent (eq. 2).
     *
     * @return a fresh copy, indexed by agent
     */
    @Override public double[] loss() { return loss.clone(); }
    /**
     * L_n^T(U_n^*) per agent: the loss of the best fixed memory in hindsight (eq. 3).
     *
     * @return a fresh copy, indexed by agent
     */
    @Override public double[] staticComparatorLoss() { return staticComparatorLoss.clone(); }
    /**
     * The windowed comparators' loss (eq. 43).
     *
     * @return a fresh copy, indexed [window][agent]
     */
    @Override public double[][] windowComparatorLoss() { return deep(windowComparatorLoss); }
    /**
     * PL_n^T of the windowed comparators (eq. 8).
     *
     * @return a fresh copy, indexed [window][agent]
     */
    @Override public double[][] pathLength() { return deep(pathLength); }
    /**
     * Per agent m, the largest ‖∇f_{m,t}(X_{n,t})‖_F seen: a measured G_m for the bounds.
     *
     * @return a fresh copy, indexed by agent
     */
    @Override public double[] measuredGradient() { return measuredGradient.clone(); }
    /**
     * Per agent, max_t ‖k_{n,t}‖_∞ over the steps run.
     *
     * @return a fresh copy, indexed by agent
     */
    @Override public double[] maxKeyAbs() { return maxKeyAbs.clone(); }
    /**
     * Per agent, max_t ‖v_{n,t}‖_2 over the steps run.
     *
     * @return a fresh copy, indexed by agent
     */
    @Override public double[] maxValueNorm() { return maxValueNorm.clone(); }
    /**
     * Per step t = 1..T, S-Reg(t)/t against the final U^*.
     *
     * @return a fresh copy; empty when no trace was asked for
     */
    @Override public double[] staticTrace() { return staticTrace.clone(); }

    /**
     * Value equality: the same numbers in every component (arrays compared element by element, as
     * {@link java.util.Arrays#equals(double[], double[])} does, so {@code NaN} equals {@code NaN}).
     *
     * @param o another object
     * @return whether {@code o} is a {@code RunMetrics} with equal components
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof RunMetrics m && iterations == m.iterations
                && Double.compare(selfNmse, m.selfNmse) == 0 && Double.compare(crossNmse, m.crossNmse) == 0
                && java.util.Arrays.equals(windows, m.windows) && java.util.Arrays.equals(loss, m.loss)
                && java.util.Arrays.equals(staticComparatorLoss, m.staticComparatorLoss)
                && java.util.Arrays.deepEquals(windowComparatorLoss, m.windowComparatorLoss)
                && java.util.Arrays.deepEquals(pathLength, m.pathLength)
                && java.util.Arrays.equals(measuredGradient, m.measuredGradient)
                && java.util.Arrays.equals(maxKeyAbs, m.maxKeyAbs) && java.util.Arrays.equals(maxValueNorm, m.maxValueNorm)
                && java.util.Arrays.equals(staticTrace, m.staticTrace);
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the hash of the components' contents
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(iterations, selfNmse, crossNmse, java.util.Arrays.hashCode(windows),
                java.util.Arrays.hashCode(loss), java.util.Arrays.hashCode(staticComparatorLoss),
                java.util.Arrays.deepHashCode(windowComparatorLoss), java.util.Arrays.deepHashCode(pathLength),
                java.util.Arrays.hashCode(measuredGradient), java.util.Arrays.hashCode(maxKeyAbs),
                java.util.Arrays.hashCode(maxValueNorm), java.util.Arrays.hashCode(staticTrace));
    }

    /**
     * The headline figures (per-agent arrays and the trace are summarised, not listed).
     *
     * @return e.g. {@code RunMetrics[iterations=2500, agents=20, windows=[1, 50], staticRegret=…, …]}
     */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder("RunMetrics[iterations=").append(iterations).append(", agents=").append(agents())
                .append(", windows=").append(java.util.Arrays.toString(windows)).append(", totalLoss=").append(totalLoss())
                .append(", staticRegret=").append(staticRegret());
        for (int w = 0; w < windows.length; w++) s.append(", dynamicRegret(").append(windows[w]).append(")=").append(dynamicRegret(w));
        return s.append(", selfNmse=").append(selfNmse).append(", crossNmse=").append(crossNmse)
                .append(", staticTrace=").append(staticTrace.length).append(" steps]").toString();
    }

    /**
     * N.
     *
     * @return the number of agents
     */
    public int agents() { return loss.length; }

    /**
     * Σ_n L_n^T, the network's cumulative loss.
     *
     * @return the sum of {@link #loss()}
     */
    public double totalLoss() { return sum(loss); }

    /**
     * L_n^T − L_n^T(U_n^*), agent n's share of eq. (4).
     *
     * @param n the agent, 0..N-1
     * @return agent n's static regret; may be negative
     */
    public double staticRegret(int n) { return loss[n] - staticComparatorLoss[n]; }

    /**
     * S-Reg(T), eq. (4): the loss above the best fixed memories in hindsight.
     *
     * @return the total static regret; may be negative on non-stationary data
     */
    public double staticRegret() { return totalLoss() - sum(staticComparatorLoss); }

    /**
     * S-Reg(T)/T, the time-average static regret the paper's figures plot.
     *
     * @return the average, or 0 when no step was run
     */
    public double staticRegretAverage() { return iterations == 0 ? 0 : staticRegret() / iterations; }

    /**
     * Agent n's share of D-Reg(T) (eq. 5) against the comparators of window {@code windows()[w]}.
     *
     * @param w the window's index in {@link #windows()}
     * @param n the agent, 0..N-1
     * @return agent n's dynamic regret
     */
    public double dynamicRegret(int w, int n) { return loss[n] - windowComparatorLoss[w][n]; }

    /**
     * D-Reg(T), eq. (5), against the windowed comparators of eq. (43) with Ω = {@code windows()[w]}.
     *
     * @param w the window's index in {@link #windows()} (see {@link #windowIndex(int)})
     * @return the total dynamic regret
     */
    public double dynamicRegret(int w) { return totalLoss() - sum(windowComparatorLoss[w]); }

    /**
     * D-Reg(T)/T.
     *
     * @param w the window's index in {@link #windows()}
     * @return the average, or 0 when no step was run
     */
    public double dynamicRegretAverage(int w) { return iterations == 0 ? 0 : dynamicRegret(w) / iterations; }

    /**
     * PL_n^T for window {@code windows()[w]} (eq. 8).
     *
     * @param w the window's index in {@link #windows()}
     * @param n the agent, 0..N-1
     * @return Σ_t ‖U_{n,t−1} − U_{n,t}‖_F of agent n's comparators
     */
    public double pathLength(int w, int n) { return pathLength[w][n]; }

    /**
     * Σ_n PL_n^T for window {@code windows()[w]}.
     *
     * @param w the window's index in {@link #windows()}
     * @return the total path length
     */
    public double totalPathLength(int w) { return sum(pathLength[w]); }

    /**
     * The index of Ω in {@link #windows()}.
     *
     * @param omega a window length Ω that was measured
     * @return its index, for the windowed accessors
     * @throws IllegalArgumentException if Ω was not measured
     */
    public int windowIndex(int omega) {
        for (int i = 0; i < windows.length; i++) if (windows[i] == omega) return i;
        throw new IllegalArgumentException("window " + omega + " was not measured");
    }

    private static double sum(double[] a) {
        double s = 0;
        for (double x : a) s += x;
        return s;
    }

    static double[][] deep(double[][] a) {
        double[][] c = new double[a.length][];
        for (int i = 0; i < a.length; i++) c[i] = a[i].clone();
        return c;
    }
}
