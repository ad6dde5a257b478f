package io.ddam.solver.tree;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.graph.Network;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;

import org.jgrapht.Graph;
import org.jgrapht.alg.interfaces.SteinerTreeAlgorithm.SteinerTree;
import org.jgrapht.alg.spanning.KruskalMinimumSpanningTree;
import org.jgrapht.alg.steiner.KouMarkowskyBermanAlgorithm;
import org.jgrapht.graph.AsSubgraph;
import org.jgrapht.graph.DefaultDirectedGraph;
import org.jgrapht.graph.DefaultEdge;
import org.jgrapht.graph.DefaultWeightedEdge;
import org.jgrapht.graph.SimpleWeightedGraph;
import org.jgrapht.alg.connectivity.ConnectivityInspector;
import org.junit.jupiter.api.Test;

/**
 * JGraphT both ways: {@link Network#fromGraph} keeps vertices, edges and their order; {@link Network#asGraph}
 * cannot be modified; the KMB and Mehlhorn adapters return valid Steiner trees of the graph's own edges,
 * KMB's the very tree of JGraphT's {@link KouMarkowskyBermanAlgorithm} when weights have no ties, both
 * within the 2(1 − 1/ℓ) guarantee of the optimum found by brute force.
 */
class JGraphTInteropTest {

    @Test
    void fromGraphKeepsNonIntegerVerticesAsLabelsAndTheGraphsOrder() {
        Graph<String, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        for (String v : List.of("Milan", "Rome", "Turin")) g.addVertex(v);
        g.setEdgeWeight(g.addEdge("Milan", "Rome"), 2.5);
        g.setEdgeWeight(g.addEdge("Turin", "Milan"), 4.0);
        Network n = Network.fromGraph(g, e -> 3, g::getEdgeWeight);
        assertEquals(3, n.nodeCount());
        assertEquals(List.of("Milan", "Rome", "Turin"), List.of(n.label(0), n.label(1), n.label(2)));
        assertEquals(List.of(0, 1, 2), List.of(n.id(0), n.id(1), n.id(2)));
        assertEquals(2, n.edgeCount());
        assertEquals(List.of(0, 1, 2.5, 3), List.of(n.edgeU(0), n.edgeV(0), n.cost(0), n.delay(0)));
        assertEquals(List.of(2, 0, 4.0), List.of(n.edgeU(1), n.edgeV(1), n.cost(1)));
        assertEquals("Turin (id 2)", n.describe(2));
    }

    @Test
    void fromGraphUsesIntegerVerticesAsIdsAndRoundTripsAsGraph() {
        Network original = randomNetwork(new SplittableRandom(5), 12, 0.4);
        Graph<Integer, Integer> view = original.asGraph(Network.Weight.COST);
        Network back = Network.fromGraph(view, original::delay, view::getEdgeWeight);
        assertEquals(original, back);

        Graph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        g.addVertex(30); g.addVertex(10); g.addVertex(20);
        g.addEdge(10, 30); g.addEdge(20, 10);
        Network n = Network.fromGraph(g, e -> 1, e -> 1.0);
        assertEquals(List.of(30, 10, 20), List.of(n.id(0), n.id(1), n.id(2)));
        assertNull(n.label(0));
        assertEquals(n.indexOf(10), n.edgeU(0));
        assertEquals(n.indexOf(30), n.edgeV(0));
    }

    @Test
    void fromGraphRejectsDirectedGraphsAndBadEdges() {
        Graph<Integer, DefaultEdge> d = new DefaultDirectedGraph<>(DefaultEdge.class);
        d.addVertex(0); d.addVertex(1); d.addEdge(0, 1);
        assertThrows(IllegalArgumentException.class, () -> Network.fromGraph(d, e -> 1, e -> 1.0));
        Graph<Integer, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        g.addVertex(0); g.addVertex(1); g.addEdge(0, 1);
        DdamInputException bad = assertThrows(DdamInputException.class, () -> Network.fromGraph(g, e -> 0, e -> 1.0));
        assertTrue(bad.getMessage().contains("delay 0"), bad.getMessage());
    }

