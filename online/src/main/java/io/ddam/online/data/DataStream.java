package io.ddam.online.data;

/**
 * The data of all agents: at every step t = 1..T each agent n sees a key k_{n,t} ∈ R^{d_k} and a value
 * v_{n,t} ∈ R^{d_v} (method.md §1). Streams are deterministic (seeded) and can be read any number of
 * times: {@link #cursor()} starts a fresh pass from t = 1, so protocols and regret computations can
 * each make their own pass without storing the whole run.
 */
public interface DataStream {
    /** N. */
    int agents();

    /** d_k. */
    int keyDim();

    /** d_v. */
    int valueDim();

    /** T, the number of steps available. */
    int horizon();

    /** A short description for results, e.g. {@code synthetic(rho=0.75, dk=4, dv=3, seed=1)}. */
    String describe();

    /** A new pass over the data from t = 1. */
    Cursor cursor();

    /** One sequential pass. */
    interface Cursor {
        /**
         * Advances to the next step and copies every agent's data into {@code keys[n]} (length d_k) and
         * {@code values[n]} (length d_v). Returns the step number t (1-based), or 0 past the horizon.
         * Allocates nothing.
         */
        int next(double[][] keys, double[][] values);
    }
}
