package io.ddam.solver.steiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Reductions keep the optimum: reduce, solve the rest exactly, map back, compare with brute force. */
class ReductionTest {
    /** Reduce + DP on the reduced problem + expand; the cost of the tree on the original graph, NaN if not a tree. */
    static double reduceAndSolve(SteinerProblem p, Reduction.Tests tests, boolean weak) {
        return reduceAndSolve(Reduction.reduce(p, tests, weak));
    }

    /** The DP on the reduced problem, mapped back; the tree's cost on the original, NaN if not a tree. */
    static double reduceAndSolve(Reduction r) {
        SteinerProblem p = r.original();
        SteinerDp.Tree t = SteinerDp.solve(r.reduced(), Double.POSITIVE_INFINITY, Long.MAX_VALUE);
        if (t == null) return Double.NaN;
        int[] tree = r.expand(t.edges());
        if (tree == null || !p.isSteinerTree(tree)) return Double.NaN;
        assertEquals(t.cost() + r.fixedCost(), p.cost(tree), 1e-9, "mapped-back tree costs the reduced optimum plus the fixed edges");
        return p.cost(tree);
    }

    @Test
    void everyTestKeepsTheOptimumOnRandomGraphsWithTiesAndZeroCosts() {
        SplittableRandom rnd = new SplittableRandom(21);
        Reduction.Tests[] sets = {Reduction.Tests.all(), new Reduction.Tests(true, false, false, 0),
                new Reduction.Tests(false, true, false, 3), new Reduction.Tests(false, false, true, 3), Reduction.Tests.none()};
        int reducedSomething = 0;
        for (int i = 0; i < 600; i++) {
            int n = 3 + rnd.nextInt(10);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(5, n - 1)),
                    1 + rnd.nextInt(4), rnd.nextBoolean());
            double opt = SteinerTestProblems.bruteForce(p);
            for (Reduction.Tests tests : sets) {
                assertEquals(opt, reduceAndSolve(p, tests, false), 1e-9, "instance " + i + " with " + tests);
            }
            Reduction r = Reduction.reduce(p);
            if (r.nodesRemoved() > 0 || r.edgesRemoved() > 0) reducedSomething++;
        }
        assertTrue(reducedSomething > 300, "the tests should reduce most instances, reduced " + reducedSomething);
    }

    @Test
    void aPassedDeadlineStopsTheTestsButKeepsTheOptimum() {
        // Past its deadline only the degree tests run (they are linear): the rounds of special-distance and
        // nearest-vertex tests are skipped, and what was done still keeps the optimum.
        SplittableRandom rnd = new SplittableRandom(2107);
        int stoppedEarly = 0;
        for (int i = 0; i < 200; i++) {
            int n = 4 + rnd.nextInt(9);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(5, n - 1)),
                    1 + rnd.nextInt(4), rnd.nextBoolean());
            Reduction late = Reduction.reduce(p, Reduction.Tests.all(), null, System.nanoTime() - 1);
            Reduction degreeOnly = Reduction.reduce(p, new Reduction.Tests(true, false, false, 0), null, Long.MAX_VALUE);
            Reduction full = Reduction.reduce(p, Reduction.Tests.all(), null, Long.MAX_VALUE);
            assertEquals(degreeOnly.reduced().edgeCount(), late.reduced().edgeCount(), "instance " + i);
            assertEquals(0, late.edgesRemovedBySpecialDistance(), "instance " + i);
            if (full.reduced().edgeCount() < late.reduced().edgeCount()) stoppedEarly++;
            assertEquals(SteinerTestProblems.bruteForce(p), reduceAndSolve(late), 1e-9, "instance " + i);
        }
        assertTrue(stoppedEarly > 20, "the deadline should cut short the reductions of many instances, did on " + stoppedEarly);
    }

    @Test
    void shortLinksKeepTheOptimumAndFireOnTheirOwn() {
        SplittableRandom rnd = new SplittableRandom(1989);
        Reduction.Tests sl = new Reduction.Tests(false, false, false, true, 3);
        int fired = 0;
        for (int i = 0; i < 800; i++) {
            int n = 3 + rnd.nextInt(10);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(5, n - 1)),
                    1 + rnd.nextInt(4), rnd.nextBoolean());
            double opt = SteinerTestProblems.bruteForce(p);
            Reduction r = Reduction.reduce(p, sl);
            fired += r.edgesFixedByShortLinks();
            assertEquals(opt, reduceAndSolve(r), 1e-9, "instance " + i);
            // with the degree tests, which make more links short
            assertEquals(opt, reduceAndSolve(Reduction.reduce(p, new Reduction.Tests(true, false, false, true, 3))), 1e-9, "instance " + i);
        }
        assertTrue(fired > 100, "short links should fix edges on random graphs, fixed " + fired);
    }

    @Test
    void weakenedShortLinksGiveAWrongAnswer() {
        // Without d(v1) (the way from the terminal to the link inside its region) the test fixes links that
        // no optimal tree needs: some random instance must then come out above its optimum.
        SplittableRandom rnd = new SplittableRandom(1990);
        Reduction.Tests sl = new Reduction.Tests(false, false, false, true, 3);
        int wrong = 0;
        for (int i = 0; i < 800 && wrong == 0; i++) {
            int n = 4 + rnd.nextInt(9);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(5, n - 1)),
                    1 + rnd.nextInt(6), false);
            double opt = SteinerTestProblems.bruteForce(p);
            double weak = reduceAndSolve(Reduction.reduceWeakShortLinks(p, sl));
            if (!(Math.abs(weak - opt) < 1e-9)) wrong++;
        }
        assertTrue(wrong > 0, "the weakened short-links test should break some instance");
    }

    @Test
    void specialDistanceAndNearestVertexFireOnTheirOwn() {
        SplittableRandom rnd = new SplittableRandom(5);
        int sd = 0, nv = 0;
        for (int i = 0; i < 300; i++) {
            SteinerProblem p = SteinerTestProblems.random(rnd, 12, 20, 4, 9, false);
            sd += Reduction.reduce(p, new Reduction.Tests(false, true, false, 1)).edgesRemovedBySpecialDistance();
            nv += Reduction.reduce(p, new Reduction.Tests(false, false, true, 1)).edgesFixedByNearestVertex();
        }
        assertTrue(sd > 100, "special distance removed " + sd);
        assertTrue(nv > 50, "nearest vertex fixed " + nv);
    }

    @Test
    void weakenedSpecialDistanceGivesAWrongAnswer() {
        // With ≤ instead of <, two edges can each witness the other's deletion and both go:
        // this search must find an instance where the reduced problem's optimum is wrong.
        SplittableRandom rnd = new SplittableRandom(7);
        Reduction.Tests sdOnly = new Reduction.Tests(false, true, false, 1);
        int wrong = 0;
        for (int i = 0; i < 300 && wrong == 0; i++) {
            SteinerProblem p = SteinerTestProblems.random(rnd, 3 + rnd.nextInt(8), 6, 3, 2, false);
            double opt = SteinerTestProblems.bruteForce(p);
            double weak = reduceAndSolve(p, sdOnly, true);
            assertEquals(opt, reduceAndSolve(p, sdOnly, false), 1e-9);
            if (!(Math.abs(weak - opt) < 1e-9)) wrong++;
        }
        assertTrue(wrong > 0, "the weakened test never went wrong: the strictness test cannot fail");
    }

    @Test
    void triangleOfTerminalsKeepsItsEdgesButTheWeakTestDropsThemAll() {
        SteinerProblem p = new SteinerProblem(3, new int[] {0, 1, 0}, new int[] {1, 2, 2}, new double[] {1, 1, 1}, new int[] {0, 1, 2});
        Reduction.Tests sdOnly = new Reduction.Tests(false, true, false, 1);
        assertEquals(3, Reduction.reduce(p, sdOnly, false).reduced().edgeCount());
        assertEquals(0, Reduction.reduce(p, sdOnly, true).reduced().edgeCount());
    }

    @Test
    void pathThroughDegreeTwoNodesIsMergedAndExpandedBack() {
        // 0 -a- 1 -b- 2 -c- 3, terminals 0 and 3, plus a dearer direct edge 0-3: the path merges into one edge.
        SteinerProblem p = new SteinerProblem(4, new int[] {0, 1, 2, 0}, new int[] {1, 2, 3, 3}, new double[] {1, 2, 3, 10}, new int[] {0, 3});
        Reduction r = Reduction.reduce(p, new Reduction.Tests(true, false, false, 0));
        assertTrue(r.reduced().nodeCount() <= 2);
        SteinerDp.Tree t = SteinerDp.solve(r.reduced(), Double.POSITIVE_INFINITY, Long.MAX_VALUE);
        int[] tree = r.expand(t.edges());
        assertNotNull(tree);
        assertEquals(6, p.cost(tree), 0);
        assertTrue(p.isSteinerTree(tree));
    }
}
