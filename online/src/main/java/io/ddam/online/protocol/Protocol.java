package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;

/**
 * One online learning protocol (method.md §2): OGD, C-DOGD, local learners, DDAM-TOGD. Given the data
 * stream, it runs {@code iterations} steps from X_{n,1} = 0 and reports, for every step t and agent n,
 * the memory X_{n,t} used at that step to an {@link IterateListener} (so metrics can be computed in
 * the same pass without storing iterates). Implementations are deterministic, and their results do not
 * depend on the number of threads they use ({@link #withThreads}): every iterate is bitwise the same.
 */
public interface Protocol {
    /**
     * Name used on the command line and in results.
     *
     * @return e.g. {@code ogd}, {@code cdogd}, {@code ddam-star}
     */
    String name();

    /**
     * The interest matrix W whose objective (eq. 2) the protocol was built for: what its regret is measured
     * against ({@link io.ddam.online.metrics.RegretMeter#measure(Protocol, DataStream, int, int...)}). The
     * built-in protocols return the W they were given; the default throws.
     *
     * @return W
     * @throws UnsupportedOperationException if the protocol does not expose its W (e.g. a C-DOGD built
     *                                       from consensus weights alone)
     */
    default InterestMatrix interest() {
        throw new UnsupportedOperationException(name() + " does not expose its interest matrix W");
    }

    /**
     * The per-sample cost f the protocol was built with.
     *
     * @return f
     * @throws UnsupportedOperationException if the protocol does not expose it (the built-in ones do)
     */
    default MemoryCost cost() {
        throw new UnsupportedOperationException(name() + " does not expose its cost");
    }

    /**
     * The constraint set 𝒳 the protocol projects onto (and its hindsight comparators must be restricted to).
     *
     * @return the projection
     * @throws UnsupportedOperationException if the protocol does not expose it (the built-in ones do)
     */
    default Projection projection() {
        throw new UnsupportedOperationException(name() + " does not expose its projection");
    }

    /**
     * Runs {@code iterations} steps (≤ the stream's horizon). Before the update of step t, calls
     * {@code listener.iterate(t, n, x)} for every agent n with X_{n,t} (row-major d_v × d_φ; valid only
     * during the call).
     *
     * @param data       the agents' keys and values; its N must match the protocol's
     * @param iterations how many steps to run, 0..T
     * @param listener   receives every iterate, in step order and agent order within a step
     * @throws io.ddam.solver.DdamInputException if the stream does not fit the protocol (N, d_k, d_v)
     *                                           or {@code iterations} exceeds its horizon
     */
    void run(DataStream data, int iterations, IterateListener listener);

    /**
     * The same protocol with its agents' updates spread over at most {@code threads} threads. Each agent is
     * still updated by one thread with the same floating-point operations, so iterates and everything
     * measured from them are bitwise identical for any thread count; fewer threads are used when there are
     * too few agents for a hand-off to pay. The listener is still called on the thread that calls
     * {@link #run}, in agent order. The default (for protocols that do not parallelise) returns {@code this}.
     *
     * @param threads ≥ 1
     * @return a protocol that runs the same updates on up to {@code threads} threads
     * @throws IllegalArgumentException if {@code threads} &lt; 1
     */
    default Protocol withThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        return this;
    }

    /**
     * The most threads {@link #run} uses.
     *
     * @return 1 unless set by {@link #withThreads}
     */
    default int threads() { return 1; }

    /** Receives the iterates as they are produced. */
    @FunctionalInterface
    interface IterateListener {
        /**
         * Called once per step and agent with the memory that agent uses at that step.
         *
         * @param t     the step, 1-based
         * @param agent the agent n, 0..N-1
         * @param x     X_{n,t}, row-major d_v × d_φ; read it during the call only (the protocol reuses the array)
         */
        void iterate(int t, int agent, double[] x);
    }

    /**
     * A listener that measures each agent from inside the protocol's update phase, on the protocol's own
     * worker pool (one pool per step for protocol and meter), instead of receiving every iterate on the
     * calling thread. A protocol that supports it calls, for every step t: {@link #startStep} on the
     * calling thread, then {@link #measure} once per agent n, on any thread, while X_{n,t} is still
     * unchanged, then {@link #endStep} on the calling thread once every agent has been measured and
     * updated. Protocols that do not support it call {@link IterateListener#iterate} as usual, so an
     * implementation must handle both. The built-in protocols support it.
     */
    interface StepListener extends IterateListener {
        /**
         * Called once before step 1.
         *
         * @param chunks the number of chunks of the protocol's pool (the {@code chunk} indices of {@link #measure})
         */
        void begin(int chunks);

        /**
         * Step t begins: the stream has been advanced to t; no agent has been measured yet.
         *
         * @param t the step, 1-based
         */
        void startStep(int t);

        /**
         * Measures agent n at step t. Calls for different agents may run at the same time on different
         * threads; calls with the same {@code chunk} never do.
         *
         * @param chunk      the pool chunk running this agent, 0..chunks-1 (for per-thread scratch)
         * @param t          the step
         * @param n          the agent
         * @param x          X_{n,t} (read during the call only)
         * @param residualSq if not {@code null}: for the i-th member m of W_n (in
         *                   {@code InterestMatrix.interestSet(n)} order), ‖X_{n,t} k_{m,t} − v_{m,t}‖² as the
         *                   protocol computed it for its gradient (DeltaNet); {@code null} when the protocol
         *                   has no such residuals (other costs, or supports other than W_n)
         */
        void measure(int chunk, int t, int n, double[] x, double[] residualSq);

        /**
         * Step t is done (all agents measured and updated).
         *
         * @param t the step
         */
        void endStep(int t);
    }
}
