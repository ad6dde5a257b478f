package io.ddam.solver.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Hand-computed metrics on tiny graphs; every expected number below was worked out by hand. */
class TreeMetricsTest {

    private static TreeMetrics sptMetrics(Network g, InterestMatrix w) {
        return TreeDesign.design(new ShortestPathTreeDesigner(), g, w, 1).metrics();
    }

    @Test
    void pathWithUnequalDelays() {
        // 0 -(delay 1, cost 1)- 1 -(delay 2, cost 3)- 2, W dense.
        Network g = Network.builder().addNodes(3).addEdge(0, 1, 1, 1.0).addEdge(1, 2, 2, 3.0).build();
        TreeMetrics m = sptMetrics(g, TestGraphs.dense(3));
        assertEquals(0, m.oneWayDelay(0, 0));
        assertEquals(1, m.oneWayDelay(0, 1));
        assertEquals(3, m.oneWayDelay(0, 2));
        assertEquals(6, m.roundTripDelay(0, 2));
        assertEquals(2, m.oneWayDelay(2, 1));
        // agent 0: τ = 0, 2, 6; agent 1: 2, 0, 4; agent 2: 6, 4, 0.
        assertEquals(8, m.tauSum(0));
        assertEquals(6, m.tauSum(1));
        assertEquals(10, m.tauSum(2));
        assertEquals(4, m.oneWaySum(0));
        assertEquals(6, m.tauMax(0));
        assertEquals(0, m.tauMin(0));
        assertEquals(6, m.deltaTau(0));
        assertEquals(4, m.deltaTau(1));
        assertEquals(2, m.depth(0));
        assertEquals(1, m.depth(1));
        assertEquals(4.0, m.cost(0));
        assertEquals(3, m.interestSetSize(0));
        // each edge carries 4 of the 6 ordered pairs
        assertArrayEquals(new long[] {4, 4}, m.edgeLoads());
        assertEquals(8, m.cMax());
        assertEquals(0, m.busiestEdge());
        assertEquals(24, m.totalTauSum());
        assertEquals(12.0, m.totalCost());
        assertEquals(2, m.maxDepth());
        assertEquals(6, m.maxTauMax());
    }

