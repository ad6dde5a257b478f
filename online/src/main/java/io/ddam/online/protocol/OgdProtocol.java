package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.DeltaNetBatch;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;

/**
 * Full-information online gradient descent, the idealised reference of method.md §2.1, eq. (6):
 * <pre>X_{n,t+1} = Π[X_{n,t} − η_n Σ_{m∈W_n} w_{n,m} ∇f_{m,t}(X_{n,t})]</pre>
 * Agent n is assumed to see every stream, so it evaluates its own memory on agent m's data of the same
 * step with no delay. It is what DDAM-TOGD ({@link DdamTogdProtocol}) becomes when every delay is 0,
 * and the two share their arithmetic exactly so that this equality holds bitwise.
 */
public final class OgdProtocol implements Protocol {
    /** Command-line name. */
    public static final String NAME = "ogd";

    private final String name;
    private final int agents;
    private final int[][] support;
    private final double[][] weight;
    private final MemoryCost cost;
    private final Projection projection;
    private final double[] eta;
    private final int threads;
    private final boolean supportIsW; // support[n] = W_n in interestSet order (so residuals can be reported)
    private final StepRule rule;      // null: constant η (eta)

    /**
     * Full-information OGD with per-agent step sizes.
     *
     * @param interest   W; agent n's update sums over W_n = {m : w_{n,m} &gt; 0}
     * @param cost       the per-sample cost f (Table I)
     * @param projection Π onto 𝒳 (or {@link Projection#NONE})
     * @param eta        η_n per agent (see {@link StepSizes})
     * @throws io.ddam.solver.DdamInputException if {@code eta} has the wrong length or a bad entry
     */
    public OgdProtocol(InterestMatrix interest, MemoryCost cost, Projection projection, double[] eta) {
        this(NAME, supports(interest), weights(interest), cost, projection, eta, true);
    }

    /**
     * The update of eq. (6) with agent n's gradient taken over the given agents and weights instead of
     * W_n; {@link LocalProtocol} is this with every agent's support {n} (or empty when w_{n,n} = 0).
     */
    OgdProtocol(String name, int[][] support, double[][] weight, MemoryCost cost, Projection projection, double[] eta) {
        this(name, support, weight, cost, projection, eta, false);
    }

    private OgdProtocol(String name, int[][] support, double[][] weight, MemoryCost cost, Projection projection, double[] eta,
                        boolean supportIsW) {
        this.supportIsW = supportIsW;
        this.rule = null;
        this.name = name;
        this.agents = support.length;
        this.support = support;
        this.weight = weight;
        this.cost = cost;
        this.projection = projection;
        this.eta = ProtocolSupport.checkEta(name, eta, agents);
        this.threads = 1;
    }

    private static int[][] supports(InterestMatrix interest) {
        int[][] support = new int[interest.size()][];
        for (int n = 0; n < support.length; n++) support[n] = interest.interestSet(n);
        return support;
    }

    /**
     * W, as given to the public constructor (rebuilt from the supports and weights the updates use).
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

    private static double[][] weights(InterestMatrix interest) {
        double[][] weight = new double[interest.size()][];
        for (int n = 0; n < weight.length; n++) {
            int[] s = interest.interestSet(n);
            weight[n] = new double[s.length];
            for (int i = 0; i < s.length; i++) weight[n][i] = interest.weight(n, s[i]);
        }
        return weight;
    }

    private OgdProtocol(OgdProtocol o, int threads) {
        this(o, threads, o.rule);
    }

    private OgdProtocol(OgdProtocol o, int threads, StepRule rule) {
        this.rule = rule;
        this.name = o.name;
        this.agents = o.agents;
        this.support = o.support;
        this.weight = o.weight;
        this.cost = o.cost;
        this.projection = o.projection;
        this.eta = o.eta;
        this.supportIsW = o.supportIsW;
        this.threads = ProtocolSupport.checkThreads(threads);
    }

    @Override
    public OgdProtocol withThreads(int threads) { return new OgdProtocol(this, threads); }

    /**
     * The same protocol with a step-size rule ({@link StepRule#adagrad}, {@link StepRule#coinBetting})
     * in place of the constant η_n: agent n's memory becomes {@code rule}'s step on the same gradient sum.
     *
     * @param rule the rule, or {@code null} for the constant step sizes
     * @return a copy using {@code rule}
     */
    public OgdProtocol withStepRule(StepRule rule) { return new OgdProtocol(this, threads, rule); }

    @Override
    public int threads() { return threads; }

    @Override
    public String name() { return name; }

    @Override
    public void run(DataStream data, int iterations, IterateListener listener) {
        ProtocolSupport.checkRun(name, data, cost, agents, iterations);
        int size = cost.rows() * cost.cols();
        double[][] x = new double[agents][size];
        double[][] keys = new double[agents][data.keyDim()];
        double[][] values = new double[agents][data.valueDim()];
        DataStream.Cursor cursor = data.cursor();
        StepListener sl = listener instanceof StepListener l ? l : null;
        // DeltaNet: one residual per pair, computed agent-minor (DeltaNetBatch), gives the gradient and,
        // for the meter, ‖Xk − v‖²; bitwise the same as DeltaNetCost.addGradient pair by pair.
        DeltaNetBatch batch = cost instanceof DeltaNetCost ? new DeltaNetBatch(cost.cols(), cost.rows(), agents) : null;
        boolean[] identity = new boolean[agents];
        for (int n = 0; n < agents; n++) identity[n] = DeltaNetBatch.isIdentity(support[n], agents);
        boolean report = sl != null && batch != null && supportIsW;
        int[] step = new int[1];
        StepRule.Stepper stepper = rule == null ? null : rule.start(agents, size, projection);
        try (AgentPool pool = new AgentPool(agents, threads)) {
            double[][] scratch = new double[pool.workers()][size];
            DeltaNetBatch.Scratch[] kernel = new DeltaNetBatch.Scratch[pool.workers()];
            if (batch != null) for (int c = 0; c < kernel.length; c++) kernel[c] = batch.scratch(DeltaNetBatch.capacity(support));
            AgentPool.Body update = (chunk, from, to) -> {
                double[] g = scratch[chunk];
                DeltaNetBatch.Scratch sc = kernel[chunk];
                for (int n = from; n < to; n++) {
                    double[] xn = x[n];
                    java.util.Arrays.fill(g, 0.0);
                    int[] s = support[n];
                    if (batch != null) {
                        batch.residuals(xn, s, identity[n], sc);
                        batch.addGradient(weight[n], sc, g);
                    } else {
                        for (int i = 0; i < s.length; i++) cost.addGradient(xn, keys[s[i]], values[s[i]], weight[n][i], g);
                    }
                    if (sl != null) sl.measure(chunk, step[0], n, xn, report ? sc.e : null);
                    // Same operation order as DdamTogdProtocol so that zero delays reproduce OGD bitwise.
                    if (stepper != null) {
                        stepper.step(n, xn, g);
                        continue;
                    }
                    double e = eta[n];
                    for (int j = 0; j < size; j++) xn[j] -= e * g[j];
                    projection.project(xn);
                }
            };
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
