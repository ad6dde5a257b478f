package io.ddam.solver.steiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Dual ascent: its bound never exceeds the optimum, its fixing never removes the optimum, the heuristics give trees. */
class DualAscentTest {
    @Test
    void boundAtMostOptimumAndFixingKeepsIt() {
        SplittableRandom rnd = new SplittableRandom(11);
        double gapSum = 0;
        int fixedSomething = 0;
        for (int i = 0; i < 500; i++) {
            int n = 3 + rnd.nextInt(10);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(5, n - 1)),
                    1 + rnd.nextInt(9), rnd.nextBoolean());
            double opt = SteinerTestProblems.bruteForce(p);
            DualAscent da = DualAscent.run(p);
            assertTrue(da.lowerBound() <= opt + 1e-9, "instance " + i + ": bound " + da.lowerBound() + " > optimum " + opt);
            for (int a = 0; a < 2 * p.edgeCount(); a++) assertTrue(da.reducedCost(a) >= 0, "negative reduced cost");
            gapSum += opt == 0 ? 0 : (opt - da.lowerBound()) / opt;
            int[] heur = SteinerHeuristic.shortestPath(p, da.edgeReducedCosts(), null);
            assertTrue(p.isSteinerTree(heur), "instance " + i);
            int[] ls = SteinerHeuristic.localSearch(p, heur, Long.MAX_VALUE);
            assertTrue(p.isSteinerTree(ls) && p.cost(ls) <= p.cost(heur) + 1e-9 && p.cost(ls) >= opt - 1e-9, "instance " + i);
            // Fixing against the optimum's own cost (the tightest upper bound) must keep an optimal tree.
            boolean[] fix = da.fixable(p.cost(ls));
            for (boolean f : fix) if (f) { fixedSomething++; break; }
            assertEquals(opt, ReductionTest.reduceAndSolve(Reduction.reduce(p, Reduction.Tests.none(), fix)), 1e-9, "instance " + i);
        }
        assertTrue(gapSum / 500 < 0.2, "the dual-ascent bound is far from the optimum on average: " + gapSum / 500);
        assertTrue(fixedSomething > 50, "reduced-cost fixing fired on " + fixedSomething + " instances");
    }
}
