package io.ddam.online.metrics;

import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.FeatureMap;
import io.ddam.online.model.LinearAttentionCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import io.ddam.solver.DdamInputException;

/**
 * The hindsight comparator of method.md §1 (eq. 3 and, per window, eq. 43): for one agent n and a
 * window Θ of steps, U = argmin_{U∈𝒳} Σ_{s∈Θ} Σ_{m∈W_n} w_{n,m} f_{m,s}(U). Samples are added one at a
 * time with {@link #add}; only sufficient statistics (and, for DeltaNet, at most d_k samples of the current
 * window) are kept, so the run is never stored. Buffers are allocated in the constructor (DeltaNet
 * sample buffers grow, see below, only while a window holds more samples than any before, and the d_k×d_k
 * buffers of A are made the first time a window holds d_k samples): {@link #add},
 * {@link #solve} and {@link #objective} otherwise allocate nothing.
 *
 * <p><b>DeltaNet</b> (exact): with A = Σ w k kᵀ (d_k×d_k) and Bm = Σ w v kᵀ (d_v×d_k) the objective is
 * ½tr(U A Uᵀ) − ⟨U, Bm⟩ + ½Σ w‖v‖². Writing A = Q diag(e) Qᵀ (Jacobi, {@link SymmetricEigen}) and
 * C = Bm Q, the unconstrained minimiser of least norm is U = Σ_{e_j > tol} C_j Q_jᵀ / e_j with
 * tol = {@value #RANK_TOLERANCE}·max_j e_j (directions below tol are treated as the null space of A;
 * Bm's rows lie in the span of the keys, so C_j vanishes there). If ‖U‖_F &gt; R the ball constraint is
 * active and the KKT conditions give the ridge solution U(λ) = Bm (A + λI)^{-1}, i.e.
 * U(λ) = Σ_j C_j Q_jᵀ / (e_j + λ), with the unique λ &gt; 0 where ‖U(λ)‖_F² = Σ_j ‖C_j‖²/(e_j+λ)² = R².
 * That function is strictly decreasing in λ, so λ is found by bisection to machine precision
 * (each evaluation costs O(d_k) once the decomposition is known).
 *
 * <p><b>DeltaNet with few samples</b> (the Ω = 1 comparators: |W_n| samples per window, often fewer
 * than d_k): while the window holds s &lt; d_k samples they are kept as the rows of K̃ = diag(√w) K and
 * Ṽ = diag(√w) V, and A is never formed. The s×s Gram matrix G = K̃K̃ᵀ = P diag(e) Pᵀ has the same
 * non-zero eigenvalues as A = K̃ᵀK̃, with eigenvectors Q_j = K̃ᵀP_j/√e_j, so C_j = Bm Q_j = √e_j ṼᵀP_j and
 * U(λ) = Ṽᵀ(G + λI)^{-1}K̃ = Σ_j (ṼᵀP_j)(K̃ᵀP_j)ᵀ/(e_j + λ) — the same least-norm and ridge solutions
 * (λ = 0 gives Ṽᵀ G⁺ K̃) and the same 1-D search, from an s×s instead of a d_k×d_k decomposition.
 * From the (d_k+1)-th sample on the samples are folded into A and the d_k×d_k path is used. The sample
 * buffers start small and double (up to d_k samples) only when a window holds more samples than ever
 * before, so in steady state nothing is allocated; {@link #Hindsight(MemoryCost, Projection, int)} sizes
 * them up front.
 *
 * <p><b>Linear-in-X costs</b> ({@link LinearAttentionCost}, f = −⟨Xφ(k), v⟩ + ½Σ_i c_i‖X_i‖²): with
 * S = Σ w v φ(k)ᵀ and a = Σ w (the total weight, |Θ| when W is row-stochastic) the objective is
 * −⟨U, S⟩ + (a/2)Σ_i c_i‖U_i‖². It separates by rows: with multiplier λ ≥ 0 for the ball,
 * U_i = S_i / (a c_i + λ) (closed form). λ = 0 when that is finite and inside the ball; otherwise λ &gt; 0
 * solves Σ_i ‖S_i‖²/(a c_i + λ)² = R² by the same bisection. For c = 0 this is U = R·S/‖S‖.
 */