    @Test
    void asGraphIsUnmodifiableAndCarriesTheChosenWeights() {
        Network n = randomNetwork(new SplittableRandom(9), 8, 0.5);
        for (Network.Weight w : Network.Weight.values()) {
            Graph<Integer, Integer> g = n.asGraph(w);
            assertEquals(n.nodeCount(), g.vertexSet().size());
            assertEquals(n.edgeCount(), g.edgeSet().size());
            for (int e = 0; e < n.edgeCount(); e++) {
                double expected = switch (w) { case DELAY -> n.delay(e); case COST -> n.cost(e); case HOPS -> 1.0; };
                assertEquals(expected, g.getEdgeWeight(e));
                assertEquals(Set.of(n.edgeU(e), n.edgeV(e)), Set.of(g.getEdgeSource(e), g.getEdgeTarget(e)));
            }
            assertThrows(UnsupportedOperationException.class, () -> g.addVertex(99));
            assertThrows(UnsupportedOperationException.class, () -> g.addEdge(0, 1, 99));
            assertThrows(UnsupportedOperationException.class, () -> g.removeVertex(0));
            assertThrows(UnsupportedOperationException.class, () -> g.removeEdge(0));
            assertThrows(UnsupportedOperationException.class, () -> g.setEdgeWeight(0, 5.0));
        }
    }

    @Test
    void adaptersMatchJGraphTsKmbAndStayWithinTheGuaranteeOfTheBruteForceOptimum() {
        SplittableRandom rng = new SplittableRandom(2026);
        for (int trial = 0; trial < 60; trial++) {
            int n = 6 + rng.nextInt(6);
            Graph<String, DefaultWeightedEdge> g = randomGraph(rng, n, 0.45);
            List<String> vertices = new ArrayList<>(g.vertexSet());
            Set<String> terminals = new LinkedHashSet<>();
            int t = 2 + rng.nextInt(n - 2);
            while (terminals.size() < t) terminals.add(vertices.get(rng.nextInt(n)));
            double opt = bruteForceOptimum(g, terminals);
            int leaves = terminals.size();   // ℓ ≤ number of terminals

            SteinerTree<DefaultWeightedEdge> jgrapht = new KouMarkowskyBermanAlgorithm<>(g).getSteinerTree(terminals);
            SteinerTree<DefaultWeightedEdge> kmb = SteinerTreeAdapter.kmb(g).getSteinerTree(terminals);
            SteinerTree<DefaultWeightedEdge> mehlhorn = SteinerTreeAdapter.mehlhorn(g).getSteinerTree(terminals);
            String where = "trial " + trial + " (n=" + n + ", terminals " + terminals + ")";
            assertEquals(pairs(g, jgrapht), pairs(g, kmb), where + ": KMB without ties is one tree");
            assertEquals(jgrapht.getWeight(), kmb.getWeight(), 1e-9, where);
            for (SteinerTree<DefaultWeightedEdge> s : List.of(kmb, mehlhorn)) {
                assertValidSteinerTree(g, terminals, s, where);
                assertTrue(s.getWeight() >= opt - 1e-9, where + ": below the optimum " + opt);
                assertTrue(s.getWeight() <= 2 * (1 - 1.0 / leaves) * opt + 1e-9, where + ": " + s.getWeight() + " > guarantee for opt " + opt);
            }
        }
    }

    @Test
    void adapterRejectsUnknownTerminalsAndHandlesTrivialSets() {
        Graph<String, DefaultWeightedEdge> g = randomGraph(new SplittableRandom(1), 5, 0.6);
        var kmb = SteinerTreeAdapter.kmb(g);
        assertThrows(IllegalArgumentException.class, () -> kmb.getSteinerTree(Set.of("nowhere")));
        assertEquals(0.0, kmb.getSteinerTree(Set.of("v0")).getWeight());
        assertTrue(kmb.getSteinerTree(Set.of()).getEdges().isEmpty());
        assertEquals("kmb", kmb.toString());
    }

