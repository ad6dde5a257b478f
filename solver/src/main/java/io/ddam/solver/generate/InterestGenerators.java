package io.ddam.solver.generate;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Seeded generators of interest matrices W (method.md §1, eq. 42) and the Gamma sampler they rest on.
 * Every generator draws the rows in order n = 0..N-1 from one {@link SplittableRandom}{@code (seed)},
 * so the same arguments give the same matrix on any machine and thread count.
 *
 * <h2>Exact sampling procedures</h2>
 * <ul>
 * <li><b>Uniform variate</b> U in (0, 1]: {@code 1 - rng.nextDouble()}.</li>
 * <li><b>Standard normal</b> Z: Box–Muller with two uniforms, Z = sqrt(-2 ln U1) · cos(2π U2), U1 drawn
 *     first; the sine partner is discarded so that every normal consumes exactly two uniforms.</li>
 * <li><b>Gamma(a), a ≥ 1</b> (Marsaglia &amp; Tsang 2000): d = a − 1/3, c = 1/sqrt(9d); repeat: draw Z;
 *     v = (1 + cZ)³; if v ≤ 0 retry; draw U; accept d·v if U &lt; 1 − 0.0331 Z⁴ or
 *     ln U &lt; Z²/2 + d − d·v + d·ln v.</li>
 * <li><b>Gamma(a), 0 &lt; a &lt; 1</b>: G = Gamma(a+1) · U^(1/a), the Gamma(a+1) draw first, then U.
 *     The generators work with ln G = ln Gamma(a+1) + (ln U)/a, which never underflows.</li>
 * <li><b>Dirichlet row n</b> (eq. 42): for m = 0..N-1 in order, α_m = y1 if m = n, else y0; if α_m = 0
 *     the entry is exactly 0 and <em>no</em> variate is drawn; otherwise g_m = ln Gamma(α_m).
 *     Then w_{n,m} = exp(g_m − max g) / Σ exp(g_j − max g) over the drawn entries. If the diagonal
 *     entry underflows to 0 (only for tiny y1) it is raised to {@link Double#MIN_NORMAL}, which keeps
 *     n ∈ W_n and changes the row sum by less than 1e-300.</li>
 * <li><b>Top-k row n</b>: draw the Dirichlet row n as above (on the log scale), keep entry n and the
 *     k other entries with the largest g_m (ties to the lower index), set the rest to 0 and
 *     renormalise the kept entries in the same way; a kept entry that underflows is raised to
 *     {@link Double#MIN_NORMAL}, so every row has exactly k+1 positive entries.</li>
 * <li><b>Uniform W</b>: w_{n,m} = 1/N, no randomness.</li>
 * </ul>
 */
public final class InterestGenerators {
    private InterestGenerators() {}

    /**
     * W with row n ~ Dirichlet(y0, …, y0, y1 at position n, y0, …, y0) (eq. 42).
     *
     * @param n    number of agents N ≥ 1
     * @param y0   concentration of the other agents, ≥ 0 (0 gives W = I)
     * @param y1   concentration of the agent itself, ≥ y0 and &gt; 0
     * @param seed seed of the single random stream
     * @return the row-stochastic N x N matrix
     * @throws DdamInputException if N or a concentration is out of range
     */
    public static InterestMatrix dirichlet(int n, double y0, double y1, long seed) {
        checkN(n);
        checkDense(n);
        checkConcentrations(y0, y1);
        SplittableRandom rng = new SplittableRandom(seed);
        double[][] w = new double[n][];
        double[] logG = new double[n];
        for (int r = 0; r < n; r++) {
            drawLogDirichlet(rng, r, y0, y1, logG);
            boolean[] keep = new boolean[n];
            for (int m = 0; m < n; m++) keep[m] = logG[m] != Double.NEGATIVE_INFINITY;
            w[r] = normalise(logG, keep, r, false);
        }
        return InterestMatrix.of(w);
    }

    /**
     * W = 𝟙𝟙ᵀ/N: every agent cares equally about everyone (the only W C-DOGD is built for).
     *
     * @param n number of agents N ≥ 1
     * @return the N x N matrix with every entry 1/N
     * @throws DdamInputException if N is out of range
     */
    public static InterestMatrix uniform(int n) {
        checkN(n);
        checkDense(n);
        double[][] w = new double[n][n];
        for (double[] row : w) java.util.Arrays.fill(row, 1.0 / n);
        return InterestMatrix.of(w);
    }

    /**
     * Sparse W: a Dirichlet row (as {@link #dirichlet}) cut to the agent itself and its k heaviest
     * others, renormalised; every row has exactly k+1 positive entries.
     *
     * @param n    number of agents N ≥ 1
     * @param k    others kept per row, 0 ≤ k ≤ N−1
     * @param y0   concentration of the others, &gt; 0 (with 0 there would be nothing to rank)
     * @param y1   concentration of the agent itself, ≥ y0
     * @param seed seed of the single random stream
     * @return the row-stochastic N x N matrix, k+1 positive entries per row
     * @throws DdamInputException if N, k or a concentration is out of range
     */
    public static InterestMatrix topK(int n, int k, double y0, double y1, long seed) {
        checkN(n);
        checkConcentrations(y0, y1);
        if (!(y0 > 0)) throw new DdamInputException("topk needs y0 > 0 (got " + y0 + "): with y0 = 0 every other weight is 0 and there is nothing to rank");
        if (k < 0 || k > n - 1) {
            throw new DdamInputException("topk k = " + k + " is out of range; it must lie in [0, N-1] = [0, " + (n - 1) + "]");
        }
        SplittableRandom rng = new SplittableRandom(seed);
        int[][] cols = new int[n][];
        double[][] vals = new double[n][];
        double[] logG = new double[n];
        int[] top = new int[k];
        for (int r = 0; r < n; r++) {
            drawLogDirichlet(rng, r, y0, y1, logG);
            // The k heaviest others (ties to the lower index), by one pass with a small sorted buffer:
            // O(N k) per row instead of sorting all N, and only the k+1 kept entries are stored.
            int filled = 0;
            for (int m = 0; m < n; m++) {
                if (m == r) continue;
                if (filled == k && (k == 0 || !heavier(logG, m, top[k - 1]))) continue;
                int i = filled < k ? filled++ : k - 1;
                while (i > 0 && heavier(logG, m, top[i - 1])) {
                    top[i] = top[i - 1];
                    i--;
                }
                top[i] = m;
            }
            int[] kept = new int[k + 1];
            System.arraycopy(top, 0, kept, 0, k);
            kept[k] = r;
            Arrays.sort(kept);
            cols[r] = kept;
            vals[r] = normaliseKept(logG, kept, r);
        }
        return InterestMatrix.sparse(n, cols, vals);
    }

    /** Whether m ranks before j: larger log-weight, ties to the lower index. */
    private static boolean heavier(double[] logG, int m, int j) {
        int c = Double.compare(logG[m], logG[j]);
        return c != 0 ? c > 0 : m < j;
    }

    /**
     * {@link #normalise} restricted to the ascending columns {@code kept}: the same operations in
     * the same order, so the weights are bitwise those of the dense computation.
     */
    private static double[] normaliseKept(double[] logG, int[] kept, int self) {
        double max = Double.NEGATIVE_INFINITY;
        for (int m : kept) max = Math.max(max, logG[m]);
        double[] row = new double[kept.length];
        double sum = 0;
        for (int i = 0; i < kept.length; i++) {
            row[i] = Math.exp(logG[kept[i]] - max);
            sum += row[i];
        }
        for (int i = 0; i < kept.length; i++) {
            row[i] /= sum;
            if (row[i] == 0) row[i] = Double.MIN_NORMAL;
        }
        return row;
    }

    /**
     * One Gamma(shape, scale 1) variate, shape &gt; 0, by the procedure in the class comment.
     *
     * @param rng   the random stream to draw from (advanced)
     * @param shape the shape a, positive and finite
     * @return the variate, ≥ 0 (it may underflow to 0 for shapes well below 1)
     * @throws DdamInputException if the shape is not positive and finite
     */
    public static double gamma(SplittableRandom rng, double shape) {
        return Math.exp(logGamma(rng, shape));
    }

    /**
     * The natural log of one Gamma(shape) variate: the same draw as {@link #gamma}, but finite even
     * when the variate itself would underflow to 0 (shapes well below 1).
     *
     * @param rng   the random stream to draw from (advanced)
     * @param shape the shape a, positive and finite
     * @return ln of the variate
     * @throws DdamInputException if the shape is not positive and finite
     */
    public static double logGamma(SplittableRandom rng, double shape) {
        if (!(shape > 0) || Double.isInfinite(shape)) throw new DdamInputException("Gamma shape must be positive and finite, got " + shape);
        if (shape < 1) {
            double lg = logGamma(rng, shape + 1);
            return lg + Math.log(uniform(rng)) / shape;
        }
        double d = shape - 1.0 / 3.0;
        double c = 1.0 / Math.sqrt(9.0 * d);
        while (true) {
            double z = normal(rng);
            double v = 1 + c * z;
            if (v <= 0) continue;
            v = v * v * v;
            double u = uniform(rng);
            double z2 = z * z;
            if (u < 1 - 0.0331 * z2 * z2 || Math.log(u) < 0.5 * z2 + d - d * v + d * Math.log(v)) {
                return Math.log(d) + Math.log(v);
            }
        }
    }

    /** U in (0, 1]; never 0, so logs and powers stay finite. */
    static double uniform(SplittableRandom rng) {
        return 1.0 - rng.nextDouble();
    }

    /** Box–Muller, cosine branch only (see the class comment). */
    static double normal(SplittableRandom rng) {
        double u1 = uniform(rng);
        double u2 = uniform(rng);
        return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
    }

    private static void drawLogDirichlet(SplittableRandom rng, int r, double y0, double y1, double[] logG) {
        for (int m = 0; m < logG.length; m++) {
            double a = m == r ? y1 : y0;
            logG[m] = a == 0 ? Double.NEGATIVE_INFINITY : logGamma(rng, a);
        }
    }

    /** exp(g − max) / Σ over the kept entries; see the class comment for the underflow floor. */
    private static double[] normalise(double[] logG, boolean[] keep, int self, boolean floorAllKept) {
        int n = logG.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int m = 0; m < n; m++) if (keep[m]) max = Math.max(max, logG[m]);
        double[] row = new double[n];
        double sum = 0;
        for (int m = 0; m < n; m++) {
            if (keep[m]) {
                row[m] = Math.exp(logG[m] - max);
                sum += row[m];
            }
        }
        for (int m = 0; m < n; m++) {
            if (!keep[m]) continue;
            row[m] /= sum;
            if (row[m] == 0 && (floorAllKept || m == self)) row[m] = Double.MIN_NORMAL;
        }
        return row;
    }

    /**
     * Formerly the largest N a generator accepted (W was always dense). W is now stored by its
     * nonzeros, so top-k has no cap but the memory budget, and the dense generators (Dirichlet,
     * uniform: N² nonzeros by nature) are limited by the {@link io.ddam.solver.MemoryBudget}; kept
     * for code that refers to it.
     */
    public static final int MAX_AGENTS = 10_000;

    private static void checkN(int n) {
        if (n < 1) throw new DdamInputException("the number of agents must be at least 1, got " + n);
    }

    /** A dense W holds N² weights (and, while built, N² more): checked against the memory budget. */
    private static void checkDense(int n) {
        io.ddam.solver.MemoryBudget.require(null, 0, "a dense W for " + n + " agents (" + n + " x " + n + " weights)",
                io.ddam.solver.MemoryBudget.product(n, n, 2L * Double.BYTES + Integer.BYTES));
    }

    private static void checkConcentrations(double y0, double y1) {
        if (!(y0 >= 0) || Double.isInfinite(y0)) throw new DdamInputException("y0 must be finite and >= 0, got " + y0);
        if (!(y1 > 0) || Double.isInfinite(y1)) throw new DdamInputException("y1 must be finite and > 0, got " + y1);
        if (y1 < y0) throw new DdamInputException("y1 = " + y1 + " is below y0 = " + y0 + "; eq. 42 needs y1 >= y0");
    }
}
