package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;

/**
 * One online learning protocol (method.md §2): OGD, C-DOGD, local learners, DDAM-TOGD. Given the data
 * stream, it runs {@code iterations} steps from X_{n,1} = 0 and reports, for every step t and agent n,
 * the memory X_{n,t} used at that step to an {@link IterateListener} (so metrics can be computed in
 * the same pass without storing iterates). Implementations are deterministic, and their results do not
 * depend on the number of threads they use ({@link #withThreads}): every iterate is bitwise the same.
 */
public interface Protocol {
    /** Name used on the command line and in results, e.g. {@code ddam-star}. */
    String name();

    /**
     * Runs {@code iterations} steps (≤ the stream's horizon). Before the update of step t, calls
     * {@code listener.iterate(t, n, x)} for every agent n with X_{n,t} (row-major d_v × d_φ; valid only
     * during the call).
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
     */
    default Protocol withThreads(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        return this;
    }

    /** The most threads {@link #run} uses (1 unless set by {@link #withThreads}). */
    default int threads() { return 1; }

    /** Receives the iterates as they are produced. */
    @FunctionalInterface
    interface IterateListener {
        void iterate(int t, int agent, double[] x);
    }
}
