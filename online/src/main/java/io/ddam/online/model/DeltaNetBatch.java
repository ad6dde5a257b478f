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
        final double[][] rw;        // per row: w_m r_m
        /** ‖r_m‖² per member of the support, in support order (valid after {@link DeltaNetBatch#residuals}). */
        public final double[] e;
        int len;
        boolean identity;

        Scratch(int dk, int dv, int cap) {
            kt = new double[dk][cap];
            vt = new double[dv][cap];
            r = new double[dv][cap];
            rw = new double[dv][cap];
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
     * Buffers for one thread, for supports of at most {@code capacity} agents: with many agents and small
     * interest sets, scratch of N entries per chunk was the largest allocation of a run (N²/16 doubles per
     * kernel array at 10,000 agents); {@link #capacity} gives the size the supports need.
     *
     * @param capacity the longest support that will be passed to {@link #residuals}
     * @return scratch for supports of up to {@code capacity} agents
     */
    public Scratch scratch(int capacity) { return new Scratch(dk, dv, Math.max(1, Math.min(capacity, agents))); }

    /**
     * The scratch capacity the given supports need: the longest one.
     *
     * @param supports the supports that will be passed to {@link #residuals}
     * @return max |support|
     */
    public static int capacity(int[][] supports) {
        int c = 0;
        for (int[] s : supports) c = Math.max(c, s.length);
        return c;
    }

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
            int o = row * dk;
            for (int i = 0; i < len; i++) rr[i] = -vr[i];
            // Four terms per pass over rr (added left to right: the same order, so the same bits, as one
            // term per pass), so rr is loaded and stored a quarter as often.
            int j = 0;
            for (; j + 4 <= dk; j += 4) {
                double x0 = x[o + j], x1 = x[o + j + 1], x2 = x[o + j + 2], x3 = x[o + j + 3];
                double[] k0 = k[j], k1 = k[j + 1], k2 = k[j + 2], k3 = k[j + 3];
                for (int i = 0; i < len; i++) rr[i] = rr[i] + x0 * k0[i] + x1 * k1[i] + x2 * k2[i] + x3 * k3[i];
            }
            for (; j < dk; j++) {
                double xj = x[o + j];
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
        for (int row = 0; row < dv; row++) {
            double[] rr = sc.r[row], rw = sc.rw[row];
            for (int i = 0; i < len; i++) rw[i] = rr[i] * w[i];
        }
        accumulate(sc.rw, sc.identity ? kt : sc.kt, len, out);
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
        addGradientGroup(w, group, group.length, sc, target);
    }

    /**
     * As {@link #addGradientGroup(double[], int[], Scratch, double[])} over the first {@code count} entries
     * of {@code group} only: the members whose gradients were delivered when a link failure lost others
     * (the caller fills a reusable buffer, so nothing is allocated). With {@code count = group.length} the
     * arithmetic is the same, bitwise.
     *
     * @param w      weights indexed like the support
     * @param group  member indices into the support; the first {@code count} are used
     * @param count  how many members to add, 0..group.length
     * @param sc     the scratch holding the residuals
     * @param target the d_v × d_k sum to add to
     */
    public void addGradientGroup(double[] w, int[] group, int count, Scratch sc, double[] target) {
        double[][] k = sc.identity ? kt : sc.kt;
        double[][] r = sc.r;
        int g = count;
        // As accumulate (below), reading the members through group: the groups are short (a few members
        // per delay class), too short to repay gathering them first.
        int row = 0;
        for (; row + 2 <= dv; row += 2) {
            double[] r0 = r[row], r1 = r[row + 1];
            int o0 = row * dk, o1 = o0 + dk;
            int j = 0;
            for (; j + 4 <= dk; j += 4) {
                double[] k0 = k[j], k1 = k[j + 1], k2 = k[j + 2], k3 = k[j + 3];
                double a0 = target[o0 + j], a1 = target[o0 + j + 1], a2 = target[o0 + j + 2], a3 = target[o0 + j + 3];
                double b0 = target[o1 + j], b1 = target[o1 + j + 1], b2 = target[o1 + j + 2], b3 = target[o1 + j + 3];
                for (int q = 0; q < g; q++) {
                    int i = group[q];
                    double wi = w[i], x0 = r0[i] * wi, x1 = r1[i] * wi, c0 = k0[i], c1 = k1[i], c2 = k2[i], c3 = k3[i];
                    a0 += x0 * c0;
                    a1 += x0 * c1;
                    a2 += x0 * c2;
                    a3 += x0 * c3;
                    b0 += x1 * c0;
                    b1 += x1 * c1;
                    b2 += x1 * c2;
                    b3 += x1 * c3;
                }
                target[o0 + j] = a0;
                target[o0 + j + 1] = a1;
                target[o0 + j + 2] = a2;
                target[o0 + j + 3] = a3;
                target[o1 + j] = b0;
                target[o1 + j + 1] = b1;
                target[o1 + j + 2] = b2;
                target[o1 + j + 3] = b3;
            }
            for (; j < dk; j++) {
                double[] kj = k[j];
                double a = target[o0 + j], b = target[o1 + j];
                for (int q = 0; q < g; q++) {
                    int i = group[q];
                    double wi = w[i], c = kj[i];
                    a += r0[i] * wi * c;
                    b += r1[i] * wi * c;
                }
                target[o0 + j] = a;
                target[o1 + j] = b;
            }
        }
        if (row < dv) { // the last row of an odd d_v
            double[] r0 = r[row];
            int o0 = row * dk;
            int j = 0;
            for (; j + 4 <= dk; j += 4) {
                double[] k0 = k[j], k1 = k[j + 1], k2 = k[j + 2], k3 = k[j + 3];
                double a0 = target[o0 + j], a1 = target[o0 + j + 1], a2 = target[o0 + j + 2], a3 = target[o0 + j + 3];
                for (int q = 0; q < g; q++) {
                    int i = group[q];
                    double x0 = r0[i] * w[i];
                    a0 += x0 * k0[i];
                    a1 += x0 * k1[i];
                    a2 += x0 * k2[i];
                    a3 += x0 * k3[i];
                }
                target[o0 + j] = a0;
                target[o0 + j + 1] = a1;
                target[o0 + j + 2] = a2;
                target[o0 + j + 3] = a3;
            }
            for (; j < dk; j++) {
                double[] kj = k[j];
                double a = target[o0 + j];
                for (int q = 0; q < g; q++) {
                    int i = group[q];
                    a += r0[i] * w[i] * kj[i];
                }
                target[o0 + j] = a;
            }
        }
    }

    /**
     * {@code out[row·d_k + j] += Σ_{q < len} rw[row][q]·k[j][q]}, each sum taken over q in order from the
     * accumulator's value (so bitwise the pair-by-pair order). Each such sum is a chain of dependent
     * additions: one at a time, a step waits for the previous addition's latency (about 4 cycles), which
     * made these sums most of a step's time. Here 2 rows × 4 columns of the output are summed together,
     * so 8 independent chains are in flight and the loads of k[j][q] are shared by both rows.
     */
    private void accumulate(double[][] rw, double[][] k, int len, double[] out) {
        int row = 0;
        for (; row + 2 <= dv; row += 2) {
            double[] r0 = rw[row], r1 = rw[row + 1];
            int o0 = row * dk, o1 = o0 + dk;
            int j = 0;
            for (; j + 4 <= dk; j += 4) {
                double[] k0 = k[j], k1 = k[j + 1], k2 = k[j + 2], k3 = k[j + 3];
                double a0 = out[o0 + j], a1 = out[o0 + j + 1], a2 = out[o0 + j + 2], a3 = out[o0 + j + 3];
                double b0 = out[o1 + j], b1 = out[o1 + j + 1], b2 = out[o1 + j + 2], b3 = out[o1 + j + 3];
                for (int q = 0; q < len; q++) {
                    double x0 = r0[q], x1 = r1[q], c0 = k0[q], c1 = k1[q], c2 = k2[q], c3 = k3[q];
                    a0 += x0 * c0;
                    a1 += x0 * c1;
                    a2 += x0 * c2;
                    a3 += x0 * c3;
                    b0 += x1 * c0;
                    b1 += x1 * c1;
                    b2 += x1 * c2;
                    b3 += x1 * c3;
                }
                out[o0 + j] = a0;
                out[o0 + j + 1] = a1;
                out[o0 + j + 2] = a2;
                out[o0 + j + 3] = a3;
                out[o1 + j] = b0;
                out[o1 + j + 1] = b1;
                out[o1 + j + 2] = b2;
                out[o1 + j + 3] = b3;
            }
            for (; j < dk; j++) {
                double[] kj = k[j];
                double a = out[o0 + j], b = out[o1 + j];
                for (int q = 0; q < len; q++) {
                    double c = kj[q];
                    a += r0[q] * c;
                    b += r1[q] * c;
                }
                out[o0 + j] = a;
                out[o1 + j] = b;
            }
        }
        if (row < dv) { // the last row of an odd d_v
            double[] r0 = rw[row];
            int o0 = row * dk;
            int j = 0;
            for (; j + 4 <= dk; j += 4) {
                double[] k0 = k[j], k1 = k[j + 1], k2 = k[j + 2], k3 = k[j + 3];
                double a0 = out[o0 + j], a1 = out[o0 + j + 1], a2 = out[o0 + j + 2], a3 = out[o0 + j + 3];
                for (int q = 0; q < len; q++) {
                    double x0 = r0[q];
                    a0 += x0 * k0[q];
                    a1 += x0 * k1[q];
                    a2 += x0 * k2[q];
                    a3 += x0 * k3[q];
                }
                out[o0 + j] = a0;
                out[o0 + j + 1] = a1;
                out[o0 + j + 2] = a2;
                out[o0 + j + 3] = a3;
            }
            for (; j < dk; j++) {
                double[] kj = k[j];
                double a = out[o0 + j];
                for (int q = 0; q < len; q++) a += r0[q] * kj[q];
                out[o0 + j] = a;
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
        for (int row = 0; row < dv; row++) {
            double[] rr = sc.r[row], rw = sc.rw[row];
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
