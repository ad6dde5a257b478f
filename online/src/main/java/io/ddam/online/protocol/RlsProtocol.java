package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.KeyDots;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;

import java.util.List;

/**
 * A second-order memory for the quadratic (DeltaNet) cost f(X; k, v) = ½‖Xk − v‖²: recursive least squares
 * (online ridge regression) in place of a gradient step (docs/algorithms.md, "Second-order memory").
 * Agent n keeps the statistics S_vk = Σ ω v kᵀ and S_kk = Σ ω k kᵀ + λI of the samples it has received
 * and plays the minimiser of ½λ‖X‖² + Σ ½ω‖Xk − v‖² over the ball: X̂ = S_vk S_kk⁻¹ when it lies inside, else the
 * constrained leader S_vk(S_kk + μI)⁻¹ on the sphere ({@link BallLeastSquares}; the wide-key sample form plays the
 * Euclidean projection of X̂ instead, see {@code SampleAgent#constrain}).
 * With a forgetting factor β &lt; 1 every step first multiplies both statistics (λI included) by β, which
 * gives exponentially weighted least squares: X̂_{t+1} = argmin Σ_{s≤t} β^{t−s} Σ ½w‖Xk_s − v_s‖² + ½β^tλ‖X‖².
 *
 * <p>Three ways to gather the samples, as the gradient protocols do:
 * <ul>
 *   <li>{@link #overTrees} (DDAM-RLS): agent m's sample (k_{m,s}, v_{m,s}) weighted by w_{n,m} reaches n
 *   with the round-trip delay τ_{n,m} of the trees, i.e. it enters n's update of step s + τ_{n,m} exactly
 *   where DDAM-TOGD's gradient would. With every τ = 0 this is {@link #centralized} bit for bit (same code
 *   path, same order of rank-one updates: delay order is support order within a step).</li>
 *   <li>{@link #centralized}: every τ = 0 (full information, the RLS counterpart of OGD);
 *   {@link #local}: agent n's own samples only, weighted by w_{n,n}.</li>
 *   <li>{@link #consensus}: agent n mixes its neighbours' statistics with the consensus weights A and adds
 *   its own sample: S_{n,t+1} = β Σ_m a_{n,m} S_{m,t} + (k kᵀ, v kᵀ)_{n,t}, then solves by Cholesky.</li>
 * </ul>
 *
 * <p><b>Arithmetic.</b> Over trees (and centralized, local) each received sample is a rank-one update.
 * Two exact forms of it, chosen per agent from the number of samples S it can receive in the run:
 * <ul>
 *   <li>statistics form (S &gt; d_k): P = S_kk⁻¹ by Sherman–Morrison, O(d_k² + d_v d_k) per sample and
 *   O(d_k²) memory;</li>
 *   <li>sample form (S ≤ d_k, wide keys): the received keys and a Cholesky factor of their s × s regularised
 *   Gram matrix; P k comes from the Woodbury identity P = (I − K(K ᵀK + λΩ⁻¹)⁻¹Kᵀ)/λ, so a sample costs
 *   O(s d_k + s² + d_v d_k) and memory is O(d_v d_k + s d_k + s²), never O(d_k²) or O(d_k³).</li>
 * </ul>
 * Both keep X̂ by the same gain update X̂ ← X̂ + ω(v − X̂k)(P_new k)ᵀ and agree to rounding; the sample form
 * takes the samples arriving at an agent in one step as one batch (two passes over the stored keys per step).
 * Consensus mixes whole statistics, whose sample weights all change at every step, so it needs O(r²) memory
 * and one O(r³) Cholesky solve per agent and step, r = d_k, or r = the rank of the keys seen so far (≤ N·t,
 * in an orthonormal basis of them shared by the agents) when N·T &lt; d_k; it refuses r &gt; 1,024.
 *
 * <p>Agents are updated independently within a step (as in the other protocols), so iterates are bitwise
 * the same for any thread count.
 */
public final class RlsProtocol implements Protocol {
    /** How the rank-one updates are computed (see the class comment); {@link #AUTO} decides per agent. */
    enum Form { AUTO, STATISTICS, SAMPLES }

    private final String name;
    private final int agents;
    private final InterestMatrix interest;
    private final int[][] support;
    private final double[][] weight;
    private final long[][] delay;
    private final long[] delayMax;
    private final ConsensusWeights mixing; // consensus only
    private final DeltaNetCost cost;
    private final Projection projection;
    private final double lambda;
    private final double beta;
    private final int threads;
    private final Form form;

    private RlsProtocol(String name, InterestMatrix interest, int[][] support, double[][] weight, long[][] delay,
                        ConsensusWeights mixing, MemoryCost cost, Projection projection, double lambda, double beta,
                        int threads, Form form) {
        if (!(cost instanceof DeltaNetCost d)) {
            throw new DdamInputException(name + ": the rls learner needs the quadratic cost deltanet, not " + cost.name());
        }
        checkSettings(lambda, beta);
        this.name = name;
        this.interest = interest;
        this.agents = interest.size();
        this.support = support;
        this.weight = weight;
        this.delay = delay;
        this.mixing = mixing;
        this.cost = d;
        this.projection = projection;
        this.lambda = lambda;
        this.beta = beta;
        this.threads = ProtocolSupport.checkThreads(threads);
        this.form = form;
        this.delayMax = new long[agents];
        if (delay != null) for (int n = 0; n < agents; n++) for (long x : delay[n]) delayMax[n] = Math.max(delayMax[n], x);
    }

    private RlsProtocol(RlsProtocol o, int threads, Form form) {
        this(o.name, o.interest, o.support, o.weight, o.delay, o.mixing, o.cost, o.projection, o.lambda, o.beta, threads, form);
    }

    /**
     * Checks the ridge λ and the forgetting factor β.
     *
     * @param lambda λ &gt; 0, finite
     * @param beta   β in (0, 1]
     * @throws DdamInputException if either is out of range
     */
    public static void checkSettings(double lambda, double beta) {
        if (!(lambda > 0) || Double.isInfinite(lambda)) {
            throw new DdamInputException("the ridge lambda of rls must be positive and finite, not " + lambda);
        }
        if (beta != AUTO && !(beta > 0 && beta <= 1)) throw new DdamInputException("the forgetting factor must be in (0, 1] or auto, not " + beta);
    }

    /**
     * The forgetting factor "auto": every agent runs one RLS learner per β of {@link #AUTO_GRID} on the same
     * samples and plays the mean of their memories weighted by AdaHedge ({@link AdaHedge}) on their costs of the
     * received samples, each scored before that learner absorbed it: regret at most 2Δ against the best β of the
     * grid, with no learning rate to set.
     */
    public static final double AUTO = -1;

