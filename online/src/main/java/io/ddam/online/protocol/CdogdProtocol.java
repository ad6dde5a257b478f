package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.failures.LinkSchedule;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

/**
 * Consensus distributed OGD (C-DOGD) of method.md §2.2 (Yan et al. 2013), eq. (11):
 * <pre>X_{n,t+1} = Π[Σ_{m∈𝒩_n∪{n}} a_{n,m} X_{m,t} − η_n ∇f_{n,t}(X_{n,t})]</pre>
 * Each agent mixes its neighbours' current memories with weights A ({@link ConsensusWeights}) and steps
 * along its own cost's gradient only: it ignores W, which is why it suits only W = 𝟙𝟙ᵀ/N. Every link
 * carries two matrices per iteration (C_max = 2, eq. 12). Iterates are double-buffered because the
 * mixing must read every X_{m,t} before any X_{m,t+1} is written.
 */
public final class CdogdProtocol implements Protocol {
    /** Command-line name. */
    public static final String NAME = "cdogd";

    private final ConsensusWeights mixing;
    private final MemoryCost cost;
    private final Projection projection;
    private final double[] eta;
    private final int threads;
    private final InterestMatrix interest;   // the objective it is measured against, or null
    private final StepRule rule;      // null: constant η (eta)
    private final LinkSchedule failures; // null: the fixed graph
    private final MessageLoss loss;      // where a failure-aware run reports, or null

    /**
     * C-DOGD over the network that {@code mixing} is supported on; it ignores W (method.md §2.2).
     *
     * @param mixing     A (e.g. {@link ConsensusWeights#metropolisHastings})
     * @param cost       the per-sample cost f
     * @param projection Π onto 𝒳
     * @param eta        η_n per agent (Theorem 2 uses one η = 1/(2√T) for all: {@link StepSizes#cdogdTheory})
     * @throws io.ddam.solver.DdamInputException if {@code eta} has the wrong length or a bad entry
     */
    public CdogdProtocol(ConsensusWeights mixing, MemoryCost cost, Projection projection, double[] eta) {
        this(null, mixing, cost, projection, eta);
    }

    /**
     * C-DOGD as above, remembering the W of the problem it is compared on, so that
     * {@link io.ddam.online.metrics.RegretMeter#measure(Protocol, DataStream, int, int...)} can measure it
     * (C-DOGD itself ignores W).
     *
     * @param interest   W of the objective (eq. 2) its regret is measured against, or {@code null}
     * @param mixing     A (e.g. {@link ConsensusWeights#metropolisHastings})
     * @param cost       the per-sample cost f
     * @param projection Π onto 𝒳
     * @param eta        η_n per agent
     * @throws io.ddam.solver.DdamInputException if {@code eta} has the wrong length or a bad entry, or W
     *                                           is for another number of agents
     */
    public CdogdProtocol(InterestMatrix interest, ConsensusWeights mixing, MemoryCost cost, Projection projection, double[] eta) {
        if (interest != null) interest.requireSize(mixing.size());
        this.interest = interest;
        this.mixing = mixing;
        this.cost = cost;
        this.projection = projection;
        this.eta = ProtocolSupport.checkEta(NAME, eta, mixing.size());
        this.threads = 1;
        this.rule = null;
        this.failures = null;
        this.loss = null;
    }

    private CdogdProtocol(CdogdProtocol o, int threads) {
        this(o, threads, o.rule);
    }

    private CdogdProtocol(CdogdProtocol o, int threads, StepRule rule) {
        this(o, threads, rule, o.failures, o.loss);
    }

    private CdogdProtocol(CdogdProtocol o, int threads, StepRule rule, LinkSchedule failures, MessageLoss loss) {
        this.failures = failures;
        this.loss = loss;
        this.interest = o.interest;
        this.rule = rule;
        this.mixing = o.mixing;
        this.cost = o.cost;
        this.projection = o.projection;
        this.eta = o.eta;
        this.threads = ProtocolSupport.checkThreads(threads);
    }

