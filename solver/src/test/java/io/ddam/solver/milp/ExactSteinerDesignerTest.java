package io.ddam.solver.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ddam.solver.DdamInputException;
import io.ddam.solver.TestData;
import io.ddam.solver.graph.Network;
import io.ddam.solver.milp.OrTools.Backend;
import io.ddam.solver.tree.DesignedTree;
import io.ddam.solver.tree.RoutingTree;
import io.ddam.solver.tree.SolveStatus;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The exact Steiner designer against published optima (SteinLib B, PACE 2018) and brute force. */
class ExactSteinerDesignerTest {
    /** Per-instance budget for PACE instances; those that do not finish are reported, not failed. */
    private static final double PACE_SECONDS = 10;
    /** PACE instances are tried smallest first while the class stays within this many seconds for them. */
    private static final double PACE_TOTAL_SECONDS = 45;

    private final ExactSteinerDesigner exact = new ExactSteinerDesigner();

    /** Valid tree rooted at {@code root}, reaching every terminal, leaves all terminals, cost = objective. */
    static void assertValidSteinerTree(Network g, int root, int[] terminals, DesignedTree d, String where) {
        RoutingTree t = d.tree();
        assertEquals(root, t.root(), where);
        t.requireReaches(terminals);
        assertEquals(t, RoutingTree.fromEdges(g, root, t.edges()), where);
        assertEquals(d.objective(), t.cost(), 1e-6, where + ": objective vs tree cost");
        assertEquals(t, t.pruneTo(terminals), where + ": tree has non-terminal leaves");
    }

    /** Minimum cost of a connected edge subset containing all terminals, by enumerating all subsets. */
    static double bruteForce(Network g, int[] terminals) {
        int m = g.edgeCount();
        double best = Double.POSITIVE_INFINITY;
        for (int mask = 0; mask < (1 << m); mask++) {
            double c = 0;
            for (int e = 0; e < m; e++) if ((mask >> e & 1) != 0) c += g.cost(e);
            if (c >= best) continue;
            // Union-find over the chosen edges; all terminals must end in one set.
            int[] parent = IntStream.range(0, g.nodeCount()).toArray();
            for (int e = 0; e < m; e++) {
                if ((mask >> e & 1) == 0) continue;
                parent[find(parent, g.edgeU(e))] = find(parent, g.edgeV(e));
            }
            boolean ok = true;
            for (int t : terminals) ok &= find(parent, t) == find(parent, terminals[0]);
            if (ok) best = c;
        }
        return best;
    }

    private static int find(int[] p, int x) {
        while (p[x] != x) x = p[x] = p[p[x]];
        return x;
    }

    @Test
    void equalsBruteForceOnTinyRandomGraphs() {
        SplittableRandom rnd = new SplittableRandom(424242);
        for (int trial = 0; trial < 40; trial++) {
            int n = 5 + rnd.nextInt(6);
            Network g = MilpTestGraphs.randomConnected(rnd, n, Math.min(14 - (n - 1), rnd.nextInt(8)), 3);
            assertTrue(g.edgeCount() <= 14);
            int[] terms = MilpTestGraphs.randomSubset(rnd, n, 2 + rnd.nextInt(n - 1));
            int root = terms[rnd.nextInt(terms.length)];
            DesignedTree d = exact.design(g, root, terms);
            String where = "trial " + trial + " " + g;
            assertEquals(SolveStatus.OPTIMAL, d.status(), where);
            assertEquals(bruteForce(g, terms), d.objective(), 1e-9, where);
            assertValidSteinerTree(g, root, terms, d, where);
        }
    }

    @Test
    void fractionalCostsAndEveryBackend() {
        SplittableRandom rnd = new SplittableRandom(5);
        Network.Builder b = Network.builder().addNodes(9);
        for (int v = 1; v < 9; v++) b.addEdge(rnd.nextInt(v), v, 1, 0.5 + rnd.nextDouble() * 3);
        int[][] extra = {{0, 8}, {2, 7}, {3, 5}, {1, 6}, {4, 8}, {2, 5}};
        double[] extraCost = {2.25, 0.75, 1.1, 0.3, 0.9, 1.7};
        for (int i = 0; i < extra.length; i++) {
            if (!b.hasEdge(extra[i][0], extra[i][1])) b.addEdge(extra[i][0], extra[i][1], 1, extraCost[i]);
        }
        Network g = b.build();
        int[] terms = {0, 3, 6, 8};
        double opt = bruteForce(g, terms);
        for (Backend backend : OrTools.availableBackends()) {
            DesignedTree d = new ExactSteinerDesigner(ExactSteinerDesigner.Options.defaults().withBackend(backend)).design(g, 6, terms);
            assertEquals(SolveStatus.OPTIMAL, d.status(), backend.cliName());
            assertEquals(opt, d.objective(), 1e-9, backend.cliName());
            assertValidSteinerTree(g, 6, terms, d, backend.cliName());
        }
    }

