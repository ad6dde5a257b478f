package io.ddam.online.protocol;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.tree.TreeMetrics;

import java.util.Arrays;

/**
 * Per-agent step sizes η_n for the protocols: a constant, or the values the paper's theorems prescribe
 * (method.md §2.1, §2.2, §2.5), given the diameter B of 𝒳 and per-agent gradient bounds G_n
 * (assumption A3, e.g. from {@code MemoryCost.gradientBound}). Step sizes tuned on the data (the
 * {@code tuned} choice of {@code ddam simulate}) are not computed here: they need regret evaluations and
 * belong to the metrics/experiment code, which passes its result to the protocols as an array.
 *
 * <p>T in every formula is the number of iterations the protocol itself runs (for DDAM-TOGD, after the
 * {@link FairTime} rule).
 */
public final class StepSizes {
    private StepSizes() {}

    /**
     * η_n = η for every agent.
     *
     * @param agents N
     * @param eta    the step size, finite and ≥ 0
     * @return a new array of N copies of η
     * @throws DdamInputException if η is negative, NaN or infinite
     */
    public static double[] constant(int agents, double eta) {
        if (!(eta >= 0) || Double.isInfinite(eta)) throw new DdamInputException("step size must be finite and non-negative, not " + eta);
        double[] e = new double[agents];
        Arrays.fill(e, eta);
        return e;
    }

    /**
     * Corollary 1 (OGD, eq. 6): η_n = B√7 / (Ḡ_n √(2T)), Ḡ_n = Σ_m w_{n,m} G_m; this minimises
     * Theorem 1's static bound 7B²/(4η) + ηTḠ²/2.
     *
     * @param w             W
     * @param diameter      B = 2R, the diameter of 𝒳 (finite)
     * @param gradientBound G_m per agent, positive and finite
     * @param horizon       T, the iterations OGD runs, ≥ 1
     * @return η_n per agent
     * @throws DdamInputException if B is not finite and positive, T &lt; 1, or a G_m is bad
     */
    public static double[] ogdTheory(InterestMatrix w, double diameter, double[] gradientBound, int horizon) {
        checkCommon(w.size(), diameter, gradientBound, horizon);
        double[] eta = new double[w.size()];
        for (int n = 0; n < eta.length; n++) {
            double gBar = 0;
            for (int m : w.interestSet(n)) gBar += w.weight(n, m) * gradientBound[m];
            eta[n] = diameter * Math.sqrt(7) / (gBar * Math.sqrt(2.0 * horizon));
        }
        return eta;
    }

    /**
     * Theorem 2 (C-DOGD, eq. 11): η = 1/(2√T) for every agent (independent of B and G).
     *
     * @param agents  N
     * @param horizon T, the iterations C-DOGD runs, ≥ 1
     * @return N copies of 1/(2√T)
     * @throws DdamInputException if T &lt; 1
     */
    public static double[] cdogdTheory(int agents, int horizon) {
        if (horizon < 1) throw new DdamInputException("the horizon must be at least 1 for theory step sizes, not " + horizon);
        return constant(agents, 1 / (2 * Math.sqrt(horizon)));
    }

    /**
     * Corollary 2 (DDAM-TOGD, eq. 14): η_n = √(7B² / (4(Q_n(T+Δτ_n) + J_n))) with, over m ∈ W_n and
     * round-trip delays τ_{n,m} ({@code roundTrip[n][m]}):
     * K_n = max_m w_{n,m} G_m, Q_n = ½ K_n Σ_m G_m + |W_n| K_n² τ_{n,sum}, J_n = |W_n|² K_n² τ_{n,max}²,
     * τ_{n,sum} = Σ_m τ_{n,m}, Δτ_n = τ_{n,max} − τ_{n,min}. It balances Theorem 3's terms
     * Q_n η (T+Δτ_n) + J_n η against 7B²/(4η).
     *
     * @param w             W
     * @param roundTrip     τ_{n,m} in steps, N × N or compact rows ({@link DdamTogdProtocol#roundTripRows}); only m ∈ W_n is read
     * @param diameter      B = 2R (finite)
     * @param gradientBound G_m per agent, positive and finite
     * @param horizon       T, the iterations DDAM-TOGD runs (after the fair-time rule), ≥ 1
     * @return η_n per agent
     * @throws DdamInputException if B is not finite and positive, T &lt; 1, or a G_m is bad
     */
    public static double[] ddamTheory(InterestMatrix w, long[][] roundTrip, double diameter, double[] gradientBound,
                                      int horizon) {
        checkCommon(w.size(), diameter, gradientBound, horizon);
        double[] eta = new double[w.size()];
        for (int n = 0; n < eta.length; n++) {
            int[] s = w.interestSet(n);
            double k = 0, sumG = 0;
            long tauSum = 0, tauMax = Long.MIN_VALUE, tauMin = Long.MAX_VALUE;
            for (int i = 0; i < s.length; i++) {
                int m = s[i];
                k = Math.max(k, w.weight(n, m) * gradientBound[m]);
                sumG += gradientBound[m];
                long tau = DdamTogdProtocol.delayEntry(roundTrip[n], i, m, eta.length);
                tauSum += tau;
                tauMax = Math.max(tauMax, tau);
                tauMin = Math.min(tauMin, tau);
            }
            double size = s.length;
            double q = 0.5 * k * sumG + size * k * k * tauSum;
            double j = size * size * k * k * (double) tauMax * tauMax;
            double deltaTau = tauMax - tauMin;
            eta[n] = Math.sqrt(7 * diameter * diameter / (4 * (q * (horizon + deltaTau) + j)));
        }
        return eta;
    }

    /**
     * {@link #ddamTheory(InterestMatrix, long[][], double, double[], int)} with τ_{n,m} read from routing-tree metrics.
     *
     * @param w             W
     * @param trees         metrics of DDAM-TOGD's trees, built for the same W
     * @param diameter      B = 2R (finite)
     * @param gradientBound G_m per agent, positive and finite
     * @param horizon       T, the iterations DDAM-TOGD runs, ≥ 1
     * @return η_n per agent
     * @throws DdamInputException if the trees do not fit W, B is not finite and positive, T &lt; 1, or a G_m is bad
     */
    public static double[] ddamTheory(InterestMatrix w, TreeMetrics trees, double diameter, double[] gradientBound,
                                      int horizon) {
        return ddamTheory(w, DdamTogdProtocol.roundTripRows(w, trees), diameter, gradientBound, horizon);
    }

    private static void checkCommon(int agents, double diameter, double[] gradientBound, int horizon) {
        if (!(diameter > 0) || Double.isInfinite(diameter)) {
            throw new DdamInputException("theory step sizes need a bounded constraint set (a finite --radius), diameter is " + diameter);
        }
        if (horizon < 1) throw new DdamInputException("the horizon must be at least 1 for theory step sizes, not " + horizon);
        if (gradientBound.length != agents) {
            throw new DdamInputException(gradientBound.length + " gradient bounds given for " + agents + " agents");
        }
        for (int n = 0; n < agents; n++) {
            double g = gradientBound[n];
            if (!(g > 0) || Double.isInfinite(g)) {
                throw new DdamInputException("theory step sizes need a positive finite gradient bound G_n; agent " + n + " has " + g);
            }
        }
    }
}
