package io.ddam.solver.tree;

import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

/**
 * A load-aware routing-tree design algorithm: it chooses all N trees together, because the link load
 * that decides DDAM-TOGD's fair-time budget (C_max) is shared by every tree. Where a {@link TreeDesigner}
 * designs one root's tree at a time, implementations of this interface trade one tree's delay against
 * another tree's use of the busiest link. Implementations are stateless apart from their options.
 */
public interface JointTreeDesigner {
    /**
     * The name used on the command line and in results.
     *
     * @return e.g. {@code "joint"}, {@code "joint-heuristic"}
     */
    String name();

    /**
     * Designs one tree per agent n, rooted at n and reaching W_n (the support of row n of W).
     *
     * @param network  the physical network, with link capacities
     * @param interest W
     * @return the trees with C_max, its lower bounds, status and time
     * @throws io.ddam.solver.DdamInputException if W does not fit the network or a target is unreachable
     */
    JointDesign design(Network network, InterestMatrix interest);
}