    @Override
    public CdogdProtocol withThreads(int threads) { return new CdogdProtocol(this, threads); }

    /**
     * The same protocol with a step-size rule applied after the mixing: the mixed point takes the rule's
     * step on the agent's own gradient. Meant for {@link StepRule#adagrad} and {@link StepRule#dog}; a
     * coin-betting or FreeGrad rule keeps its own state (a sum of past gradients) and would ignore the mixing,
     * so a rule with a {@link StepRule#startConsensus consensus form} (FreeGrad) mixes that state instead.
     *
     * @param rule the rule, or {@code null} for constant η
     * @return a copy using {@code rule}
     */
    public CdogdProtocol withStepRule(StepRule rule) { return new CdogdProtocol(this, threads, rule); }

    /**
     * The same protocol on a network whose links fail as {@code schedule} says: at every step agent n mixes
     * over the links that are up at that step, with the weights of this protocol's kind ({@code mh} or
     * {@code max-degree}) recomputed on the live graph ({@link ConsensusWeights#live}; recomputed whenever
     * the live graph changes, which gives the same matrices as recomputing every step). A memory sent over a
     * down link is lost (counted: two messages per link and step, one each way). An agent with no live link
     * has a_{n,n} = 1 and so learns alone, as a local learner with its own gradient. With an empty schedule
     * every iterate equals the fixed-graph protocol's, bitwise.
     *
     * @param schedule when links are down
     * @param loss     receives the message counts of each run (may be {@code null})
     * @return the failure-aware protocol
     * @throws io.ddam.solver.DdamInputException if the weights are not mh or max-degree, or the schedule's
     *                                           network has another number of nodes
     */
    public CdogdProtocol withFailures(LinkSchedule schedule, MessageLoss loss) {
        if (schedule.network().nodeCount() != mixing.size()) {
            throw new io.ddam.solver.DdamInputException(NAME + ": the failure schedule's network has "
                    + schedule.network().nodeCount() + " nodes but there are " + mixing.size() + " agents");
        }
        boolean[] up = new boolean[schedule.network().edgeCount()];
        java.util.Arrays.fill(up, true);
        ConsensusWeights.live(mixing.kind(), schedule.network(), up); // rejects other kinds now, not mid-run
        return new CdogdProtocol(this, threads, rule, schedule, loss);
    }

    @Override
    public int threads() { return threads; }

    @Override
    public String name() { return NAME; }

    /**
     * The W given to {@link #CdogdProtocol(InterestMatrix, ConsensusWeights, MemoryCost, Projection, double[])}.
     *
     * @return W
     * @throws UnsupportedOperationException if it was built without one
     */
    @Override
    public InterestMatrix interest() {
        if (interest == null) {
            throw new UnsupportedOperationException("this C-DOGD was built without W; use the constructor that takes W");
        }
        return interest;
    }

    /**
     * The per-sample cost f.
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
     * The mixing matrix A of eq. (11).
     *
     * @return the doubly-stochastic weights on the network's edges
     */
    public ConsensusWeights mixing() { return mixing; }

    /**
     * The rows of {@link ConsensusWeights#live} (mh or max-degree on the links that are up) kept in
     * preallocated arrays and refilled in O(|E|) when the live graph changes, instead of building the dense
     * N × N matrix: bitwise the same support and weights (the same arithmetic: a_{n,m} = 1/(1 + max degree)
     * or 1/(1 + Δ), a_{n,n} = 1 − Σ_{m≠n} a_{n,m} summed in increasing m), so a failing network costs C-DOGD
     * no allocation and about as much as a fixed one. Rows list the columns with a positive weight in
     * increasing order, the first {@code count[n]} entries of {@code support[n]} and {@code weight[n]}.
     */
    static final class LiveMixing {
        final int[][] support;
        final double[][] weight;
        final int[] count;
        private final boolean mh;
        private final Network network;
        private final int[][] neighbour, edge; // per node: its links, by increasing neighbour
        private final int[] degree;

