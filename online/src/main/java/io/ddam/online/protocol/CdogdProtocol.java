package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;

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
    }

    private CdogdProtocol(CdogdProtocol o, int threads) {
        this(o, threads, o.rule);
    }

    private CdogdProtocol(CdogdProtocol o, int threads, StepRule rule) {
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
     * step on the agent's own gradient. Meant for {@link StepRule#adagrad}; a coin-betting rule keeps its own
     * state and would ignore the mixing.
     *
     * @param rule the rule, or {@code null} for constant η
     * @return a copy using {@code rule}
     */
    public CdogdProtocol withStepRule(StepRule rule) { return new CdogdProtocol(this, threads, rule); }

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
        StepRule.Stepper stepper = rule == null ? null : rule.start(agents, size, projection);
        try (AgentPool pool = new AgentPool(agents, threads)) {
            double[][] scratch = new double[pool.workers()][size];
            AgentPool.Body update = (chunk, from, to) -> {
                double[] g = scratch[chunk];
                double[][] x = buffers[0];
                double[][] next = buffers[1];
                for (int n = from; n < to; n++) {
                    if (sl != null) sl.measure(chunk, step[0], n, x[n], null); // X_t is read-only in this phase
                    double[] out = next[n];
                    java.util.Arrays.fill(out, 0.0);
                    int[] s = mixing.supportOf(n);
                    double[] a = mixing.weightsOf(n);
                    for (int i = 0; i < s.length; i++) {
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
                step[0] = t;
                if (sl != null) sl.startStep(t);
                else for (int n = 0; n < agents; n++) listener.iterate(t, n, x[n]);
                pool.run(update);
                if (sl != null) sl.endStep(t);
                buffers[0] = buffers[1];
                buffers[1] = x;
            }
        }
    }
}
