package io.ddam.online.metrics;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.AgentPool;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;

import java.util.Arrays;

/**
 * The hindsight side of the regret metrics (method.md §1, eqs. 3, 5, 8 and 43), computed once per data
 * stream and shared by every protocol run on it: the comparators depend only on the data, W, 𝒳 and the
 * horizon, not on the protocol. One pass over the data gives, for each of a set of horizons
 * (<em>checkpoints</em>), the static comparator loss L_n^h(U_n^*(h)), the windowed comparators' loss and
 * path length for every window length Ω, the data ranges (max ‖k‖_∞, max ‖v‖) and, if asked, the per-step
 * loss of U_n^*(h) for the static trace. A {@link RegretMeter} built on it
 * ({@link RegretMeter#RegretMeter(DataStream, InterestMatrix, MemoryCost, Comparators, int, boolean)}) then
 * measures only what depends on the protocol.
 *
 * <p><b>Per-agent statistics mixed by W.</b> For DeltaNet the objective of agent n over a window is a
 * function of A_n = Σ_m w_{n,m} Σ_s k_{m,s}k_{m,s}ᵀ, B_n = Σ_m w_{n,m} Σ_s v_{m,s}k_{m,s}ᵀ and two scalars,
 * so each agent m keeps its own sums over the window (O(N·d_k²) per step) and they are mixed by W only
 * when a comparator is solved (once per window and checkpoint, O(N²·d_k²)), instead of adding every
 * (n, m) pair every step (O(N²·d_k²) per step). Windows with fewer samples than d_k
 * (|W_n|·Ω &lt; d_k, e.g. Ω = 1 on the traffic shape) keep the per-pair samples as before, which
 * {@link Hindsight} solves from their small Gram matrix: there the numbers are bitwise those of a
 * per-protocol {@link RegretMeter}; where statistics are mixed, the summation order changes and they
 * agree to about 1e-12 relative (tested). Linear-in-X costs always use the per-pair path.
 *
 * <p><b>Checkpoints.</b> The static comparator at checkpoint h uses the running sums up to h, and the
 * windowed comparators up to h are those of complete windows plus the partial window ending at h, so
 * every checkpoint equals a separate run of horizon h on the same data (the protocol's side of such a
 * prefix is valid only for step sizes that do not depend on T). Memory is O(N·d_k²) per window length,
 * independent of T and of the number of checkpoints (the trace, when asked for, keeps one double per
 * step and checkpoint).
 *
 * <p><b>Threads.</b> Every phase is per agent (agent m's own sums; agent n's comparators), so it runs on an
 * {@link AgentPool}; results are bitwise the same for any thread count.
 */
public final class Comparators {
    private final int agents;
    private final int[] horizons;      // sorted, distinct
    private final int[] windows;
    private final double[][] staticLoss;        // [h][n]
    private final double[][][] windowLoss;      // [h][w][n]
    private final double[][][] pathLength;      // [h][w][n]
    private final double[][] maxKey;            // [h][n]
    private final double[][] maxValue;          // [h][n]
    private final double[][][] staticComparator; // [h][n][size]
    private final double[][] traceLoss;         // [h][t-1] Σ_n Σ_m w f(U_n^*(h)); null entries without trace

    private Comparators(int agents, int[] horizons, int[] windows, double[][] staticLoss, double[][][] windowLoss,
                        double[][][] pathLength, double[][] maxKey, double[][] maxValue, double[][][] staticComparator,
                        double[][] traceLoss) {
        this.agents = agents;
        this.horizons = horizons;
        this.windows = windows;
        this.staticLoss = staticLoss;
        this.windowLoss = windowLoss;
        this.pathLength = pathLength;
        this.maxKey = maxKey;
        this.maxValue = maxValue;
        this.staticComparator = staticComparator;
        this.traceLoss = traceLoss;
    }

