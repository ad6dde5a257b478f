package io.ddam.experiments.figures;

import io.ddam.online.protocol.FairTime;

/**
 * The held-out tuning of one series of a figure (one protocol of one {@link RunGroup}): the time-average
 * static regret S-Reg/T' of seed {@link Tuning#SEED} at the experiment's reference point for every
 * constant η of the grid, and the η chosen by {@link Tuning#select}. Immutable (arrays are copied in and out).
 *
 * @param group           the index of the run group in {@link Experiment#groups()}
 * @param protocol        the protocol
 * @param fairTime        the fair-time rule of the group
 * @param grid            the step sizes tried, in the experiment's order
 * @param staticRegretAvg S-Reg/T' of the held-out run with each step size, in the order of {@code grid}
 * @param eta             the chosen step size, used at every point and seed of the figure
 */
public record TunedSeries(int group, String protocol, FairTime fairTime, double[] grid, double[] staticRegretAvg, double eta) {
    /**
     * Copies and checks the arrays.
     *
     * @param group           the run group's index
     * @param protocol        the protocol
     * @param fairTime        the fair-time rule
     * @param grid            the step sizes tried
     * @param staticRegretAvg S-Reg/T' per step size
     * @param eta             the chosen step size
     */
    public TunedSeries {
        grid = grid.clone();
        staticRegretAvg = staticRegretAvg.clone();
        if (grid.length != staticRegretAvg.length) throw new IllegalArgumentException("one static regret per step size");
    }

    /**
     * Value equality: equal components, the arrays compared element by element.
     *
     * @param o another object
     * @return whether {@code o} is an equal tuning
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof TunedSeries t && group == t.group && protocol.equals(t.protocol) && fairTime == t.fairTime
                && java.util.Arrays.equals(grid, t.grid) && java.util.Arrays.equals(staticRegretAvg, t.staticRegretAvg)
                && Double.compare(eta, t.eta) == 0;
    }

    /**
     * A hash consistent with {@link #equals(Object)}.
     *
     * @return the hash of the contents
     */
    @Override
    public int hashCode() {
        return java.util.Objects.hash(group, protocol, fairTime, java.util.Arrays.hashCode(grid),
                java.util.Arrays.hashCode(staticRegretAvg), eta);
    }

    /**
     * The arrays' contents.
     *
     * @return e.g. {@code TunedSeries[group=0, protocol=ogd, …, grid=[…], staticRegretAvg=[…], eta=0.1]}
     */
    @Override
    public String toString() {
        return "TunedSeries[group=" + group + ", protocol=" + protocol + ", fairTime=" + fairTime + ", grid="
                + java.util.Arrays.toString(grid) + ", staticRegretAvg=" + java.util.Arrays.toString(staticRegretAvg)
                + ", eta=" + eta + "]";
    }

    /**
     * The step sizes tried.
     *
     * @return a copy
     */
    @Override public double[] grid() { return grid.clone(); }

    /**
     * S-Reg/T' of the held-out run per step size.
     *
     * @return a copy, in the order of {@link #grid()}
     */
    @Override public double[] staticRegretAvg() { return staticRegretAvg.clone(); }

    /**
     * The series' name in files and error messages: the protocol, with " (fair-time off)" when the rule is off.
     *
     * @return e.g. {@code ddam-star (fair-time off)}
     */
    public String label() { return Tuning.label(protocol, fairTime); }

    /**
     * Whether the chosen η is the smallest or largest value of the grid (the optimum may lie outside it).
     *
     * @return true at either end of the grid
     */
    public boolean atGridEdge() {
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (double g : grid) {
            lo = Math.min(lo, g);
            hi = Math.max(hi, g);
        }
        return eta == lo || eta == hi;
    }
}