    /** The forgetting factors {@link #AUTO} chooses among: fixed in advance, not fitted to any data. */
    public static final List<Double> AUTO_GRID = List.of(1.0, 0.999, 0.99, 0.95);

    private double[] betas() {
        if (beta != AUTO) return new double[] {beta};
        return AUTO_GRID.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /**
     * DDAM-RLS: RLS whose samples arrive over routing trees with the given round-trip delays.
     *
     * @param name      name in results, e.g. {@code ddam-star}
     * @param interest  W; agent n weighs m's samples by w_{n,m}
     * @param roundTrip τ_{n,m} in either form accepted by {@link DdamTogdProtocol} (N entries or |W_n| entries per row);
     *                  τ_{n,n} must be 0
     * @param cost      the DeltaNet cost
     * @param projection Π onto 𝒳
     * @param lambda    ridge λ &gt; 0
     * @param beta      forgetting factor in (0, 1]
     * @return the protocol
     * @throws DdamInputException if the cost is not DeltaNet, the delay table does not fit W, or λ, β are out of range
     */
    public static RlsProtocol overTrees(String name, InterestMatrix interest, long[][] roundTrip, MemoryCost cost,
                                        Projection projection, double lambda, double beta) {
        int n = interest.size();
        if (roundTrip.length != n) throw new DdamInputException(name + ": the delay table has " + roundTrip.length + " rows for " + n + " agents");
        int[][] support = supports(interest);
        long[][] delay = new long[n][];
        for (int a = 0; a < n; a++) {
            int[] s = support[a];
            if (roundTrip[a].length != n && roundTrip[a].length != s.length) {
                throw new DdamInputException(name + ": delay table row " + a + " has " + roundTrip[a].length + " entries");
            }
            delay[a] = new long[s.length];
            for (int i = 0; i < s.length; i++) {
                long tau = DdamTogdProtocol.delayEntry(roundTrip[a], i, s[i], n);
                if (tau < 0) throw new DdamInputException(name + ": negative delay τ(" + a + "," + s[i] + ") = " + tau);
                if (s[i] == a && tau != 0) throw new DdamInputException(name + ": τ_nn must be 0 for agent " + a);
                delay[a][i] = tau;
            }
        }
        return new RlsProtocol(name, interest, support, weights(interest, support), delay, null, cost, projection, lambda, beta, 1, Form.AUTO);
    }

    /**
     * Full-information RLS: agent n receives every sample of W_n at once (all delays 0).
     *
     * @param name       name in results, e.g. {@code ogd}
     * @param interest   W
     * @param cost       the DeltaNet cost
     * @param projection Π onto 𝒳
     * @param lambda     ridge λ &gt; 0
     * @param beta       forgetting factor in (0, 1]
     * @return the protocol
     * @throws DdamInputException if the cost is not DeltaNet or λ, β are out of range
     */
    public static RlsProtocol centralized(String name, InterestMatrix interest, MemoryCost cost, Projection projection,
                                          double lambda, double beta) {
        int[][] support = supports(interest);
        long[][] delay = new long[support.length][];
        for (int n = 0; n < support.length; n++) delay[n] = new long[support[n].length];
        return new RlsProtocol(name, interest, support, weights(interest, support), delay, null, cost, projection, lambda, beta, 1, Form.AUTO);
    }

    /**
     * Independent RLS learners: agent n uses its own samples only, weighted by w_{n,n} (none when w_{n,n} = 0).
     *
     * @param name       name in results, e.g. {@code local}
     * @param interest   W (only its diagonal is used)
     * @param cost       the DeltaNet cost
     * @param projection Π onto 𝒳
     * @param lambda     ridge λ &gt; 0
     * @param beta       forgetting factor in (0, 1]
     * @return the protocol
     * @throws DdamInputException if the cost is not DeltaNet or λ, β are out of range
     */
    public static RlsProtocol local(String name, InterestMatrix interest, MemoryCost cost, Projection projection,
                                    double lambda, double beta) {
        int n = interest.size();
        int[][] support = new int[n][];
        double[][] weight = new double[n][];
        long[][] delay = new long[n][];
        for (int a = 0; a < n; a++) {
            double self = interest.weight(a, a);
            support[a] = self == 0 ? new int[0] : new int[] {a};
            weight[a] = self == 0 ? new double[0] : new double[] {self};
            delay[a] = new long[support[a].length];
        }
        return new RlsProtocol(name, interest, support, weight, delay, null, cost, projection, lambda, beta, 1, Form.AUTO);
    }

    /**
     * Consensus RLS: each agent mixes its neighbours' statistics with A and adds its own sample (weight 1).
     *
     * @param name       name in results, e.g. {@code cdogd}
     * @param interest   W of the objective it is measured against (consensus ignores it)
     * @param mixing     A, e.g. {@link ConsensusWeights#metropolisHastings}
     * @param cost       the DeltaNet cost
     * @param projection Π onto 𝒳
     * @param lambda     ridge λ &gt; 0
     * @param beta       forgetting factor in (0, 1]
     * @return the protocol
     * @throws DdamInputException if the cost is not DeltaNet, A and W differ in size, or λ, β are out of range
     */
    public static RlsProtocol consensus(String name, InterestMatrix interest, ConsensusWeights mixing, MemoryCost cost,
                                        Projection projection, double lambda, double beta) {
        interest.requireSize(mixing.size());
        return new RlsProtocol(name, interest, null, null, null, mixing, cost, projection, lambda, beta, 1, Form.AUTO);
    }

    private static int[][] supports(InterestMatrix w) {
        int[][] s = new int[w.size()][];
        for (int n = 0; n < s.length; n++) s[n] = w.interestSet(n);
        return s;
    }

    private static double[][] weights(InterestMatrix w, int[][] support) {
        double[][] out = new double[support.length][];
        for (int n = 0; n < support.length; n++) {
            out[n] = new double[support[n].length];
            for (int i = 0; i < support[n].length; i++) out[n][i] = w.weight(n, support[n][i]);
        }
        return out;
    }

    /** The same protocol forcing one arithmetic form (tests compare the two). */
    RlsProtocol withForm(Form f) { return new RlsProtocol(this, threads, f); }

    @Override
    public RlsProtocol withThreads(int threads) { return new RlsProtocol(this, threads, form); }

    @Override
    public int threads() { return threads; }

    @Override
    public String name() { return name; }

    /**
     * The W given at construction.
     *
     * @return W
     */
    @Override
    public InterestMatrix interest() { return interest; }

    /**
     * The DeltaNet cost.
     *
     * @return f
     */
    @Override
    public MemoryCost cost() { return cost; }

    /**
     * The projection Π onto 𝒳.
     *
     * @return 𝒳
     */
    @Override
    public Projection projection() { return projection; }

    /**
     * The ridge λ.
     *
     * @return λ
     */
    public double lambda() { return lambda; }

    /**
     * The forgetting factor β.
     *
     * @return β (1: no forgetting; {@link #AUTO}: chosen per agent from {@link #AUTO_GRID})
     */
    public double forgetting() { return beta; }

    /**
     * Floats one message carries when statistics travel: S_vk (d_v d_k) and the symmetric S_kk (d_k(d_k+1)/2).
     *
     * @param dk d_k
     * @param dv d_v
     * @return d_v d_k + d_k(d_k + 1)/2
     */
    public static long statisticFloats(int dk, int dv) { return (long) dv * dk + (long) dk * (dk + 1) / 2; }

    @Override
    public void run(DataStream data, int iterations, IterateListener listener) {
        ProtocolSupport.checkRun(name, data, cost, agents, iterations);
        if (mixing != null) runConsensus(data, iterations, listener);
        else runTrees(data, iterations, listener);
    }

    private void runTrees(DataStream data, int iterations, IterateListener listener) {
        int dk = cost.cols(), dv = cost.rows();
        long most = 0;
        for (long m : delayMax) most = Math.max(most, m);
        // Samples are what travels, and they do not depend on anyone's memory: one shared ring of the last
        // τ_max + 1 steps' data serves every agent (slot s mod len holds step s).
        int len = (int) Math.min(most, iterations) + 1;
        double[][][] ringK = new double[len][agents][dk];
        double[][][] ringV = new double[len][agents][dv];
        double[] bs = betas();
        int kinds = bs.length;
        Agent[][] state = new Agent[agents][kinds];
        AdaHedge[] hedge = new AdaHedge[agents]; // per agent over the grid: weights from the costs of the samples shown
        double[][] played = new double[agents][];
        boolean anySamples = false;
        for (int n = 0; n < agents; n++) {
            long samples = (long) iterations * support[n].length;
            boolean sampleForm = form == Form.SAMPLES || (form == Form.AUTO && samples <= dk);
            for (int j = 0; j < kinds; j++) {
                state[n][j] = sampleForm ? new SampleAgent(dk, dv, lambda, (int) samples)
                        : new StatisticsAgent(dk, dv, lambda, projection.isBounded());
                anySamples |= sampleForm;
            }
            played[n] = kinds == 1 ? state[n][0].x : new double[dv * dk];
            if (kinds > 1) hedge[n] = new AdaHedge(kinds);
        }
        // Per agent, its learners' memories (fixed arrays), so the mixing step allocates nothing.
        double[][][] memories = new double[agents][kinds][];
        for (int n = 0; n < agents; n++) for (int j = 0; j < kinds; j++) memories[n][j] = state[n][j].x;
        boolean shareKeys = anySamples;
        DataStream.Cursor cursor = data.cursor();
        StepListener sl = listener instanceof StepListener l ? l : null;
        int[] step = new int[1];
        // Wide keys in the sample form: an agent-step costs O(s·d_k), so even a few agents are split over the threads
        // (one agent per chunk, as the comparators do); a protocol left running alone then still uses both cores.
        int minPerWorker = anySamples && dk >= WIDE_KEYS ? 1 : AgentPool.MIN_AGENTS_PER_WORKER;
        try (AgentPool pool = new AgentPool(agents, threads, minPerWorker)) {
            int widest = 0;
            for (int[] sup : support) widest = Math.max(widest, sup.length);
            Scratch[] scratch = new Scratch[pool.workers()];
            for (int c = 0; c < scratch.length; c++) scratch[c] = new Scratch(dk, dv, kinds, widest);
            AgentPool.Body update = (chunk, from, to) -> {
                int t = step[0];
                Scratch sc = scratch[chunk];
                for (int n = from; n < to; n++) {
                    if (sl != null) sl.measure(chunk, t, n, played[n], null);
                    int[] s = support[n];
                    long[] tau = delay[n];
                    for (int j = 0; j < kinds; j++) {
                        Agent a = state[n][j];
                        if (a.broken) { // dropped out of the grid for good: weight 0, no more work
                            sc.loss[j] = Double.POSITIVE_INFINITY;
                            continue;
                        }
                        if (bs[j] < 1) a.forget(bs[j]);
                        sc.loss[j] = 0;
                        int arrived = 0;
                        for (int i = 0; i < s.length; i++) {
                            long sent = t - tau[i];
                            if (sent < 1) continue; // not arrived yet
                            int slot = (int) (sent % len);
                            // a.x is the memory played at t: it does not change before publish below.
                            if (kinds > 1) sc.loss[j] += weight[n][i] * cost.value(a.x, ringK[slot][s[i]], ringV[slot][s[i]]);
                            sc.batchK[arrived] = ringK[slot][s[i]];
                            sc.batchV[arrived] = ringV[slot][s[i]];
                            sc.batchW[arrived++] = weight[n][i];
                        }
                        a.addAll(sc.batchK, sc.batchV, sc.batchW, arrived, sc);
                        a.publish(projection, sc);
                        if (!a.finite()) {
                            // Forgetting decays λI with the data, so P = S_kk⁻¹ grows like β^{−t} in directions the keys
                            // barely excite (RLS wind-up) and overflows for a small β. Alone that is an error (as in
                            // consensus); in the auto grid that learner drops out.
                            if (kinds == 1) {
                                throw new DdamInputException(name + ": the key statistics of agent " + n + " overflowed at step " + t
                                        + " (forgetting factor " + bs[j] + " too small for these keys; use one closer to 1)");
                            }
                            a.broken = true;
                            sc.loss[j] = Double.POSITIVE_INFINITY;
                        }
                    }
                    if (kinds > 1) mix(hedge[n], sc.loss, sc.p, memories[n], played[n]);
                }
            };
            if (sl != null) sl.begin(pool.workers());
            for (int t = 1; t <= iterations; t++) {
                int slot = t % len;
                // Sample-form agents keep references to the keys they received: each step then gets fresh key arrays
                // (never overwritten), so all agents and grid learners share one copy of each key.
                if (shareKeys) ringK[slot] = new double[agents][dk];
                ProtocolSupport.advance(cursor, ringK[slot], ringV[slot], t);
                step[0] = t;
                if (sl != null) sl.startStep(t);
                else for (int n = 0; n < agents; n++) listener.iterate(t, n, played[n]);
                pool.run(update);
                if (sl != null) sl.endStep(t);
            }
        }
    }

    /**
     * The largest dimension r = min(d_k, N·T) consensus RLS accepts: it keeps two r × r statistics per agent and
     * solves one r × r system per agent and step (O(r³)), because mixing changes the weight of every sample
     * held by every agent at every step (so no rank-one update or fixed factorisation carries over).
     */
    static final int CONSENSUS_MAX_DIM = 1024;

    /** Key widths from which the sample form splits even a few agents over the threads (runTrees). */
    static final int WIDE_KEYS = 256;

    /**
     * The dimension consensus RLS solves in, r = min(d_k, N·T), checked against {@link #CONSENSUS_MAX_DIM}.
     *
     * @param name   the protocol's name, for the message
     * @param dk     d_k
     * @param agents N
     * @param steps  T
     * @return r
     * @throws DdamInputException if r is above the limit (O(r³) per agent and step, O(r²) memory per agent)
     */
    public static long consensusDimension(String name, int dk, int agents, long steps) {
        long r = Math.min(dk, agents * Math.max(1, steps));
        if (r > CONSENSUS_MAX_DIM) {
            throw new DdamInputException(name + ": consensus rls mixes the key statistics and solves them every step, in dimension"
                    + " min(d_k, agents x steps) = " + r + ", above " + CONSENSUS_MAX_DIM
                    + " (use ogd or ddam-* with rls, or the gradient learner)");
        }
        return r;
    }

    private void runConsensus(DataStream data, int iterations, IterateListener listener) {
        int dk = cost.cols();
        long seen = (long) agents * iterations;
        consensusDimension(name, dk, agents, iterations);
        if (form == Form.SAMPLES || (form == Form.AUTO && seen < dk)) runConsensusInBasis(data, iterations, listener);
        else runConsensusDense(data, iterations, listener);
    }

    /** Relative residual below which a new key counts as inside the span of the basis (CGS2 is accurate to ~1e-16). */
    private static final double SPAN_TOLERANCE = 1e-12;

    /**
     * Consensus RLS for wide keys (N·T &lt; d_k): every statistic lies in the span of the keys seen so far, so with
     * an orthonormal basis Q (d_k × r, r ≤ N·t, grown by Gram–Schmidt with reorthogonalisation, shared by all
     * agents) S_kk,n = ℓ_n I + Q A_n Qᵀ and S_vk,n = B_n Qᵀ, and X̂_n = B_n (ℓ_n I_r + A_n)⁻¹ Qᵀ. Mixing and the
     * solve work on r × r matrices; the same recursions as {@link #runConsensusDense} in other coordinates.
     */
    private void runConsensusInBasis(DataStream data, int iterations, IterateListener listener) {
        int dk = cost.cols(), dv = cost.rows();
        int cap = (int) Math.min((long) agents * iterations, dk);
        double[] bs = betas();
        int kinds = bs.length;
        double[][] basis = new double[cap][];
        int[] rank = new int[1];
        double[][] coords = new double[agents][cap];
        // Per β: [0] = the statistics of step t (read by every neighbour), [1] = step t+1; A is cap × cap (stride cap).
        double[][][][] aa = new double[kinds][2][agents][cap * cap];
        double[][][][] bb = new double[kinds][2][agents][dv * cap];
        double[][][] ell = new double[kinds][2][agents];
        for (int e = 0; e < kinds; e++) java.util.Arrays.fill(ell[e][0], lambda);
        double[][][] xs = new double[kinds][agents][dv * dk];
        AdaHedge[] hedge = new AdaHedge[agents];
        if (kinds > 1) for (int n = 0; n < agents; n++) hedge[n] = new AdaHedge(kinds);
        double[][] played = kinds == 1 ? xs[0] : new double[agents][dv * dk];
        double[][][] memories = new double[agents][kinds][];
        for (int n = 0; n < agents; n++) for (int e = 0; e < kinds; e++) memories[n][e] = xs[e][n];
        double[][] keys = new double[agents][dk];
        double[][] values = new double[agents][dv];
        double[] residual = new double[dk], h = new double[cap];
        DataStream.Cursor cursor = data.cursor();
        StepListener sl = listener instanceof StepListener l ? l : null;
        int[] step = new int[1];
        try (AgentPool pool = new AgentPool(agents, threads)) {
            int workers = pool.workers();
            DMatrixRMaj[] a = new DMatrixRMaj[workers], b = new DMatrixRMaj[workers], y = new DMatrixRMaj[workers];
            @SuppressWarnings("unchecked")
            LinearSolverDense<DMatrixRMaj>[] solver = new LinearSolverDense[workers];
            BallLeastSquares[] ball = new BallLeastSquares[workers];
            for (int c = 0; c < workers; c++) ball[c] = new BallLeastSquares();
            double[][] loss = new double[workers][kinds], weights = new double[workers][kinds], coef = new double[workers][dv * cap];
            for (int c = 0; c < workers; c++) {
                a[c] = new DMatrixRMaj(cap, cap);
                b[c] = new DMatrixRMaj(cap, dv);
                y[c] = new DMatrixRMaj(cap, dv);
                solver[c] = LinearSolverFactory_DDRM.chol(cap);
            }
            AgentPool.Body update = (chunk, from, to) -> {
                int t = step[0], r = rank[0];
                for (int n = from; n < to; n++) {
                    if (sl != null) sl.measure(chunk, t, n, played[n], null);
                    double[] q = coords[n], v = values[n];
                    double[] ellLoss = loss[chunk];
                    for (int e = 0; e < kinds; e++) {
                        double[][] aNow = aa[e][0], bNow = bb[e][0];
                        double[] sa = aa[e][1][n], sb = bb[e][1][n];
                        if (kinds > 1) ellLoss[e] = cost.value(xs[e][n], keys[n], v);
                        java.util.Arrays.fill(sa, 0.0);
                        java.util.Arrays.fill(sb, 0.0);
                        int[] s = mixing.supportOf(n);
                        double[] w = mixing.weightsOf(n);
                        double l0 = 0;
                        for (int i = 0; i < s.length; i++) {
                            double am = bs[e] * w[i];
                            double[] ma = aNow[s[i]], mb = bNow[s[i]];
                            l0 += am * ell[e][0][s[i]];
                            for (int p = 0; p < r; p++) for (int o = p * cap, j = o; j < o + r; j++) sa[j] += am * ma[j];
                            for (int p = 0; p < dv; p++) for (int o = p * cap, j = o; j < o + r; j++) sb[j] += am * mb[j];
                        }
                        ell[e][1][n] = l0;
                        for (int p = 0; p < r; p++) for (int j = 0; j < r; j++) sa[p * cap + j] += q[p] * q[j];
                        for (int p = 0; p < dv; p++) for (int j = 0; j < r; j++) sb[p * cap + j] += v[p] * q[j];
                        // Yᵀ = (ℓI + A)⁻¹ Bᵀ by Cholesky, then X̂ = Y Qᵀ.
                        a[chunk].reshape(r, r);
                        b[chunk].reshape(r, dv);
                        y[chunk].reshape(r, dv);
                        double[] ad = a[chunk].data, bd = b[chunk].data;
                        for (int p = 0; p < r; p++) {
                            System.arraycopy(sa, p * cap, ad, p * r, r);
                            ad[p * r + p] += l0;
                        }
                        for (int p = 0; p < dv; p++) for (int j = 0; j < r; j++) bd[j * dv + p] = sb[p * cap + j];
                        if (!solver[chunk].setA(a[chunk])) {
                            if (kinds == 1) {
                                throw new DdamInputException(name + ": the key statistics of agent " + n + " became singular at step " + t
                                        + " (forgetting factor " + bs[e] + " too small for these keys; use one closer to 1)");
                            }
                            ellLoss[e] = Double.POSITIVE_INFINITY;
                            continue;
                        }
                        solver[chunk].solve(b[chunk], y[chunk]);
                        double[] cf = coef[chunk], yd = y[chunk].data;
                        for (int p = 0; p < dv; p++) for (int j = 0; j < r; j++) cf[p * r + j] = yd[j * dv + p];
                        if (projection.isBounded() && BallLeastSquares.norm2(cf, dv * r) > projection.radius() * projection.radius()) {
                            // The constrained leader in the basis (orthonormal, so norms are the same): S = ℓI + A, S_vk = B.
                            DMatrixRMaj sr = new DMatrixRMaj(r, r);
                            double[] bc = new double[dv * r];
                            for (int p = 0; p < r; p++) {
                                System.arraycopy(sa, p * cap, sr.data, p * r, r);
                                sr.data[p * r + p] += l0;
                            }
                            for (int p = 0; p < dv; p++) System.arraycopy(sb, p * cap, bc, p * r, r);
                            ball[chunk].solve(cf, bc, sr, dv, r, projection.radius(), cf);
                        }
                        double[] xn = xs[e][n];
                        java.util.Arrays.fill(xn, 0.0);
                        KeyDots.addCombination(basis, r, cf, r, dv, xn, dk, dk);
                        projection.project(xn);
                    }
                    if (kinds > 1) mix(hedge[n], ellLoss, weights[chunk], memories[n], played[n]);
                }
            };
            if (sl != null) sl.begin(workers);
            for (int t = 1; t <= iterations; t++) {
                ProtocolSupport.advance(cursor, keys, values, t);
                for (int n = 0; n < agents; n++) rank[0] = extendBasis(basis, rank[0], keys[n], coords[n], residual, h, dk);
                step[0] = t;
                if (sl != null) sl.startStep(t);
                else for (int n = 0; n < agents; n++) listener.iterate(t, n, played[n]);
                pool.run(update);
                if (sl != null) sl.endStep(t);
                for (int e = 0; e < kinds; e++) {
                    double[][] swap = aa[e][0];
                    aa[e][0] = aa[e][1];
                    aa[e][1] = swap;
                    swap = bb[e][0];
                    bb[e][0] = bb[e][1];
                    bb[e][1] = swap;
                    double[] sw = ell[e][0];
                    ell[e][0] = ell[e][1];
                    ell[e][1] = sw;
                }
            }
        }
    }

    /**
     * Writes the coordinates of k in the orthonormal rows basis[0..r) into q (after adding k's new direction
     * as row r when its residual is above {@link #SPAN_TOLERANCE}·‖k‖) by classical Gram–Schmidt applied
     * twice; returns the new rank.
     */
    private static int extendBasis(double[][] basis, int r, double[] k, double[] q, double[] w, double[] h, int dk) {
        java.util.Arrays.fill(q, 0.0);
        System.arraycopy(k, 0, w, 0, dk);
        double norm0 = Math.sqrt(KeyDots.dot(k, k, dk));
        if (norm0 == 0) return r;
        for (int pass = 0; pass < 2; pass++) {
            for (int i = 0; i < r; i++) h[i] = KeyDots.dot(basis[i], w, dk);
            for (int i = 0; i < r; i++) {
                double c = h[i];
                q[i] += c;
                double[] bi = basis[i];
                for (int l = 0; l < dk; l++) w[l] -= c * bi[l];
            }
        }
        double norm = Math.sqrt(KeyDots.dot(w, w, dk));
        if (norm <= SPAN_TOLERANCE * norm0 || r == basis.length) return r;
        double[] row = new double[dk];
        for (int l = 0; l < dk; l++) row[l] = w[l] / norm;
        basis[r] = row;
        q[r] = norm;
        return r + 1;
    }

    private void runConsensusDense(DataStream data, int iterations, IterateListener listener) {
        int dk = cost.cols(), dv = cost.rows();
        // Per β of the grid: [0] = the statistics of step t (read by every neighbour), [1] = step t+1 (agent n writes
        // its own): swapped after each step.
        double[] bs = betas();
        int kinds = bs.length;
        double[][][][] kk = new double[kinds][2][agents][dk * dk];
        double[][][][] vk = new double[kinds][2][agents][dv * dk];
        for (int e = 0; e < kinds; e++) for (int n = 0; n < agents; n++) for (int j = 0; j < dk; j++) kk[e][0][n][j * dk + j] = lambda;
        double[][][] xs = new double[kinds][agents][dv * dk];
        AdaHedge[] hedge = new AdaHedge[agents];
        if (kinds > 1) for (int n = 0; n < agents; n++) hedge[n] = new AdaHedge(kinds);
        double[][] played = kinds == 1 ? xs[0] : new double[agents][dv * dk];
        // Per agent, its learners' memories (fixed arrays), so the mixing step allocates nothing.
        double[][][] memories = new double[agents][kinds][];
        for (int n = 0; n < agents; n++) for (int e = 0; e < kinds; e++) memories[n][e] = xs[e][n];
        double[][] keys = new double[agents][dk];
        double[][] values = new double[agents][dv];
        DataStream.Cursor cursor = data.cursor();
        StepListener sl = listener instanceof StepListener l ? l : null;
        int[] step = new int[1];
        try (AgentPool pool = new AgentPool(agents, threads)) {
            int workers = pool.workers();
            DMatrixRMaj[] a = new DMatrixRMaj[workers], b = new DMatrixRMaj[workers], y = new DMatrixRMaj[workers];
            @SuppressWarnings("unchecked")
            LinearSolverDense<DMatrixRMaj>[] solver = new LinearSolverDense[workers];
            BallLeastSquares[] ball = new BallLeastSquares[workers];
            for (int c = 0; c < workers; c++) ball[c] = new BallLeastSquares();
            double[][] loss = new double[workers][kinds], weights = new double[workers][kinds];
            for (int c = 0; c < workers; c++) {
                a[c] = new DMatrixRMaj(dk, dk);
                b[c] = new DMatrixRMaj(dk, dv);
                y[c] = new DMatrixRMaj(dk, dv);
                solver[c] = LinearSolverFactory_DDRM.chol(dk);
            }
            AgentPool.Body update = (chunk, from, to) -> {
                int t = step[0];
                for (int n = from; n < to; n++) {
                    if (sl != null) sl.measure(chunk, t, n, played[n], null);
                    double[] k = keys[n], v = values[n];
                    double[] ell = loss[chunk];
                    for (int e = 0; e < kinds; e++) {
                        double[][] kkNow = kk[e][0], vkNow = vk[e][0];
                        double[] sk = kk[e][1][n], sv = vk[e][1][n];
                        if (kinds > 1) ell[e] = cost.value(xs[e][n], k, v);
                        java.util.Arrays.fill(sk, 0.0);
                        java.util.Arrays.fill(sv, 0.0);
                        int[] s = mixing.supportOf(n);
                        double[] w = mixing.weightsOf(n);
                        for (int i = 0; i < s.length; i++) {
                            double am = bs[e] * w[i];
                            double[] mk = kkNow[s[i]], mv = vkNow[s[i]];
                            for (int j = 0; j < sk.length; j++) sk[j] += am * mk[j];
                            for (int j = 0; j < sv.length; j++) sv[j] += am * mv[j];
                        }
                        for (int p = 0; p < dk; p++) for (int q = 0; q < dk; q++) sk[p * dk + q] += k[p] * k[q];
                        for (int p = 0; p < dv; p++) for (int q = 0; q < dk; q++) sv[p * dk + q] += v[p] * k[q];
                        // X̂ᵀ = S_kk⁻¹ S_vkᵀ by Cholesky (S_kk is symmetric positive definite: λI mixed, plus k kᵀ terms).
                        System.arraycopy(sk, 0, a[chunk].data, 0, sk.length);
                        for (int p = 0; p < dv; p++) for (int q = 0; q < dk; q++) b[chunk].data[q * dv + p] = sv[p * dk + q];
                        if (!solver[chunk].setA(a[chunk])) {
                            // Forgetting decays λI with the data: with a small β the statistics can become numerically
                            // singular (RLS wind-up). Alone that is an error; in the auto grid that learner drops out.
                            if (kinds == 1) {
                                throw new DdamInputException(name + ": the key statistics of agent " + n + " became singular at step " + t
                                        + " (forgetting factor " + bs[e] + " too small for these keys; use one closer to 1)");
                            }
                            ell[e] = Double.POSITIVE_INFINITY; // drops out of the mix for good
                            continue;
                        }
                        solver[chunk].solve(b[chunk], y[chunk]);
                        double[] xn = xs[e][n], yd = y[chunk].data;
                        for (int p = 0; p < dv; p++) for (int q = 0; q < dk; q++) xn[p * dk + q] = yd[q * dv + p];
                        if (projection.isBounded()) ball[chunk].solve(xn, sv, DMatrixRMaj.wrap(dk, dk, sk), dv, dk, projection.radius(), xn);
                    }
                    if (kinds > 1) mix(hedge[n], ell, weights[chunk], memories[n], played[n]);
                }
            };
            if (sl != null) sl.begin(workers);
            for (int t = 1; t <= iterations; t++) {
                ProtocolSupport.advance(cursor, keys, values, t);
                step[0] = t;
                if (sl != null) sl.startStep(t);
                else for (int n = 0; n < agents; n++) listener.iterate(t, n, played[n]);
                pool.run(update);
                if (sl != null) sl.endStep(t);
                for (int e = 0; e < kinds; e++) {
                    double[][] swap = kk[e][0];
                    kk[e][0] = kk[e][1];
                    kk[e][1] = swap;
                    swap = vk[e][0];
                    vk[e][0] = vk[e][1];
                    vk[e][1] = swap;
                }
            }
        }
    }

    /**
     * {@code --forgetting auto}: feeds the step's costs of the grid's learners to the agent's AdaHedge and plays
     * the weighted mean of their memories (inside the ball, which is convex). The cost is convex in X, so the
     * played memory costs at most the hedge loss.
     */
    private static void mix(AdaHedge hedge, double[] loss, double[] p, double[][] xs, double[] out) {
        hedge.observe(loss, p);
        hedge.weights(p);
        java.util.Arrays.fill(out, 0.0);
        for (int e = 0; e < xs.length; e++) {
            if (p[e] == 0) continue;
            double w = p[e];
            double[] x = xs[e];
            for (int j = 0; j < out.length; j++) out[j] += w * x[j];
        }
    }

    /** Per-chunk buffers of the rank-one updates. */
    private static final class Scratch {
        final double[] u, e, loss, p;
        final DMatrixRMaj uVec, kVec, eVec;
        final BallLeastSquares ball = new BallLeastSquares();
        // The samples arriving at one agent in one step (batchW: their weights w_{n,m}).
        final double[][] batchK, batchV;
        final double[] batchW;
        // Sample form, per batch of b samples: gram[j] = Kᵀk_j over the keys before k_j and k_j itself, z[j] =
        // M⁻¹ Kᵀk_j, err[j] = e_j, alpha[j] = ω_j/den_j; coef = the combination of stored keys added to X̂ (or U).
        double[][] gram, z, err;
        double[] alpha, coef, y, uFlat;

        Scratch(int dk, int dv, int kinds, int widest) {
            batchK = new double[widest][];
            batchV = new double[widest][];
            batchW = new double[widest];
            gram = new double[widest][0];
            z = new double[widest][0];
            err = new double[widest][dv];
            alpha = new double[widest];
            coef = new double[0];
            y = new double[0];
            uFlat = new double[0];
            loss = new double[kinds];
            p = new double[kinds];
            u = new double[dk];
            e = new double[dv];
            uVec = DMatrixRMaj.wrap(dk, 1, u);
            kVec = new DMatrixRMaj(dk, 1);
            eVec = DMatrixRMaj.wrap(dv, 1, e);
        }

        /** Grows the sample-form buffers for a batch of b samples among total keys. */
        void ensure(int b, int total, int dv, int dk) {
            int cap = Math.max(total, 2 * y.length);
            if (y.length < total) y = new double[cap];
            for (int j = 0; j < b; j++) {
                if (gram[j].length < total) gram[j] = new double[cap];
                if (z[j].length < total) z[j] = new double[cap];
            }
            int rows = Math.max(dv, b);
            if (coef.length < rows * total) coef = new double[rows * Math.max(total, cap)];
            if (dv > b && uFlat.length < b * dk) uFlat = new double[b * dk];
        }
    }

    /** One agent's RLS state: X̂ (unprojected) and the memory it plays, x = Π(X̂). */
    private abstract static class Agent {
        final int dk, dv;
        final double lambda;
        final double[] xhat, x;
        final DMatrixRMaj xhatM;

        Agent(int dk, int dv, double lambda) {
            this.dk = dk;
            this.dv = dv;
            this.lambda = lambda;
            xhat = new double[dv * dk];
            x = new double[dv * dk];
            xhatM = DMatrixRMaj.wrap(dv, dk, xhat);
        }

        /** Multiplies the statistics (λI included) by β. */
        abstract void forget(double beta);

        /** Adds the sample (k, v) with weight w: S_kk += w k kᵀ, S_vk += w v kᵀ, and X̂ follows. */
        abstract void add(double[] k, double[] v, double w, Scratch sc);

        /** Adds the first b samples of ks, vs with weights ws, in that order (the same as b calls of add). */
        void addAll(double[][] ks, double[][] vs, double[] ws, int b, Scratch sc) {
            for (int i = 0; i < b; i++) add(ks[i], vs[i], ws[i], sc);
        }

        /** Set once X̂ stopped being finite (auto grid: the learner is then left out). */
        boolean broken;

        /** Whether every entry of X̂ is finite. */
        final boolean finite() {
            for (double v : xhat) if (!Double.isFinite(v)) return false;
            return true;
        }

        /**
         * x = the constrained leader: X̂ when it lies in the ball 𝒳, else the minimiser over 𝒳 of the same
         * least-squares objective ({@link BallLeastSquares}), which is not the Euclidean projection of X̂.
         */
        final void publish(Projection projection, Scratch sc) {
            double r = projection.radius();
            if (!projection.isBounded() || BallLeastSquares.norm2(xhat, xhat.length) <= r * r) {
                System.arraycopy(xhat, 0, x, 0, x.length);
                return;
            }
            constrain(r, sc);
        }

        /** Writes argmin_{‖X‖ ≤ radius} of the agent's least-squares objective into x (X̂ lies outside). */
        abstract void constrain(double radius, Scratch sc);

        /**
         * X̂ ← X̂ + (ω/den)(v − X̂k)uᵀ, where u = P_old k and den = 1 + ω kᵀu: the gain update
         * X̂_new = S_vk,new P_new with P_new k = u/den.
         */
        final void gain(double[] k, double[] v, double omega, double den, Scratch sc) {
            double[] e = sc.e;
            for (int i = 0; i < dv; i++) {
                double r = v[i];
                for (int j = 0, o = i * dk; j < dk; j++) r -= xhat[o + j] * k[j];
                e[i] = r;
            }
            CommonOps_DDRM.multAddTransB(omega / den, sc.eVec, sc.uVec, xhatM);
        }
    }

    /** Statistics form: P = S_kk⁻¹ kept by Sherman–Morrison. */
    private static final class StatisticsAgent extends Agent {
        final DMatrixRMaj p;
        // S_kk and S_vk themselves, only with a ball: the constrained leader is computed from them, not from P and X̂,
        // which forgetting can wind up in the directions the keys barely excite.
        final DMatrixRMaj skk;
        final double[] svk;

        StatisticsAgent(int dk, int dv, double lambda, boolean bounded) {
            super(dk, dv, lambda);
            p = new DMatrixRMaj(dk, dk);
            for (int j = 0; j < dk; j++) p.data[j * dk + j] = 1.0 / lambda;
            skk = bounded ? new DMatrixRMaj(dk, dk) : null;
            svk = bounded ? new double[dv * dk] : null;
            if (bounded) for (int j = 0; j < dk; j++) skk.data[j * dk + j] = lambda;
        }

        @Override
        void forget(double beta) {
            CommonOps_DDRM.scale(1.0 / beta, p);
            if (skk != null) {
                CommonOps_DDRM.scale(beta, skk);
                for (int i = 0; i < svk.length; i++) svk[i] *= beta;
            }
        }

        @Override
        void constrain(double radius, Scratch sc) { sc.ball.solve(xhat, svk, skk, dv, dk, radius, x); }

        @Override
        void add(double[] k, double[] v, double w, Scratch sc) {
            System.arraycopy(k, 0, sc.kVec.data, 0, dk);
            CommonOps_DDRM.mult(p, sc.kVec, sc.uVec);
            double ku = 0;
            for (int j = 0; j < dk; j++) ku += k[j] * sc.u[j];
            double den = 1 + w * ku;
            gain(k, v, w, den, sc);
            CommonOps_DDRM.multAddTransB(-w / den, sc.uVec, sc.uVec, p);
            if (skk != null) {
                double[] sd = skk.data;
                for (int a = 0; a < dk; a++) {
                    double f = w * k[a];
                    if (f == 0) continue;
                    for (int b = 0, o = a * dk; b < dk; b++) sd[o + b] += f * k[b];
                }
                for (int a = 0; a < dv; a++) {
                    double f = w * v[a];
                    for (int b = 0, o = a * dk; b < dk; b++) svk[o + b] += f * k[b];
                }
            }
        }
    }

    /**
     * Sample form for wide keys: the received keys K = [k_1 … k_s], their weights ω_j, and the Cholesky
     * factor L of M = KᵀK + λΩ⁻¹ (s × s), grown by one row per sample. Forgetting is folded into the
     * weights: the statistics at step t are β^t times those of weights ω_j = w_j β^{−a_j} (a_j the step the
     * sample arrived) and λ, and the common factor β^t cancels in X̂ = S_vk S_kk⁻¹.
     */
    private static final class SampleAgent extends Agent {
        final double[][] keys;
        final double[][] l; // row j: L[j][0..j]
        // Column i of L, lt[i][q − i] = L[q][i] for q ≥ i (grown by one entry per new row): the backward solve
        // Lᵀz = y reads a column, which the jagged rows scatter over memory; same values, same order, same bits.
        final double[][] lt;
        final int capacity;
        int s;
        double inflate = 1; // β^{−t}

        SampleAgent(int dk, int dv, double lambda, int capacity) {
            super(dk, dv, lambda);
            keys = new double[capacity][];
            l = new double[capacity][];
            lt = new double[capacity][];
            this.capacity = capacity;
        }

        /**
         * The Euclidean projection of X̂, not the constrained leader: that would need the eigenpairs of S on the
         * span of the s received keys (an s × s Gram matrix, O(s²d_k + s³) at every step where X̂ is outside the
         * ball; at d_k = 4,096 with 800 samples per agent, ~10¹⁰ flops per agent-step), which the sample form
         * exists to avoid. So with an active ball the two forms play different memories (docs/algorithms.md).
         */
        @Override
        void constrain(double radius, Scratch sc) {
            System.arraycopy(xhat, 0, x, 0, x.length);
            double f = radius / Math.sqrt(BallLeastSquares.norm2(x, x.length)); // publish saw ‖X̂‖ > R: as Projection.project
            for (int i = 0; i < x.length; i++) x[i] *= f;
        }

        @Override
        void forget(double beta) {
            inflate /= beta;
            if (Double.isInfinite(inflate)) throw new DdamInputException("the forgetting factor is too small for this many steps in the wide-key form");
        }

        @Override
        void add(double[] k, double[] v, double w, Scratch sc) {
            addAll(new double[][] {k.clone()}, new double[][] {v}, new double[] {w}, 1, sc);
        }

        /**
         * The b rank-one updates of one step at once. For each new key k_j in turn (sample s_j = s₀ + j):
         * c = Kᵀk_j over the keys before it and kᵀk, L y = c, Lᵀz_j = y, λ kᵀPk = kᵀk − ‖y‖², and
         * e_j = v_j − X̂_{j−1}k_j, where X̂_{j−1}k_j = X̂₀k_j + Σ_{i&lt;j} α_i e_i (u_iᵀk_j) and
         * λ u_iᵀk_j = k_iᵀk_j − z_iᵀ(Kᵀk_j)_{&lt;s_i} come from the same dot products. Then X̂ += Σ_j α_j e_j u_jᵀ
         * with λu_j = k_j − K z_j in one pass over the stored keys. Two passes over them per step (dot
         * products, combination) instead of two per sample, and no d_k-long vector per sample.
         */
        @Override
        void addAll(double[][] ks, double[][] vs, double[] ws, int b, Scratch sc) {
            if (b == 0) return;
            int s0 = s, total = s0 + b;
            sc.ensure(b, total, dv, dk);
            for (int j = 0; j < b; j++) keys[s0 + j] = ks[j]; // never overwritten (runTrees gives each step fresh key arrays)
            double[][] g = sc.gram;
            KeyDots.dots(keys, s0, ks, b, dk, g); // g[j][i] = k_i·k_j, i < s₀
            for (int j = 0; j < b; j++) {
                for (int i = 0; i <= j; i++) g[j][s0 + i] = KeyDots.dot(keys[s0 + i], ks[j], dk);
                double[] e = sc.err[j], k = ks[j], v = vs[j];
                for (int p = 0; p < dv; p++) {
                    double r = v[p];
                    for (int q = 0, o = p * dk; q < dk; q++) r -= xhat[o + q] * k[q];
                    e[p] = r;
                }
            }
            double[] y = sc.y;
            for (int j = 0; j < b; j++) {
                int sj = s0 + j;
                double[] c = g[j], zj = sc.z[j], e = sc.err[j];
                double yy = 0;
                for (int i = 0; i < sj; i++) { // L y = c
                    double d = c[i];
                    double[] li = l[i];
                    for (int q = 0; q < i; q++) d -= li[q] * y[q];
                    y[i] = d / li[i];
                    yy += y[i] * y[i];
                }
                for (int i = sj - 1; i >= 0; i--) { // Lᵀ z = y
                    double d = y[i];
                    double[] col = lt[i];
                    for (int q = i + 1; q < sj; q++) d -= col[q - i] * zj[q];
                    zj[i] = d / col[0];
                }
                double lku = Math.max(0.0, c[sj] - yy); // λ kᵀPk ≥ 0
                double omega = ws[j] * inflate;
                double den = 1 + omega * lku / lambda;
                for (int i = 0; i < j; i++) { // the earlier updates of this step, applied to k_j
                    int si = s0 + i;
                    double[] zi = sc.z[i];
                    double uk = c[si];
                    for (int q = 0; q < si; q++) uk -= zi[q] * c[q];
                    double f = sc.alpha[i] * uk / lambda;
                    double[] ei = sc.err[i];
                    for (int p = 0; p < dv; p++) e[p] -= f * ei[p];
                }
                sc.alpha[j] = omega / den;
                // New row of L: [y, d] with d² = kᵀk + λ/ω − ‖y‖² = λ/ω + λ kᵀPk (cannot cancel below λ/ω).
                double[] row = java.util.Arrays.copyOf(y, sj + 1);
                row[sj] = Math.sqrt(lambda / omega + lku);
                l[sj] = row;
                double[] col = new double[capacity - sj];
                col[0] = row[sj];
                lt[sj] = col;
                for (int i = 0; i < sj; i++) lt[i][sj - i] = row[i];
            }
            s = total;
            double[] coef = sc.coef;
            if (dv <= b) { // coef[p][i]: X̂_p += Σ_i coef[p][i] k_i directly
                java.util.Arrays.fill(coef, 0, dv * total, 0.0);
                for (int j = 0; j < b; j++) {
                    int sj = s0 + j;
                    double[] zj = sc.z[j], e = sc.err[j];
                    for (int p = 0; p < dv; p++) {
                        double m = sc.alpha[j] * e[p] / lambda;
                        int o = p * total;
                        coef[o + sj] += m;
                        for (int i = 0; i < sj; i++) coef[o + i] -= m * zj[i];
                    }
                }
                KeyDots.addCombination(keys, total, coef, total, dv, xhat, dk, dk);
            } else { // λu_j = k_j − K z_j first (b rows), then X̂ += Σ_j α_j e_j u_jᵀ
                java.util.Arrays.fill(coef, 0, b * total, 0.0);
                for (int j = 0; j < b; j++) {
                    int sj = s0 + j, o = j * total;
                    double[] zj = sc.z[j];
                    coef[o + sj] = 1;
                    for (int i = 0; i < sj; i++) coef[o + i] = -zj[i];
                }
                double[] u = sc.uFlat;
                java.util.Arrays.fill(u, 0, b * dk, 0.0);
                KeyDots.addCombination(keys, total, coef, total, b, u, dk, dk);
                for (int j = 0; j < b; j++) {
                    double[] e = sc.err[j];
                    for (int p = 0; p < dv; p++) {
                        double m = sc.alpha[j] * e[p] / lambda;
                        for (int q = 0, o = p * dk, oj = j * dk; q < dk; q++) xhat[o + q] += m * u[oj + q];
                    }
                }
            }
        }
    }
}