    /**
     * Computes the comparators at every checkpoint in one pass over {@code data} (and a second pass when
     * {@code trace} is set).
     *
     * @param data       the stream (horizon ≥ the largest checkpoint)
     * @param interest   W
     * @param cost       f
     * @param projection 𝒳
     * @param horizons   checkpoints h ≥ 1 (any order, repeats allowed); 0 is allowed and gives zeros
     * @param windows    window lengths Ω ≥ 1
     * @param trace      whether to keep the per-step loss of the static comparators (for
     *                   {@link RunMetrics#staticTrace()})
     * @param threads    the most threads to use (results do not depend on it)
     * @return the comparators
     * @throws DdamInputException if W does not fit the data, a checkpoint exceeds the horizon or a window is &lt; 1
     */
    public static Comparators compute(DataStream data, InterestMatrix interest, MemoryCost cost, Projection projection,
                                      int[] horizons, int[] windows, boolean trace, int threads) {
        return new Builder(data, interest, cost, projection, horizons, windows, trace, threads).run();
    }

    /**
     * The checkpoints, sorted.
     *
     * @return a fresh copy
     */
    public int[] horizons() { return horizons.clone(); }

    /**
     * The window lengths Ω, in the order of the windowed arrays.
     *
     * @return a fresh copy
     */
    public int[] windows() { return windows.clone(); }

    /**
     * N.
     *
     * @return the number of agents
     */
    public int agents() { return agents; }

    private int index(int h) {
        int i = Arrays.binarySearch(horizons, h);
        if (i < 0) throw new IllegalArgumentException("horizon " + h + " is not a checkpoint of these comparators");
        return i;
    }

    /**
     * Whether {@code h} is a checkpoint.
     *
     * @param h a horizon
     * @return true if the comparators were computed for it
     */
    public boolean has(int h) { return Arrays.binarySearch(horizons, h) >= 0; }

    /**
     * L_n^h(U_n^*(h)) per agent.
     *
     * @param h a checkpoint
     * @return a fresh array
     */
    public double[] staticLoss(int h) { return staticLoss[index(h)].clone(); }

    /**
     * Per window length, per agent, Σ_t Σ_m w_{n,m} f_{m,t}(U_{n,t}) over t ≤ h (eq. 43).
     *
     * @param h a checkpoint
     * @return [window][agent], fresh
     */
    public double[][] windowLoss(int h) { return RunMetrics.deep(windowLoss[index(h)]); }

    /**
     * Per window length, per agent, PL_n^h (eq. 8).
     *
     * @param h a checkpoint
     * @return [window][agent], fresh
     */
    public double[][] pathLength(int h) { return RunMetrics.deep(pathLength[index(h)]); }

    /**
     * Per agent, max_{t ≤ h} ‖k_{n,t}‖_∞.
     *
     * @param h a checkpoint
     * @return a fresh array
     */
    public double[] maxKeyAbs(int h) { return maxKey[index(h)].clone(); }

    /**
     * Per agent, max_{t ≤ h} ‖v_{n,t}‖.
     *
     * @param h a checkpoint
     * @return a fresh array
     */
    public double[] maxValueNorm(int h) { return maxValue[index(h)].clone(); }

    /**
     * U_n^*(h), row-major d_v × d_φ per agent.
     *
     * @param h a checkpoint
     * @return [agent][entries], fresh
     */
    public double[][] staticComparator(int h) { return RunMetrics.deep(staticComparator[index(h)]); }

    /**
     * Per step t ≤ h, Σ_n Σ_m w_{n,m} f_{m,t}(U_n^*(h)).
     *
     * @param h a checkpoint
     * @return h values, or {@code null} when no trace was computed
     */
    double[] traceLoss(int h) { return traceLoss[index(h)]; }

    /** Key widths from which the comparators split even a few agents over the threads (see Builder.minPerWorker). */
    static final int WIDE_KEYS = 256;

