package io.ddam.solver.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/**
 * KMB with each terminal's full shortest-path tree kept across roots ({@link Workspace#costTree}) against
 * KMB with one Dijkstra per terminal stopped once the later terminals are settled (the original step 1):
 * the same trees, edge for edge, with many cost ties (unit and small integer costs) and without, for
 * sparse and dense terminal sets, and the same error for an unreachable terminal.
 */
class KmbCostTreeCacheTest {

    @Test
    void cachedTreesAreTheStoppedRunsTrees() {
        SplittableRandom rnd = new SplittableRandom(2026);
        KmbSteinerDesigner kmb = new KmbSteinerDesigner();
        TestGraphs.Costs[] costs = TestGraphs.Costs.values();
        int designs = 0;
        for (int g = 0; g < 36; g++) {
            int n = 3 + rnd.nextInt(70);
            Network net = TestGraphs.randomConnected(rnd, n, rnd.nextInt(2 * n + 1), 4, costs[g % costs.length]);
            for (int r = 0; r < Math.min(n, 12); r++) {
                int root = rnd.nextInt(n);
                int k = r % 3 == 0 ? n : 1 + rnd.nextInt(Math.min(n, 8)); // every node, or a few
                int[] targets = rnd.ints(0, n).distinct().limit(k).toArray();
                DesignedTree stopped = kmb.design(net, root, targets, false);
                DesignedTree cached = kmb.design(net, root, targets, true);
                assertEquals(stopped.tree(), cached.tree(), "graph " + g + ", root " + root);
                assertEquals(stopped.objective(), cached.objective(), 0.0);
                designs++;
            }
        }
        assertEquals(true, designs > 300, "designs checked: " + designs);
    }

    @Test
    void unreachableTerminalGivesTheSameError() {
        Network g = Network.builder().addNodes(5).addEdge(0, 1, 1, 1).addEdge(1, 2, 1, 1).addEdge(3, 4, 1, 1).build();
        KmbSteinerDesigner kmb = new KmbSteinerDesigner();
        DdamInputException a = assertThrows(DdamInputException.class, () -> kmb.design(g, 0, new int[] {2, 3, 4}, false));
        DdamInputException b = assertThrows(DdamInputException.class, () -> kmb.design(g, 0, new int[] {2, 3, 4}, true));
        assertEquals("agent 0 cannot reach node 3, node 4: the network is disconnected", a.getMessage());
        assertEquals(a.getMessage(), b.getMessage());
    }
}
