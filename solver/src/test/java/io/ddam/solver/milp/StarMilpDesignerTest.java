package io.ddam.solver.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.TestData;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.OrTools.Backend;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.SolveStatus;
import io.ddam.solver.tree.TreeDesigner;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** The (E-1) MILP against the fact of method.md §3.1: its optimum is Σ_{w∈W_n} dist_G(n, w). */
class StarMilpDesignerTest {
    // No starting solution: the answers must not lean on the shortest-path tree the defaults start from.
    private final StarMilpDesigner star = new StarMilpDesigner(StarMilpDesigner.Options.defaults().withStart(null));

    /**
     * Checks one solved root: optimal, objective = Σ Dijkstra distances, the tree is valid, rooted at n,
     * reaches W_n, has only targets as leaves (pruned), and its Σ τ̃ equals the objective.
     */
    static void assertOptimalStar(Network g, int root, int[] targets, DesignedTree d) {
        String where = "root " + g.id(root);
        assertEquals(SolveStatus.OPTIMAL, d.status(), where);
        double expected = MilpTestGraphs.sumDistances(g, root, targets);
        assertEquals(expected, d.objective(), 1e-6, where + ": objective vs Dijkstra");
        assertEquals(expected, d.bound(), 1e-6, where + ": bound");
        RoutingTree t = d.tree();
        assertEquals(root, t.root(), where);
        t.requireReaches(targets);
        assertEquals(expected, MilpTestGraphs.treeDelaySum(t, targets), 1e-9, where + ": tree Σ τ̃");
        // Validates independently of how the designer built it.
        RoutingTree again = RoutingTree.fromEdges(g, root, t.edges());
        assertEquals(t, again, where);
        boolean[] isTarget = new boolean[g.nodeCount()];
        for (int w : targets) isTarget[w] = true;
        int[] children = new int[g.nodeCount()];
        for (int v : t.nodes()) if (v != root) children[t.parent(v)]++;
        for (int v : t.nodes()) {
            if (v != root && children[v] == 0) assertTrue(isTarget[v], where + ": leaf " + g.id(v) + " is not a target");
        }
    }

    /** A diamond with a long cheap-hop path: the fewest hops is not the least delay. */
    static Network handMade() {
        return Network.builder().addNodes(7)
                .addEdge(0, 1, 10, 1).addEdge(0, 2, 2, 1).addEdge(2, 3, 3, 1).addEdge(3, 1, 2, 1)
                .addEdge(1, 4, 1, 1).addEdge(0, 5, 7, 1).addEdge(5, 4, 1, 1).addEdge(4, 6, 4, 1).addEdge(3, 6, 20, 1)
                .build();
    }

    @Test
    void handMadeGraphEveryRootAndSeveralInterestSets() {
        Network g = handMade();
        int[][] sets = {{0, 1, 2, 3, 4, 5, 6}, {1, 6}, {4}, {6, 5}};
        for (int root = 0; root < g.nodeCount(); root++) {
            for (int[] w : sets) assertOptimalStar(g, root, w, star.design(g, root, w));
        }
        // Root 0 to node 1: delay 7 via 0-2-3-1, not 10 on the direct edge.
        DesignedTree d = star.design(g, 0, new int[] {1});
        assertEquals(7, d.objective(), 1e-9);
        assertEquals(7, d.tree().delayTo(1));
    }

    @Test
    void seededRandomGraphsEveryRoot() {
        SplittableRandom rnd = new SplittableRandom(20240611L);
        for (int graph = 0; graph < 3; graph++) {
            int n = 15 + rnd.nextInt(11);
            Network g = MilpTestGraphs.randomConnected(rnd, n, n / 2 + rnd.nextInt(n), 9);
            for (int root = 0; root < n; root++) {
                int[] w = MilpTestGraphs.randomSubset(rnd, n, 1 + rnd.nextInt(Math.min(n, 8)));
                assertOptimalStar(g, root, w, star.design(g, root, w));
            }
        }
    }

