package io.ddam.online.metrics;

import io.ddam.online.model.MemoryCost;
import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;

/**
 * The regret bounds of method.md §2 evaluated for a concrete run: Theorem 1 / Corollary 1 (OGD),
 * Theorem 2 (C-DOGD) and Theorem 3 eq. (16) / Corollary 2 (DDAM-TOGD, with C_n kept).
 *
 * <p>Conventions. B is the diameter of 𝒳 (2R). T is the number of iterations the protocol itself ran
 * (for DDAM-TOGD after the fair-time rule) — the same T its step sizes were computed for. G_n is
 * agent n's gradient bound (assumption A3) and every result carries where it came from
 * ({@link GradientSource}): a bound is a theorem only when A3 holds, i.e. for {@code PROVEN} and
 * {@code DATA_RANGE}; with {@code MEASURED_GRADIENTS} it is only an estimate. The path length in the
 * dynamic bounds is that of the comparators actually measured over the T steps; eq. (16) asks for
 * PL^{T+τ_max}, which equals PL^T when the comparator is held fixed after T (the regret does not
 * depend on comparators beyond T). A bound that does not apply is {@code NaN} with a reason.
 */
public final class TheoremBounds {
    private TheoremBounds() {}

    /** Where the per-agent gradient bounds G_n came from. */
    public enum GradientSource {
        /** {@link MemoryCost#gradientBound} with a-priori key/value bounds of the data model: A3 holds. */
        PROVEN,
        /**
         * {@link MemoryCost#gradientBound} with the key/value ranges measured on the data of the run
         * (e.g. Gaussian values, which have no a-priori bound): A3 holds for this realisation of the data,
         * over all of 𝒳, but the constant was read off the data.
         */
        DATA_RANGE,
        /** The largest ‖∇f‖ met at the iterates: not a proof of A3, only an estimate. */
        MEASURED_GRADIENTS;

        /**
         * Short label for results.
         *
         * @return {@code proven} for {@link #PROVEN}, {@code measured} for the two data-based sources
         */
        public String label() { return this == PROVEN ? "proven" : "measured"; }
    }

    /**
     * One evaluated bound.
     *
     * @param value   the bound, or {@code NaN} when it does not apply
     * @param theorem which result, e.g. {@code "Corollary 1"}
     * @param source  where G came from
     * @param reason  why the bound is {@code NaN}, or empty
     */
    public record Bound(double value, String theorem, GradientSource source, String reason) {
        /**
         * Whether the bound applies to this run.
         *
         * @return true unless {@link #value()} is {@code NaN} (then {@link #reason()} says why)
         */
        public boolean applies() { return !Double.isNaN(value); }
    }

    /**
     * G_n = {@code cost.gradientBound(radius, keyBound[n], valueNormBound[n])}, e.g. with the ranges of
     * {@link RunMetrics#maxKeyAbs()} and {@link RunMetrics#maxValueNorm()} (then the source is
     * {@link GradientSource#DATA_RANGE}).
     *
     * @param cost           the per-sample cost
     * @param radius         R, the projection radius
     * @param keyBound       per agent, a bound on |k| entries
     * @param valueNormBound per agent, a bound on ‖v‖_2
     * @return G_n per agent ({@code NaN} where the cost has no closed form)
     */
    public static double[] gradientBounds(MemoryCost cost, double radius, double[] keyBound, double[] valueNormBound) {
        double[] g = new double[keyBound.length];
        for (int n = 0; n < g.length; n++) g[n] = cost.gradientBound(radius, keyBound[n], valueNormBound[n]);
        return g;
    }

    /** Ḡ_n = Σ_m w_{n,m} G_m. */
    private static double gBar(InterestMatrix w, double[] g, int n) {
        double s = 0;
        for (int m : w.interestSet(n)) s += w.weight(n, m) * g[m];
        return s;
    }

