package io.ddam.online.protocol;

import io.ddam.solver.DdamInputException;

import java.util.Locale;

/**
 * The fair-time rule of method.md §2.4 / paper §VI: how many iterations DDAM-TOGD may run when OGD and
 * C-DOGD run T. DDAM-TOGD's busiest link carries C_max^𝒯 messages per iteration (eq. 15) while C-DOGD's
 * carries 2, so on equal wall-clock link time DDAM-TOGD gets fewer iterations.
 * <ul>
 *   <li>{@link #PAPER}: ⌊T / C_max⌋ (the paper's rule; one message per link per time unit);</li>
 *   <li>{@link #RATIO}: ⌊2T / C_max⌋ (relative to C-DOGD's load of 2 messages per link);</li>
 *   <li>{@link #OFF}: T (no correction);</li>
 *   <li>{@link #FLOATS}: the paper's rule with link time counted in floats instead of messages. The time
 *   unit is the time a link takes to carry one d_v × d_k matrix (a memory or a gradient), so a message of
 *   F floats takes ρ = F / (d_v d_k) units: DDAM gets ⌊T / (ρ C_max)⌋ iterations and C-DOGD ⌊T / ρ⌋
 *   ({@link #consensusIterations}). With gradient learners ρ = 1 and this is {@link #PAPER}; with the RLS
 *   learner a message carries statistics, ρ = 1 + (d_k + 1) / (2 d_v)
 *   ({@link RlsProtocol#statisticFloats}).</li>
 * </ul>
 * The result is never below 1 when T ≥ 1: a run of zero iterations has no iterates, so its regret and
 * time-average would be undefined (0/0) rather than "very bad", and one iteration (X = 0, the common start)
 * is the least any protocol can report. Experiments must print C_max and the rule next to the count.
 * With C_max = 0 (no traffic at all, e.g. W = I) every rule gives T.
 */
public enum FairTime {
    /** ⌊T / C_max⌋, the paper's rule and the default. */
    PAPER("paper"),
    /** ⌊2T / C_max⌋, relative to C-DOGD's 2 messages per link and iteration. */
    RATIO("ratio"),
    /** T: no correction for link load. */
    OFF("off"),
    /** ⌊T / (ρ C_max)⌋: the paper's rule with each message's link time in units of one d_v × d_k matrix. */
    FLOATS("floats");

    private final String cliName;

    FairTime(String cliName) {
        this.cliName = cliName;
    }

    /**
     * The command-line name.
     *
     * @return {@code paper}, {@code ratio}, {@code off} or {@code floats}
     */
    public String cliName() { return cliName; }

    /**
     * Parses a command-line name (case-insensitive).
     *
     * @param name {@code paper}, {@code ratio}, {@code off} or {@code floats}
     * @return the rule
     * @throws DdamInputException if the name is unknown
     */
    public static FairTime parse(String name) {
        String s = name.trim().toLowerCase(Locale.ROOT);
        for (FairTime f : values()) if (f.cliName.equals(s)) return f;
        throw new DdamInputException("unknown fair-time rule '" + name + "' (use paper, ratio, off or floats)");
    }

    /**
     * DDAM-TOGD's iteration count for {@code horizon} = T iterations of the other protocols and the trees'
     * C_max^𝒯 ({@code cMax} ≥ 0). Never more than T, never below 1 when T ≥ 1; 0 only for T = 0.
     *
     * @param horizon T, the iterations OGD and C-DOGD run, ≥ 0
     * @param cMax    C_max^𝒯 of DDAM-TOGD's trees ({@link io.ddam.solver.tree.TreeMetrics#cMax()}), ≥ 0
     * @return the iterations DDAM-TOGD runs under this rule
     * @throws DdamInputException if either argument is negative
     */
    public int iterations(int horizon, long cMax) {
        return iterations(horizon, (double) cMax);
    }

    /**
     * As {@link #iterations(int, long)} for a C_max in link time per iteration, which need not be a whole
     * number when links have capacities other than 1 (C_max = max_e load_e / κ_e). For whole C_max the
     * result is the same integer division as before: ⌊T / C⌋ in doubles cannot round across an integer
     * for T &lt; 2^31 and C ≤ 2^53.
     *
     * @param horizon T, ≥ 0
     * @param cMax    C_max of DDAM-TOGD's trees and transport, finite and ≥ 0
     * @return the iterations DDAM-TOGD runs under this rule
     * @throws DdamInputException if T is negative or C_max negative or not finite
     */
    public int iterations(int horizon, double cMax) {
        if (horizon < 0) throw new DdamInputException("negative horizon " + horizon);
        if (!(cMax >= 0) || Double.isInfinite(cMax)) throw new DdamInputException("C_max must be finite and >= 0, not " + cMax);
        if (horizon == 0) return 0;
        if (this == OFF || cMax == 0) return horizon;
        double numerator = this == RATIO ? 2.0 * horizon : horizon;
        double n = Math.floor(numerator / cMax);
        return (int) Math.max(1, Math.min(horizon, n));
    }

    /**
     * As {@link #iterations(int, double)} for messages of {@code ratio} = ρ matrices each (F / (d_v d_k) floats):
     * under {@link #FLOATS} ⌊T / (ρ C_max)⌋, under the other rules ρ is ignored (they count messages).
     *
     * @param horizon T, ≥ 0
     * @param cMax    C_max of the trees, finite and ≥ 0
     * @param ratio   ρ, the link time of one message in d_v × d_k matrices, finite and &gt; 0
     * @return the iterations the protocol runs
     * @throws DdamInputException if an argument is out of range
     */
    public int iterations(int horizon, double cMax, double ratio) {
        if (!(ratio > 0) || Double.isInfinite(ratio)) throw new DdamInputException("message size ratio must be finite and > 0, not " + ratio);
        return iterations(horizon, this == FLOATS ? cMax * ratio : cMax);
    }

    /**
     * C-DOGD's iterations: T under every rule but {@link #FLOATS}, which gives ⌊T / ρ⌋ (at least 1 when T ≥ 1) when
     * its messages carry ρ matrices each (the paper's rule lets C-DOGD's two messages per link take one time unit).
     *
     * @param horizon T, ≥ 0
     * @param ratio   ρ, finite and &gt; 0
     * @return the iterations C-DOGD runs
     * @throws DdamInputException if an argument is out of range
     */
    public int consensusIterations(int horizon, double ratio) {
        if (horizon < 0) throw new DdamInputException("negative horizon " + horizon);
        if (!(ratio > 0) || Double.isInfinite(ratio)) throw new DdamInputException("message size ratio must be finite and > 0, not " + ratio);
        if (this != FLOATS || horizon == 0) return horizon;
        return (int) Math.max(1, Math.min(horizon, Math.floor(horizon / ratio)));
    }

    /**
     * ρ for a message of {@code floats} floats: floats / (d_v d_k).
     *
     * @param floats the floats one message carries
     * @param dk     d_k (columns of the memory)
     * @param dv     d_v
     * @return ρ
     */
    public static double ratio(long floats, int dk, int dv) { return (double) floats / ((double) dk * dv); }
}
