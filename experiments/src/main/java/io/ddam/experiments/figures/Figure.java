package io.ddam.experiments.figures;

import io.ddam.solver.DdamInputException;

import java.util.Locale;

/**
 * The figures of the paper's §VI (method.md §4) that {@code ddam reproduce} rebuilds, each with the
 * paper's finding it is checked against. The experiment behind a figure (its sweep, parameters and
 * series) is built by {@link Experiments#of}; its findings are judged by {@link Findings}.
 */
public enum Figure {
    /** Fig. 3: time-average static regret against T (synthetic data). */
    FIG3("fig3", "Fig. 3", false,
            "OGD and DDAM-TOGD keep falling (sublinear regret); C-DOGD falls, then plateaus"),
    /** Fig. 4: regret at T = 2500 against ρ (synthetic data). */
    FIG4("fig4", "Fig. 4", false,
            "similar for large ρ; as ρ falls C-DOGD's regret grows fast while DDAM-TOGD's stays low"),
    /** Fig. 5: regret at T = 2500 against y0 (synthetic data). */
    FIG5("fig5", "Fig. 5", false,
            "small y0 gives C-DOGD a large regret; OGD and DDAM-TOGD are barely affected"),
    /** Fig. 7: dynamic regret of DDAM-TOGD⋆ and scaled path length against T (traffic data). */
    FIG7("fig7", "Fig. 7", true,
            "dynamic regret tracks the path length; with Ω = 168 it grows much more slowly than with Ω = 1"),
    /** Fig. 8: regret against T (traffic data). */
    FIG8("fig8", "Fig. 8", true,
            "DDAM-TOGD close to OGD; C-DOGD far worse; the static regret (Ω = T) can be negative"),
    /** Fig. 9: Self- and Cross-NMSE against y0 (traffic data). */
    FIG9("fig9", "Fig. 9", true,
            "Cross-NMSE falls as y0 grows; Self-NMSE dips, then rises sharply");

    private final String id;
    private final String label;
    private final boolean traffic;
    private final String paperFinding;

    Figure(String id, String label, boolean traffic, String paperFinding) {
        this.id = id;
        this.label = label;
        this.traffic = traffic;
        this.paperFinding = paperFinding;
    }

    /**
     * The command-line name and file stem.
     *
     * @return e.g. {@code fig3}
     */
    public String id() { return id; }

    /**
     * The paper's label.
     *
     * @return e.g. {@code Fig. 3}
     */
    public String label() { return label; }

    /**
     * Whether the figure uses the wireless-traffic stream (Figs. 7–9) rather than synthetic data.
     *
     * @return true for Figs. 7, 8 and 9
     */
    public boolean usesTraffic() { return traffic; }

    /**
     * The paper's finding for this figure, as method.md §4 states it.
     *
     * @return one sentence
     */
    public String paperFinding() { return paperFinding; }

    /**
     * The figure with the given command-line name (case-insensitive).
     *
     * @param id e.g. {@code fig3}
     * @return the figure
     * @throws DdamInputException if no figure has that name
     */
    public static Figure byId(String id) {
        String s = id.strip().toLowerCase(Locale.ROOT);
        for (Figure f : values()) if (f.id.equals(s)) return f;
        StringBuilder known = new StringBuilder();
        for (Figure f : values()) known.append(f.id).append(", ");
        throw new DdamInputException("unknown figure '" + id + "'; expected " + known + "or all");
    }
}