    @Test
    void hintTreeIsAcceptedAndUnreachableTerminalsAreNamed() {
        Network g = Network.builder().addNodes(6)
                .addEdge(0, 1, 1, 1).addEdge(1, 2, 1, 1).addEdge(0, 2, 1, 5).addEdge(2, 3, 1, 1).addEdge(4, 5, 1, 1).build();
        RoutingTree bad = RoutingTree.fromEdges(g, 0, new int[] {2, 3}); // 0-2 (cost 5), 2-3: valid but not optimal
        DesignedTree d = exact.design(g, 0, new int[] {3}, bad);
        assertEquals(SolveStatus.OPTIMAL, d.status());
        assertEquals(3, d.objective(), 1e-9);
        DdamInputException e = assertThrows(DdamInputException.class, () -> exact.design(g, 0, new int[] {3, 5}));
        assertTrue(e.getMessage().contains("node 5"), e.getMessage());
        DesignedTree alone = exact.design(g, 4, new int[] {4});
        assertEquals(0, alone.objective());
        assertEquals(0, alone.tree().edgeCount());
    }

    @Test
    void steinLibBOptimaAreReproduced() throws IOException {
        Path dir = TestData.require("steinlib");
        Map<String, Double> optima = optima(dir.resolve("optima.csv"), 1);
        int checked = 0;
        for (Map.Entry<String, Double> e : optima.entrySet()) {
            if (!e.getKey().startsWith("B/")) continue;
            MilpTestGraphs.Steiner s = MilpTestGraphs.readStp(dir.resolve(e.getKey()));
            int root = s.terminals()[0];
            DesignedTree d = exact.design(s.network(), root, s.terminals());
            assertEquals(SolveStatus.OPTIMAL, d.status(), e.getKey());
            assertEquals(e.getValue(), d.objective(), 1e-6, e.getKey());
            assertValidSteinerTree(s.network(), root, s.terminals(), d, e.getKey());
            checked++;
        }
        assertEquals(18, checked, "SteinLib B has 18 instances");
    }

    @Test
    void pace2018OptimaAreReproducedWithinTheBudget() throws IOException {
        Path dir = TestData.require("steinlib/PACE2018-Track1");
        Map<String, Double> optima = optima(dir.resolve("optima.csv"), 0);
        // Smallest first (by edges), so the budget is spent on as many instances as possible.
        List<String> names = new ArrayList<>(optima.keySet());
        Map<String, Integer> edges = new LinkedHashMap<>();
        for (String line : Files.readAllLines(dir.resolve("optima.csv")).subList(1, optima.size() + 1)) {
            String[] f = line.split(",");
            edges.put(f[0], Integer.parseInt(f[2]));
        }
        names.sort((a, b) -> Integer.compare(edges.get(a), edges.get(b)));
        ExactSteinerDesigner limited = new ExactSteinerDesigner(ExactSteinerDesigner.Options.defaults().withTimeLimit(PACE_SECONDS));
        List<String> solved = new ArrayList<>(), timedOut = new ArrayList<>(), notTried = new ArrayList<>();
        long start = System.nanoTime();
        for (String name : names) {
            if ((System.nanoTime() - start) / 1e9 > PACE_TOTAL_SECONDS) { notTried.add(name); continue; }
            MilpTestGraphs.Steiner s = MilpTestGraphs.readStp(dir.resolve(name));
            int root = s.terminals()[0];
            DesignedTree d = limited.design(s.network(), root, s.terminals());
            double opt = optima.get(name);
            assertValidSteinerTree(s.network(), root, s.terminals(), d, name);
            if (d.status() == SolveStatus.OPTIMAL) {
                assertEquals(opt, d.objective(), 1e-6, name);
                solved.add(name);
            } else {
                assertEquals(SolveStatus.FEASIBLE, d.status(), name);
                assertTrue(d.objective() >= opt - 1e-6, name + ": tree cheaper than the published optimum");
                assertTrue(Double.isNaN(d.bound()) || d.bound() <= opt + 1e-6, name + ": bound above the optimum");
                timedOut.add(name + String.format(" (gap %.1f%%)", 100 * d.gap()));
            }
        }
        System.out.println("PACE 2018: " + solved.size() + " optimal, " + timedOut.size() + " over " + PACE_SECONDS
                + " s " + timedOut + ", " + notTried.size() + " not tried (class budget)");
        assertFalse(solved.isEmpty(), "no PACE instance solved");
    }

    @Test
    void timeLimitGivesAValidTreeWithABound() throws IOException {
        Path dir = TestData.require("steinlib/C");
        MilpTestGraphs.Steiner s = MilpTestGraphs.readStp(dir.resolve("c18.stp"));
        int root = s.terminals()[0];
        DesignedTree d = new ExactSteinerDesigner(ExactSteinerDesigner.Options.defaults().withTimeLimit(1)).design(s.network(), root, s.terminals());
        assertTrue(d.status() == SolveStatus.FEASIBLE || d.status() == SolveStatus.OPTIMAL, "status " + d.status());
        assertValidSteinerTree(s.network(), root, s.terminals(), d, "c18");
        assertTrue(d.objective() >= 113 - 1e-6, "cheaper than the published optimum 113");
        assertTrue(Double.isNaN(d.bound()) || d.bound() <= 113 + 1e-6);
    }

    /** path or file name → optimum (last column). */
    private static Map<String, Double> optima(Path csv, int keyColumn) throws IOException {
        Map<String, Double> m = new LinkedHashMap<>();
        List<String> lines = Files.readAllLines(csv);
        for (String line : lines.subList(1, lines.size())) {
            if (line.isBlank()) continue;
            String[] f = line.split(",");
            m.put(f[keyColumn], Double.parseDouble(f[f.length - 1]));
        }
        return m;
    }
}