    /** The one-pass computation; all buffers are made up front, the per-step phases allocate nothing. */
    private static final class Builder {
        private final DataStream data;
        private final MemoryCost cost;
        private final int agents, rows, cols, size;
        private final int[] horizons, windows;
        private final boolean trace;
        private final int threads;
        // Agents per chunk of the pool: with wide keys one agent's comparators take milliseconds (Gram matrices of
        // its samples, O(s² d_k), and their eigen-decompositions), so even 16 agents are split over the threads.
        private final int minPerWorker;
        private final int[][] support;
        private final double[][] weight;
        private final boolean deltaNet;
        private final boolean[][] mixed;     // [w][n] window w of agent n from mixed statistics
        private final boolean staticMixed;
        private final Hindsight[] staticH;
        private final Hindsight[][] windowH;
        // Own statistics of agent m, packed (Hindsight.loadStatistics layout) at m·stride of one flat array,
        // so that mixing by W is a loop over agents of contiguous rows: static (running) and per window
        // length (since the window's start; null for window lengths nobody mixes).
        private final int stride;
        private final double[][] sOwn;       // [agent][stride]
        private final double[][][] wOwn;     // [window][agent][stride]
        private final double[][] mix;        // [chunk][stride]
        private final int[] wCount;          // samples per agent in the current window of length w
        private final double[][][] current;  // [w][n] last comparator
        private final boolean[][] hasCurrent;
        private final double[][] winLoss, path;    // [w][n] over closed windows
        private final double[] kMax, vMax;
        private final double[][] scratch;    // [chunk][size]
        private final double[][] keys, values;
        private int step;
        private int snapshot = -1;           // index of the checkpoint being taken at this step, or -1
        // results
        private final double[][] rStatic;
        private final double[][][] rWinLoss, rPath;
        private final double[][] rKey, rValue;
        private final double[][][] rU;

        Builder(DataStream data, InterestMatrix interest, MemoryCost cost, Projection projection, int[] horizonsIn,
                int[] windowsIn, boolean trace, int threads) {
            this.data = data;
            this.cost = cost;
            this.agents = data.agents();
            if (interest.size() != agents) {
                throw new DdamInputException("W is " + interest.size() + " x " + interest.size() + " but the data has " + agents + " agents");
            }
            if (threads < 1) throw new DdamInputException("the number of threads must be at least 1, not " + threads);
            this.horizons = Arrays.stream(horizonsIn).distinct().sorted().toArray();
            for (int h : horizons) {
                if (h < 0 || h > data.horizon()) {
                    throw new DdamInputException("cannot measure " + h + " iterations on a stream of horizon " + data.horizon());
                }
            }
            for (int w : windowsIn) if (w < 1) throw new DdamInputException("window length must be at least 1, not " + w);
            this.windows = windowsIn.clone();
            this.trace = trace;
            this.threads = threads;
            this.rows = cost.rows();
            this.cols = cost.cols();
            this.size = rows * cols;
            this.minPerWorker = cols >= WIDE_KEYS ? 1 : AgentPool.MIN_AGENTS_PER_WORKER;
            this.deltaNet = cost instanceof DeltaNetCost;
            support = new int[agents][];
            weight = new double[agents][];
            for (int n = 0; n < agents; n++) {
                support[n] = interest.interestSet(n);
                weight[n] = new double[support[n].length];
                for (int i = 0; i < support[n].length; i++) weight[n][i] = interest.weight(n, support[n][i]);
            }
            int nw = windows.length;
            mixed = new boolean[nw][agents];
            staticH = new Hindsight[agents];
            windowH = new Hindsight[nw][agents];
            boolean anyStaticMixed = false;
            // The stream's horizon, not the last checkpoint: the path must not depend on which checkpoints are
            // asked for, so that a checkpoint equals a separate run bitwise.
            int lastH = data.horizon();
            for (int n = 0; n < agents; n++) {
                staticH[n] = new Hindsight(cost, projection, (int) Math.max(1, Math.min(cols, (long) support[n].length * lastH)));
                for (int w = 0; w < nw; w++) {
                    long samples = (long) support[n].length * windows[w];
                    mixed[w][n] = deltaNet && samples >= cols;
                    windowH[w][n] = new Hindsight(cost, projection, (int) Math.min(cols, samples));
                }
            }
            // The static comparator from mixed statistics (d_k(d_k+1)/2 sums per agent, a d_k×d_k solve) unless no
            // agent's whole stream holds d_k samples: then (wide keys, short runs) each agent keeps its samples
            // and solves from their Gram matrix, as the windows do (no O(d_k²) state, no O(d_k³) solve).
            for (int n = 0; n < agents; n++) anyStaticMixed |= deltaNet && (long) support[n].length * lastH >= cols;
            staticMixed = anyStaticMixed;
            stride = Hindsight.packedLength(rows, cols);
            sOwn = staticMixed ? new double[agents][stride] : null;
            wOwn = new double[nw][][];
            wCount = new int[nw];
            for (int w = 0; w < nw; w++) {
                boolean any = false;
                for (boolean b : mixed[w]) any |= b;
                if (any) wOwn[w] = new double[agents][stride];
            }
            boolean anyMixed = staticMixed;
            for (double[][] o : wOwn) anyMixed |= o != null;
            mix = new double[AgentPool.workers(agents, threads, minPerWorker)][anyMixed ? stride : 0];
            current = new double[nw][agents][size];
            hasCurrent = new boolean[nw][agents];
            winLoss = new double[nw][agents];
            path = new double[nw][agents];
            kMax = new double[agents];
            vMax = new double[agents];
            scratch = new double[AgentPool.workers(agents, threads, minPerWorker)][size];
            keys = new double[agents][data.keyDim()];
            values = new double[agents][data.valueDim()];
            int nh = horizons.length;
            rStatic = new double[nh][agents];
            rWinLoss = new double[nh][nw][agents];
            rPath = new double[nh][nw][agents];
            rKey = new double[nh][agents];
            rValue = new double[nh][agents];
            rU = new double[nh][agents][size];
        }

