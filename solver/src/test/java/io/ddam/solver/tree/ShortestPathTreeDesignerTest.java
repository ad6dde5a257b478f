package io.ddam.solver.tree;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.SplittableRandom;

import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.ShortestPathAlgorithm.SingleSourcePaths;
import org.jgrapht.alg.shortestpath.DijkstraShortestPath;
import org.junit.jupiter.api.Test;

/** The shortest-path tree designer and the Dijkstra under it, against JGraphT and hand-made ties. */
class ShortestPathTreeDesignerTest {

    @Test
    void distancesMatchJGraphTOnRandomGraphs() {
        SplittableRandom rnd = new SplittableRandom(11);
        ShortestPathTreeDesigner spt = new ShortestPathTreeDesigner();
        for (int rep = 0; rep < 60; rep++) {
            int n = 5 + rnd.nextInt(60);
            Network g = TestGraphs.randomConnected(rnd, n, rnd.nextInt(2 * n), 1 + rnd.nextInt(9), TestGraphs.Costs.REAL);
            Graph<Integer, Integer> view = g.asGraph(Network.Weight.DELAY);
            int root = rnd.nextInt(n);
            SingleSourcePaths<Integer, Integer> oracle = new DijkstraShortestPath<>(view).getPaths(root);
            int[] all = new int[n];
            for (int i = 0; i < n; i++) all[i] = i;
            DesignedTree d = spt.design(g, root, all);
            assertEquals(SolveStatus.OPTIMAL, d.status());
            double sum = 0;
            for (int v = 0; v < n; v++) {
                double expected = oracle.getWeight(v);
                assertEquals(expected, d.tree().delayTo(v), 1e-9, "distance to " + v);
                sum += expected;
            }
            assertEquals(sum, d.objective(), 1e-9);
            assertEquals(d.objective(), d.bound());
            assertEquals(0.0, d.gap());
            // a pruned tree on a random subset: every leaf is a target, distances still exact
            int[] targets = TestGraphs.randomTerminals(rnd, n, 1 + rnd.nextInt(n));
            RoutingTree t = spt.design(g, root, targets).tree();
            t.requireReaches(targets);
            assertLeavesAreTargets(t, targets);
            for (int w : targets) assertEquals(oracle.getWeight(w), t.delayTo(w), 1e-9);
        }
    }

    static void assertLeavesAreTargets(RoutingTree t, int[] targets) {
        java.util.Set<Integer> ts = new java.util.HashSet<>();
        for (int x : targets) ts.add(x);
        int[] childCount = new int[t.network().nodeCount()];
        for (int v : t.nodes()) if (t.parent(v) >= 0) childCount[t.parent(v)]++;
        for (int v : t.nodes()) {
            if (v != t.root() && childCount[v] == 0) assertTrue(ts.contains(v), "leaf " + v + " is not a terminal");
        }
    }

    @Test
    void tieBreakPrefersFewerHopsThenLowerParent() {
        // Node 5 at delay 4 via 0-1-2-5 (delays 1,1,2: 3 hops), via 0-3-5 (2,2: 2 hops) and via 0-4-5 (2,2: 2 hops).
        // Fewer hops rule out the 3-hop path; between parents 3 and 4 the lower index, 3, wins.
        Network g = Network.builder().addNodes(6)
                .addEdge(0, 1, 1, 1).addEdge(1, 2, 1, 1).addEdge(2, 5, 2, 1)
                .addEdge(0, 4, 2, 1).addEdge(4, 5, 2, 1)
                .addEdge(0, 3, 2, 1).addEdge(3, 5, 2, 1)
                .build();
        RoutingTree t = new ShortestPathTreeDesigner().design(g, 0, new int[] {5}).tree();
        assertEquals(3, t.parent(5));
        assertEquals(4, t.delayTo(5));
        assertEquals(2, t.depth(5));
        Dijkstra dj = new Dijkstra(g, Network.Weight.DELAY);
        dj.run(0);
        assertEquals(3, dj.parentNode(5));
        assertEquals(2, dj.hops(5));
        // the same graph with the 3-3 route removed: parent 4 (the two-hop route)
        Network g2 = Network.builder().addNodes(6)
                .addEdge(0, 1, 1, 1).addEdge(1, 2, 1, 1).addEdge(2, 5, 2, 1)
                .addEdge(0, 4, 2, 1).addEdge(4, 5, 2, 1).build();
        assertEquals(4, new ShortestPathTreeDesigner().design(g2, 0, new int[] {5}).tree().parent(5));
    }

