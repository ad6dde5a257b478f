package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.DeltaNetBatch;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.tree.TreeMetrics;

/**
 * DDAM-TOGD, the proposed protocol of method.md §2.4 (Algorithm 1), eq. (14):
 * <pre>X_{n,t+1} = Π[X_{n,t} − η_n Σ_{m∈W_n} w_{n,m} ∇f_{m,t−τ_{n,m}}(X_{n,t−τ_{n,m}}) · 1{t &gt; τ_{n,m}}]</pre>
 * over any set of routing trees, given as the round-trip delays τ_{n,m} = 2τ̃_{n,m} (τ_{n,n} = 0).
 *
 * <p><b>Delay convention (exact).</b> At step s agent n sends X_{n,s}; agent m evaluates
 * ∇f_{m,s}(X_{n,s}) on its data of time s; that gradient is <em>applied at step s + τ_{n,m}</em>, i.e. it is
 * one of the terms in the update of step t = s + τ_{n,m}, which produces X_{n,s+τ_{n,m}+1}. So the first
 * gradient from m enters the update of step t = τ_{n,m} + 1 (s = 1) and first influences
 * X_{n,τ_{n,m}+2}; at steps t ≤ τ_{n,m} nothing from m has arrived yet (the indicator 1{t &gt; τ_{n,m}}).
 * With τ_{n,n} = 0 the own gradient is used in the same step. With every τ = 0 this is OGD (eq. 6), and
 * the arithmetic is arranged so that the two agree bitwise. Example: path 0–1–2 with unit hops,
 * τ_{0,1} = 2, τ_{0,2} = 4: agent 0's update at step t includes m = 1 from t = 3 and m = 2 from t = 5.
 *
 * <p><b>Memory.</b> The simulation computes each gradient as soon as both of its inputs exist (at step s)
 * and parks it, already scaled by w_{n,m}, in a ring of pending sums indexed by the step it will be
 * applied: agent n keeps min(τ_{n,max}, T) + 1 accumulators of size d_v × d_φ, so memory is bounded by the
 * delays, not the run length, and each step costs the same as OGD. This is equivalent to the real
 * protocol, in which m keeps its last max τ̃ data pairs and computes on arrival: the gradient's value
 * depends only on X_{n,s} and (k_{m,s}, v_{m,s}), not on when it is evaluated. Gradients that would
 * arrive after the last iteration are never computed.
 *
 * <p>The same class is {@code ddam-star} and {@code ddam-st} (or any other tree set): only the delay
 * table and the {@link #name()} differ.
 */
public final class DdamTogdProtocol implements Protocol {
    /** Default command-line name. */
    public static final String NAME = "ddam";

    private final String name;
    private final int agents;
    private final int[][] support;
    private final double[][] weight;
    private final long[][] delay;
    private final long[] delayMax;
    private final MemoryCost cost;
    private final Projection projection;
    private final double[] eta;
    private final int threads;
    private final StepRule rule;      // null: constant η (eta)

    /**
     * DDAM-TOGD with an explicit table of round-trip delays; {@link #overTrees} reads it from routing trees.
     *
     * @param name       name in results (e.g. {@code ddam-star}, {@code ddam-st})
     * @param interest   W
     * @param roundTrip  τ_{n,m} as an N × N table (steps, round trip); only entries with m ∈ W_n are read;
     *                   they must be ≥ 0 and τ_{n,n} must be 0
     * @param cost       the per-sample cost f
     * @param projection Π onto 𝒳
     * @param eta        η_n per agent (Corollary 2: {@link StepSizes#ddamTheory})
     * @throws DdamInputException if the delay table does not fit W, a delay is negative, τ_{n,n} ≠ 0, or a
     *                            step size is bad
     */
    public DdamTogdProtocol(String name, InterestMatrix interest, long[][] roundTrip, MemoryCost cost,
                            Projection projection, double[] eta) {
        this.name = name;
        this.agents = interest.size();
        if (roundTrip.length != agents) {
            throw new DdamInputException(name + ": the delay table has " + roundTrip.length + " rows for " + agents + " agents");
        }
        this.support = new int[agents][];
        this.weight = new double[agents][];
        this.delay = new long[agents][];
        this.delayMax = new long[agents];
        for (int n = 0; n < agents; n++) {
            support[n] = interest.interestSet(n);
            int k = support[n].length;
            weight[n] = new double[k];
            delay[n] = new long[k];
            for (int i = 0; i < k; i++) {
                int m = support[n][i];
                weight[n][i] = interest.weight(n, m);
                if (roundTrip[n].length != agents) {
                    throw new DdamInputException(name + ": delay table row " + n + " has " + roundTrip[n].length + " entries");
                }
                long tau = roundTrip[n][m];
                if (tau < 0) throw new DdamInputException(name + ": negative delay τ(" + n + "," + m + ") = " + tau);
                if (m == n && tau != 0) {
                    throw new DdamInputException(name + ": agent " + n + " must use its own gradient at once (τ_nn = 0), not " + tau);
                }
                delay[n][i] = tau;
                delayMax[n] = Math.max(delayMax[n], tau);
            }
        }
        this.cost = cost;
        this.projection = projection;
        this.eta = ProtocolSupport.checkEta(name, eta, agents);
        this.threads = 1;
        this.rule = null;
    }

