package io.ddam.solver.tree;

/**
 * What a {@link TreeDesigner} returns for one root: the tree (absent only when the status has no
 * tree), how it was obtained, the objective value the designer optimised (Σ τ̃ for delay designers,
 * tree cost for Steiner designers), the best proven lower bound ({@code NaN} when none), and the
 * wall time spent.
 */
public record DesignedTree(RoutingTree tree, SolveStatus status, double objective, double bound, long nanos) {
    public DesignedTree {
        if (status.hasTree() && tree == null) throw new IllegalArgumentException("status " + status + " needs a tree");
    }

    /** Relative gap (objective − bound) / objective, 0 when optimal, {@code NaN} when unknown. */
    public double gap() {
        if (status == SolveStatus.OPTIMAL) return 0;
        if (Double.isNaN(bound) || objective == 0) return Double.NaN;
        return Math.max(0, (objective - bound) / Math.abs(objective));
    }
}