    @Test
    void topologyZooNetworksAFewRootsDenseW() throws IOException {
        Path dir = TestData.require("topologies");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".graphml")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no .graphml in " + dir);
        for (Path f : files) {
            Network g = MilpTestGraphs.readTopology(f);
            int[] comp = g.components();
            for (int root : new int[] {0, g.nodeCount() - 1}) {
                // Dense W (the paper's setting), restricted to the root's component.
                int[] w = IntStream.range(0, g.nodeCount()).filter(v -> comp[v] == comp[root]).toArray();
                assertOptimalStar(g, root, w, star.design(g, root, w));
            }
        }
    }

    @Test
    void everyAvailableBackendAgreesWithScip() {
        SplittableRandom rnd = new SplittableRandom(7);
        Network g = MilpTestGraphs.randomConnected(rnd, 12, 8, 6);
        int[] w = {1, 4, 7, 9, 11};
        List<Backend> backends = OrTools.availableBackends();
        assertTrue(backends.contains(Backend.SCIP), "SCIP must be available: " + backends);
        for (int root : new int[] {0, 5}) {
            DesignedTree scip = star.design(g, root, w);
            assertOptimalStar(g, root, w, scip);
            for (Backend b : backends) {
                DesignedTree d = new StarMilpDesigner(StarMilpDesigner.Options.defaults().withBackend(b)).design(g, root, w);
                assertEquals(SolveStatus.OPTIMAL, d.status(), b.cliName());
                assertEquals(scip.objective(), d.objective(), 1e-6, b.cliName());
                assertEquals(scip.objective(), MilpTestGraphs.treeDelaySum(d.tree(), w), 1e-6, b.cliName());
            }
        }
    }

    @Test
    void startingSolutionsFromATreeOrADesignerGiveTheSameOptimum() {
        SplittableRandom rnd = new SplittableRandom(99);
        Network g = MilpTestGraphs.randomConnected(rnd, 20, 15, 9);
        int[] w = MilpTestGraphs.randomSubset(rnd, 20, 9);
        TreeDesigner spt = new TreeDesigner() {
            @Override public String name() { return "test-spt"; }
            @Override public DesignedTree design(Network net, int root, int[] targets) {
                RoutingTree t = MilpTestGraphs.shortestPathTree(net, root, targets);
                return new DesignedTree(t, SolveStatus.OPTIMAL, MilpTestGraphs.treeDelaySum(t, targets), Double.NaN, 0);
            }
        };
        StarMilpDesigner hinted = new StarMilpDesigner(StarMilpDesigner.Options.defaults().withStart(spt));
        for (int root = 0; root < 20; root += 4) {
            assertOptimalStar(g, root, w, hinted.design(g, root, w));
            // A non-optimal but valid hint (a BFS-ish tree by hops) must not change the answer either.
            RoutingTree hopTree = hopTree(g, root);
            assertOptimalStar(g, root, w, star.design(g, root, w, hopTree));
        }
    }

    private static RoutingTree hopTree(Network g, int root) {
        int[] parent = new int[g.nodeCount()];
        java.util.Arrays.fill(parent, -1);
        boolean[] seen = new boolean[g.nodeCount()];
        java.util.ArrayDeque<Integer> q = new java.util.ArrayDeque<>();
        q.add(root);
        seen[root] = true;
        while (!q.isEmpty()) {
            int u = q.poll();
            for (int k = g.adjacencyStart(u); k < g.adjacencyStart(u + 1); k++) {
                int v = g.adjacentNode(k);
                if (!seen[v]) { seen[v] = true; parent[v] = g.adjacentEdge(k); q.add(v); }
            }
        }
        return RoutingTree.fromParentEdges(g, root, parent);
    }

    @Test
    void unprunedTreeStillHasTheOptimalDelays() {
        Network g = handMade();
        int[] w = {1, 6};
        DesignedTree d = new StarMilpDesigner(StarMilpDesigner.Options.defaults().withPrune(false)).design(g, 0, w);
        assertEquals(SolveStatus.OPTIMAL, d.status());
        assertEquals(MilpTestGraphs.sumDistances(g, 0, w), MilpTestGraphs.treeDelaySum(d.tree(), w), 1e-9);
        assertEquals(d.tree(), RoutingTree.fromEdges(g, 0, d.tree().edges()));
    }

    @Test
    void designAllInParallelMatchesSequentialAndTheOracle() {
        SplittableRandom rnd = new SplittableRandom(3);
        int n = 16;
        Network g = MilpTestGraphs.randomConnected(rnd, n, 10, 5);
        double[][] rows = new double[n][n];
        for (int r = 0; r < n; r++) {
            int[] s = MilpTestGraphs.randomSubset(rnd, n, 1 + rnd.nextInt(6));
            for (int m : s) rows[r][m] = 1.0 / s.length;
        }
        InterestMatrix wm = InterestMatrix.of(rows);
        List<DesignedTree> par = star.designAll(g, wm, 2);
        List<DesignedTree> seq = star.designAll(g, wm, 1);
        assertEquals(n, par.size());
        for (int r = 0; r < n; r++) {
            assertOptimalStar(g, r, wm.interestSet(r), par.get(r));
            assertEquals(seq.get(r).objective(), par.get(r).objective(), 1e-9);
        }
    }

    @Test
    void unreachableTargetsAreNamed() {
        Network g = Network.builder().addNodes(5).addEdge(0, 1).addEdge(1, 2).addEdge(3, 4).build();
        DdamInputException e = assertThrows(DdamInputException.class, () -> star.design(g, 0, new int[] {2, 3, 4}));
        assertTrue(e.getMessage().contains("node 3") && e.getMessage().contains("node 4"), e.getMessage());
        assertFalse(e.getMessage().contains("node 2,"), e.getMessage());
    }

    @Test
    void onlyTheRootGivesTheSingleNodeTree() {
        Network g = handMade();
        DesignedTree d = star.design(g, 3, new int[] {3});
        assertEquals(SolveStatus.OPTIMAL, d.status());
        assertEquals(0, d.objective());
        assertEquals(0, d.tree().edgeCount());
    }

    @Test
    void tinyTimeLimitReportsAnAllowedStatus() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 90;
        Network g = MilpTestGraphs.randomConnected(rnd, n, 120, 20);
        int[] w = IntStream.range(0, n).toArray();
        DesignedTree d = new StarMilpDesigner(StarMilpDesigner.Options.defaults().withTimeLimit(0.001)).design(g, 0, w);
        // The solver may stop before or after finding a tree; on a fast machine it may even prove optimality.
        assertTrue(EnumSet.of(SolveStatus.FEASIBLE, SolveStatus.NO_SOLUTION, SolveStatus.OPTIMAL).contains(d.status()),
                "status " + d.status());
        if (d.status().hasTree()) {
            assertNotNull(d.tree());
            d.tree().requireReaches(w);
            assertEquals(d.tree(), RoutingTree.fromEdges(g, 0, d.tree().edges()));
            double opt = MilpTestGraphs.sumDistances(g, 0, w);
            assertTrue(d.objective() >= opt - 1e-6);
            assertTrue(MilpTestGraphs.treeDelaySum(d.tree(), w) <= d.objective() + 1e-6);
            assertTrue(d.bound() <= opt + 1e-6, "bound " + d.bound() + " above optimum " + opt);
        } else {
            assertTrue(Double.isNaN(d.objective()));
        }
    }

    @Test
    void backendNamesParseAndBadNamesListTheChoices() {
        assertEquals(Backend.SCIP, Backend.parse("scip"));
        assertEquals(Backend.HIGHS, Backend.parse("HiGHS"));
        assertEquals(Backend.CBC, Backend.parse("cbc"));
        assertEquals(Backend.CP_SAT, Backend.parse("cp-sat"));
        assertEquals(Backend.CP_SAT, Backend.parse("cp_sat"));
        DdamInputException e = assertThrows(DdamInputException.class, () -> Backend.parse("gurobi"));
        assertTrue(e.getMessage().contains("scip, highs, cbc, cp-sat"), e.getMessage());
        assertThrows(DdamInputException.class, () -> StarMilpDesigner.Options.defaults().withThreads(0));
    }
}
