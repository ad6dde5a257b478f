package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

/**
 * One routing-tree design algorithm (shortest-path tree, the (E-1) MILP, KMB, Mehlhorn, exact
 * Steiner). Given a root n and the agents it must reach (W_n), it returns one tree. Implementations
 * are stateless apart from their options and safe to call from several threads.
 */
public interface TreeDesigner {
    /** The name used on the command line and in results, e.g. {@code "spt"}. */
    String name();

    /**
     * Designs the tree rooted at {@code root} that reaches every node in {@code targets}
     * ({@code targets} may contain the root). Unreachable targets give a
     * {@link io.ddam.solver.DdamInputException} naming them.
     */
    DesignedTree design(Network network, int root, int[] targets);
}