    /**
     * Theorem 1: D-Reg(T) ≤ Σ_n (7B²/(4η_n) + η_n T Ḡ_n²/2 + (B/η_n) PL_n^T) for OGD with step sizes η_n.
     * With {@code pathLength} all 0 it bounds the static regret for any η.
     *
     * @param w          W
     * @param diameter   B = 2R, &gt; 0
     * @param g          G_n per agent (A3)
     * @param source     where {@code g} came from
     * @param eta        η_n per agent, as the run used
     * @param horizon    T, the iterations OGD ran
     * @param pathLength PL_n^T per agent of the comparators (eq. 8)
     * @return the bound on D-Reg(T)
     * @throws DdamInputException if B ≤ 0 or an array has the wrong length
     */
    public static Bound ogdDynamic(InterestMatrix w, double diameter, double[] g, GradientSource source, double[] eta,
                                   int horizon, double[] pathLength) {
        check(w.size(), diameter, g, eta);
        double s = 0;
        for (int n = 0; n < w.size(); n++) {
            double gb = gBar(w, g, n);
            s += 7 * diameter * diameter / (4 * eta[n]) + eta[n] * horizon * gb * gb / 2 + diameter / eta[n] * pathLength[n];
        }
        return new Bound(s, "Theorem 1", source, "");
    }

    /**
     * Corollary 1: S-Reg(T) ≤ Σ_n √(7/2) B Ḡ_n √T, for η_n = B√7/(Ḡ_n√(2T)).
     *
     * @param w        W
     * @param diameter B = 2R, &gt; 0
     * @param g        G_n per agent (A3)
     * @param source   where {@code g} came from
     * @param horizon  T, the iterations OGD ran
     * @return the bound on S-Reg(T); valid for the Corollary-1 step sizes
     * @throws DdamInputException if B ≤ 0 or {@code g} has the wrong length
     */
    public static Bound ogdStatic(InterestMatrix w, double diameter, double[] g, GradientSource source, int horizon) {
        check(w.size(), diameter, g, null);
        double s = 0;
        for (int n = 0; n < w.size(); n++) s += Math.sqrt(3.5) * diameter * gBar(w, g, n) * Math.sqrt(horizon);
        return new Bound(s, "Corollary 1", source, "");
    }

