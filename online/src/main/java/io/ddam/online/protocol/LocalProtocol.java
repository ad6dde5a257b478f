package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;

/**
 * Independent learners, the no-communication baseline of method.md §2.3:
 * <pre>X_{n,t+1} = Π[X_{n,t} − η_n w_{n,n} ∇f_{n,t}(X_{n,t})]</pre>
 * Each agent learns only from its own stream, weighted by its self-interest w_{n,n} (an agent with
 * w_{n,n} = 0 never moves from X = 0). It shows how much the other protocols gain from communicating.
 */
public final class LocalProtocol implements Protocol {
    /** Command-line name. */
    public static final String NAME = "local";

    // An independent learner is OGD whose agent n sums over {n} alone, weighted by w_{n,n}: the same
    // arithmetic, so one engine runs both.
    private final OgdProtocol engine;
    private final InterestMatrix interest;

    /**
     * Independent learners; only the diagonal w_{n,n} of W is used.
     *
     * @param interest   W; agent n's gradient is weighted by w_{n,n}
     * @param cost       the per-sample cost f (Table I)
     * @param projection Π onto 𝒳 (or {@link Projection#NONE})
     * @param eta        η_n per agent, finite and ≥ 0 (see {@link StepSizes})
     * @throws io.ddam.solver.DdamInputException if {@code eta} has the wrong length or a bad entry
     * @see OgdProtocol#OgdProtocol(InterestMatrix, MemoryCost, Projection, double[])
     */
    public LocalProtocol(InterestMatrix interest, MemoryCost cost, Projection projection, double[] eta) {
        int agents = interest.size();
        int[][] support = new int[agents][];
        double[][] weight = new double[agents][];
        for (int n = 0; n < agents; n++) {
            double self = interest.weight(n, n);
            // w_{n,n} = 0: an empty sum, so the agent never moves from X = 0.
            support[n] = self == 0 ? new int[0] : new int[] {n};
            weight[n] = self == 0 ? new double[0] : new double[] {self};
        }
        this.engine = new OgdProtocol(NAME, support, weight, cost, projection, eta);
        this.interest = interest;
    }

    private LocalProtocol(OgdProtocol engine, InterestMatrix interest) {
        this.engine = engine;
        this.interest = interest;
    }

    /**
     * The same learners with a step-size rule in place of the constant η_n ({@link OgdProtocol#withStepRule}).
     *
     * @param rule the rule, or {@code null} for constant η
     * @return a copy using {@code rule}
     */
    public LocalProtocol withStepRule(StepRule rule) { return new LocalProtocol(engine.withStepRule(rule), interest); }

    @Override
    public LocalProtocol withThreads(int threads) { return new LocalProtocol(engine.withThreads(threads), interest); }

    /**
     * W as given to the constructor: the objective the independent learners are measured against (they
     * use only its diagonal).
     *
     * @return W
     */
    @Override
    public InterestMatrix interest() { return interest; }

    /**
     * The per-sample cost f.
     *
     * @return f
     */
    @Override
    public MemoryCost cost() { return engine.cost(); }

    /**
     * The projection Π onto 𝒳.
     *
     * @return 𝒳
     */
    @Override
    public Projection projection() { return engine.projection(); }

    @Override
    public int threads() { return engine.threads(); }

    @Override
    public String name() { return NAME; }

    @Override
    public void run(DataStream data, int iterations, IterateListener listener) {
        engine.run(data, iterations, listener);
    }
}