        Comparators run() {
            int last = horizons.length == 0 ? 0 : horizons[horizons.length - 1];
            int next = 0;
            while (next < horizons.length && horizons[next] == 0) next++; // horizon 0: all zeros
            DataStream.Cursor cursor = data.cursor();
            try (AgentPool pool = new AgentPool(agents, threads, minPerWorker)) {
                AgentPool.Body accumulate = this::accumulate;
                AgentPool.Body close = this::close;
                for (int t = 1; t <= last; t++) {
                    if (cursor.next(keys, values) != t) throw new IllegalStateException("data stream ended before step " + t);
                    step = t;
                    for (int w = 0; w < windows.length; w++) wCount[w]++;
                    pool.run(accumulate);
                    boolean checkpoint = next < horizons.length && horizons[next] == t;
                    snapshot = checkpoint ? next : -1;
                    boolean anyClose = checkpoint;
                    for (int w = 0; w < windows.length && !anyClose; w++) anyClose = t % windows[w] == 0;
                    if (anyClose) pool.run(close);
                    for (int w = 0; w < windows.length; w++) if (t % windows[w] == 0) wCount[w] = 0;
                    if (checkpoint) next++;
                }
            }
            double[][] traceLoss = new double[horizons.length][];
            if (trace) tracePass(traceLoss);
            return new Comparators(agents, horizons, windows, rStatic, rWinLoss, rPath, rKey, rValue, rU, traceLoss);
        }

        /** Step phase 1, per agent a: a's data ranges and own sums, and a's per-pair samples. */
        private void accumulate(int chunk, int from, int to) {
            for (int a = from; a < to; a++) {
                double[] k = keys[a], v = values[a];
                double ka = 0, vs = 0;
                for (double x : k) ka = Math.max(ka, Math.abs(x));
                for (double x : v) vs += x * x;
                kMax[a] = Math.max(kMax[a], ka);
                vMax[a] = Math.max(vMax[a], Math.sqrt(vs));
                if (staticMixed) addOwn(sOwn[a], 0, k, v, vs);
                for (int w = 0; w < windows.length; w++) {
                    if (wOwn[w] == null) continue;
                    if (wCount[w] == 1) Arrays.fill(wOwn[w][a], 0.0); // a new window
                    addOwn(wOwn[w][a], 0, k, v, vs);
                }
                int[] s = support[a];
                double[] wn = weight[a];
                if (!staticMixed) for (int i = 0; i < s.length; i++) staticH[a].add(wn[i], keys[s[i]], values[s[i]]);
                for (int w = 0; w < windows.length; w++) {
                    if (mixed[w][a]) continue;
                    Hindsight h = windowH[w][a];
                    for (int i = 0; i < s.length; i++) h.add(wn[i], keys[s[i]], values[s[i]]);
                }
            }
        }