public final class Hindsight {
    /** Relative eigenvalue threshold below which a direction of A counts as rank-deficient. */
    public static final double RANK_TOLERANCE = 1e-12;

    private final boolean deltaNet;
    private final int rows;
    private final int cols;
    private final double radius;
    private final FeatureMap phi;     // linear costs only
    private final double[] decay;     // linear costs only: c_i
    private final double[] feature;   // scratch φ(k)
    private double[] a;               // DeltaNet: A (cols × cols), allocated when first needed (ensureDense)
    private final double[] b;         // Bm (DeltaNet) or S (linear), rows × cols
    private SymmetricEigen eigen;     // DeltaNet: A's decomposition, allocated with a
    private final double[] c;         // DeltaNet: C = Bm Q (the Gram path's ṼᵀP too)
    private final double[] num;       // ‖C_j‖² or ‖S_i‖²
    private final double[] den;       // e_j or a c_i
    private double weightSum;
    private double valueSq;           // Σ w ‖v‖² (DeltaNet constant term)
    private double lastMultiplier;
    // DeltaNet, few samples: rows of K̃ and Ṽ, the Gram matrix and its decomposition (capacity ≤ cols).
    private int capacity;
    private int count;                // samples held in sk/sv (valid while !dense)
    private boolean dense;            // the samples have been folded into a (more than cols of them)
    private double[] sk;              // capacity × cols: √w k
    private double[] sv;              // capacity × rows: √w v
    private double[] gram;            // count × count, packed
    private double[] coef;            // rows × capacity: Ṽᵀ P diag(1/(e+λ)) Pᵀ
    private SymmetricEigen small;
    private double[] chol;            // Cholesky factor scratch (d_k × d_k, or the Gram matrix's size)
    private double[] solveScratch;    // d_k entries
    private boolean eigenOnly;        // tests: skip the direct solve

    /**
     * A comparator solver for {@code cost} over 𝒳 given by {@code projection}.
     *
     * @param cost       the per-sample cost f: {@link DeltaNetCost} or {@link LinearAttentionCost}
     * @param projection 𝒳, the ball the comparator must lie in ({@link Projection#NONE} for none)
     * @throws DdamInputException for costs other than {@link DeltaNetCost} and {@link LinearAttentionCost}
     */
    public Hindsight(MemoryCost cost, Projection projection) {
        this(cost, projection, 8);
    }

    /**
     * As {@link #Hindsight(MemoryCost, Projection)}, with the DeltaNet sample buffers sized for
     * {@code expectedSamples} samples per window (|W_n|·Ω for a window comparator; capped at d_k), so
     * that no window ever grows them.
     *
     * @param cost            the per-sample cost f: {@link DeltaNetCost} or {@link LinearAttentionCost}
     * @param projection      𝒳, the ball the comparator must lie in
     * @param expectedSamples the most samples a window will hold (a sizing hint, not a limit)
     * @throws DdamInputException for costs other than {@link DeltaNetCost} and {@link LinearAttentionCost}
     */
    public Hindsight(MemoryCost cost, Projection projection, int expectedSamples) {
        this.rows = cost.rows();
        this.cols = cost.cols();
        this.radius = projection.radius();
        if (cost instanceof DeltaNetCost) {
            deltaNet = true;
            phi = null;
            decay = null;
            feature = null;
            // A, its decomposition and C (3 d_k² doubles, 100 MB at d_k = 2,048) only when a window holds
            // d_k samples or more, or mixed statistics are loaded: a wide-key window of few samples never needs them.
            c = new double[rows * cols];
            num = new double[cols];
            den = new double[cols];
            grow(Math.max(1, Math.min(cols, expectedSamples)));
        } else if (cost instanceof LinearAttentionCost lin) {
            deltaNet = false;
            phi = lin.featureMap();
            decay = new double[rows];
            for (int i = 0; i < rows; i++) decay[i] = lin.decay(i);
            feature = new double[cols];
            a = null;
            eigen = null;
            c = null;
            num = new double[rows];
            den = new double[rows];
        } else {
            throw new DdamInputException("no hindsight comparator for cost " + cost.name());
        }
        this.b = new double[rows * cols];
    }

