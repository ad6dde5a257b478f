package io.ddam.solver.tree;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.Arrays;

/**
 * Steiner trees for a bare terminal set (SteinLib and PACE files), through any {@link TreeDesigner}:
 * the root is the first terminal in the given order and the targets are the rest. For an undirected
 * Steiner tree the root is immaterial to the cost; it only fixes the orientation of the result.
 */
public final class SteinerTrees {
    private SteinerTrees() {}

    /**
     * Designs a tree connecting all {@code terminals} (at least one; distinct node indices) with
     * {@code designer}, rooted at {@code terminals[0]}.
     *
     * @param designer  the algorithm, e.g. {@link KmbSteinerDesigner}
     * @param network   the network the terminals are nodes of
     * @param terminals distinct node indices, at least one; the first becomes the root
     * @return the designed tree with status, objective (tree cost) and time
     * @throws io.ddam.solver.DdamInputException if {@code terminals} is empty or a terminal is unreachable
     */
    public static DesignedTree solve(TreeDesigner designer, Network network, int[] terminals) {
        if (terminals.length == 0) throw new DdamInputException("a Steiner tree needs at least one terminal");
        return designer.design(network, terminals[0], Arrays.copyOfRange(terminals, 1, terminals.length));
    }
}