        /** Adds k kᵀ (upper, packed), v kᵀ and ‖v‖² to the packed statistics at {@code off}. */
        private void addOwn(double[] own, int off, double[] k, double[] v, double vs) {
            int p = off;
            for (int i = 0; i < cols; i++) {
                double ki = k[i];
                for (int j = i; j < cols; j++) own[p++] += ki * k[j];
            }
            for (int i = 0; i < rows; i++) {
                double vi = v[i];
                for (int j = 0; j < cols; j++) own[p++] += vi * k[j];
            }
            own[p] += vs;
        }

        /** Loads Σ_m w_{n,m}·own_m (the window's statistics of agent n) into {@code h}. */
        private void mixInto(Hindsight h, int n, double[][] own, int count, double[] buf) {
            Arrays.fill(buf, 0.0);
            int[] s = support[n];
            double[] wn = weight[n];
            double total = 0;
            for (int i = 0; i < s.length; i++) {
                double w = wn[i];
                total += w;
                double[] om = own[s[i]];
                for (int j = 0; j < stride; j++) buf[j] += w * om[j];
            }
            h.loadStatistics(buf, 0, total * count);
        }

        /** Step phase 2, per agent n: windows that end now, and the checkpoint, if any. */
        private void close(int chunk, int from, int to) {
            int t = step;
            double[] tmp = scratch[chunk];
            for (int n = from; n < to; n++) {
                for (int w = 0; w < windows.length; w++) {
                    boolean ends = t % windows[w] == 0;
                    if (!ends && snapshot < 0) continue;
                    Hindsight h = windowH[w][n];
                    if (mixed[w][n]) mixInto(h, n, wOwn[w], wCount[w], mix[chunk]);
                    double[] u = current[w][n];
                    if (ends) {
                        System.arraycopy(u, 0, tmp, 0, size);
                        h.solve(u);
                        winLoss[w][n] += h.objective(u);
                        if (hasCurrent[w][n]) path[w][n] += distance(u, tmp);
                        hasCurrent[w][n] = true;
                        h.clear();
                        if (snapshot >= 0) {
                            rWinLoss[snapshot][w][n] = winLoss[w][n];
                            rPath[snapshot][w][n] = path[w][n];
                        }
                    } else { // a checkpoint inside the window: the partial window's comparator, kept apart
                        h.solve(tmp);
                        rWinLoss[snapshot][w][n] = winLoss[w][n] + h.objective(tmp);
                        rPath[snapshot][w][n] = path[w][n] + (hasCurrent[w][n] ? distance(tmp, u) : 0);
                        if (mixed[w][n]) h.clear(); // rebuilt from the sums at the next solve
                    }
                }
                if (snapshot >= 0) {
                    Hindsight h = staticH[n];
                    if (staticMixed) mixInto(h, n, sOwn, step, mix[chunk]);
                    double[] u = rU[snapshot][n];
                    h.solve(u);
                    rStatic[snapshot][n] = h.objective(u);
                    rKey[snapshot][n] = kMax[n];
                    rValue[snapshot][n] = vMax[n];
                }
            }
        }

        private static double distance(double[] a, double[] b) {
            double d = 0;
            for (int j = 0; j < a.length; j++) d += (a[j] - b[j]) * (a[j] - b[j]);
            return Math.sqrt(d);
        }

        /** Second pass: Σ_n Σ_m w f_{m,t}(U_n^*(h)) per step, in the agent order of {@link RegretMeter#finish}. */
        private void tracePass(double[][] out) {
            int last = horizons.length == 0 ? 0 : horizons[horizons.length - 1];
            for (int i = 0; i < horizons.length; i++) out[i] = new double[horizons[i]];
            DataStream.Cursor c = data.cursor();
            for (int t = 1; t <= last; t++) {
                if (c.next(keys, values) != t) throw new IllegalStateException("second pass ended early at step " + t);
                for (int hi = 0; hi < horizons.length; hi++) {
                    if (t > horizons[hi]) continue;
                    double[][] u = rU[hi];
                    double comp = 0;
                    for (int n = 0; n < agents; n++) {
                        int[] s = support[n];
                        for (int i = 0; i < s.length; i++) comp += weight[n][i] * cost.value(u[n], keys[s[i]], values[s[i]]);
                    }
                    out[hi][t - 1] = comp;
                }
            }
        }
    }
}
