package io.ddam.experiments.figures;

import io.ddam.experiments.run.Simulation;
import io.ddam.online.protocol.FairTime;
import io.ddam.solver.DdamInputException;

/**
 * Held-out step-size tuning, the default of {@code ddam reproduce} ({@code --eta tuned}). For every figure,
 * every series — each protocol of each {@link RunGroup}, i.e. each protocol under each fair-time rule — gets
 * one constant η: the value of the grid with the lowest time-average static regret S-Reg/T' on the held-out
 * seed {@link #SEED} at the figure's reference point ({@link Experiment#reference()}). Seed {@value #SEED}
 * draws its data stream with seed {@value #SEED} and W with seed {@link Experiments#W_SEED_OFFSET} +
 * {@value #SEED}, like any seed, and is never one of the evaluated seeds 1..K, so the step size is not chosen
 * on the data it is judged on. The η is then held fixed for every point and seed of the figure.
 *
 * <p>Ties go to the smaller η; step sizes whose held-out regret is {@code NaN} or infinite are skipped, and
 * if all of them are, tuning fails with a message naming the figure and the series.
 */
public final class Tuning {
    private Tuning() {}

    /** The held-out seed: data seed 0, W seed {@link Experiments#W_SEED_OFFSET} + 0; evaluated seeds are 1..K. */
    public static final int SEED = 0;

    /** The grid of every run ({@code --quick} too): {@link Simulation#TUNING_GRID}, 10^-5, 10^-4.5, …, 10^0 (11 values). */
    public static final double[] GRID = Simulation.TUNING_GRID.clone();

    /**
     * The index of the chosen step size: the lowest finite value; on a tie, the smaller step size.
     *
     * @param grid   the step sizes tried
     * @param values S-Reg/T' of each, in the order of {@code grid}
     * @param figure the figure id, for the error message
     * @param series the series, for the error message
     * @return an index into {@code grid}
     * @throws IllegalArgumentException if the arrays differ in length or are empty
     * @throws DdamInputException       if every value is {@code NaN} or infinite (every step size diverged)
     */
    public static int select(double[] grid, double[] values, String figure, String series) {
        if (grid.length != values.length || grid.length == 0) throw new IllegalArgumentException("one value per step size, at least one");
        int best = -1;
        for (int i = 0; i < grid.length; i++) {
            double v = values[i];
            if (!Double.isFinite(v)) continue;
            if (best < 0 || v < values[best] || (v == values[best] && grid[i] < grid[best])) best = i;
        }
        if (best < 0) {
            throw new DdamInputException(figure + ", series " + series + ": every step size of the tuning grid diverged "
                    + "(NaN or infinite static regret on the held-out seed " + SEED + "); try --eta theory or --eta NUMBER");
        }
        return best;
    }

    /**
     * A series' name for files and messages.
     *
     * @param protocol the protocol
     * @param rule     the fair-time rule of its run group
     * @return the protocol, with " (fair-time off)" when the rule is off
     */
    public static String label(String protocol, FairTime rule) {
        return rule == FairTime.OFF ? protocol + Experiments.OFF : protocol;
    }

    /**
     * The grid in words.
     *
     * @param grid the step sizes
     * @return e.g. "10^-5..10^0 in half decades (11 values)"
     */
    public static String describe(double[] grid) {
        if (java.util.Arrays.equals(grid, GRID)) return "10^-5..10^0 in half decades (" + grid.length + " values)";
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < grid.length; i++) sb.append(i == 0 ? "" : ", ").append(Findings.g(grid[i]));
        return sb.append('}').toString();
    }
}
