package io.ddam.experiments.figures;

/** What a plotted series measures on one run ({@link RunRecord}). */
public enum Quantity {
    /** S-Reg/T', the static regret (eq. 4) divided by the iterations T' the protocol ran. */
    STATIC_REGRET_AVG,
    /** D-Reg/T' for the series' window Ω (eqs. 5 and 43). */
    DYNAMIC_REGRET_AVG,
    /** (1 + PL)/√T' for the series' window Ω, with PL = Σ_n PL_n (eq. 8). */
    SCALED_PATH_LENGTH,
    /** Self-NMSE (method.md §4.2). */
    SELF_NMSE,
    /** Cross-NMSE (method.md §4.2). */
    CROSS_NMSE;

    /**
     * The quantity on one run.
     *
     * @param r      the run
     * @param window Ω as the experiment names it (0 = Ω = T); ignored by the static and NMSE quantities
     * @return the value
     */
    public double of(RunRecord r, int window) {
        return switch (this) {
            case STATIC_REGRET_AVG -> r.staticRegretAvg();
            case DYNAMIC_REGRET_AVG -> r.dynamicRegretAvg(window);
            case SCALED_PATH_LENGTH -> r.scaledPathLength(window);
            case SELF_NMSE -> r.selfNmse();
            case CROSS_NMSE -> r.crossNmse();
        };
    }
}
