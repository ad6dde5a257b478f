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
}
