package io.ddam.solver.steiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The sparse Dijkstra–Steiner program against brute force and against the dense program. */
class SparseSteinerDpTest {
    @Test
    void equalsBruteForceOnRandomGraphs() {
        SplittableRandom rnd = new SplittableRandom(17);
        int belowPrunedAway = 0;
        for (int i = 0; i < 250; i++) {
            int n = 2 + rnd.nextInt(11);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 1 + rnd.nextInt(Math.min(7, n)),
                    1 + rnd.nextInt(6), rnd.nextBoolean());
            double opt = SteinerTestProblems.bruteForce(p);
            SteinerDp.Tree t = SparseSteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 1 << 20);
            assertNotNull(t, "instance " + i);
            assertTrue(p.isSteinerTree(t.edges()), "instance " + i);
            assertEquals(opt, t.cost(), 1e-9, "instance " + i);
            // Seeking a tree one unit cheaper than opt + 1 (ties in the bound at the optimum): still finds it.
            SteinerDp.Tree pruned = SparseSteinerDp.solve(p, opt + 1, Long.MAX_VALUE, 1 << 20);
            assertNotNull(pruned, "pruned, instance " + i);
            assertEquals(opt, pruned.cost(), 1e-9, "pruned, instance " + i);
            // A cutoff just below the optimum (a weakened test: pruning at ≥ instead of >) loses it.
            if (SparseSteinerDp.solve(p, opt + 1 - 1e-6, Long.MAX_VALUE, 1 << 20) == null) belowPrunedAway++;
        }
        assertTrue(belowPrunedAway > 60, "pruning below the optimum lost it only " + belowPrunedAway + " times");
    }

    /** More terminals than brute force takes: the same optimum as the dense program. */
    @Test
    void equalsTheDenseProgramWithManyTerminals() {
        SplittableRandom rnd = new SplittableRandom(23);
        for (int i = 0; i < 12; i++) {
            int n = 20 + rnd.nextInt(40);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(3 * n), 6 + rnd.nextInt(7),
                    1 + rnd.nextInt(20), rnd.nextBoolean());
            SteinerDp.Tree dense = SteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE);
            int[] heur = SteinerHeuristic.shortestPath(p);
            SteinerDp.Tree sparse = SparseSteinerDp.solve(p, p.cost(heur) + 1, Long.MAX_VALUE, 1 << 22);
            assertNotNull(sparse, "instance " + i);
            assertTrue(p.isSteinerTree(sparse.edges()), "instance " + i);
            assertEquals(dense.cost(), sparse.cost(), 1e-9, "instance " + i);
        }
    }

    @Test
    void outOfLabelsOrTimeGivesNoTree() {
        SteinerProblem p = SteinerTestProblems.random(new SplittableRandom(5), 40, 60, 10, 9, false);
        assertNotNull(SparseSteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 1 << 22));
        assertNull(SparseSteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 20));
        assertNull(SparseSteinerDp.solve(p, Double.POSITIVE_INFINITY, System.nanoTime() - 1, 1 << 22));
    }

    @Test
    void disconnectedTerminalsGiveNoTree() {
        SteinerProblem p = new SteinerProblem(4, new int[] {0, 2}, new int[] {1, 3}, new double[] {1, 1}, new int[] {0, 3});
        assertNull(SparseSteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE, 1 << 20));
    }

    /**
     * Searching below a tree's cost: with integral costs a tree one unit cheaper is sought, so an upper
     * bound equal to the optimum ends with "none better" and one unit above it finds the optimum; the
     * lower bound after running out of labels never exceeds the optimum; fractional costs need no unit.
     */
    @Test
    void searchProvesTheIncumbentOrFindsABetterTree() {
        SplittableRandom rnd = new SplittableRandom(29);
        int cut = 0;
        for (int i = 0; i < 150; i++) {
            int n = 2 + rnd.nextInt(11);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(6, n - 1) + 1),
                    1 + rnd.nextInt(6), rnd.nextBoolean());
            if (p.terminals().length < 2) continue;
            double opt = SteinerTestProblems.bruteForce(p);
            SparseSteinerDp.Result atOpt = SparseSteinerDp.search(p, opt, Long.MAX_VALUE, 1 << 20);
            assertTrue(atOpt.noneBetter() && atOpt.tree() == null, "instance " + i);
            SparseSteinerDp.Result above = SparseSteinerDp.search(p, opt + 1, Long.MAX_VALUE, 1 << 20);
            assertNotNull(above.tree(), "instance " + i);
            assertEquals(opt, above.tree().cost(), 1e-9, "instance " + i);
            assertEquals(opt, above.lowerBound(), 1e-9, "instance " + i);
            // Half a unit above with fractional costs (all costs scaled by 1/3): the optimum is found.
            double[] third = p.cost().clone();
            for (int e = 0; e < third.length; e++) third[e] /= 3;
            SteinerProblem f = new SteinerProblem(p.nodeCount(), p.edgeU(), p.edgeV(), third, p.terminals());
            boolean fractional = false;
            for (double x : third) fractional |= x != Math.rint(x);
            if (fractional && opt > 0) {
                SparseSteinerDp.Result r = SparseSteinerDp.search(f, opt / 3 + 0.5, Long.MAX_VALUE, 1 << 20);
                assertNotNull(r.tree(), "fractional, instance " + i);
                assertEquals(opt / 3, r.tree().cost(), 1e-9, "fractional, instance " + i);
            }
            for (int cap = 1; cap < 40; cap *= 3) {
                SparseSteinerDp.Result r = SparseSteinerDp.search(p, opt + 1, Long.MAX_VALUE, cap);
                assertTrue(r.lowerBound() <= opt + 1e-9, "instance " + i + ", " + cap + " labels: " + r.lowerBound() + " > " + opt);
                if (r.tree() == null && !r.noneBetter()) cut++;
            }
        }
        assertTrue(cut > 25, "the label cap stopped the search only " + cut + " times");
    }

    /** The shortest-path heuristic from every terminal: a Steiner tree, never above the one from the root. */
    @Test
    void everyTerminalStartIsAValidTreeNoWorseThanTheRootStart() {
        SplittableRandom rnd = new SplittableRandom(31);
        int better = 0;
        for (int i = 0; i < 100; i++) {
            int n = 20 + rnd.nextInt(40);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(3 * n), 4 + rnd.nextInt(8),
                    1 + rnd.nextInt(20), rnd.nextBoolean());
            int[] t = SteinerHeuristic.fromEveryTerminal(p, Long.MAX_VALUE);
            assertTrue(p.isSteinerTree(t), "instance " + i);
            double root = p.cost(SteinerHeuristic.shortestPath(p));
            assertTrue(p.cost(t) <= root + 1e-9, "instance " + i);
            assertTrue(p.cost(t) >= SteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE).cost() - 1e-9, "instance " + i);
            if (p.cost(t) < root - 1e-9) better++;
        }
        assertTrue(better > 0, "no start beat the root's");
    }
}
