package io.ddam.solver.tree;

/** How a tree (or a Steiner tree) was obtained; always shown to the user next to the result. */
public enum SolveStatus {
    /** Proven optimal (by a MILP, or by an exact algorithm such as the shortest-path tree). */
    OPTIMAL,
    /** A feasible tree found before the time limit, optimality not proven; the gap is reported. */
    FEASIBLE,
    /** A heuristic or approximation algorithm's tree (KMB, Mehlhorn): no optimality claim. */
    APPROXIMATE,
    /** The model is proven infeasible. */
    INFEASIBLE,
    /** The solver stopped (time limit, error) without any feasible tree. */
    NO_SOLUTION;

    /**
     * Whether a tree comes with this status.
     *
     * @return true for {@link #OPTIMAL}, {@link #FEASIBLE} and {@link #APPROXIMATE}
     */
    public boolean hasTree() {
        return this == OPTIMAL || this == FEASIBLE || this == APPROXIMATE;
    }

    /**
     * Lower-case name with dashes, as printed and written to JSON.
     *
     * @return e.g. {@code "optimal"}, {@code "no-solution"}
     */
    public String label() {
        return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
}
