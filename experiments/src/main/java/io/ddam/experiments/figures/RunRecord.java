package io.ddam.experiments.figures;

import io.ddam.online.protocol.FairTime;

/**
 * One protocol run at one point and seed of a figure: a row of {@code figN-runs.csv}. Immutable (arrays
 * are copied in and out). Holds no wall time, so results are identical for any number of threads.
 *
 * @param figure           the figure id
 * @param point            the index of the sweep point
 * @param x                the point's x value
 * @param seed             the seed s (data seed s, W seed {@link Experiments#W_SEED_OFFSET} + s)
 * @param horizon          T
 * @param rho              ρ (synthetic data; {@code NaN} for traffic)
 * @param y0               y0 of W
 * @param y1               y1 of W
 * @param protocol         the protocol name
 * @param fairTime         the fair-time rule the run was made under
 * @param iterations       T', the iterations the protocol ran
 * @param cMax             C_max of the protocol's communication (trees: C_max^𝒯; cdogd 2; ogd and local 0)
 * @param tauSum           Σ_n τ_{n,sum} of the routing trees (DDAM-TOGD; 0 otherwise)
 * @param lossAvg          Σ_n L_n / T', the average loss per step
 * @param staticRegretAvg  S-Reg(T')/T'
 * @param windows          the windows Ω measured, as the experiment names them (0 = Ω = T)
 * @param dynamicRegretAvg D-Reg(T')/T' per window, in the order of {@code windows}
 * @param pathLength       Σ_n PL_n per window
 * @param selfNmse         Self-NMSE
 * @param crossNmse        Cross-NMSE ({@code NaN} when every W_n = {n})
 * @param etaMin           the smallest step size η_n used
 * @param etaMax           the largest step size η_n used
 */
public record RunRecord(String figure, int point, double x, int seed, int horizon, double rho, double y0, double y1,
                        String protocol, FairTime fairTime, int iterations, double cMax, long tauSum, double lossAvg,
                        double staticRegretAvg, int[] windows, double[] dynamicRegretAvg, double[] pathLength,
                        double selfNmse, double crossNmse, double etaMin, double etaMax) {
    /**
     * Copies the arrays.
     *
     * @param figure           the figure id
     * @param point            the point index
     * @param x                the x value
     * @param seed             the seed
     * @param horizon          T
     * @param rho              ρ
     * @param y0               y0
     * @param y1               y1
     * @param protocol         the protocol
     * @param fairTime         the fair-time rule
     * @param iterations       T'
     * @param cMax             C_max
     * @param tauSum           Σ_n τ_{n,sum}
     * @param lossAvg          loss per step
     * @param staticRegretAvg  S-Reg/T'
     * @param windows          windows Ω (0 = T)
     * @param dynamicRegretAvg D-Reg/T' per window
     * @param pathLength       Σ_n PL_n per window
     * @param selfNmse         Self-NMSE
     * @param crossNmse        Cross-NMSE
     * @param etaMin           smallest η_n
     * @param etaMax           largest η_n
     */
    public RunRecord {
        windows = windows.clone();
        dynamicRegretAvg = dynamicRegretAvg.clone();
        pathLength = pathLength.clone();
        if (windows.length != dynamicRegretAvg.length || windows.length != pathLength.length) {
            throw new IllegalArgumentException("one dynamic regret and one path length per window");
        }
    }

    /**
     * The windows measured.
     *
     * @return a copy of the windows Ω (0 = Ω = T)
     */
    @Override public int[] windows() { return windows.clone(); }

    /**
     * The time-average dynamic regret per window.
     *
     * @return a copy, in the order of {@link #windows()}
     */
    @Override public double[] dynamicRegretAvg() { return dynamicRegretAvg.clone(); }

    /**
     * The total path length per window.
     *
     * @return a copy, in the order of {@link #windows()}
     */
    @Override public double[] pathLength() { return pathLength.clone(); }

    /**
     * D-Reg(T')/T' against the comparators of window Ω.
     *
     * @param window Ω as the experiment names it (0 = Ω = T)
     * @return the time-average dynamic regret
     */
    public double dynamicRegretAvg(int window) { return dynamicRegretAvg[index(window)]; }

    /**
     * Σ_n PL_n of the comparators of window Ω.
     *
     * @param window Ω as the experiment names it (0 = Ω = T)
     * @return the total path length
     */
    public double pathLength(int window) { return pathLength[index(window)]; }

    /**
     * (1 + PL)/√T', the path length scaled as in Theorem 3 with η ∝ 1/√T, where D-Reg/T ∝ (1 + PL)/√T.
     *
     * @param window Ω as the experiment names it (0 = Ω = T)
     * @return the scaled path length
     */
    public double scaledPathLength(int window) { return (1 + pathLength(window)) / Math.sqrt(iterations); }

    private int index(int window) {
        for (int i = 0; i < windows.length; i++) if (windows[i] == window) return i;
        throw new IllegalArgumentException("window " + window + " was not measured");
    }
}
