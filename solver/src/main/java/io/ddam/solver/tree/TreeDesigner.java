package io.ddam.solver.tree;

import io.ddam.solver.graph.Network;

/**
 * One routing-tree design algorithm (shortest-path tree, the (E-1) MILP, KMB, Mehlhorn, exact
 * Steiner). Given a root n and the agents it must reach (W_n), it returns one tree. Implementations
 * are stateless apart from their options and safe to call from several threads.
 */
public interface TreeDesigner {
    /**
     * The name used on the command line and in results.
     *
     * @return e.g. {@code "spt"}, {@code "kmb"}, {@code "star"}
     */
    String name();

    /**
     * Designs the tree rooted at {@code root} that reaches every node in {@code targets}
     * ({@code targets} may contain the root). Unreachable targets give a
     * {@link io.ddam.solver.DdamInputException} naming them.
     *
     * @param network the physical network
     * @param root    the tree's root n, a node index
     * @param targets the node indices the tree must reach (typically W_n); may contain the root
     * @return the tree with its status, objective, bound and time
     * @throws io.ddam.solver.DdamInputException if a target cannot be reached from the root or an index
     *                                           is not a node (a MILP that finds no tree in time reports
     *                                           it through the status instead)
     */
    DesignedTree design(Network network, int root, int[] targets);
}