    /** Sizes the sample buffers for {@code cap} samples, keeping the ones held. */
    private void grow(int cap) {
        sk = sk == null ? new double[cap * cols] : java.util.Arrays.copyOf(sk, cap * cols);
        sv = sv == null ? new double[cap * rows] : java.util.Arrays.copyOf(sv, cap * rows);
        gram = new double[cap * cap];
        if (chol == null || chol.length < cap * cap) chol = new double[cap * cap];
        if (solveScratch == null) solveScratch = new double[cols];
        coef = new double[rows * cap];
        small = new SymmetricEigen(cap);
        capacity = cap;
    }

    /** Folds the held samples into A (from now on the d_k×d_k path is used until {@link #clear}). */
    private void densify() {
        ensureDense();
        java.util.Arrays.fill(a, 0.0);
        for (int s = 0; s < count; s++) {
            int o = s * cols;
            for (int i = 0; i < cols; i++) {
                double ki = sk[o + i];
                for (int j = i; j < cols; j++) a[i * cols + j] += ki * sk[o + j];
            }
        }
        dense = true;
        count = 0;
    }

    /** Allocates the d_k×d_k buffers of the dense path (once). */
    private void ensureDense() {
        if (a != null) return;
        a = new double[cols * cols];
        eigen = new SymmetricEigen(cols);
        if (chol == null || chol.length < cols * cols) chol = new double[cols * cols];
        if (solveScratch == null) solveScratch = new double[cols];
    }

    /** Copies A's upper triangle (the only part {@link #add} accumulates) to the lower one. */
    private void symmetrize() {
        for (int i = 1; i < cols; i++) for (int j = 0; j < i; j++) a[i * cols + j] = a[j * cols + i];
    }

    /** Tests only: always solve through the eigen-decomposition (the oracle of the direct solve). */
    void forceEigenPath() {
        eigenOnly = true;
    }

    /** Tests only: folds the held samples into A, so that {@link #solve} takes the d_k×d_k path. */
    void forceDensePath() {
        if (deltaNet && !dense) densify();
    }

    /** Forgets all samples (start of a new window). */
    public void clear() {
        if (dense) java.util.Arrays.fill(a, 0.0);
        java.util.Arrays.fill(b, 0.0);
        weightSum = 0;
        valueSq = 0;
        dense = false;
        count = 0;
    }

    /**
     * Adds the term w·f(U; k, v) to the objective.
     *
     * @param w the weight, typically w_{n,m} ≥ 0 (0 adds nothing)
     * @param k the key, d_k entries (read, not kept)
     * @param v the value, d_v entries (read, not kept)
     */
    public void add(double w, double[] k, double[] v) {
        if (w == 0) return;
        weightSum += w;
        if (deltaNet) {
            if (!dense && count == cols) densify();
            if (dense) {
                for (int i = 0; i < cols; i++) { // upper triangle only; see symmetrize()
                    double wk = w * k[i];
                    for (int j = i; j < cols; j++) a[i * cols + j] += wk * k[j];
                }
            } else {
                if (count == capacity) grow(Math.min(cols, 2 * capacity));
                double rw = Math.sqrt(w);
                for (int j = 0, o = count * cols; j < cols; j++) sk[o + j] = rw * k[j];
                for (int j = 0, o = count * rows; j < rows; j++) sv[o + j] = rw * v[j];
                count++;
            }
            double s = 0;
            for (int i = 0; i < rows; i++) {
                double wv = w * v[i];
                s += v[i] * v[i];
                for (int j = 0; j < cols; j++) b[i * cols + j] += wv * k[j];
            }
            valueSq += w * s;
        } else {
            phi.apply(k, feature);
            for (int i = 0; i < rows; i++) {
                double wv = w * v[i];
                for (int j = 0; j < cols; j++) b[i * cols + j] += wv * feature[j];
            }
        }
    }