    /**
     * Theorem 2: S-Reg(T) ≤ N(B + (5−α)/(1−α)·G_max²)√T for C-DOGD, α = spectral gap of A
     * ({@code ConsensusWeights.spectralGap()}), G_max = max_n G_n. The theorem assumes W = 𝟙𝟙ᵀ/N and
     * η = 1/(2√T); otherwise the result is {@code NaN} with the reason. α = 1 gives +∞.
     *
     * @param w           W (must be uniform for the theorem to apply)
     * @param diameter    B = 2R, &gt; 0
     * @param g           G_n per agent (A3)
     * @param source      where {@code g} came from
     * @param spectralGap α of the mixing matrix
     * @param eta         η per agent, as the run used (must be 1/(2√T))
     * @param horizon     T, the iterations C-DOGD ran
     * @return the bound on S-Reg(T), or {@code NaN} with a reason when W or η do not fit the theorem
     * @throws DdamInputException if B ≤ 0 or an array has the wrong length
     */
    public static Bound cdogdStatic(InterestMatrix w, double diameter, double[] g, GradientSource source,
                                    double spectralGap, double[] eta, int horizon) {
        check(w.size(), diameter, g, eta);
        int n = w.size();
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                if (Math.abs(w.weight(a, b) - 1.0 / n) > 1e-9) {
                    return new Bound(Double.NaN, "Theorem 2", source, "Theorem 2 needs W = 11ᵀ/N; w[" + a + "][" + b + "] = " + w.weight(a, b));
                }
            }
        }
        double want = 1 / (2 * Math.sqrt(horizon));
        for (int a = 0; a < n; a++) {
            if (Math.abs(eta[a] - want) > 1e-12 * want) {
                return new Bound(Double.NaN, "Theorem 2", source, "Theorem 2 needs η = 1/(2√T) = " + want + "; agent " + a + " has " + eta[a]);
            }
        }
        double gMax = 0;
        for (double x : g) gMax = Math.max(gMax, x);
        double alpha = spectralGap;
        double factor = alpha >= 1 ? Double.POSITIVE_INFINITY : (5 - alpha) / (1 - alpha);
        return new Bound(n * (diameter + factor * gMax * gMax) * Math.sqrt(horizon), "Theorem 2", source, "");
    }

    /** The per-agent constants of Theorem 3 (method.md §2.5). */
    private record Constants(double q, double j, double h, double c, double deltaTau) {}

    private static Constants constants(InterestMatrix w, long[][] roundTrip, double diameter, double[] g, int n) {
        int[] s = w.interestSet(n);
        double k = 0, sumG = 0;
        long tauSum = 0, tauMax = Long.MIN_VALUE, tauMin = Long.MAX_VALUE;
        for (int i = 0; i < s.length; i++) {
            int m = s[i];
            k = Math.max(k, w.weight(n, m) * g[m]);
            sumG += g[m];
            long tau = m == n ? 0 : io.ddam.online.protocol.DdamTogdProtocol.delayEntry(roundTrip[n], i, m, w.size());
            tauSum += tau;
            tauMax = Math.max(tauMax, tau);
            tauMin = Math.min(tauMin, tau);
        }
        double size = s.length;
        double q = 0.5 * k * sumG + size * k * k * tauSum;
        double j = size * size * k * k * (double) tauMax * tauMax;
        double deltaTau = tauMax - tauMin;
        return new Constants(q, j, k * tauSum, k * deltaTau * size * diameter, deltaTau);
    }

    /**
     * Theorem 3, eq. (16): D-Reg(T) ≤ Σ_n [Q_n η_n (T+Δτ_n) + J_n η_n + 7B²/(4η_n) + (B/η_n + H_n) PL_n + C_n]
     * for DDAM-TOGD with round trips τ_{n,m} = {@code roundTrip[n][m]} and step sizes η_n.
     *
     * @param w          W
     * @param roundTrip  τ_{n,m} in steps, N × N or compact rows (DdamTogdProtocol.roundTripRows)
     * @param diameter   B = 2R, &gt; 0
     * @param g          G_n per agent (A3)
     * @param source     where {@code g} came from
     * @param eta        η_n per agent, as the run used
     * @param horizon    T, the iterations DDAM-TOGD ran (after the fair-time rule)
     * @param pathLength PL_n per agent of the comparators (eq. 8)
     * @return the bound on D-Reg(T)
     * @throws DdamInputException if B ≤ 0 or an array has the wrong length
     */
    public static Bound ddamDynamic(InterestMatrix w, long[][] roundTrip, double diameter, double[] g,
                                    GradientSource source, double[] eta, int horizon, double[] pathLength) {
        check(w.size(), diameter, g, eta);
        double s = 0;
        for (int n = 0; n < w.size(); n++) {
            Constants c = constants(w, roundTrip, diameter, g, n);
            double e = eta[n];
            s += c.q * e * (horizon + c.deltaTau) + c.j * e + 7 * diameter * diameter / (4 * e)
                    + (diameter / e + c.h) * pathLength[n] + c.c;
        }
        return new Bound(s, "Theorem 3 (eq. 16)", source, "");
    }

    /**
     * Corollary 2 with C_n kept: S-Reg(T) ≤ Σ_n [√7 B √(Q_n(T+Δτ_n)+J_n) + C_n], for the Corollary-2 η_n.
     *
     * @param w         W
     * @param roundTrip τ_{n,m} in steps, N × N or compact rows (DdamTogdProtocol.roundTripRows)
     * @param diameter  B = 2R, &gt; 0
     * @param g         G_n per agent (A3)
     * @param source    where {@code g} came from
     * @param horizon   T, the iterations DDAM-TOGD ran (after the fair-time rule)
     * @return the bound on S-Reg(T); valid for the step sizes of {@code StepSizes.ddamTheory}
     * @throws DdamInputException if B ≤ 0 or {@code g} has the wrong length
     */
    public static Bound ddamStatic(InterestMatrix w, long[][] roundTrip, double diameter, double[] g,
                                   GradientSource source, int horizon) {
        check(w.size(), diameter, g, null);
        double s = 0;
        for (int n = 0; n < w.size(); n++) {
            Constants c = constants(w, roundTrip, diameter, g, n);
            s += Math.sqrt(7) * diameter * Math.sqrt(c.q * (horizon + c.deltaTau) + c.j) + c.c;
        }
        return new Bound(s, "Corollary 2", source, "");
    }

    private static void check(int agents, double diameter, double[] g, double[] eta) {
        if (!(diameter > 0)) throw new DdamInputException("regret bounds need a positive diameter B, not " + diameter);
        if (g.length != agents) throw new DdamInputException(g.length + " gradient bounds for " + agents + " agents");
        if (eta != null && eta.length != agents) throw new DdamInputException(eta.length + " step sizes for " + agents + " agents");
    }
}
