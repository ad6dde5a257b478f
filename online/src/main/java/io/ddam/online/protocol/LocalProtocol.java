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

    private final int agents;
    private final double[] self;
    private final MemoryCost cost;
    private final Projection projection;
    private final double[] eta;
    private final int threads;

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
        this.agents = interest.size();
        this.self = new double[agents];
        for (int n = 0; n < agents; n++) self[n] = interest.weight(n, n);
        this.cost = cost;
        this.projection = projection;
        this.eta = ProtocolSupport.checkEta(NAME, eta, agents);
        this.threads = 1;
    }

    private LocalProtocol(LocalProtocol o, int threads) {
        this.agents = o.agents;
        this.self = o.self;
        this.cost = o.cost;
        this.projection = o.projection;
        this.eta = o.eta;
        this.threads = ProtocolSupport.checkThreads(threads);
    }

    @Override
    public LocalProtocol withThreads(int threads) { return new LocalProtocol(this, threads); }

    @Override
    public int threads() { return threads; }

    @Override
    public String name() { return NAME; }

    @Override
    public void run(DataStream data, int iterations, IterateListener listener) {
        ProtocolSupport.checkRun(NAME, data, cost, agents, iterations);
        int size = cost.rows() * cost.cols();
        double[][] x = new double[agents][size];
        double[][] keys = new double[agents][data.keyDim()];
        double[][] values = new double[agents][data.valueDim()];
        DataStream.Cursor cursor = data.cursor();
        try (AgentPool pool = new AgentPool(agents, threads)) {
            double[][] scratch = new double[pool.workers()][size];
            AgentPool.Body update = (chunk, from, to) -> {
                double[] g = scratch[chunk];
                for (int n = from; n < to; n++) {
                    if (self[n] == 0) continue;
                    double[] xn = x[n];
                    java.util.Arrays.fill(g, 0.0);
                    cost.addGradient(xn, keys[n], values[n], self[n], g);
                    double e = eta[n];
                    for (int j = 0; j < size; j++) xn[j] -= e * g[j];
                    projection.project(xn);
                }
            };
            for (int t = 1; t <= iterations; t++) {
                ProtocolSupport.advance(cursor, keys, values, t);
                for (int n = 0; n < agents; n++) listener.iterate(t, n, x[n]);
                pool.run(update);
            }
        }
    }
}