    /**
     * Replaces the window's statistics by already mixed ones, for DeltaNet: {@code mixed} holds, from
     * {@code offset}, A's upper triangle packed row by row (d_k(d_k+1)/2 entries: (0,0), (0,1), …, (0,d_k−1),
     * (1,1), …), then Bm row-major (d_v × d_k), then Σ w‖v‖². The solver then takes the d_k×d_k path.
     *
     * @param mixed     the packed statistics (read, not kept)
     * @param offset    where they start in {@code mixed}
     * @param weightSum Σ w over the samples they sum
     */
    void loadStatistics(double[] mixed, int offset, double weightSum) {
        if (!deltaNet) throw new IllegalStateException("statistics are mixed for DeltaNet only");
        ensureDense();
        dense = true;
        count = 0;
        int p = offset;
        for (int i = 0; i < cols; i++) {
            int o = i * cols;
            for (int j = i; j < cols; j++) a[o + j] = mixed[p++];
        }
        System.arraycopy(mixed, p, b, 0, b.length);
        p += b.length;
        valueSq = mixed[p];
        this.weightSum = weightSum;
    }

    /**
     * The length of the packed statistics of {@link #loadStatistics} for a d_v × d_k memory.
     *
     * @param rows d_v
     * @param cols d_k
     * @return d_k(d_k+1)/2 + d_v·d_k + 1
     */
    static int packedLength(int rows, int cols) { return cols * (cols + 1) / 2 + rows * cols + 1; }

    /**
     * Σ w over the samples added since the last {@link #clear}.
     *
     * @return the total weight of the current window
     */
    public double weightSum() { return weightSum; }

    /**
     * The ball multiplier λ of the last {@link #solve}.
     *
     * @return λ ≥ 0; 0 when the constraint is inactive
     */
    public double multiplier() { return lastMultiplier; }

    /**
     * The objective Σ w f(U; k, v) over the added samples, from the sufficient statistics (DeltaNet
     * with fewer than d_k samples: from the held samples, as Σ ½‖U k̃ − ṽ‖²).
     *
     * @param u a memory, row-major d_v × d_φ
     * @return Σ w f(U; k, v) over the current window
     */
    public double objective(double[] u) {
        double lin = 0;
        for (int i = 0; i < b.length; i++) lin += u[i] * b[i];
        double quad = 0;
        if (deltaNet && !dense) {
            // Σ_s ½‖U k̃_s − ṽ_s‖² directly: no cancellation when the fit is exact (s < d_k, λ = 0).
            double f = 0;
            for (int s = 0; s < count; s++) {
                int ok = s * cols, ov = s * rows;
                for (int r = 0; r < rows; r++) {
                    double e = -sv[ov + r];
                    for (int j = 0, o = r * cols; j < cols; j++) e += u[o + j] * sk[ok + j];
                    f += e * e;
                }
            }
            return 0.5 * f;
        }
        if (deltaNet) {
            symmetrize();
            for (int r = 0; r < rows; r++) {
                int o = r * cols;
                for (int i = 0; i < cols; i++) {
                    double ai = 0;
                    for (int j = 0; j < cols; j++) ai += a[i * cols + j] * u[o + j];
                    quad += u[o + i] * ai;
                }
            }
            return 0.5 * quad - lin + 0.5 * valueSq;
        }
        for (int r = 0; r < rows; r++) {
            if (decay[r] == 0) continue;
            double s = 0;
            for (int j = 0, o = r * cols; j < cols; j++) s += u[o + j] * u[o + j];
            quad += decay[r] * s;
        }
        return -lin + 0.5 * weightSum * quad;
    }