        LiveMixing(String kind, Network network) {
            this.mh = switch (kind) {
                case "mh", "metropolis-hastings" -> true;
                case "max-degree" -> false;
                default -> throw new io.ddam.solver.DdamInputException("consensus weights '" + kind
                        + "' cannot follow link failures (use mh or max-degree)");
            };
            this.network = network;
            int n = network.nodeCount();
            int[] deg = new int[n];
            for (int e = 0; e < network.edgeCount(); e++) {
                deg[network.edgeU(e)]++;
                deg[network.edgeV(e)]++;
            }
            neighbour = new int[n][];
            edge = new int[n][];
            support = new int[n][];
            weight = new double[n][];
            count = new int[n];
            degree = new int[n];
            long[][] byNeighbour = new long[n][];
            int[] k = new int[n];
            for (int i = 0; i < n; i++) byNeighbour[i] = new long[deg[i]];
            for (int e = 0; e < network.edgeCount(); e++) {
                int u = network.edgeU(e), v = network.edgeV(e);
                byNeighbour[u][k[u]++] = ((long) v << 32) | e;
                byNeighbour[v][k[v]++] = ((long) u << 32) | e;
            }
            for (int i = 0; i < n; i++) {
                java.util.Arrays.sort(byNeighbour[i]);
                neighbour[i] = new int[deg[i]];
                edge[i] = new int[deg[i]];
                for (int j = 0; j < deg[i]; j++) {
                    neighbour[i][j] = (int) (byNeighbour[i][j] >>> 32);
                    edge[i][j] = (int) byNeighbour[i][j];
                }
                support[i] = new int[deg[i] + 1];
                weight[i] = new double[deg[i] + 1];
            }
        }

        /** Refills the rows for the live graph {@code up} (one entry per edge). */
        void update(boolean[] up) {
            int n = network.nodeCount();
            java.util.Arrays.fill(degree, 0);
            for (int e = 0; e < network.edgeCount(); e++) {
                if (!up[e]) continue;
                degree[network.edgeU(e)]++;
                degree[network.edgeV(e)]++;
            }
            int maxDeg = 0;
            for (int i = 0; i < n; i++) maxDeg = Math.max(maxDeg, degree[i]);
            for (int i = 0; i < n; i++) {
                int[] nb = neighbour[i], ed = edge[i], sp = support[i];
                double[] w = weight[i];
                double sum = 0;
                for (int j = 0; j < nb.length; j++) {
                    if (up[ed[j]]) sum += mh ? 1.0 / (1 + Math.max(degree[i], degree[nb[j]])) : 1.0 / (1 + maxDeg);
                }
                double self = 1 - sum;
                int c = 0;
                boolean placed = !(self > 0);
                for (int j = 0; j < nb.length; j++) {
                    if (!up[ed[j]]) continue;
                    if (!placed && nb[j] > i) {
                        sp[c] = i;
                        w[c++] = self;
                        placed = true;
                    }
                    sp[c] = nb[j];
                    w[c++] = mh ? 1.0 / (1 + Math.max(degree[i], degree[nb[j]])) : 1.0 / (1 + maxDeg);
                }
                if (!placed) {
                    sp[c] = i;
                    w[c++] = self;
                }
                count[i] = c;
            }
        }
    }