    private DdamTogdProtocol(DdamTogdProtocol o, int threads) {
        this(o, threads, o.rule);
    }

    private DdamTogdProtocol(DdamTogdProtocol o, int threads, StepRule rule) {
        this.rule = rule;
        this.name = o.name;
        this.agents = o.agents;
        this.support = o.support;
        this.weight = o.weight;
        this.delay = o.delay;
        this.delayMax = o.delayMax;
        this.cost = o.cost;
        this.projection = o.projection;
        this.eta = o.eta;
        this.threads = ProtocolSupport.checkThreads(threads);
    }

    @Override
    public DdamTogdProtocol withThreads(int threads) { return new DdamTogdProtocol(this, threads); }

    /**
     * The same protocol with a step-size rule in place of the constant η_n, applied to the gradient sum
     * that has arrived at each step (the delayed gradients the agent actually has).
     *
     * @param rule the rule ({@link StepRule#adagrad}, {@link StepRule#coinBetting}), or {@code null} for constant η
     * @return a copy using {@code rule}
     */
    public DdamTogdProtocol withStepRule(StepRule rule) { return new DdamTogdProtocol(this, threads, rule); }

    @Override
    public int threads() { return threads; }

    /**
     * W, as given to the constructor (rebuilt from the supports and weights the updates use).
     *
     * @return W
     */
    @Override
    public InterestMatrix interest() { return ProtocolSupport.interest(support, weight); }

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
     * DDAM-TOGD over the routing trees summarised by {@code metrics} (τ_{n,m} = {@link TreeMetrics#roundTripDelay}).
     * This is the usual way to build it: design trees, take their metrics, run.
     *
     * @param name       name in results, e.g. {@code ddam-star}
     * @param interest   W, the same the trees were designed for
     * @param metrics    the trees' metrics ({@link io.ddam.solver.tree.TreeDesign#metrics()})
     * @param cost       the per-sample cost f
     * @param projection Π onto 𝒳
     * @param eta        η_n per agent
     * @return the protocol
     * @throws DdamInputException if the trees are for another number of agents, or as the constructor
     */
    public static DdamTogdProtocol overTrees(String name, InterestMatrix interest, TreeMetrics metrics, MemoryCost cost,
                                             Projection projection, double[] eta) {
        return new DdamTogdProtocol(name, interest, roundTrips(interest, metrics), cost, projection, eta);
    }

    /**
     * The N × N table of round trips τ_{n,m} for m ∈ W_n (0 elsewhere and on the diagonal) read from tree
     * metrics built for the same W.
     *
     * @param interest W
     * @param metrics  tree metrics built for the same W
     * @return a new N × N table in time steps
     * @throws DdamInputException if the trees are for another number of agents
     */
    public static long[][] roundTrips(InterestMatrix interest, TreeMetrics metrics) {
        int n = interest.size();
        if (metrics.agentCount() != n) {
            throw new DdamInputException("the trees are for " + metrics.agentCount() + " agents but W has " + n);
        }
        long[][] tau = new long[n][n];
        for (int a = 0; a < n; a++) {
            for (int m : interest.interestSet(a)) tau[a][m] = m == a ? 0 : metrics.roundTripDelay(a, m);
        }
        return tau;
    }

    @Override
    public String name() { return name; }

    /**
     * τ_{n,m} as used by this protocol: the age of m's gradient in n's update.
     *
     * @param n the agent, 0..N-1
     * @param m a member of W_n
     * @return the round-trip delay in steps
     * @throws IllegalArgumentException if m is not in W_n
     */
    public long roundTrip(int n, int m) {
        int[] s = support[n];
        for (int i = 0; i < s.length; i++) if (s[i] == m) return delay[n][i];
        throw new IllegalArgumentException("agent " + m + " is not in W_" + n);
    }

    /**
     * τ_{n,max} over W_n.
     *
     * @param n the agent, 0..N-1
     * @return the largest round-trip delay of n's gradients, in steps
     */
    public long maxRoundTrip(int n) { return delayMax[n]; }

    @Override
    public void run(DataStream data, int iterations, IterateListener listener) {
        ProtocolSupport.checkRun(name, data, cost, agents, iterations);
        int size = cost.rows() * cost.cols();
        double[][] x = new double[agents][size];
        // pending[n][r]: Σ w_{n,m} ∇f_{m,s}(X_{n,s}) over all (m, s) with s + τ_{n,m} ≡ r (mod ring length)
        // that are still to be applied; slot t mod len is consumed (and cleared) by the update of step t.
        double[][][] pending = new double[agents][][];
        int[] ring = new int[agents];
        for (int n = 0; n < agents; n++) {
            ring[n] = (int) Math.min(delayMax[n], iterations) + 1;
            pending[n] = new double[ring[n]][size];
        }
        double[][] keys = new double[agents][data.keyDim()];
        double[][] values = new double[agents][data.valueDim()];
        DataStream.Cursor cursor = data.cursor();
        int[] step = new int[1]; // the current t, read by the update body
        StepListener sl = listener instanceof StepListener l ? l : null;
        // DeltaNet: one residual per pair, agent-minor (DeltaNetBatch), for the gradients and the meter.
        DeltaNetBatch batch = cost instanceof DeltaNetCost ? new DeltaNetBatch(cost.cols(), cost.rows(), agents) : null;
        boolean[] identity = new boolean[agents];
        for (int n = 0; n < agents; n++) identity[n] = DeltaNetBatch.isIdentity(support[n], agents);
        boolean report = sl != null && batch != null;
        int chunks = AgentPool.workers(agents, threads);
        StepRule.Stepper stepper = rule == null ? null : rule.start(agents, size, projection);
        DeltaNetBatch.Scratch[] kernel = new DeltaNetBatch.Scratch[chunks];
        // Agent n's support split by delay: groups[n][q] = the members with τ_{n,m} = groupDelay[n][q], increasing.
        long[][] groupDelay = new long[agents][];
        int[][][] groups = new int[agents][][];
        for (int n = 0; n < agents; n++) {
            long[] distinct = java.util.Arrays.stream(delay[n]).distinct().sorted().toArray();
            groupDelay[n] = distinct;
            groups[n] = new int[distinct.length][];
            for (int q = 0; q < distinct.length; q++) {
                long d = distinct[q];
                int[] members = new int[delay[n].length];
                int c = 0;
                for (int i = 0; i < delay[n].length; i++) if (delay[n][i] == d) members[c++] = i;
                groups[n][q] = java.util.Arrays.copyOf(members, c);
            }
        }
        if (batch != null) for (int c = 0; c < chunks; c++) kernel[c] = batch.scratch();
        // Agent n's update touches only x[n] and pending[n], so agents can be updated by any thread.
        AgentPool.Body update = (chunk, from, to) -> {
            int t = step[0];
            for (int n = from; n < to; n++) {
                double[] xn = x[n];
                int[] s = support[n];
                long[] tau = delay[n];
                int len = ring[n];
                // Send X_{n,t}; each m answers with ∇f_{m,t}(X_{n,t}), applied at step t + τ_{n,m}
                // (left out when that is after the run ends).
                if (batch != null) {
                    DeltaNetBatch.Scratch sc = kernel[chunk];
                    batch.residuals(xn, s, identity[n], sc);
                    long[] gd = groupDelay[n];
                    for (int q = 0; q < gd.length; q++) { // one delay class at a time: all go to one pending sum
                        long due = t + gd[q];
                        if (due > iterations) continue;
                        batch.addGradientGroup(weight[n], groups[n][q], sc, pending[n][(int) (due % len)]);
                    }
                    if (sl != null) sl.measure(chunk, t, n, xn, report ? sc.e : null);
                } else {
                    for (int i = 0; i < s.length; i++) {
                        long due = t + tau[i];
                        if (due > iterations) continue;
                        cost.addGradient(xn, keys[s[i]], values[s[i]], weight[n][i], pending[n][(int) (due % len)]);
                    }
                    if (sl != null) sl.measure(chunk, t, n, xn, null);
                }
                double[] g = pending[n][t % len];
                if (stepper != null) {
                    stepper.step(n, xn, g);
                    java.util.Arrays.fill(g, 0.0);
                    continue;
                }
                double e = eta[n];
                for (int j = 0; j < size; j++) xn[j] -= e * g[j];
                java.util.Arrays.fill(g, 0.0);
                projection.project(xn);
            }
        };
        try (AgentPool pool = new AgentPool(agents, threads)) {
            if (sl != null) sl.begin(pool.workers());
            for (int t = 1; t <= iterations; t++) {
                ProtocolSupport.advance(cursor, keys, values, t);
                if (batch != null) batch.load(keys, values);
                step[0] = t;
                if (sl != null) sl.startStep(t);
                else for (int n = 0; n < agents; n++) listener.iterate(t, n, x[n]);
                pool.run(update);
                if (sl != null) sl.endStep(t);
            }
        }
    }
}
