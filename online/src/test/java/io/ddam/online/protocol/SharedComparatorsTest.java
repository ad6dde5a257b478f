package io.ddam.online.protocol;

import io.ddam.online.metrics.Comparators;
import io.ddam.online.metrics.RegretMeter;
import io.ddam.online.metrics.RunMetrics;
import io.ddam.online.model.DeltaNetCost;
import io.ddam.online.model.MemoryCost;
import io.ddam.online.model.MemoryCosts;
import io.ddam.online.model.Projection;
import io.ddam.solver.graph.InterestMatrix;
import io.ddam.solver.graph.Network;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The comparators computed once per run ({@link Comparators}, per-agent sums mixed by W) against the
 * per-protocol meter that adds every (n, m) pair (the old path, kept as the oracle): the protocol's own
 * numbers (loss, NMSE) bitwise, the comparator numbers bitwise where the per-pair path is kept (windows
 * with fewer samples than d_k) and to 1e-12 relative where the sums are mixed; checkpoints against
 * separate runs of each horizon; and every number bitwise the same for any thread count.
 */
class SharedComparatorsTest {
    private static final double REL = 1e-12;

    private record Case(String label, InterestMatrix w, MemoryCost cost, Projection proj, ArrayStream data, int steps,
                        List<Protocol> protocols, int[] windows) {}

    private static Case randomCase(int seed, int agents, int dk, int dv, double radius, int[] windows, boolean linear) {
        SplittableRandom r = new SplittableRandom(500 + seed);
        int steps = 40 + r.nextInt(20);
        Network g = RandomInstances.connectedGraph(r, agents, 3.0 / agents, 3);
        InterestMatrix w = RandomInstances.interest(r, agents, Math.min(1, 5.0 / agents));
        MemoryCost cost = linear ? MemoryCosts.byName("gated-softmax", dk, dv, null, null) : new DeltaNetCost(dk, dv);
        Projection proj = Projection.ball(radius);
        double[] eta = new double[agents];
        for (int n = 0; n < agents; n++) eta[n] = r.nextDouble(0.01, 0.2);
        ArrayStream data = ArrayStream.random(seed, agents, steps, cost.keyDim(), cost.rows(), 2);
        long[][] tau = new long[agents][agents];
        for (int n = 0; n < agents; n++) for (int m = 0; m < agents; m++) tau[n][m] = n == m ? 0 : r.nextInt(9);
        List<Protocol> ps = List.of(new OgdProtocol(w, cost, proj, eta), new LocalProtocol(w, cost, proj, eta),
                new CdogdProtocol(ConsensusWeights.metropolisHastings(g), cost, proj, eta),
                new DdamTogdProtocol("ddam", w, tau, cost, proj, eta));
        return new Case("seed " + seed + " N=" + agents + " " + cost.name() + " R=" + radius, w, cost, proj, data, steps, ps, windows);
    }

    private static List<Case> cases() {
        return List.of(
                randomCase(1, 12, 4, 3, 50, new int[] {1, 7}, false),   // Ω=1: per-pair path for small W_n; 7: mixed
                randomCase(2, 20, 6, 2, 0.5, new int[] {1, 3, 100}, false), // ball active
                randomCase(3, 9, 12, 3, 2, new int[] {1, 2, 5}, false),  // d_k > |W_n|: Gram path kept
                randomCase(4, 10, 3, 2, 1.5, new int[] {1, 4}, true));   // linear cost: per-pair throughout
    }

    @Test
    void sharedComparatorsEqualPerProtocolOnes() {
        for (Case c : cases()) {
            int[] horizons = {c.steps(), c.steps() - 5};
            Comparators shared = Comparators.compute(c.data(), c.w(), c.cost(), c.proj(), horizons, c.windows(), true, 1);
            for (Protocol p : c.protocols()) {
                for (int h : horizons) {
                    RunMetrics old = RegretMeter.measure(p, c.data(), c.w(), c.cost(), c.proj(), h, true, c.windows());
                    RunMetrics now = RegretMeter.measure(p, c.data(), c.w(), c.cost(), shared, h, true);
                    String where = c.label() + " " + p.name() + " T=" + h;
                    same(old.loss(), now.loss(), where + " loss");
                    assertEquals(old.selfNmse(), now.selfNmse(), 0.0, where);
                    assertEquals(old.crossNmse(), now.crossNmse(), 0.0, where);
                    same(old.maxKeyAbs(), now.maxKeyAbs(), where + " keys");
                    same(old.maxValueNorm(), now.maxValueNorm(), where + " values");
                    close(old.measuredGradient(), now.measuredGradient(), 1e-13, where + " G");
                    close(old.staticComparatorLoss(), now.staticComparatorLoss(), REL, where + " static");
                    for (int k = 0; k < c.windows().length; k++) {
                        close(old.windowComparatorLoss()[k], now.windowComparatorLoss()[k], REL, where + " window " + k);
                        close(old.pathLength()[k], now.pathLength()[k], REL, where + " path " + k);
                    }
                    close(old.staticTrace(), now.staticTrace(), REL, where + " trace");
                    assertEquals(old.staticRegret(), now.staticRegret(), REL * Math.abs(old.totalLoss()) + 1e-12, where);
                }
            }
        }
    }

