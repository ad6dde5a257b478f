package io.ddam.solver.milp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import com.google.ortools.linearsolver.MPConstraint;
import com.google.ortools.linearsolver.MPSolver;
import com.google.ortools.linearsolver.MPVariable;

import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link OrTools#solveWithin}: the watchdog must stop a solve whose own time limit would let it run on, and must leave a
 * solve that ends first alone.
 */
class SolveWithinTest {

    /**
     * A market-split instance (Cornuéjols and Dawande 1999): Σ_j a_ij x_j = ⌊Σ_j a_ij / 2⌋ for 5 rows of 40 binaries with
     * a_ij in [0, 99]. Branch-and-bound needs millions of nodes on these, far beyond a fraction of a second.
     */
    private static MPSolver marketSplit() {
        OrTools.ensureLoaded();
        MPSolver s = OrTools.createSolver(OrTools.Backend.SCIP, 1);
        SplittableRandom rnd = new SplittableRandom(7);
        int rows = 5, cols = 40;
        MPVariable[] x = new MPVariable[cols];
        for (int j = 0; j < cols; j++) x[j] = s.makeBoolVar("x" + j);
        for (int i = 0; i < rows; i++) {
            int[] a = new int[cols];
            int sum = 0;
            for (int j = 0; j < cols; j++) sum += a[j] = rnd.nextInt(100);
            MPConstraint c = s.makeConstraint(sum / 2, sum / 2, "split" + i);
            for (int j = 0; j < cols; j++) c.setCoefficient(x[j], a[j]);
        }
        return s;
    }

    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)   // an interrupt that does not work leaves SCIP on its one-hour limit
    void theWatchdogStopsASolveItsOwnLimitWouldNot() {
        MPSolver s = marketSplit();
        try {
            s.setTimeLimit(3_600_000);
            MPSolver.ResultStatus rs = OrTools.solveWithin(s, null, System.nanoTime() + 300_000_000L);
            // Stopped before it could prove anything either way.
            assertNotEquals(MPSolver.ResultStatus.OPTIMAL, rs);
            assertNotEquals(MPSolver.ResultStatus.INFEASIBLE, rs);
        } finally {
            s.delete();
        }
    }

    @Test
    void aSolveThatEndsBeforeTheDeadlineIsNotDisturbed() {
        OrTools.ensureLoaded();
        MPSolver s = OrTools.createSolver(OrTools.Backend.SCIP, 1);
        try {
            // max x + 2y, x + y ≤ 3.5, y ≤ 2, integers: optimum 5 (x = 1, y = 2).
            MPVariable x = s.makeIntVar(0, 10, "x"), y = s.makeIntVar(0, 2, "y");
            MPConstraint c = s.makeConstraint(-MPSolver.infinity(), 3.5, "cap");
            c.setCoefficient(x, 1);
            c.setCoefficient(y, 1);
            s.objective().setCoefficient(x, 1);
            s.objective().setCoefficient(y, 2);
            s.objective().setMaximization();
            assertEquals(MPSolver.ResultStatus.OPTIMAL, OrTools.solveWithin(s, null, System.nanoTime() + 60_000_000_000L));
            assertEquals(5, s.objective().value(), 1e-9);
        } finally {
            s.delete();
        }
    }
}
