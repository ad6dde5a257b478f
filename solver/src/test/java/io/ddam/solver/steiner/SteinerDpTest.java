package io.ddam.solver.steiner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** The dynamic program against brute force, with and without a pruning bound. */
class SteinerDpTest {
    @Test
    void equalsBruteForceOnRandomGraphs() {
        SplittableRandom rnd = new SplittableRandom(3);
        for (int i = 0; i < 400; i++) {
            int n = 2 + rnd.nextInt(11);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 1 + rnd.nextInt(Math.min(6, n)),
                    1 + rnd.nextInt(6), rnd.nextBoolean());
            double opt = SteinerTestProblems.bruteForce(p);
            SteinerDp.Tree t = SteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE);
            assertTrue(p.isSteinerTree(t.edges()), "instance " + i);
            assertEquals(opt, t.cost(), 1e-9, "instance " + i);
            // Pruned by the optimum itself: still finds it.
            SteinerDp.Tree pruned = SteinerDp.solve(p, opt, Long.MAX_VALUE);
            assertEquals(opt, pruned.cost(), 1e-9, "pruned, instance " + i);
        }
    }

    /**
     * The pruning bound of a label (v, S) never exceeds the cheapest tree joining v with the terminals
     * outside S (brute force), on random graphs with ties and zero costs; the 1-tree without the halving
     * (a weakened bound) exceeds it on some of them.
     */
    @Test
    void restBoundIsAtMostTheCheapestCompletion() {
        SplittableRandom rnd = new SplittableRandom(11);
        int weakenedOver = 0, checked = 0;
        for (int i = 0; i < 150; i++) {
            int n = 3 + rnd.nextInt(8);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(4, n - 1)),
                    1 + rnd.nextInt(5), rnd.nextBoolean());
            int[] term = p.terminals();
            int q = term.length - 1;
            for (int s = 0; s < (1 << q); s++) {
                for (int v = 0; v < n; v++) {
                    // Terminals of the completion: v, the root and every terminal outside S.
                    java.util.LinkedHashSet<Integer> r = new java.util.LinkedHashSet<>();
                    r.add(v);
                    r.add(term[0]);
                    for (int j = 0; j < q; j++) if ((s & (1 << j)) == 0) r.add(term[j + 1]);
                    SteinerProblem rest = new SteinerProblem(n, p.edgeU(), p.edgeV(), p.cost(),
                            r.stream().mapToInt(Integer::intValue).toArray());
                    double opt = SteinerTestProblems.bruteForce(rest);
                    double[] b = SteinerDp.bounds(p, s, v);
                    assertTrue(b[0] <= opt + 1e-9, "instance " + i + ", S " + s + ", v " + v + ": bound " + b[0] + " > " + opt);
                    checked++;
                    if (b[1] > opt + 1e-9) weakenedOver++;
                }
            }
        }
        assertTrue(checked > 1000, "checked " + checked);
        assertTrue(weakenedOver > 0, "the 1-tree without halving never exceeded the optimum");
    }

    @Test
    void aPassedDeadlineGivesNoTree() {
        SteinerProblem p = SteinerTestProblems.random(new SplittableRandom(5), 12, 10, 5, 4, false);
        assertTrue(SteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE) != null);
        assertNull(SteinerDp.solve(p, Double.POSITIVE_INFINITY, System.nanoTime() - 1));
    }

    @Test
    void disconnectedTerminalsGiveNoTree() {
        SteinerProblem p = new SteinerProblem(4, new int[] {0, 2}, new int[] {1, 3}, new double[] {1, 1}, new int[] {0, 3});
        assertNull(SteinerDp.solve(p, Double.POSITIVE_INFINITY, Long.MAX_VALUE));
    }

    /** The strict search: the optimum as the upper bound proves it (none cheaper); one unit above finds it. */
    @Test
    void strictSearchProvesTheIncumbentOrFindsTheOptimum() {
        SplittableRandom rnd = new SplittableRandom(37);
        for (int i = 0; i < 200; i++) {
            int n = 3 + rnd.nextInt(10);
            SteinerProblem p = SteinerTestProblems.random(rnd, n, rnd.nextInt(2 * n), 2 + rnd.nextInt(Math.min(5, n - 1)),
                    1 + rnd.nextInt(6), rnd.nextBoolean());
            double opt = SteinerTestProblems.bruteForce(p);
            SparseSteinerDp.Result at = SteinerDp.search(p, opt, Long.MAX_VALUE);
            assertTrue(at.noneBetter() && at.tree() == null, "instance " + i);
            SparseSteinerDp.Result above = SteinerDp.search(p, opt + 1, Long.MAX_VALUE);
            assertEquals(opt, above.tree().cost(), 1e-9, "instance " + i);
            assertTrue(p.isSteinerTree(above.tree().edges()), "instance " + i);
            // Just below one unit above (a non-strict cutoff at the optimum, weakened): no tree, no proof.
            assertTrue(SteinerDp.search(p, opt + 1 - 1e-6, Long.MAX_VALUE).tree() == null, "instance " + i);
        }
    }
}