    @Test
    void tieBreakIsIndependentOfEdgeInsertionOrder() {
        // Same 4-cycle, edges added in two orders: ties still go to the lower parent index.
        Network a = Network.builder().addNodes(4).addEdge(0, 1).addEdge(1, 2).addEdge(2, 3).addEdge(3, 0).build();
        Network b = Network.builder().addNodes(4).addEdge(3, 0).addEdge(2, 3).addEdge(1, 2).addEdge(0, 1).build();
        assertEquals(1, new ShortestPathTreeDesigner().design(a, 0, new int[] {2}).tree().parent(2));
        assertEquals(1, new ShortestPathTreeDesigner().design(b, 0, new int[] {2}).tree().parent(2));
        assertEquals(0, new ShortestPathTreeDesigner().design(b, 1, new int[] {3}).tree().parent(3));
    }

    @Test
    void unreachableTargetsAreNamed() {
        Network g = Network.builder().addNodes(4).addEdge(0, 1).addEdge(2, 3).build();
        DdamInputException ex = assertThrows(DdamInputException.class,
                () -> new ShortestPathTreeDesigner().design(g, 0, new int[] {1, 3, 2}));
        assertEquals("agent 0 cannot reach node 2, node 3: the network is disconnected", ex.getMessage());
        ex = assertThrows(DdamInputException.class,
                () -> new KmbSteinerDesigner().design(g, 1, new int[] {3}));
        assertEquals("agent 1 cannot reach node 3: the network is disconnected", ex.getMessage());
        ex = assertThrows(DdamInputException.class,
                () -> new MehlhornSteinerDesigner().design(g, 1, new int[] {0, 3}));
        assertEquals("agent 1 cannot reach node 3: the network is disconnected", ex.getMessage());
    }

    @Test
    void rootOnlyTargetsGiveSingleNodeTree() {
        Network g = Network.builder().addNodes(3).addEdge(0, 1).addEdge(1, 2).build();
        for (TreeDesigner d : new TreeDesigner[] {new ShortestPathTreeDesigner(), new KmbSteinerDesigner(), new MehlhornSteinerDesigner()}) {
            DesignedTree r = d.design(g, 1, new int[] {1});
            assertEquals(0, r.tree().edgeCount(), d.name());
            assertEquals(0.0, r.objective(), d.name());
            assertArrayEquals(new int[] {1}, r.tree().nodes());
        }
    }

    @Test
    void multiSourceGivesNearestSourceAndDistance() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int rep = 0; rep < 30; rep++) {
            int n = 10 + rnd.nextInt(40);
            Network g = TestGraphs.randomConnected(rnd, n, n, 1, TestGraphs.Costs.REAL);
            int[] sources = TestGraphs.randomTerminals(rnd, n, 1 + rnd.nextInt(5));
            Dijkstra multi = new Dijkstra(g, Network.Weight.COST);
            multi.runMulti(sources);
            Dijkstra single = new Dijkstra(g, Network.Weight.COST);
            double[][] d = new double[sources.length][n];
            for (int i = 0; i < sources.length; i++) {
                single.run(sources[i]);
                for (int v = 0; v < n; v++) d[i][v] = single.distance(v);
            }
            for (int v = 0; v < n; v++) {
                double best = Double.POSITIVE_INFINITY;
                for (double[] row : d) best = Math.min(best, row[v]);
                assertEquals(best, multi.distance(v), 1e-9);
                int o = multi.origin(v);
                int oi = java.util.Arrays.stream(sources).boxed().toList().indexOf(o);
                assertEquals(best, d[oi][v], 1e-9, "origin of " + v + " is a nearest source");
                // the parent chain stays inside the region and ends at the origin
                int x = v;
                while (multi.parentEdge(x) >= 0) {
                    x = multi.parentNode(x);
                    assertEquals(o, multi.origin(x));
                }
                assertEquals(o, x);
            }
        }
    }
}
