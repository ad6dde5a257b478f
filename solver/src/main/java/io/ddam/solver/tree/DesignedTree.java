package io.ddam.solver.tree;

/**
 * What a {@link TreeDesigner} returns for one root: the tree (absent only when the status has no
 * tree), how it was obtained, the objective value the designer optimised (Σ τ̃ for delay designers,
 * tree cost for Steiner designers), the best proven lower bound ({@code NaN} when none), and the
 * wall time spent.
 *
 * @param tree      the routing tree; {@code null} only when {@code status} has no tree
 *                  ({@link SolveStatus#hasTree()} false)
 * @param status    how the tree was obtained (optimal, feasible, approximate, ...)
 * @param objective the value the designer optimised: Σ_{m∈W_n} τ̃_{n,m} in delay steps for delay
 *                  designers, tree cost for Steiner designers; {@code NaN} when there is no tree
 * @param bound     the best proven lower bound on the objective, {@code NaN} when none
 * @param nanos     wall time the design took, in nanoseconds
 */
public record DesignedTree(RoutingTree tree, SolveStatus status, double objective, double bound, long nanos) {
    /**
     * Checks that a status that promises a tree comes with one.
     *
     * @param tree      the routing tree, or {@code null} when the status has none
     * @param status    how the tree was obtained
     * @param objective the designer's objective value
     * @param bound     the proven lower bound, or {@code NaN}
     * @param nanos     wall time in nanoseconds
     * @throws IllegalArgumentException if {@code status.hasTree()} but {@code tree} is {@code null}
     */
    public DesignedTree {
        if (status.hasTree() && tree == null) throw new IllegalArgumentException("status " + status + " needs a tree");
    }

    /**
     * Relative optimality gap (objective − bound) / |objective|, as the solvers report it.
     *
     * @return the gap, ≥ 0 (0.05 = 5%); 0 when optimal, {@code NaN} when no bound is known
     */
    public double gap() {
        if (status == SolveStatus.OPTIMAL) return 0;
        if (Double.isNaN(bound) || objective == 0) return Double.NaN;
        return Math.max(0, (objective - bound) / Math.abs(objective));
    }
}
