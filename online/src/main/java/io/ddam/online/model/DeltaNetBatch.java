package io.ddam.online.model;

/**
 * The DeltaNet per-pair kernel for one memory X_n against many agents' data of one step, with the data
 * laid out agent-minor (k_{m,j} at j·N + m), so that the inner loops run over agents and the JIT can
 * vectorise them. One residual r_m = X_n k_m − v_m per pair gives the loss ½‖r_m‖², the recall error
 * ‖r_m‖² and the gradient Σ_m w_m r_m k_mᵀ.
 *
 * <p><b>Same numbers as {@link DeltaNetCost}.</b> Every residual entry is accumulated over j in the same
 * order as {@link DeltaNetCost#addGradient} does, ‖r‖² over i in the same order, and every gradient
 * entry over the agents in the order given, starting from the accumulator's value: so the results are
 * bitwise those of calling {@link DeltaNetCost#addGradientResidual} pair by pair (tested).
 *
 * <p>Use: {@link #load} the step's keys and values once (one thread), then, from any thread with its
 * own {@link Scratch}, {@link #residuals} for an agent's support and {@link #addGradient} or
 * {@link #addGradientTo}. Nothing is allocated after construction.
 */
public final class DeltaNetBatch {
    // Row-per-array layout: every inner loop reads and writes a[i], b[i] at the same index from 0, the form
    // the JIT vectorises (with invariant offsets into one flat array it must assume aliasing and does not).
    private final int dk, dv, agents;
    private final double[][] kt, vt;   // kt[j][m] = k_{m,j}, vt[i][m] = v_{m,i}

    /**
     * A kernel for N agents' data of d_k-dimensional keys and d_v-dimensional values.
     *
     * @param dk     d_k
     * @param dv     d_v
     * @param agents N
     */
    public DeltaNetBatch(int dk, int dv, int agents) {
        this.dk = dk;
        this.dv = dv;
        this.agents = agents;
        this.kt = new double[dk][agents];
        this.vt = new double[dv][agents];
    }

    /** Per-thread buffers: the residuals and their squared norms of one agent's support. */
    public static final class Scratch {
        final double[][] kt, vt, r;
        final double[] rw;
        /** ‖r_m‖² per member of the support, in support order (valid after {@link DeltaNetBatch#residuals}). */
        public final double[] e;
        int len;
        boolean identity;

        Scratch(int dk, int dv, int cap) {
            kt = new double[dk][cap];
            vt = new double[dv][cap];
            r = new double[dv][cap];
            rw = new double[cap];
            e = new double[cap];
        }
    }

    /**
     * Buffers for one thread.
     *
     * @return scratch for supports of up to N agents
     */
    public Scratch scratch() { return new Scratch(dk, dv, agents); }

    /**
     * Stores the step's data agent-minor.
     *
     * @param keys   k_m per agent
     * @param values v_m per agent
     */
    public void load(double[][] keys, double[][] values) {
        for (int m = 0; m < agents; m++) {
            double[] k = keys[m], v = values[m];
            for (int j = 0; j < dk; j++) kt[j][m] = k[j];
            for (int i = 0; i < dv; i++) vt[i][m] = v[i];
        }
    }

    /**
     * Whether {@code support} is 0..N−1 in order (then the loaded data is used without a gather).
     *
     * @param support agents
     * @param agents  N
     * @return true for the full, ordered support
     */
    public static boolean isIdentity(int[] support, int agents) {
        if (support.length != agents) return false;
        for (int i = 0; i < agents; i++) if (support[i] != i) return false;
        return true;
    }

