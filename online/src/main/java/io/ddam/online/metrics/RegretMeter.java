package io.ddam.online.metrics;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.FeatureMap;
import io.ddam.online.model.LinearAttentionCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.online.protocol.AgentPool;
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
 *
 * <p><b>Threads.</b> With {@link #threads(int)} &gt; 1 (and enough agents, see {@link AgentPool}) the meter
 * copies each X_{n,t} as it is reported and, once agent N−1 of the step has been reported, measures all
 * agents in parallel. Everything computed there is per agent (losses, comparators, recall errors, and
 * gradient-norm maxima per chunk, combined by max, which is exact); the sums over agents (the step's
 * loss, the NMSE numerators and denominators) are then added on the calling thread in agent order, in
 * exactly the order of the one-thread path. So the metrics are bitwise the same for any thread count.
 * In this mode the protocol must report agents 0..N−1 in order at every step (all protocols do).
 */
public final class RegretMeter implements Protocol.StepListener, AutoCloseable {
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
    private final double[][] measuredG;   // [n][i] max ‖∇f_{m,t}(X_{n,t})‖ for m = support[n][i]: O(nnz W), one writer per row
    private final double[] maxKey;
    private final double[] maxValue;
    private final double[] stepLoss;      // Σ_n loss at step t (for the trace); null without trace
    private final double[][] grad;        // [chunk] scratch
    private final double[][] feature;     // [chunk] scratch
    private final boolean[] selfInterest; // n ∈ W_n
    private final double[] agentStepLoss; // Σ_m w_{n,m} f_{m,t}(X_{n,t}) of the current step
    private final double[][] recallErr;   // [n][i] ‖X_{n,t} φ(k_m) − v_m‖², m = support[n][i]
    private final double[][] valueSq;     // [n][i] ‖v_m‖²
    private final double[] ownRecallErr;  // ‖X_{n,t} φ(k_n) − v_n‖² for agents with w_{n,n} = 0
    // [n] agent n's step-t sums {Self num, Self den, Cross num, Cross den}, formed in the parallel phase, so
    // that the serial sum over agents adds 4 numbers per agent instead of |W_n| pairs (at N = 100 the pair
    // loop was a tenth of a step and the main part of what no second thread could share).
    private final double[][] nmseTerms;
    private final int size;
    private final Comparators shared;     // null: this meter solves its own comparators
    private final boolean fused;          // DeltaNet: loss, recall error and ‖∇f‖ from one residual
    private final double[] keyNorm;       // ‖k_m‖ of the current step (shared mode)
    private final double[] stepValueSq;   // ‖v_m‖² of the current step (shared mode)
    private boolean stepMode;             // the protocol calls begin/startStep/measure/endStep
    private final io.ddam.online.model.DeltaNetBatch batch;        // shared DeltaNet mode: residuals agent-minor
    private final io.ddam.online.model.DeltaNetBatch.Scratch[] kernel; // [chunk]
    private final boolean[] identity;     // support[n] = 0..N-1
    private final int[] checkpoints;      // shared mode: the shared checkpoints ≤ iterations, sorted
    private final java.util.List<RunMetrics> prefixes = new java.util.ArrayList<>();
    private int nextCheckpoint;
    private final AgentPool.Body measureAll = this::measureChunk;
    private double selfNum, selfDen, crossNum, crossDen;
    private int lastStepSeen;
    private boolean finished;
    private int threads = 1;
    private AgentPool pool;               // made on the first iterate, by the thread that runs the protocol
    private double[][] copies;            // X_{n,t} of the current step (parallel mode only)
    private int nextAgent;                // parallel mode: the agent expected next
    private int poolStep;

    /**
     * A meter for one run; give the protocol {@link #stream()} and this meter as its listener.
     *
     * @param data       the stream the protocol will read (through {@link #stream()})
     * @param interest   W
     * @param cost       f
     * @param projection 𝒳 (the comparators' constraint set, the same as the protocol's)
     * @param iterations T, the number of steps the protocol will run
     * @param trace      whether to keep the per-step loss needed for {@link RunMetrics#staticTrace()}
     * @param windows    window lengths Ω ≥ 1 for dynamic regret (may be empty)
     * @throws DdamInputException if W does not fit the data, {@code iterations} exceeds the horizon, or a window is &lt; 1
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
        this.shared = null;
        this.fused = false;
        this.keyNorm = null;
        this.stepValueSq = null;
        this.batch = null;
        this.kernel = null;
        this.identity = null;
        this.checkpoints = new int[0];
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
        this.size = cost.rows() * cost.cols();
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
        maxKey = new double[agents];
        maxValue = new double[agents];
        stepLoss = trace ? new double[iterations] : null;
        int maxWorkers = Math.max(1, agents / AgentPool.MIN_AGENTS_PER_WORKER);
        measuredG = new double[agents][];
        for (int n = 0; n < agents; n++) measuredG[n] = new double[support[n].length];
        grad = new double[maxWorkers][size];
        feature = new double[maxWorkers][cost.cols()];
        selfInterest = new boolean[agents];
        agentStepLoss = new double[agents];
        nmseTerms = new double[agents][4];
        recallErr = new double[agents][];
        valueSq = new double[agents][];
        ownRecallErr = new double[agents];
        for (int n = 0; n < agents; n++) {
            selfInterest[n] = contains(support[n], n);
            recallErr[n] = new double[support[n].length];
            valueSq[n] = new double[support[n].length];
        }
    }

    /**
     * A meter for one run whose hindsight side (comparators, windows, data ranges) comes from
     * {@code shared}, computed once for every protocol run on the same data: it then measures only what
     * depends on the protocol (losses, NMSE, gradient norms). The metrics equal those of
     * {@link #RegretMeter(DataStream, InterestMatrix, MemoryCost, Projection, int, boolean, int...)} with
     * {@code shared.windows()} (see {@link Comparators} for where they agree bitwise and where to 1e-12).
     *
     * @param data       the stream the protocol will read (through {@link #stream()}), the one {@code shared} was computed on
     * @param interest   W, the same as {@code shared}'s
     * @param cost       f, the same as {@code shared}'s
     * @param shared     the comparators, with {@code iterations} among their checkpoints
     * @param iterations T, the number of steps the protocol will run
     * @param trace      whether to compute {@link RunMetrics#staticTrace()} ({@code shared} must have a trace)
     * @throws DdamInputException if W does not fit the data, or {@code iterations} is not a checkpoint of {@code shared}
     */
    public RegretMeter(DataStream data, InterestMatrix interest, MemoryCost cost, Comparators shared, int iterations,
                       boolean trace) {
        this.agents = data.agents();
        if (interest.size() != agents || shared.agents() != agents) {
            throw new DdamInputException("W is " + interest.size() + " x " + interest.size() + " but the data has " + agents + " agents");
        }
        if (!shared.has(iterations)) throw new DdamInputException("the shared comparators have no checkpoint at " + iterations);
        if (trace && shared.traceLoss(iterations) == null) throw new DdamInputException("the shared comparators were computed without a trace");
        this.shared = shared;
        this.checkpoints = java.util.Arrays.stream(shared.horizons()).filter(h -> h >= 1 && h < iterations).toArray();
        this.fused = cost instanceof io.ddam.online.model.DeltaNetCost;
        this.keyNorm = new double[agents];
        this.stepValueSq = new double[agents];
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
        this.windows = shared.windows();
        this.size = cost.rows() * cost.cols();
        staticH = null;
        windowH = null;
        current = null;
        hasCurrent = null;
        loss = new double[agents];
        windowLoss = null;
        path = null;
        maxKey = null;
        maxValue = null;
        stepLoss = trace ? new double[iterations] : null;
        int maxWorkers = Math.max(1, agents / AgentPool.MIN_AGENTS_PER_WORKER);
        measuredG = new double[agents][];
        for (int n = 0; n < agents; n++) measuredG[n] = new double[support[n].length];
        grad = new double[maxWorkers][size];
        feature = new double[maxWorkers][cost.cols()];
        selfInterest = new boolean[agents];
        agentStepLoss = new double[agents];
        nmseTerms = new double[agents][4];
        recallErr = new double[agents][];
        valueSq = new double[agents][];
        ownRecallErr = new double[agents];
        for (int n = 0; n < agents; n++) {
            selfInterest[n] = contains(support[n], n);
            if (fused) continue; // the fused pass forms the NMSE sums directly
            recallErr[n] = new double[support[n].length];
            valueSq[n] = new double[support[n].length];
        }
        if (fused) {
            batch = new io.ddam.online.model.DeltaNetBatch(cost.cols(), cost.rows(), agents);
            kernel = new io.ddam.online.model.DeltaNetBatch.Scratch[maxWorkers];
            int capacity = io.ddam.online.model.DeltaNetBatch.capacity(support);
            for (int c = 0; c < maxWorkers; c++) kernel[c] = batch.scratch(capacity);
            identity = new boolean[agents];
            for (int n = 0; n < agents; n++) identity[n] = io.ddam.online.model.DeltaNetBatch.isIdentity(support[n], agents);
        } else {
            batch = null;
            kernel = null;
            identity = null;
        }
    }

    /**
     * Measures the agents on up to {@code threads} threads (default 1); call before the run. The metrics do
     * not depend on it. {@link #measure} uses the protocol's own {@link Protocol#threads()}.
     *
     * @param threads the most threads to use, ≥ 1
     * @return this meter
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     * @throws IllegalStateException if the run has already started
     */
    public RegretMeter threads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("the number of threads must be at least 1, not " + threads);
        if (pool != null) throw new IllegalStateException("the meter has already started");
        this.threads = threads;
        return this;
    }

    /**
     * Stops the meter's worker threads, if any (also done by {@link #finish}); idempotent. A meter driven
     * by hand belongs in try-with-resources, so that its threads stop even when the protocol throws.
     */
    @Override
    public void close() {
        if (pool != null) pool.close();
    }

    /**
     * The stream to give to {@link Protocol#run}: the data passed through, so the meter sees each step's
     * keys and values.
     *
     * @return the pass-through stream
     */
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
        if (stepMode) throw new IllegalStateException("iterate after begin: a protocol reports either by step or by iterate");
        if (t != lastStepSeen) oncePerStep(t);
        if (pool == null) {
            pool = new AgentPool(agents, threads);
            if (pool.workers() > 1) copies = new double[agents][size];
        }
        if (copies == null) { // one worker: measure and add up at once
            measureAgent(0, t, n, x);
            addUp(t, n);
            if (n == agents - 1) stepDone(t);
            return;
        }
        if (n != nextAgent) {
            throw new IllegalStateException("agent " + n + " reported where agent " + nextAgent + " was expected; a meter on "
                    + "several threads needs agents 0.." + (agents - 1) + " in order at every step");
        }
        System.arraycopy(x, 0, copies[n], 0, size);
        if (n < agents - 1) {
            nextAgent = n + 1;
            return;
        }
        nextAgent = 0;
        poolStep = t;
        pool.run(measureAll);
        for (int a = 0; a < agents; a++) addUp(t, a);
        stepDone(t);
    }

    /** Per-step work on the data alone: data ranges (own comparators) or key norms and ‖v‖² (shared ones). */
    private void oncePerStep(int t) {
        lastStepSeen = t;
        double[][] keys = tap.keys, values = tap.values;
        if (batch != null) batch.load(keys, values);
        for (int m = 0; m < agents; m++) {
            if (shared != null) {
                double kk = 0, vs = 0;
                for (double k : keys[m]) kk += k * k;
                for (double v : values[m]) vs += v * v;
                keyNorm[m] = kk; // squared: the max of ‖r‖²‖k‖² is kept, its root taken at the end
                stepValueSq[m] = vs;
            } else {
                double ka = 0, vs = 0;
                for (double k : keys[m]) ka = Math.max(ka, Math.abs(k));
                for (double v : values[m]) vs += v * v;
                maxKey[m] = Math.max(maxKey[m], ka);
                maxValue[m] = Math.max(maxValue[m], Math.sqrt(vs));
            }
        }
    }

    @Override
    public void begin(int chunks) {
        if (pool != null || stepMode) throw new IllegalStateException("the meter has already started");
        if (chunks > grad.length) throw new IllegalStateException(chunks + " chunks but scratch for " + grad.length);
        stepMode = true;
    }

    @Override
    public void startStep(int t) {
        if (finished) throw new IllegalStateException("the meter has finished");
        if (!stepMode) throw new IllegalStateException("startStep before begin");
        if (tap.step != t) {
            throw new IllegalStateException("step " + t + " but the stream is at step " + tap.step + "; run the protocol on meter.stream()");
        }
        if (t > iterations) throw new IllegalStateException("step " + t + " beyond the " + iterations + " iterations announced");
        oncePerStep(t);
    }

    @Override
    public void measure(int chunk, int t, int n, double[] x, double[] residualSq) {
        if (shared != null) measureShared(chunk, t, n, x, residualSq);
        else measureAgent(chunk, t, n, x);
    }

    @Override
    public void endStep(int t) {
        for (int a = 0; a < agents; a++) addUp(t, a);
        stepDone(t);
    }

    /** After every agent of step t has been added up: a prefix snapshot if t is a checkpoint. */
    private void stepDone(int t) {
        if (nextCheckpoint < checkpoints.length && checkpoints[nextCheckpoint] == t) {
            prefixes.add(metricsAt(t, new double[0]));
            nextCheckpoint++;
        }
    }

    /**
     * The metrics of the prefix t = 1..h for every checkpoint h of the shared comparators below the
     * iterations run (in increasing h; empty for a meter with its own comparators), available after
     * {@link #finish}. Each equals the metrics of a separate run of h iterations whenever the protocol's
     * iterates up to h do not depend on the run length (constant or adaptive step sizes, not the
     * T-dependent theory ones), without the static trace.
     *
     * @return one metrics record per checkpoint h &lt; the iterations run
     */
    public java.util.List<RunMetrics> prefixMetrics() {
        if (!finished) throw new IllegalStateException("call finish() first");
        return java.util.List.copyOf(prefixes);
    }

    private void measureChunk(int chunk, int from, int to) {
        for (int n = from; n < to; n++) measureAgent(chunk, poolStep, n, copies[n]);
    }

    /** Everything about agent n at step t that involves no other agent's results (safe to run in parallel). */
    private void measureAgent(int chunk, int t, int n, double[] x) {
        double[][] keys = tap.keys, values = tap.values;
        double[] gr = grad[chunk];
        double[] gMax = measuredG[n];
        double[] phiK = feature[chunk];
        int[] s = support[n];
        double[] wn = weight[n];
        double[] errs = recallErr[n];
        double[] vvs = valueSq[n];
        double stepSum = 0;
        if (shared != null) {
            measureShared(chunk, t, n, x, null);
            return;
        }
        for (int i = 0; i < s.length; i++) {
            int m = s[i];
            double w = wn[i];
            stepSum += w * cost.value(x, keys[m], values[m]);
            java.util.Arrays.fill(gr, 0.0);
            cost.addGradient(x, keys[m], values[m], 1.0, gr);
            double g = 0;
            for (double d : gr) g += d * d;
            gMax[i] = Math.max(gMax[i], Math.sqrt(g));
            staticH[n].add(w, keys[m], values[m]);
            for (int k = 0; k < windows.length; k++) windowH[k][n].add(w, keys[m], values[m]);
            errs[i] = recallError(x, keys[m], values[m], phiK);
            double vv = 0;
            for (double v : values[m]) vv += v * v;
            vvs[i] = vv;
        }
        if (!selfInterest[n]) ownRecallErr[n] = recallError(x, keys[n], values[n], phiK);
        loss[n] += stepSum;
        agentStepLoss[n] = stepSum;
        formNmseTerms(n);
        for (int k = 0; k < windows.length; k++) {
            if (t % windows[k] == 0 || t == iterations) closeWindow(k, n, gr);
        }
    }

    /**
     * {@link #measureAgent} when the comparators are shared: only the protocol-dependent terms. For DeltaNet
     * one residual r = X k_m − v_m per pair gives the loss ½‖r‖² (the same floating-point operations as
     * {@link io.ddam.online.model.DeltaNetCost#value}, so bitwise equal), the recall error ‖r‖² (likewise
     * equal to {@link #recallError}) and ‖∇f‖ = ‖r‖‖k_m‖ (∇f = r kᵀ is rank one; equal to the summed
     * squares up to rounding, and only its maximum is kept).
     */
    private void measureShared(int chunk, int t, int n, double[] x, double[] residualSq) {
        double[][] keys = tap.keys, values = tap.values;
        double[] gMax = measuredG[n];
        int[] s = support[n];
        double[] wn = weight[n];
        double stepSum = 0;
        double sn = 0, sd = 0, cn = 0, cd = 0; // the fused pass's NMSE sums
        if (fused) {
            if (residualSq == null) { // the protocol did not report this agent's residuals: compute them here
                batch.residuals(x, s, identity[n], kernel[chunk]);
                residualSq = kernel[chunk].e;
            }
            // The NMSE sums are formed in the same pass, in the same order as formNmseTerms (same bits).
            for (int i = 0; i < s.length; i++) {
                int m = s[i];
                double e = residualSq[i];
                stepSum += wn[i] * (0.5 * e);
                gMax[i] = Math.max(gMax[i], e * keyNorm[m]); // ‖∇f‖² = ‖r‖²‖k‖² (rank one)
                if (m == n) {
                    sn += e;
                    sd += stepValueSq[m];
                } else {
                    cn += e;
                    cd += stepValueSq[m];
                }
            }
        } else {
            double[] errs = recallErr[n];
            double[] vvs = valueSq[n];
            double[] gr = grad[chunk];
            double[] phiK = feature[chunk];
            for (int i = 0; i < s.length; i++) {
                int m = s[i];
                stepSum += wn[i] * cost.value(x, keys[m], values[m]);
                java.util.Arrays.fill(gr, 0.0);
                cost.addGradient(x, keys[m], values[m], 1.0, gr);
                double g = 0;
                for (double d : gr) g += d * d;
                gMax[i] = Math.max(gMax[i], Math.sqrt(g));
                errs[i] = recallError(x, keys[m], values[m], phiK);
                double vv = 0;
                for (double v : values[m]) vv += v * v;
                vvs[i] = vv;
            }
        }
        if (!selfInterest[n]) ownRecallErr[n] = recallError(x, keys[n], values[n], feature[chunk]);
        loss[n] += stepSum;
        agentStepLoss[n] = stepSum;
        if (fused) storeNmseTerms(n, sn, sd, cn, cd);
        else formNmseTerms(n);
    }

    /**
     * Agent n's step-t sums of the NMSE numerators and denominators, from its recall errors: run in the
     * (parallel) measuring phase, by whichever thread measures agent n.
     */
    private void formNmseTerms(int n) {
        int[] s = support[n];
        double[] errs = recallErr[n];
        double[] vvs = valueSq[n];
        double sn = 0, sd = 0, cn = 0, cd = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] == n) {
                sn += errs[i];
                sd += vvs[i];
            } else {
                cn += errs[i];
                cd += vvs[i];
            }
        }
        storeNmseTerms(n, sn, sd, cn, cd);
    }

    /** Adds agent n's own term when w_{n,n} = 0 (Self-NMSE counts every agent) and stores its four sums. */
    private void storeNmseTerms(int n, double sn, double sd, double cn, double cd) {
        if (!selfInterest[n]) { // Self-NMSE counts every agent, also those with w_{n,n} = 0
            sn += ownRecallErr[n];
            for (double v : tap.values[n]) sd += v * v;
        }
        double[] terms = nmseTerms[n];
        terms[0] = sn;
        terms[1] = sd;
        terms[2] = cn;
        terms[3] = cd;
    }

    /**
     * Adds agent n's step-t terms to the sums over agents; called in agent order on the calling thread. The
     * NMSE sums add per-agent step sums ({@link #formNmseTerms}), so they do not depend on the thread count.
     */
    private void addUp(int t, int n) {
        double[] terms = nmseTerms[n];
        selfNum += terms[0];
        selfDen += terms[1];
        crossNum += terms[2];
        crossDen += terms[3];
        if (stepLoss != null) stepLoss[t - 1] += agentStepLoss[n];
    }

    /** Solves window k's comparator of agent n; {@code scratch} (size d_v × d_φ) is overwritten. */
    private void closeWindow(int k, int n, double[] scratch) {
        Hindsight h = windowH[k][n];
        double[] u = current[k][n];
        // Keep the previous comparator in scratch to measure the path step.
        System.arraycopy(u, 0, scratch, 0, u.length);
        h.solve(u);
        windowLoss[k][n] += h.objective(u);
        if (hasCurrent[k][n]) {
            double d = 0;
            for (int j = 0; j < u.length; j++) d += (u[j] - scratch[j]) * (u[j] - scratch[j]);
            path[k][n] += Math.sqrt(d);
        }
        hasCurrent[k][n] = true;
        h.clear();
    }

    /** ‖X φ(k) − v‖². */
    private double recallError(double[] x, double[] k, double[] v, double[] feature) {
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
     * @return the run's losses, regrets, path lengths, NMSE and data ranges
     * @throws IllegalStateException if the protocol ran fewer steps than announced
     */
    public RunMetrics finish() {
        if (lastStepSeen != iterations) {
            throw new IllegalStateException("the protocol reported " + lastStepSeen + " of " + iterations + " steps");
        }
        if (nextAgent != 0) throw new IllegalStateException("the last step reported only " + nextAgent + " of " + agents + " agents");
        finished = true;
        close();
        double[] gMax = measuredGradients();
        if (shared != null) {
            double[] trace = new double[0];
            if (stepLoss != null) {
                double[] comp = shared.traceLoss(iterations);
                trace = new double[iterations];
                double cum = 0;
                for (int t = 1; t <= iterations; t++) {
                    cum += stepLoss[t - 1] - comp[t - 1];
                    trace[t - 1] = cum / t;
                }
            }
            return metricsAt(iterations, trace);
        }
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
                gMax, maxKey, maxValue, trace);
    }

    /** max_t ‖∇f_{m,t}(X_{n,t})‖ over the agents n with m ∈ W_n, per m (max is exact: any order gives the same bits). */
    private double[] measuredGradients() {
        double[] gMax = new double[agents];
        for (int n = 0; n < agents; n++) {
            int[] s = support[n];
            double[] g = measuredG[n];
            for (int i = 0; i < s.length; i++) gMax[s[i]] = Math.max(gMax[s[i]], g[i]);
        }
        return gMax;
    }

    /** Shared mode: the metrics of steps 1..h from the running sums now (h = the step just completed). */
    private RunMetrics metricsAt(int h, double[] trace) {
        double[] gMax = measuredGradients();
        if (fused) for (int m = 0; m < agents; m++) gMax[m] = Math.sqrt(gMax[m]);
        return new RunMetrics(h, windows, loss, shared.staticLoss(h), shared.windowLoss(h), shared.pathLength(h),
                selfDen == 0 ? Double.NaN : selfNum / selfDen, crossDen == 0 ? Double.NaN : crossNum / crossDen, gMax,
                shared.maxKeyAbs(h), shared.maxValueNorm(h), trace);
    }

    /**
     * Runs {@code protocol} for {@code iterations} steps on {@code data} and measures it against the W,
     * cost and projection the protocol was built with ({@link Protocol#interest()}, {@link Protocol#cost()},
     * {@link Protocol#projection()}), so the comparators cannot be given another constraint set by
     * mistake. The simplest way to get regret: {@code RegretMeter.measure(protocol, data, 2500, 1, 50)}.
     *
     * @param protocol   the protocol to run, from X = 0
     * @param data       the agents' keys and values
     * @param iterations T, the steps to run, ≤ the stream's horizon
     * @param windows    window lengths Ω ≥ 1 for dynamic regret (eq. 43); may be none
     * @return the metrics of the run (no trace)
     * @throws UnsupportedOperationException if the protocol does not expose its W, cost or projection
     * @throws DdamInputException if the data and the protocol do not fit together
     */
    public static RunMetrics measure(Protocol protocol, DataStream data, int iterations, int... windows) {
        return measure(protocol, data, iterations, false, windows);
    }

    /**
     * As {@link #measure(Protocol, DataStream, int, int...)}, optionally with the trace S-Reg(t)/t.
     *
     * @param protocol   the protocol to run, from X = 0
     * @param data       the agents' keys and values
     * @param iterations T, the steps to run, ≤ the stream's horizon
     * @param trace      whether to compute S-Reg(t)/t for every t ({@link RunMetrics#staticTrace()})
     * @param windows    window lengths Ω ≥ 1 for dynamic regret (eq. 43); may be none
     * @return the metrics of the run
     * @throws UnsupportedOperationException if the protocol does not expose its W, cost or projection
     * @throws DdamInputException if the data and the protocol do not fit together
     */
    public static RunMetrics measure(Protocol protocol, DataStream data, int iterations, boolean trace, int... windows) {
        return measure(protocol, data, protocol.interest(), protocol.cost(), protocol.projection(), iterations, trace, windows);
    }

    /**
     * Runs {@code protocol} for {@code iterations} steps on {@code data} under a new meter (on as many threads
     * as the protocol's {@link Protocol#threads()}) and returns its metrics. This is the one call a
     * library user needs to compute regret (eqs. 4, 5) for a protocol on a stream.
     *
     * @param protocol   the protocol to run, from X = 0
     * @param data       the agents' keys and values
     * @param interest   W, the same the protocol uses
     * @param cost       f, the same the protocol uses
     * @param projection 𝒳 for the hindsight comparators (the protocol's own)
     * @param iterations T, the steps to run, ≤ the stream's horizon
     * @param trace      whether to compute S-Reg(t)/t for every t ({@link RunMetrics#staticTrace()})
     * @param windows    window lengths Ω ≥ 1 for dynamic regret (eq. 43); Ω ≥ T is the static comparator
     * @return the metrics of the run
     * @throws DdamInputException if the data, W, cost and protocol do not fit together
     */
    public static RunMetrics measure(Protocol protocol, DataStream data, InterestMatrix interest, MemoryCost cost,
                                     Projection projection, int iterations, boolean trace, int... windows) {
        RegretMeter meter = new RegretMeter(data, interest, cost, projection, iterations, trace, windows)
                .threads(protocol.threads());
        try {
            protocol.run(meter.stream(), iterations, meter);
            return meter.finish();
        } finally {
            meter.close();
        }
    }

    /**
     * Runs {@code protocol} for {@code iterations} steps under a meter whose hindsight side comes from
     * {@code shared} (see {@link #RegretMeter(DataStream, InterestMatrix, MemoryCost, Comparators, int, boolean)}):
     * the way to measure several protocols on the same data without solving the comparators again.
     *
     * @param protocol   the protocol to run, from X = 0
     * @param data       the agents' keys and values ({@code shared}'s stream)
     * @param interest   W
     * @param cost       f
     * @param shared     the comparators, with {@code iterations} among their checkpoints
     * @param iterations T
     * @param trace      whether to compute the static trace
     * @return the metrics of the run
     * @throws DdamInputException if the parts do not fit together
     */
    public static RunMetrics measure(Protocol protocol, DataStream data, InterestMatrix interest, MemoryCost cost,
                                     Comparators shared, int iterations, boolean trace) {
        RegretMeter meter = new RegretMeter(data, interest, cost, shared, iterations, trace).threads(protocol.threads());
        try {
            protocol.run(meter.stream(), iterations, meter);
            return meter.finish();
        } finally {
            meter.close();
        }
    }
}