    @Test
    void perPairWindowsAreBitwiseTheOldOnes() {
        // d_k = 12 > |W_n|·Ω for Ω ∈ {1, 2} here: those windows keep the per-pair (Gram) path, bitwise.
        Case c = cases().get(2);
        Comparators shared = Comparators.compute(c.data(), c.w(), c.cost(), c.proj(), new int[] {c.steps()}, new int[] {1}, false, 1);
        Protocol p = c.protocols().get(0);
        RunMetrics old = RegretMeter.measure(p, c.data(), c.w(), c.cost(), c.proj(), c.steps(), false, 1);
        RunMetrics now = RegretMeter.measure(p, c.data(), c.w(), c.cost(), shared, c.steps(), false);
        boolean checked = false;
        for (int n = 0; n < c.w().size(); n++) {
            if (c.w().interestSet(n).length >= c.cost().cols()) continue;
            assertEquals(Double.doubleToRawLongBits(old.windowComparatorLoss()[0][n]), Double.doubleToRawLongBits(now.windowComparatorLoss()[0][n]));
            assertEquals(Double.doubleToRawLongBits(old.pathLength()[0][n]), Double.doubleToRawLongBits(now.pathLength()[0][n]));
            checked = true;
        }
        assertTrue(checked, "no agent on the per-pair path");
    }

    @Test
    void checkpointsEqualSeparateRuns() {
        for (Case c : cases()) {
            int[] checkpoints = {1, 6, 17, c.steps() - 1, c.steps()};
            Comparators once = Comparators.compute(c.data(), c.w(), c.cost(), c.proj(), checkpoints, c.windows(), false, 1);
            for (int h : checkpoints) {
                Comparators alone = Comparators.compute(c.data(), c.w(), c.cost(), c.proj(), new int[] {h}, c.windows(), false, 1);
                String where = c.label() + " h=" + h;
                same(alone.staticLoss(h), once.staticLoss(h), where + " static");
                for (int k = 0; k < c.windows().length; k++) {
                    same(alone.windowLoss(h)[k], once.windowLoss(h)[k], where + " window " + k);
                    same(alone.pathLength(h)[k], once.pathLength(h)[k], where + " path " + k);
                }
            }
        }
    }

    @Test
    void threadCountsGiveBitwiseTheSameComparators() {
        Case c = randomCase(5, 70, 4, 3, 1, new int[] {1, 5}, false);
        int[] hs = {c.steps(), 13};
        Comparators one = Comparators.compute(c.data(), c.w(), c.cost(), c.proj(), hs, c.windows(), true, 1);
        for (int threads : new int[] {2, 3}) {
            Comparators many = Comparators.compute(c.data(), c.w(), c.cost(), c.proj(), hs, c.windows(), true, threads);
            for (int h : hs) {
                same(one.staticLoss(h), many.staticLoss(h), "static");
                for (int k = 0; k < c.windows().length; k++) {
                    same(one.windowLoss(h)[k], many.windowLoss(h)[k], "window");
                    same(one.pathLength(h)[k], many.pathLength(h)[k], "path");
                }
                for (Protocol p : c.protocols()) {
                    RunMetrics a = RegretMeter.measure(p, c.data(), c.w(), c.cost(), one, h, true);
                    RunMetrics b = RegretMeter.measure(p.withThreads(threads), c.data(), c.w(), c.cost(), many, h, true);
                    same(a.loss(), b.loss(), p.name() + " loss");
                    same(a.staticTrace(), b.staticTrace(), p.name() + " trace");
                    same(a.measuredGradient(), b.measuredGradient(), p.name() + " G");
                    assertEquals(a.selfNmse(), b.selfNmse(), 0.0);
                    assertEquals(a.crossNmse(), b.crossNmse(), 0.0);
                }
            }
        }
    }

    @Test
    void fusedKernelIsTheOldGradientAndValue() {
        SplittableRandom r = new SplittableRandom(9);
        for (int trial = 0; trial < 200; trial++) {
            int dk = 1 + r.nextInt(40), dv = 1 + r.nextInt(8);
            DeltaNetCost cost = new DeltaNetCost(dk, dv);
            double[] x = new double[dk * dv], k = new double[dk], v = new double[dv];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            for (int i = 0; i < dk; i++) k[i] = r.nextDouble(-1, 1);
            for (int i = 0; i < dv; i++) v[i] = 5 * r.nextGaussian();
            double scale = r.nextDouble(-2, 2);
            double[] gOld = new double[x.length], gNew = new double[x.length];
            for (int i = 0; i < x.length; i++) gOld[i] = gNew[i] = r.nextGaussian();
            cost.addGradient(x, k, v, scale, gOld);
            double e = cost.addGradientResidual(x, k, v, scale, gNew);
            same(gOld, gNew, "gradient");
            assertEquals(Double.doubleToRawLongBits(cost.value(x, k, v)), Double.doubleToRawLongBits(0.5 * e), "value");
        }
    }

