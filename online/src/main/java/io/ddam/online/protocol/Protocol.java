package io.ddam.online.protocol;

import io.ddam.online.data.DataStream;

/**
 * One online learning protocol (method.md §2): OGD, C-DOGD, local learners, DDAM-TOGD. Given the data
 * stream, it runs {@code iterations} steps from X_{n,1} = 0 and reports, for every step t and agent n,
 * the memory X_{n,t} used at that step to an {@link IterateListener} (so metrics can be computed in
 * the same pass without storing iterates). Implementations are deterministic.
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

    /** Receives the iterates as they are produced. */
    @FunctionalInterface
    interface IterateListener {
        void iterate(int t, int agent, double[] x);
    }
}
