package io.ddam.online.data;

import io.ddam.solver.DdamInputException;

import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The synthetic data of the paper's §VI-A (method.md §4.1, eq. 41): keys k_{n,t} with entries i.i.d.
 * U[−1, 1], values v_{n,t} = ((1−ρ)M_n^* + ρM_com^*) k_{n,t} + ε, ε ~ N(0, I_{d_v}). M_com^* (shared) has
 * entries i.i.d. chi-squared with 2 degrees of freedom; agent n's M_n^* has entries i.i.d. N(μ_n, s_n²)
 * with μ_n ~ U[−5, 5] and s_n² ~ U[0, 50]. ρ sets how much the agents' tasks have in common.
 *
 * <p><b>Order of draws</b> (all from {@code java.util.SplittableRandom}; normals by its
 * {@code nextGaussian()}): a root generator {@code new SplittableRandom(seed)} draws, in order,
 * <ol>
 *   <li>M_com^*: d_v·d_k entries in row-major order, each −2·ln(1 − U) with U = {@code nextDouble()}
 *       (a chi-squared(2) variable is exponential with mean 2);</li>
 *   <li>for each agent n = 1..N in turn: μ_n = {@code nextDouble(-5, 5)}, s_n² = {@code nextDouble(0, 50)},
 *       then M_n^*'s d_v·d_k entries row-major, μ_n + s_n·{@code nextGaussian()};</li>
 *   <li>for each agent n = 1..N: a data seed {@code nextLong()}.</li>
 * </ol>
 * Every pass ({@link #cursor()}) starts one generator per agent from its data seed; at each step t
 * agent n's generator draws the d_k key entries ({@code nextDouble(-1, 1)}) and then the d_v noise
 * entries ({@code nextGaussian()}). So every pass regenerates identical numbers, the matrices are drawn
 * once, and each agent's data does not depend on N's other agents' draws. Immutable; no per-step allocation.
 */
public final class SyntheticStream implements DataStream {
    private final int agents, horizon, dk, dv;
    private final double rho;
    private final long seed;
    private final double[] common;      // M_com^*, row-major d_v × d_k
    private final double[][] own;       // M_n^*
    private final double[][] effective; // (1−ρ)M_n^* + ρM_com^*
    private final double[] mu, variance;
    private final long[] dataSeeds;

    /**
     * The stream of eq. (41): draws the task matrices now, the keys and noise on every pass.
     *
     * @param agents  N ≥ 1
     * @param horizon T ≥ 0
     * @param dk      d_k ≥ 1
     * @param dv      d_v ≥ 1
     * @param rho     ρ ∈ [0, 1]
     * @param seed    the only source of randomness
     * @throws DdamInputException if a parameter is out of range
     */
    public SyntheticStream(int agents, int horizon, int dk, int dv, double rho, long seed) {
        if (agents < 1) throw new DdamInputException("synthetic data needs at least 1 agent, not " + agents);
        if (horizon < 0) throw new DdamInputException("horizon must be non-negative, not " + horizon);
        if (dk < 1 || dv < 1) throw new DdamInputException("dimensions must be at least 1, not d_k=" + dk + ", d_v=" + dv);
        if (!(rho >= 0 && rho <= 1)) throw new DdamInputException("rho must be in [0, 1], not " + rho);
        this.agents = agents;
        this.horizon = horizon;
        this.dk = dk;
        this.dv = dv;
        this.rho = rho;
        this.seed = seed;
        SplittableRandom root = new SplittableRandom(seed);
        int m = dv * dk;
        common = new double[m];
        for (int i = 0; i < m; i++) common[i] = -2 * Math.log(1 - root.nextDouble());
        own = new double[agents][m];
        effective = new double[agents][m];
        mu = new double[agents];
        variance = new double[agents];
        for (int n = 0; n < agents; n++) {
            mu[n] = root.nextDouble(-5, 5);
            variance[n] = root.nextDouble(0, 50);
            double s = Math.sqrt(variance[n]);
            for (int i = 0; i < m; i++) {
                own[n][i] = mu[n] + s * root.nextGaussian();
                effective[n][i] = (1 - rho) * own[n][i] + rho * common[i];
            }
        }
        dataSeeds = new long[agents];
        for (int n = 0; n < agents; n++) dataSeeds[n] = root.nextLong();
    }

    @Override public int agents() { return agents; }
    @Override public int keyDim() { return dk; }
    @Override public int valueDim() { return dv; }
    @Override public int horizon() { return horizon; }
    /**
     * ρ, the weight of the shared task M_com^* in every agent's values (eq. 41).
     *
     * @return ρ ∈ [0, 1]
     */
    public double rho() { return rho; }
    /**
     * The seed everything is drawn from.
     *
     * @return the seed given to the constructor
     */
    public long seed() { return seed; }

    /**
     * M_com^*, the task all agents share.
     *
     * @return a fresh copy, row-major d_v × d_k
     */
    public double[] commonMatrix() { return common.clone(); }

    /**
     * M_n^*, agent n's own task.
     *
     * @param n the agent index, 0..N-1
     * @return a fresh copy, row-major d_v × d_k
     */
    public double[] agentMatrix(int n) { return own[n].clone(); }

    /**
     * The matrix that generates agent n's values, (1−ρ)M_n^* + ρM_com^*.
     *
     * @param n the agent index, 0..N-1
     * @return a fresh copy, row-major d_v × d_k
     */
    public double[] effectiveMatrix(int n) { return effective[n].clone(); }

    /**
     * μ_n, the mean of M_n^*'s entries.
     *
     * @param n the agent index, 0..N-1
     * @return μ_n ∈ [−5, 5)
     */
    public double mean(int n) { return mu[n]; }

    /**
     * s_n², the variance of M_n^*'s entries.
     *
     * @param n the agent index, 0..N-1
     * @return s_n² ∈ [0, 50)
     */
    public double variance(int n) { return variance[n]; }

    @Override
    public String describe() {
        return String.format(Locale.ROOT, "synthetic(N=%d, T=%d, rho=%s, dk=%d, dv=%d, seed=%d)", agents, horizon, rho, dk, dv, seed);
    }

    @Override
    public Cursor cursor() {
        SplittableRandom[] rng = new SplittableRandom[agents];
        for (int n = 0; n < agents; n++) rng[n] = new SplittableRandom(dataSeeds[n]);
        return new Cursor() {
            private int t;

            @Override
            public int next(double[][] keys, double[][] values) {
                if (t >= horizon) return 0;
                t++;
                for (int n = 0; n < agents; n++) {
                    SplittableRandom r = rng[n];
                    double[] k = keys[n], v = values[n], a = effective[n];
                    for (int j = 0; j < dk; j++) k[j] = r.nextDouble(-1, 1);
                    for (int i = 0; i < dv; i++) {
                        double s = r.nextGaussian();
                        for (int j = 0, o = i * dk; j < dk; j++) s += a[o + j] * k[j];
                        v[i] = s;
                    }
                }
                return t;
            }
        };
    }
}