    @Test
    void batchKernelIsTheOldPairByPairPath() {
        SplittableRandom r = new SplittableRandom(11);
        for (int trial = 0; trial < 60; trial++) {
            int dk = 1 + r.nextInt(36), dv = 1 + r.nextInt(7), agents = 1 + r.nextInt(40);
            DeltaNetCost cost = new DeltaNetCost(dk, dv);
            double[][] keys = new double[agents][dk], values = new double[agents][dv];
            for (int m = 0; m < agents; m++) {
                for (int j = 0; j < dk; j++) keys[m][j] = r.nextDouble(-1, 1);
                for (int i = 0; i < dv; i++) values[m][i] = 3 * r.nextGaussian();
            }
            double[] x = new double[dk * dv];
            for (int i = 0; i < x.length; i++) x[i] = r.nextGaussian();
            int[] support = trial % 2 == 0 ? java.util.stream.IntStream.range(0, agents).toArray()
                    : r.ints(0, agents).distinct().limit(1 + r.nextInt(agents)).toArray();
            double[] w = new double[support.length];
            for (int i = 0; i < w.length; i++) w[i] = r.nextDouble();
            io.ddam.online.model.DeltaNetBatch batch = new io.ddam.online.model.DeltaNetBatch(dk, dv, agents);
            batch.load(keys, values);
            io.ddam.online.model.DeltaNetBatch.Scratch sc = batch.scratch();
            double[] gOld = new double[x.length], gNew = new double[x.length];
            for (int i = 0; i < x.length; i++) gOld[i] = gNew[i] = r.nextGaussian();
            double[] eOld = new double[support.length];
            for (int i = 0; i < support.length; i++) eOld[i] = cost.addGradientResidual(x, keys[support[i]], values[support[i]], w[i], gOld);
            batch.residuals(x, support, io.ddam.online.model.DeltaNetBatch.isIdentity(support, agents), sc);
            batch.addGradient(w, sc, gNew);
            same(gOld, gNew, "gradient");
            same(eOld, java.util.Arrays.copyOf(sc.e, support.length), "residual norms");
            // delayed form: two slots, some pairs left out
            double[][] oldSlots = new double[2][x.length], newSlots = new double[2][x.length];
            int[] slot = new int[support.length];
            for (int i = 0; i < slot.length; i++) slot[i] = r.nextInt(3) - 1;
            for (int i = 0; i < support.length; i++) {
                if (slot[i] >= 0) cost.addGradient(x, keys[support[i]], values[support[i]], w[i], oldSlots[slot[i]]);
            }
            batch.addGradientTo(w, slot, sc, newSlots);
            same(oldSlots[0], newSlots[0], "slot 0");
            same(oldSlots[1], newSlots[1], "slot 1");
            double[][] groupSlots = new double[2][x.length];
            for (int q = 0; q < 2; q++) {
                final int qq = q;
                int[] group = java.util.stream.IntStream.range(0, slot.length).filter(i -> slot[i] == qq).toArray();
                batch.addGradientGroup(w, group, sc, groupSlots[q]);
                same(oldSlots[q], groupSlots[q], "group " + q);
                // the prefix form (the members delivered when a failure lost the rest)
                int c = group.length == 0 ? 0 : r.nextInt(group.length + 1);
                double[] prefixOld = new double[x.length], prefixNew = new double[x.length];
                for (int p = 0; p < c; p++) {
                    int i = group[p];
                    cost.addGradient(x, keys[support[i]], values[support[i]], w[i], prefixOld);
                }
                batch.addGradientGroup(w, group, c, sc, prefixNew);
                same(prefixOld, prefixNew, "group prefix " + q);
            }
        }
    }

    static void same(double[] a, double[] b, String where) {
        assertEquals(a.length, b.length, where);
        for (int i = 0; i < a.length; i++) {
            if (Double.doubleToRawLongBits(a[i]) != Double.doubleToRawLongBits(b[i])) {
                throw new AssertionError(where + "[" + i + "]: " + b[i] + " but " + a[i]);
            }
        }
    }

    static void close(double[] a, double[] b, double rel, String where) {
        assertEquals(a.length, b.length, where);
        for (int i = 0; i < a.length; i++) {
            double tol = rel * Math.max(1, Math.max(Math.abs(a[i]), Math.abs(b[i])));
            if (!(Math.abs(a[i] - b[i]) <= tol)) throw new AssertionError(where + "[" + i + "]: " + b[i] + " but " + a[i] + " (old path)");
        }
    }
}