    /** Every edge is the graph's, the edges form one tree, and it contains every terminal. */
    private static void assertValidSteinerTree(Graph<String, DefaultWeightedEdge> g, Set<String> terminals,
                                               SteinerTree<DefaultWeightedEdge> s, String where) {
        Set<String> touched = new HashSet<>();
        double w = 0;
        for (DefaultWeightedEdge e : s.getEdges()) {
            assertTrue(g.containsEdge(e), where + ": not an edge of the graph");
            touched.add(g.getEdgeSource(e));
            touched.add(g.getEdgeTarget(e));
            w += g.getEdgeWeight(e);
        }
        assertEquals(w, s.getWeight(), 1e-9, where);
        assertTrue(touched.containsAll(terminals), where + ": misses a terminal");
        assertEquals(touched.size() - 1, s.getEdges().size(), where + ": not a tree");
        var sub = new AsSubgraph<>(g, touched, s.getEdges());
        assertTrue(new ConnectivityInspector<>(sub).isConnected(), where + ": not connected");
    }

    /** The tree's edges as unordered vertex pairs (JGraphT's KMB returns edges of its own internal graph). */
    private static Set<Set<String>> pairs(Graph<String, DefaultWeightedEdge> g, SteinerTree<DefaultWeightedEdge> s) {
        Set<Set<String>> out = new HashSet<>();
        for (DefaultWeightedEdge e : s.getEdges()) {
            // DefaultWeightedEdge keeps its endpoints; read them through any graph that knows the class.
            String a = e.toString().replaceAll("^\\((\\S+) : (\\S+)\\)$", "$1");
            String b = e.toString().replaceAll("^\\((\\S+) : (\\S+)\\)$", "$2");
            assertTrue(g.containsVertex(a) && g.containsVertex(b), "unexpected edge " + e);
            out.add(Set.of(a, b));
        }
        return out;
    }

    /** min over Steiner-node subsets S of the MST weight of G[terminals ∪ S], when connected. */
    private static double bruteForceOptimum(Graph<String, DefaultWeightedEdge> g, Set<String> terminals) {
        List<String> others = new ArrayList<>(g.vertexSet());
        others.removeAll(terminals);
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < 1 << others.size(); mask++) {
            Set<String> keep = new HashSet<>(terminals);
            for (int i = 0; i < others.size(); i++) if ((mask >> i & 1) != 0) keep.add(others.get(i));
            var sub = new AsSubgraph<>(g, keep);
            if (!new ConnectivityInspector<>(sub).isConnected()) continue;
            best = Math.min(best, new KruskalMinimumSpanningTree<>(sub).getSpanningTree().getWeight());
        }
        return best;
    }

    /** A connected graph on v0..v(n-1): a random spanning path plus Erdős–Rényi edges, distinct real weights. */
    private static Graph<String, DefaultWeightedEdge> randomGraph(SplittableRandom rng, int n, double p) {
        Graph<String, DefaultWeightedEdge> g = new SimpleWeightedGraph<>(DefaultWeightedEdge.class);
        for (int i = 0; i < n; i++) g.addVertex("v" + i);
        for (int i = 1; i < n; i++) g.setEdgeWeight(g.addEdge("v" + rng.nextInt(i), "v" + i), 1 + 9 * rng.nextDouble());
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                if (!g.containsEdge("v" + i, "v" + j) && rng.nextDouble() < p) {
                    g.setEdgeWeight(g.addEdge("v" + i, "v" + j), 1 + 9 * rng.nextDouble());
                }
            }
        }
        return g;
    }

    /** A random network with ids 0..n-1, no labels, delays 1..10 and real costs. */
    private static Network randomNetwork(SplittableRandom rng, int n, double p) {
        Graph<String, DefaultWeightedEdge> g = randomGraph(rng, n, p);
        Network.Builder b = Network.builder().addNodes(n);
        for (DefaultWeightedEdge e : g.edgeSet()) {
            int u = Integer.parseInt(g.getEdgeSource(e).substring(1)), v = Integer.parseInt(g.getEdgeTarget(e).substring(1));
            b.addEdge(u, v, 1 + (int) g.getEdgeWeight(e), g.getEdgeWeight(e));
        }
        return b.build();
    }
}