    @Override
    public void run(DataStream data, int iterations, IterateListener listener) {
        int agents = mixing.size();
        ProtocolSupport.checkRun(NAME, data, cost, agents, iterations);
        int size = cost.rows() * cost.cols();
        // buffers[0] = X_t (read by everyone), buffers[1] = X_{t+1} (agent n writes only row n); swapped per step.
        double[][][] buffers = {new double[agents][size], new double[agents][size]};
        double[][] keys = new double[agents][data.keyDim()];
        double[][] values = new double[agents][data.valueDim()];
        DataStream.Cursor cursor = data.cursor();
        StepListener sl = listener instanceof StepListener l ? l : null;
        int[] step = new int[1];
        // A rule with a dual (gradient-sum) state mixes that state instead of the memories (consensus FreeGrad).
        StepRule.ConsensusStepper dual = rule == null ? null : rule.startConsensus(agents, size, projection);
        StepRule.Stepper stepper = rule == null || dual != null ? null : rule.start(agents, size, projection);
        // A's rows as the mixing reads them: the fixed matrix's, or on a failing network the live rows, refilled
        // in place whenever the live graph changes.
        LiveMixing live = failures == null ? null : new LiveMixing(mixing.kind(), failures.network());
        int[][] sup = new int[agents][];
        double[][] wt = new double[agents][];
        int[] cnt = new int[agents];
        if (live == null) {
            for (int n = 0; n < agents; n++) {
                sup[n] = mixing.supportOf(n);
                wt[n] = mixing.weightsOf(n);
                cnt[n] = sup[n].length;
            }
        } else {
            sup = live.support;
            wt = live.weight;
            cnt = live.count;
        }
        int[][] rowSupport = sup;
        double[][] rowWeight = wt;
        int[] rowCount = cnt;
        boolean[] up = failures == null ? null : new boolean[failures.network().edgeCount()];
        long[] changes = failures == null ? null : failures.changeTimes(iterations);
        int nextChange = 0;
        long sent = 0, lost = 0;
        try (AgentPool pool = new AgentPool(agents, threads)) {
            double[][] scratch = new double[pool.workers()][size];
            AgentPool.Body update = (chunk, from, to) -> {
                double[] g = scratch[chunk];
                double[][] x = buffers[0];
                double[][] next = buffers[1];
                for (int n = from; n < to; n++) {
                    if (sl != null) sl.measure(chunk, step[0], n, x[n], null); // X_t is read-only in this phase
                    double[] out = next[n];
                    int[] s = rowSupport[n];
                    double[] a = rowWeight[n];
                    if (dual != null) {
                        java.util.Arrays.fill(g, 0.0);
                        cost.addGradient(x[n], keys[n], values[n], 1.0, g);
                        dual.step(n, s, a, rowCount[n], out, g);
                        continue;
                    }
                    java.util.Arrays.fill(out, 0.0);
                    for (int i = 0, k = rowCount[n]; i < k; i++) {
                        double[] xm = x[s[i]];
                        double am = a[i];
                        for (int j = 0; j < size; j++) out[j] += am * xm[j];
                    }
                    java.util.Arrays.fill(g, 0.0);
                    cost.addGradient(x[n], keys[n], values[n], 1.0, g);
                    if (stepper != null) {
                        stepper.step(n, out, g);
                        continue;
                    }
                    double e = eta[n];
                    for (int j = 0; j < size; j++) out[j] -= e * g[j];
                    projection.project(out);
                }
            };
            if (sl != null) sl.begin(pool.workers());
            for (int t = 1; t <= iterations; t++) {
                ProtocolSupport.advance(cursor, keys, values, t);
                double[][] x = buffers[0];
                if (failures != null) {
                    // The live graph changes only at event steps: recompute A then (and at step 1, from the schedule).
                    if (t == 1 || (nextChange < changes.length && changes[nextChange] == t)) {
                        while (nextChange < changes.length && changes[nextChange] <= t) nextChange++;
                        failures.liveAt(t, up);
                        live.update(up);
                    }
                    for (boolean u : up) {
                        sent += 2;
                        if (!u) lost += 2;
                    }
                }
                step[0] = t;
                if (sl != null) sl.startStep(t);
                else for (int n = 0; n < agents; n++) listener.iterate(t, n, x[n]);
                pool.run(update);
                if (dual != null) dual.endStep();
                if (sl != null) sl.endStep(t);
                buffers[0] = buffers[1];
                buffers[1] = x;
            }
        }
        if (loss != null) loss.set(sent, lost);
    }
}
