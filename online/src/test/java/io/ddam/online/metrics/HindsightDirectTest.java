package io.ddam.online.metrics;

import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.Projection;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The direct (Cholesky) solve of {@link Hindsight} against the eigen-decomposition path it short-cuts
 * (kept as the oracle via {@link Hindsight#forceEigenPath}): on both the d_k×d_k and the Gram path, with
 * the ball inactive (direct taken) and active (direct refused, so both are the eigen path), objectives
 * agree to 1e-12 relative and minimisers to 1e-10.
 */
class HindsightDirectTest {
    @Test
    void directSolveEqualsEigenPath() {
        int directTaken = 0;
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            int dk = 2 + r.nextInt(34), dv = 1 + r.nextInt(6);
            MemoryCost cost = new DeltaNetCost(dk, dv);
            int samples = 1 + r.nextInt(2 * dk);
            double radius = seed % 3 == 0 ? 0.3 : 1e6;
            Hindsight fast = new Hindsight(cost, Projection.ball(radius));
            Hindsight slow = new Hindsight(cost, Projection.ball(radius));
            slow.forceEigenPath();
            double[][] k = new double[samples][dk], v = new double[samples][dv];
            for (int s = 0; s < samples; s++) {
                for (int j = 0; j < dk; j++) k[s][j] = r.nextDouble(-1, 1);
                for (int j = 0; j < dv; j++) v[s][j] = r.nextGaussian() * 3;
                double w = r.nextDouble(0.05, 1);
                fast.add(w, k[s], v[s]);
                slow.add(w, k[s], v[s]);
            }
            double[] uf = new double[dk * dv], us = new double[dk * dv];
            fast.solve(uf);
            slow.solve(us);
            double of = fast.objective(uf), os = slow.objective(us);
            assertEquals(os, of, 1e-12 * Math.max(1, Math.abs(os)), "objective, seed " + seed);
            double d = 0, n = 0;
            for (int i = 0; i < uf.length; i++) {
                d += (uf[i] - us[i]) * (uf[i] - us[i]);
                n += us[i] * us[i];
            }
            assertTrue(Math.sqrt(d) <= 1e-10 * Math.max(1, Math.sqrt(n)), "minimiser, seed " + seed + ": " + Math.sqrt(d));
            if (fast.multiplier() == 0 && radius > 1) directTaken++;
        }
        assertTrue(directTaken > 10, "the direct solve was hardly exercised: " + directTaken);
    }
}