    /**
     * Writes the minimiser U (row-major rows × cols) into {@code out}.
     *
     * @param out the destination, rows × cols entries, overwritten with U
     * @throws DdamInputException when the problem is unbounded below (a linear cost without a radius)
     */
    public void solve(double[] out) {
        double r2 = radius * radius;
        if (deltaNet && !dense && count >= cols) densify(); // s ≥ d_k: the d_k×d_k path is no dearer
        if (deltaNet && !dense) {
            solveFromGram(out, r2);
            return;
        }
        if (deltaNet) {
            symmetrize();
            if (direct(out, r2)) return;
            eigen.decompose(a);
            double[] e = eigen.values;
            double[] q = eigen.vectors;
            double emax = 0;
            for (double x : e) emax = Math.max(emax, x);
            double tol = RANK_TOLERANCE * emax;
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double s = 0;
                    for (int l = 0; l < cols; l++) s += b[i * cols + l] * q[l * cols + j];
                    c[i * cols + j] = s;
                }
            }
            for (int j = 0; j < cols; j++) {
                boolean kept = e[j] > tol && emax > 0;
                double s = 0;
                if (kept) for (int i = 0; i < rows; i++) s += c[i * cols + j] * c[i * cols + j];
                num[j] = s; // null directions contribute nothing to the least-norm solution
                den[j] = kept ? e[j] : 1; // any positive value: num is 0 there
            }
            double lambda = multiplier(num, den, cols, r2, true);
            lastMultiplier = lambda;
            java.util.Arrays.fill(out, 0.0);
            for (int j = 0; j < cols; j++) {
                if (num[j] == 0) continue;
                double f = 1 / (den[j] + lambda);
                for (int i = 0; i < rows; i++) {
                    double cij = c[i * cols + j] * f;
                    for (int l = 0; l < cols; l++) out[i * cols + l] += cij * q[l * cols + j];
                }
            }
            return;
        }
        for (int i = 0; i < rows; i++) {
            double s = 0;
            for (int j = 0, o = i * cols; j < cols; j++) s += b[o + j] * b[o + j];
            num[i] = s;
            den[i] = weightSum * decay[i];
        }
        boolean finite = true;
        for (int i = 0; i < rows; i++) if (num[i] > 0 && den[i] == 0) finite = false;
        if (!finite && radius == Double.POSITIVE_INFINITY) {
            throw new DdamInputException("the hindsight problem is unbounded below: the cost has rows without decay and 𝒳 has no radius");
        }
        double lambda = multiplier(num, den, rows, r2, finite);
        lastMultiplier = lambda;
        for (int i = 0; i < rows; i++) {
            double d = den[i] + lambda;
            for (int j = 0, o = i * cols; j < cols; j++) out[o + j] = num[i] == 0 ? 0 : b[o + j] / d;
        }
    }

    /**
     * The DeltaNet solution from the s×s Gram matrix of the held samples (s = count &lt; d_k); see the
     * class comment. Uses c (rows × cols, column j &lt; s holds ṼᵀP_j), num and den (first s entries).
     */
    private void solveFromGram(double[] out, double r2) {
        int n = count;
        java.util.Arrays.fill(out, 0.0);
        lastMultiplier = 0;
        if (n == 0) return;
        formGram(n);
        if (directFromGram(out, r2, n)) return;
        if (n >= NEWTON_MIN && gramFactored && ridgeByNewton(out, r2, n)) return;
        java.util.Arrays.fill(out, 0.0); // the eigen path below adds into out
        small.decompose(gram, n);
        spectralTerms(n);
        double lambda = multiplier(num, den, n, r2, true);
        lastMultiplier = lambda;
        ridgeCoefficients(n, lambda);
        addCoefTimesSamples(out, n);
    }

    /** From G = P diag(e) Pᵀ (in small): column j &lt; n of c holds ṼᵀP_j, num_j = ‖C_j‖² = e_j‖ṼᵀP_j‖², den_j = e_j. */
    private void spectralTerms(int n) {
        double[] e = small.values;
        double[] p = small.vectors; // n × n, stride n
        double emax = 0;
        for (int j = 0; j < n; j++) emax = Math.max(emax, e[j]);
        double tol = RANK_TOLERANCE * emax;
        for (int j = 0; j < n; j++) {
            boolean kept = e[j] > tol && emax > 0;
            double s = 0;
            if (kept) {
                for (int r = 0; r < rows; r++) {
                    double x = 0;
                    for (int i = 0; i < n; i++) x += sv[i * rows + r] * p[i * n + j];
                    c[r * cols + j] = x;
                    s += x * x;
                }
            }
            num[j] = kept ? e[j] * s : 0; // ‖C_j‖² = e_j ‖ṼᵀP_j‖²
            den[j] = kept ? e[j] : 1;
        }
    }

    /** coef = Σ_j (ṼᵀP_j) P_jᵀ / (e_j + λ) (rows × n), so that U = coef · K̃. */
    private void ridgeCoefficients(int n, double lambda) {
        double[] p = small.vectors;
        java.util.Arrays.fill(coef, 0, rows * n, 0.0);
        for (int j = 0; j < n; j++) {
            if (num[j] == 0) continue;
            double f = 1 / (den[j] + lambda);
            for (int r = 0; r < rows; r++) {
                double crj = c[r * cols + j] * f;
                for (int i = 0; i < n; i++) coef[r * n + i] += crj * p[i * n + j];
            }
        }
    }

    // The few-samples path is split into small methods: it runs per agent and step, and its loops made the
    // JIT compile one large method several times on-stack (0.67 s of C2 time on the traffic shape).

    /** G = K̃K̃ᵀ of the n held samples, full (both triangles), into gram (stride n). */
    private void formGram(int n) {
        // Bitwise the plain loop (each product summed in increasing l), four products at a time.
        io.ddam.online.model.KeyDots.gram(sk, n, cols, cols, gram);
    }

    /** out += coef · K̃ (rows × n times n × cols), skipping zero coefficients. */
    private void addCoefTimesSamples(double[] out, int n) {
        for (int r = 0; r < rows; r++) {
            int o = r * cols;
            for (int i = 0; i < n; i++) {
                double m = coef[r * n + i];
                if (m == 0) continue;
                for (int l = 0, ok = i * cols; l < cols; l++) out[o + l] += m * sk[ok + l];
            }
        }
    }

    /**
     * Relative pivot threshold of the direct (Cholesky) solve: below it the eigen-decomposition decides
     * the rank. Well inside it the direct solution is the eigen path's λ = 0 solution up to rounding
     * (κ(A) ≲ 1/{@value} times a small factor, so U agrees to about 1e-10 relative at worst and the
     * objective, which is stationary at U, far closer).
     */
    static final double DIRECT_PIVOT = 1e-6;

    /**
     * The common case first: A well conditioned and the unconstrained minimiser inside the ball. Then
     * U = Bm A^{-1} by Cholesky (d_k³/6 + d_v·d_k² operations) and no eigen-decomposition is needed.
     * Returns false (out is then garbage and the caller uses the eigen path) when a pivot is below
     * {@link #DIRECT_PIVOT}·max diag(A) or ‖U‖ &gt; R.
     */
    private boolean direct(double[] out, double r2) {
        int d = cols;
        if (eigenOnly || !cholesky(a, d, chol)) return false;
        double[] y = solveScratch;
        double norm = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * d;
            for (int i = 0; i < d; i++) { // L y = b_r
                double t = b[o + i];
                for (int k = 0; k < i; k++) t -= chol[i * d + k] * y[k];
                y[i] = t / chol[i * d + i];
            }
            for (int i = d - 1; i >= 0; i--) { // Lᵀ u = y
                double t = y[i];
                for (int k = i + 1; k < d; k++) t -= chol[k * d + i] * out[o + k];
                double u = t / chol[i * d + i];
                out[o + i] = u;
                norm += u * u;
            }
        }
        if (!(norm <= r2)) return false;
        lastMultiplier = 0;
        return true;
    }

    /** {@link #direct} from the Gram matrix of the held samples: U = Ṽᵀ G^{-1} K̃. */
    private boolean directFromGram(double[] out, double r2, int n) {
        gramFactored = false;
        if (eigenOnly || !cholesky(gram, n, chol)) return false;
        gramFactored = true;
        for (int r = 0; r < rows; r++) solveGramRow(r, n);
        java.util.Arrays.fill(out, 0.0);
        addCoefTimesSamples(out, n);
        double norm = 0;
        for (double u : out) norm += u * u;
        if (!(norm <= r2)) return false;
        lastMultiplier = 0;
        return true;
    }

    /**
     * Held samples from which an active ball is solved by {@link #ridgeByNewton} instead of the eigen-decomposition
     * (below it the decomposition is cheap, and the rows stay bitwise those of earlier versions).
     */
    static final int NEWTON_MIN = 64;

    /** Whether chol holds the Cholesky factor of the current Gram matrix (set by directFromGram). */
    private boolean gramFactored;

    /** Scratch of {@link #ridgeByNewton}: y_r and z_r = (G + λI)⁻¹y_r for every row r, n entries each. */
    private double[] newtonScratch;

    /**
     * The ridge solution U(λ) = Ṽᵀ(G + λI)⁻¹K̃ with ‖U(λ)‖ = R when the Cholesky factor of G exists (directFromGram
     * succeeded in factoring but U(0) lies outside the ball): Newton's method on φ(λ) = 1/‖U(λ)‖ − 1/R (Moré &amp;
     * Sorensen 1983, the trust-region secular equation), one Cholesky factor of G + λI per iteration. φ is
     * increasing and concave, so from λ = 0 the iterates increase monotonically to the root without overshooting;
     * about ten factors (n³/6 each) replace the eigen-decomposition (~9n³). With q = ‖U‖² = Σ_r (y_rᵀṽ_r − λ‖y_r‖²)
     * and dq/dλ = −2Σ_r (‖y_r‖² − λ y_rᵀz_r), y_r = (G + λI)⁻¹ṽ_r, z_r = (G + λI)⁻¹y_r. The last iterate is at most
     * a few ulps outside the ball and is scaled onto it. Returns false (the caller then uses the eigen path) if a
     * factor fails or 100 iterations do not converge.
     */
    private boolean ridgeByNewton(double[] out, double r2, int n) {
        if (newtonScratch == null || newtonScratch.length < 2 * rows * n) newtonScratch = new double[2 * rows * Math.max(n, 2 * count)];
        double[] y = newtonScratch;
        int zo = rows * n;
        double radius = Math.sqrt(r2);
        double lambda = 0;
        boolean done = false;
        for (int it = 0; it < 100 && !done; it++) {
            if (it > 0 && !cholesky(gram, n, chol, lambda, 0)) return false; // it = 0: chol is G's factor already
            double q = 0, dq = 0;
            for (int r = 0; r < rows; r++) {
                int o = r * n;
                double yv = 0, yy = 0, yz = 0;
                for (int i = 0; i < n; i++) { // L a = ṽ_r
                    double t = sv[i * rows + r];
                    for (int k = 0; k < i; k++) t -= chol[i * n + k] * y[o + k];
                    y[o + i] = t / chol[i * n + i];
                }
                for (int i = n - 1; i >= 0; i--) { // Lᵀ y = a
                    double t = y[o + i];
                    for (int k = i + 1; k < n; k++) t -= chol[k * n + i] * y[o + k];
                    y[o + i] = t / chol[i * n + i];
                }
                for (int i = 0; i < n; i++) { // L b = y
                    double t = y[o + i];
                    for (int k = 0; k < i; k++) t -= chol[i * n + k] * y[zo + o + k];
                    y[zo + o + i] = t / chol[i * n + i];
                }
                for (int i = n - 1; i >= 0; i--) { // Lᵀ z = b
                    double t = y[zo + o + i];
                    for (int k = i + 1; k < n; k++) t -= chol[k * n + i] * y[zo + o + k];
                    y[zo + o + i] = t / chol[i * n + i];
                }
                for (int i = 0; i < n; i++) {
                    yv += y[o + i] * sv[i * rows + r];
                    yy += y[o + i] * y[o + i];
                    yz += y[o + i] * y[zo + o + i];
                }
                q += yv - lambda * yy;
                dq -= 2 * (yy - lambda * yz);
            }
            double norm = Math.sqrt(q);
            if (!(norm > 0) || !(dq < 0)) return false;
            if (norm <= radius * (1 + 1e-14)) {
                done = true;
                break;
            }
            double phi = 1 / norm - 1 / radius, dphi = -0.5 * dq / (q * norm);
            double next = lambda - phi / dphi;
            if (!(next > lambda)) { // rounding stalls the iteration: as converged as it gets
                done = true;
                break;
            }
            lambda = next;
        }
        if (!done) return false;
        System.arraycopy(y, 0, coef, 0, rows * n); // coef row r = y_rᵀ, so U = coef · K̃
        java.util.Arrays.fill(out, 0.0);
        addCoefTimesSamples(out, n);
        double norm = 0;
        for (double u : out) norm += u * u;
        if (norm > r2) {
            double f = radius / Math.sqrt(norm);
            for (int i = 0; i < out.length; i++) out[i] *= f;
        }
        lastMultiplier = lambda;
        return true;
    }

    /** G y = Ṽ_{·,r} by the Cholesky factor in chol; coef row r = yᵀ. */
    private void solveGramRow(int r, int n) {
        double[] y = solveScratch;
        for (int i = 0; i < n; i++) {
            double t = sv[i * rows + r];
            for (int k = 0; k < i; k++) t -= chol[i * n + k] * y[k];
            y[i] = t / chol[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double t = y[i];
            for (int k = i + 1; k < n; k++) t -= chol[k * n + i] * coef[r * n + k];
            coef[r * n + i] = t / chol[i * n + i];
        }
    }

    /** Lower Cholesky factor of the symmetric d×d {@code m} (stride d) into {@code l}; false below the pivot threshold. */
    private static boolean cholesky(double[] m, int d, double[] l) {
        double maxDiag = 0;
        for (int i = 0; i < d; i++) maxDiag = Math.max(maxDiag, m[i * d + i]);
        if (!(maxDiag > 0)) return false;
        return cholesky(m, d, l, 0, DIRECT_PIVOT * maxDiag);
    }

    /** Lower Cholesky factor of m + shift·I (m symmetric d×d, stride d) into l; false if a pivot is not above {@code tol}. */
    private static boolean cholesky(double[] m, int d, double[] l, double shift, double tol) {
        for (int j = 0; j < d; j++) {
            double s = m[j * d + j] + shift;
            for (int k = 0; k < j; k++) s -= l[j * d + k] * l[j * d + k];
            if (!(s > tol)) return false;
            double ljj = Math.sqrt(s);
            l[j * d + j] = ljj;
            for (int i = j + 1; i < d; i++) {
                double t = m[i * d + j];
                for (int k = 0; k < j; k++) t -= l[i * d + k] * l[j * d + k];
                l[i * d + j] = t / ljj;
            }
        }
        return true;
    }

    /**
     * The smallest λ ≥ 0 with h(λ) = Σ num_j/(den_j + λ)² ≤ R², where {@code zeroAllowed} says whether
     * λ = 0 gives a finite point at all. h is strictly decreasing on λ &gt; 0, so bisection on
     * [0, √Σnum / R] (where h ≤ Σnum/λ² ≤ R²) converges to the root to machine precision.
     */
    private static double multiplier(double[] num, double[] den, int len, double r2, boolean zeroAllowed) {
        double total = 0;
        for (int j = 0; j < len; j++) total += num[j];
        if (total == 0) return 0;
        if (zeroAllowed && h(num, den, len, 0) <= r2) return 0;
        double lo = 0, hi = Math.sqrt(total / r2);
        for (int it = 0; it < 2000; it++) {
            double mid = 0.5 * (lo + hi);
            if (mid <= lo || mid >= hi) break;
            if (h(num, den, len, mid) > r2) lo = mid;
            else hi = mid;
        }
        return hi; // the feasible end: ‖U‖ ≤ R up to rounding
    }

    private static double h(double[] num, double[] den, int len, double lambda) {
        double s = 0;
        for (int j = 0; j < len; j++) {
            if (num[j] == 0) continue;
            double d = den[j] + lambda;
            s += num[j] / (d * d);
        }
        return s;
    }
}
