package io.ddam.solver.steiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Dual ascent: its bound never exceeds the optimum, its fixing never removes the optimum, the heuristics give trees. */
class DualAscentTest {
    @Test
    void boundAtMostThePublishedOptimaAndReductionsKeepThem() throws java.io.IOException {
        // SteinLib B and the small PACE instances: the dual-ascent bound (on the original and on the reduced
        // problem plus the fixed cost) never exceeds the published optimum, and the DP on the reduced problem
        // plus the fixed cost reproduces it where the DP is cheap.
        java.nio.file.Path dir = io.ddam.solver.TestData.require("steinlib");
        java.util.List<String[]> rows = new java.util.ArrayList<>();
        for (String line : java.nio.file.Files.readAllLines(dir.resolve("optima.csv")).subList(1, 39)) {
            String[] f = line.split(",");
            if (f[1].startsWith("B/")) rows.add(new String[] {f[1], f[f.length - 1]});
        }
        java.util.List<String> pace = java.nio.file.Files.readAllLines(dir.resolve("PACE2018-Track1/optima.csv"));
        for (String line : pace.subList(1, pace.size())) {
            String[] f = line.split(",");
            if (Integer.parseInt(f[1]) <= 400) rows.add(new String[] {"PACE2018-Track1/" + f[0], f[f.length - 1]});
        }
        int dpChecked = 0;
        for (String[] r : rows) {
            io.ddam.solver.graph.Instance inst = io.ddam.solver.io.InstanceFiles.read(dir.resolve(r[0]));
            int[] t = inst.terminals();
            SteinerProblem p = SteinerProblem.of(inst.network(), t[0], t);
            double opt = Double.parseDouble(r[1]);
            assertTrue(DualAscent.run(p).lowerBound() <= opt + 1e-6, r[0]);
            Reduction red = Reduction.reduce(p);
            assertTrue(DualAscent.run(red.reduced()).lowerBound() + red.fixedCost() <= opt + 1e-6, r[0] + " reduced");
            if (SteinerDp.cost(red.reduced()) <= 2e7) {
                SteinerDp.Tree tree = SteinerDp.solve(red.reduced(), Double.POSITIVE_INFINITY, Long.MAX_VALUE);
                int[] back = red.expand(tree.edges());
                assertTrue(p.isSteinerTree(back), r[0]);
                assertEquals(opt, p.cost(back), 1e-6, r[0]);
                dpChecked++;
            }
        }
        assertTrue(rows.size() >= 40 && dpChecked >= 15, rows.size() + " instances, " + dpChecked + " by the DP");
    }

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

    @Test
    void fixingFromSeveralRootsKeepsTheOptimumAndFixesMore() {
        // Random graphs with ties and zero-cost edges: the edges fixed by dual ascent from five roots (against
        // the optimum's own cost, the tightest upper bound) leave the optimum, every root's bound is below it,
        // and more edges are fixed than from the first root alone; fixing against one less than the optimum
        // (a weakened upper bound) loses it.
        SplittableRandom rnd = new SplittableRandom(2104);
        int more = 0, lost = 0;
        for (int i = 0; i < 400; i++) {
            int n = 5 + rnd.nextInt(8);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 3 + rnd.nextInt(Math.min(4, n - 2)),
                    1 + rnd.nextInt(4), rnd.nextBoolean());
            double opt = SteinerTestProblems.bruteForce(p);
            DualAscent da = DualAscent.run(p);
            DualAscent.MultiRoot m = da.fixableFromRoots(opt, 4, Long.MAX_VALUE);
            assertTrue(m.lowerBound() <= opt + 1e-9 && m.lowerBound() >= da.lowerBound(), "instance " + i);
            assertEquals(opt, ReductionTest.reduceAndSolve(Reduction.reduce(p, Reduction.Tests.none(), m.fixable())), 1e-9, "instance " + i);
            int one = 0, all = 0;
            boolean[] f1 = da.fixable(opt);
            for (int e = 0; e < f1.length; e++) { if (f1[e]) one++; if (m.fixable()[e]) all++; }
            assertTrue(all >= one, "instance " + i);
            if (all > one) more++;
            double weak = ReductionTest.reduceAndSolve(Reduction.reduce(p, Reduction.Tests.none(), da.fixableFromRoots(opt - 1, 4, Long.MAX_VALUE).fixable()));
            if (!(weak == opt)) lost++;
        }
        assertTrue(more > 3, "several roots fixed more edges on only " + more + " instances");
        assertTrue(lost > 20, "fixing against a bound below the optimum lost it on only " + lost + " instances");
    }
}