    @Test
    void starDense() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(0, 2).addEdge(0, 3).build();
        TreeMetrics m = sptMetrics(g, TestGraphs.dense(4));
        assertEquals(6, m.tauSum(0));   // 0 + 2 + 2 + 2
        assertEquals(10, m.tauSum(1));  // 2 + 0 + 4 + 4
        assertEquals(4, m.tauMax(1));
        assertEquals(0, m.tauMin(1));
        assertEquals(36, m.totalTauSum());
        // edge 0-1: (0,1), (1,0), (1,2), (1,3), (2,1), (3,1)
        assertArrayEquals(new long[] {6, 6, 6}, m.edgeLoads());
        assertEquals(12, m.cMax());
    }

    @Test
    void starWithoutSelfInterestHasPositiveTauMin() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(0, 2).addEdge(0, 3).build();
        double[][] w = new double[4][4];
        for (int a = 0; a < 4; a++) for (int b = 0; b < 4; b++) if (a != b) w[a][b] = 1.0 / 3;
        TreeMetrics m = sptMetrics(g, InterestMatrix.of(w));
        assertEquals(2, m.tauMin(0));
        assertEquals(2, m.tauMax(0));
        assertEquals(0, m.deltaTau(0));
        assertEquals(2, m.tauMin(1));   // to the centre
        assertEquals(4, m.tauMax(1));
        assertEquals(2, m.deltaTau(1));
        assertEquals(3, m.interestSetSize(1));
        assertEquals(12, m.cMax());     // same pairs as the dense case: m = n never loads a link
        assertThrows(IllegalArgumentException.class, () -> m.oneWayDelay(1, 1));
    }

    @Test
    void cycleUsesTieBreakAndLoads() {
        // edges e0=0-1, e1=1-2, e2=2-3, e3=3-0; ties go to the lower parent index.
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 0).build();
        TreeMetrics m = sptMetrics(g, TestGraphs.dense(4));
        assertArrayEquals(new int[] {0, 1, 3}, m.tree(0).edges()); // 2 reached via 1
        assertArrayEquals(new int[] {0, 1, 3}, m.tree(1).edges()); // 3 reached via 0
        assertArrayEquals(new int[] {0, 1, 2}, m.tree(2).edges()); // 0 reached via 1
        assertArrayEquals(new int[] {0, 2, 3}, m.tree(3).edges()); // 1 reached via 0
        for (int a = 0; a < 4; a++) {
            assertEquals(8, m.tauSum(a));
            assertEquals(4, m.tauMax(a));
            assertEquals(2, m.depth(a));
        }
        assertArrayEquals(new long[] {6, 4, 2, 4}, m.edgeLoads());
        assertEquals(12, m.cMax());
        assertEquals(0, m.busiestEdge());
    }

    @Test
    void validationRejectsTreeMissingATarget() {
        Network g = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        List<RoutingTree> trees = new ArrayList<>();
        trees.add(RoutingTree.fromEdges(g, 0, new int[] {0}));      // misses node 2
        trees.add(RoutingTree.fromEdges(g, 1, new int[] {0, 1}));
        trees.add(RoutingTree.fromEdges(g, 2, new int[] {0, 1}));
        DdamInputException ex = assertThrows(DdamInputException.class,
                () -> TreeMetrics.of(g, trees, TestGraphs.dense(3)));
        assertEquals("the tree of agent 0 does not reach node 2, which is in its interest set W_n", ex.getMessage());
    }

    @Test
    void validationRejectsWrongRootAndMissingTree() {
        Network g = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        List<RoutingTree> trees = new ArrayList<>();
        trees.add(RoutingTree.fromEdges(g, 0, new int[] {0, 1}));
        trees.add(RoutingTree.fromEdges(g, 0, new int[] {0, 1}));  // rooted at 0, belongs to 1
        trees.add(null);
        DdamInputException ex = assertThrows(DdamInputException.class,
                () -> TreeMetrics.validate(g, trees, TestGraphs.dense(3)));
        assertEquals("the tree of agent 1 is rooted at node 0, not at the agent", ex.getMessage());
        trees.set(1, RoutingTree.fromEdges(g, 1, new int[] {0, 1}));
        ex = assertThrows(DdamInputException.class, () -> TreeMetrics.validate(g, trees, TestGraphs.dense(3)));
        assertEquals("agent 2 has no routing tree", ex.getMessage());
        Network other = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).addEdge(0, 2).build();
        trees.set(2, RoutingTree.fromEdges(other, 2, new int[] {1, 2}));
        ex = assertThrows(DdamInputException.class, () -> TreeMetrics.validate(g, trees, TestGraphs.dense(3)));
        assertEquals("the tree of agent 2 lies in another network", ex.getMessage());
    }

    @Test
    void loadsMatchNaivePathEnumeration() {
        var rnd = new java.util.SplittableRandom(5);
        for (int rep = 0; rep < 20; rep++) {
            Network g = TestGraphs.randomConnected(rnd, 15, 12, 4, TestGraphs.Costs.REAL);
            InterestMatrix w = TestGraphs.randomSparse(rnd, 15, 5, rep % 2 == 0);
            TreeMetrics m = TreeDesign.design(new KmbSteinerDesigner(), g, w, 1).metrics();
            long[] naive = new long[g.edgeCount()];
            for (int a = 0; a < 15; a++) {
                long sum = 0;
                for (int t : w.interestSet(a)) {
                    int[] path = m.tree(a).pathEdges(t);
                    long d = 0;
                    for (int e : path) { naive[e]++; d += g.delay(e); }
                    assertEquals(d, m.oneWayDelay(a, t));
                    sum += 2 * d;
                }
                assertEquals(sum, m.tauSum(a));
            }
            assertArrayEquals(naive, m.edgeLoads());
            long max = 0;
            for (long x : naive) max = Math.max(max, x);
            assertEquals(2 * max, m.cMax());
        }
    }
}
