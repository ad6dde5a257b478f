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
}