    /**
     * r_m = X k_m − v_m and ‖r_m‖² for every m of {@code support}, into {@code sc} ({@link Scratch#e}).
     *
     * @param x        X_n, row-major d_v × d_k
     * @param support  the agents m, in the order the results are wanted
     * @param identity {@link #isIdentity}(support, N), precomputed
     * @param sc       this thread's scratch
     */
    public void residuals(double[] x, int[] support, boolean identity, Scratch sc) {
        int len = support.length;
        double[][] k, v;
        if (identity) {
            k = kt;
            v = vt;
        } else {
            k = sc.kt;
            v = sc.vt;
            for (int j = 0; j < dk; j++) {
                double[] dst = k[j], src = kt[j];
                for (int i = 0; i < len; i++) dst[i] = src[support[i]];
            }
            for (int r = 0; r < dv; r++) {
                double[] dst = v[r], src = vt[r];
                for (int i = 0; i < len; i++) dst[i] = src[support[i]];
            }
        }
        sc.len = len;
        sc.identity = identity;
        double[] e = sc.e;
        for (int i = 0; i < len; i++) e[i] = 0;
        for (int row = 0; row < dv; row++) {
            double[] rr = sc.r[row], vr = v[row];
            for (int i = 0; i < len; i++) rr[i] = -vr[i];
            for (int j = 0; j < dk; j++) {
                double xj = x[row * dk + j];
                double[] kj = k[j];
                for (int i = 0; i < len; i++) rr[i] += xj * kj[i];
            }
            for (int i = 0; i < len; i++) e[i] += rr[i] * rr[i];
        }
    }

    /**
     * {@code out += Σ_m w_m r_m k_mᵀ} over the support of the last {@link #residuals} call, m in order.
     *
     * @param w   the weights per member of the support
     * @param sc  the scratch holding the residuals
     * @param out the accumulator, row-major d_v × d_k
     */
    public void addGradient(double[] w, Scratch sc, double[] out) {
        int len = sc.len;
        double[][] k = sc.identity ? kt : sc.kt;
        double[] rw = sc.rw;
        for (int row = 0; row < dv; row++) {
            double[] rr = sc.r[row];
            for (int i = 0; i < len; i++) rw[i] = rr[i] * w[i];
            for (int j = 0; j < dk; j++) {
                double[] kj = k[j];
                double acc = out[row * dk + j];
                for (int i = 0; i < len; i++) acc += rw[i] * kj[i];
                out[row * dk + j] = acc;
            }
        }
    }

    /**
     * {@code target += Σ_{m ∈ group} w_m r_m k_mᵀ} over the members listed in {@code group} (indices into
     * the support of the last {@link #residuals} call, increasing), in that order: one delay class of
     * DDAM-TOGD, whose gradients all go to the same pending sum. Bitwise the same as adding the pairs one
     * by one in support order, since each entry of {@code target} receives them in that order.
     *
     * @param w      the weights per member of the support
     * @param group  the members to add, increasing
     * @param sc     the scratch holding the residuals
     * @param target the accumulator, row-major d_v × d_k
     */
    public void addGradientGroup(double[] w, int[] group, Scratch sc, double[] target) {
        double[][] k = sc.identity ? kt : sc.kt;
        double[] rw = sc.rw;
        int g = group.length;
        for (int row = 0; row < dv; row++) {
            double[] rr = sc.r[row];
            for (int q = 0; q < g; q++) {
                int i = group[q];
                rw[q] = rr[i] * w[i];
            }
            for (int j = 0; j < dk; j++) {
                double[] kj = k[j];
                int o = row * dk + j;
                double acc = target[o];
                for (int q = 0; q < g; q++) acc += rw[q] * kj[group[q]];
                target[o] = acc;
            }
        }
    }

    /**
     * {@code target[slot[m]] += w_m r_m k_mᵀ} for the members with {@code slot[m] ≥ 0}, m in order: the
     * delayed gradients of DDAM-TOGD, each pair into the pending sum of the step it will be applied.
     *
     * @param w      the weights per member of the support
     * @param slot   per member, the index of its accumulator in {@code target}, or −1 to leave it out
     * @param sc     the scratch holding the residuals
     * @param target the accumulators, row-major d_v × d_k each
     */
    public void addGradientTo(double[] w, int[] slot, Scratch sc, double[][] target) {
        int len = sc.len;
        double[][] k = sc.identity ? kt : sc.kt;
        double[] rw = sc.rw;
        for (int row = 0; row < dv; row++) {
            double[] rr = sc.r[row];
            for (int i = 0; i < len; i++) rw[i] = rr[i] * w[i];
            for (int j = 0; j < dk; j++) {
                double[] kj = k[j];
                int o = row * dk + j;
                for (int i = 0; i < len; i++) {
                    int s = slot[i];
                    if (s >= 0) target[s][o] += rw[i] * kj[i];
                }
            }
        }
    }
}
