package io.ddam.online.data;

/**
 * The data of all agents: at every step t = 1..T each agent n sees a key k_{n,t} ∈ R^{d_k} and a value
 * v_{n,t} ∈ R^{d_v} (method.md §1). Streams are deterministic (seeded) and can be read any number of
 * times: {@link #cursor()} starts a fresh pass from t = 1, so protocols and regret computations can
 * each make their own pass without storing the whole run.
 *
 * <p>To learn from your own data, implement this interface (and {@link Cursor}): every pass must
 * produce the same numbers, in the same order. Agent n of the stream is node index n of the network
 * the protocols run on. docs/library.md shows a complete example.
 */
public interface DataStream {
    /**
     * N, the number of agents whose data the stream carries.
     *
     * @return N ≥ 1; must equal the network's node count
     */
    int agents();

    /**
     * d_k, the length of every key.
     *
     * @return the key dimension, ≥ 1
     */
    int keyDim();

    /**
     * d_v, the length of every value.
     *
     * @return the value dimension, ≥ 1
     */
    int valueDim();

    /**
     * T, the number of steps available.
     *
     * @return the horizon, ≥ 1; a cursor yields exactly this many steps
     */
    int horizon();

    /**
     * A short description for results.
     *
     * @return e.g. {@code synthetic(rho=0.75, dk=4, dv=3, seed=1)}
     */
    String describe();

    /**
     * A new pass over the data from t = 1; passes are independent and give identical data.
     *
     * @return a fresh cursor positioned before step 1
     */
    Cursor cursor();

    /** One sequential pass. */
    interface Cursor {
        /**
         * Advances to the next step and copies every agent's data into {@code keys[n]} (length d_k) and
         * {@code values[n]} (length d_v). Returns the step number t (1-based), or 0 past the horizon.
         * Allocates nothing.
         *
         * @param keys   N caller-owned rows of length d_k, overwritten with k_{n,t}
         * @param values N caller-owned rows of length d_v, overwritten with v_{n,t}
         * @return the step t just copied, 1..T, or 0 once the horizon is passed (the arrays are then unspecified)
         */
        int next(double[][] keys, double[][] values);
    }
}
